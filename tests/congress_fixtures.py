"""Fixtures for the congress's delegates, check-in and documents: congress V with a small list of delegates.

Imported by tests/conftest.py so that the permission matrix can name them. Built from the shared personas:

- Hưng (chair of term IV, still on the committee) is ex officio; Ánh (Sơn Hồng) and Đức (Phố Châu) are
  elected by their associations; Yến (who left the committee in 2021) is a guest; An was appointed and then
  revoked; Dũng, the `delegate` persona, is appointed and signs in with his delegate account; Ánh has an
  account too, so that one delegate's comment can be forged by the other.
- Documents: the report's first draft (`report_version`), open for comments, and an uploaded programme.
- Comments: one by Dũng and one by Ánh on the draft.

`congress_tokens` gives each delegate's QR token as `.pk`, so that a matrix row can name a check-in URL.
"""

import datetime
import types

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from congress import delegate_import
from congress.models import Congress, DelegateKind
from congress.services import delegates as services
from members.models import Person, User, UserRole

# Ánh's sign-in, the second delegate account.
ANH_EMAIL = "anh@lienhiephoi.test"
ANH_PASSWORD = "mat-khau-cua-anh"


__all__ = ["ANH_EMAIL", "ANH_PASSWORD", "bare_congress", "congress_tokens", "congress_v", "delegate_upload"]


@pytest.fixture
def bare_congress(term_v):
    """Congress V: one delegate for every two members, at least one per association."""
    congress, _created = Congress.objects.get_or_create(
        term=term_v, defaults={"venue": "Hội trường UBND huyện"}
    )
    congress.members_per_delegate = 2
    congress.credentials_head = "Phan Đình Thắng"
    congress.save()
    return congress


@pytest.fixture
def congress_v(bare_congress, people, committee, son_hong, pho_chau, delegate, secretariat, report_version):
    """Everything above, as a dict: "congress", a delegate per person key, "draft", "programme", comments."""
    congress = bare_congress
    services.compute_quotas(congress, actor=secretariat)
    services.fill_ex_officio(congress, actor=secretariat)
    summon = services.summon_delegate
    rows = {
        "hung": congress.delegates.get(person=people["hung"]),
        "anh": summon(
            congress, people["anh"], actor=secretariat, kind=DelegateKind.ELECTED, association=son_hong
        ),
        "duc": summon(
            congress, people["duc"], actor=secretariat, kind=DelegateKind.ELECTED, association=pho_chau
        ),
        "yen": summon(congress, people["yen"], actor=secretariat, kind=DelegateKind.GUEST),
        "an": summon(congress, people["an"], actor=secretariat, kind=DelegateKind.APPOINTED),
    }
    services.revoke_delegate(rows["an"], actor=secretariat, reason="Thay bằng người khác")
    dung = Person.objects.create(
        family_name="Võ",
        middle_name="Văn",
        given_name="Dũng",
        gender="M",
        birth_date=datetime.date(1988, 6, 1),
    )
    delegate.person = dung
    delegate.save(update_fields=["person"])
    rows["dung"] = summon(congress, dung, actor=secretariat, kind=DelegateKind.APPOINTED)
    assert rows["dung"].account == delegate
    anh_account = User.objects.create_user(
        ANH_EMAIL, ANH_PASSWORD, role=UserRole.DELEGATE, full_name="Lê Thị Ánh", person=people["anh"]
    )
    rows["anh"].account = anh_account
    rows["anh"].save(update_fields=["account"])

    draft = services.add_document(
        congress, actor=secretariat, title="Báo cáo kiểm điểm (Dự thảo lần 1)", report_version=report_version,
        comments_open=True,
    )  # fmt: skip
    programme = services.add_document(
        congress,
        actor=secretariat,
        title="Chương trình Đại hội",
        file=ContentFile(b"%PDF-1.7 programme", name="chuong-trinh.pdf"),
    )
    paragraph = draft.paragraphs()[0][0]
    rows.update(
        congress=congress,
        draft=draft,
        programme=programme,
        dung_comment=services.add_comment(
            draft, actor=delegate, body="Đề nghị bổ sung số liệu.", paragraph=paragraph
        ),
        anh_comment=services.add_comment(
            draft, actor=anh_account, body="Góp ý của Ánh.", paragraph=paragraph
        ),
    )
    return rows


@pytest.fixture
def congress_tokens(congress_v):
    """Each delegate's QR token as `.pk`: ("congress:check_in", "congress_tokens.hung") is Hưng's code."""
    return {
        key: types.SimpleNamespace(pk=value.token)
        for key, value in congress_v.items()
        if hasattr(value, "token")
    }


@pytest.fixture
def delegate_upload(bare_congress, people, committee, secretariat, settings, tmp_path):
    """A delegate list naming Lê Thị Ánh for Sơn Hồng, uploaded and waiting for confirmation."""
    settings.MEDIA_ROOT = tmp_path
    services.compute_quotas(bare_congress, actor=secretariat)
    sheet = SimpleUploadedFile(
        "dai-bieu.csv",
        "Họ và tên,Ngày sinh,Mã hội,Loại đại biểu\nLê Thị Ánh,03/03/1990,son-hong,Chính thức\n".encode(),
    )
    return delegate_import.stage_import(bare_congress, sheet, actor=secretariat)
