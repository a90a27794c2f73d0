"""A congress's associations are those active on its date: an association merged before it gets no quota
and is offered in no delegation filter or form; one closed after it still counts for it."""

import datetime

import pytest
from django.urls import reverse

from congress.forms import DelegateChangeForm, DelegateFilterForm, SummonForm
from congress.services import delegates as services
from members.models import Block, ClosedReason
from tests.conftest import make_association

pytestmark = pytest.mark.django_db


@pytest.fixture
def merged_in_2018(federation, son_hong):
    return make_association(
        federation,
        "son-hong-cu",
        "Hội KH&KT xã Sơn Hồng cũ",
        Block.COMMUNES,
        closed_on=datetime.date(2018, 6, 1),
        closed_reason=ClosedReason.MERGED,
        merged_into=son_hong,
    )


@pytest.fixture
def closed_after_the_congress(federation):
    return make_association(
        federation,
        "giai-the-2025",
        "Hội Làm vườn huyện",
        Block.AGENCIES,
        closed_on=datetime.date(2025, 1, 1),
        closed_reason=ClosedReason.DISSOLVED,
    )


def test_the_congress_associations_are_those_active_on_its_date(
    bare_congress, son_hong, pho_chau, merged_in_2018, closed_after_the_congress
):
    assert set(bare_congress.associations()) == {son_hong, pho_chau, closed_after_the_congress}


def test_quotas_and_the_delegation_forms_list_only_the_congress_associations(
    client, secretariat, bare_congress, son_hong, merged_in_2018, closed_after_the_congress
):
    quotas = services.compute_quotas(bare_congress, actor=secretariat)
    assert merged_in_2018 not in {q.association for q in quotas}
    for form in (
        DelegateFilterForm(congress=bare_congress),
        SummonForm(congress=bare_congress),
        DelegateChangeForm(congress=bare_congress),
    ):
        field = form.fields["hoi" if "hoi" in form.fields else "association"]
        assert set(field.queryset) == {son_hong, closed_after_the_congress}

    client.force_login(secretariat)
    page = client.get(reverse("congress:delegates", args=[bare_congress.pk])).content.decode()
    assert "Hội KH&amp;KT xã Sơn Hồng cũ" not in page and "Hội Làm vườn huyện" in page
    page = client.get(reverse("congress:quotas", args=[bare_congress.pk])).content.decode()
    assert "Hội KH&amp;KT xã Sơn Hồng cũ" not in page


def test_a_delegation_of_an_association_merged_before_the_congress_is_refused_by_the_form(
    bare_congress, merged_in_2018
):
    form = SummonForm(
        {"person": 1, "kind": "elected", "association": merged_in_2018.pk}, congress=bare_congress
    )
    assert "association" in form.errors


def test_a_delegate_sheet_naming_an_association_merged_before_the_congress_is_refused(
    bare_congress, people, merged_in_2018
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from congress import delegate_import

    sheet = SimpleUploadedFile(
        "dai-bieu.csv",
        "Họ và tên,Ngày sinh,Mã hội,Loại đại biểu\nNguyễn Kiều Hưng,02/05/1970,son-hong-cu,Đương nhiên\n".encode(),
    )
    plan = delegate_import.plan_import(bare_congress, sheet)
    assert not plan.to_add
    assert plan.rejected[0].errors == [
        "Hội mang mã “son-hong-cu” không còn hoạt động vào ngày Đại hội (đã sáp nhập hoặc giải thể)."
    ]
