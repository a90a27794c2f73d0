"""Congress documents: what delegates read and download, their comments per paragraph, and the office's handling."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from congress.models import Comment, CommentDecision, CongressDocument, DelegateKind
from congress.services import CongressError
from congress.services import delegates as services

pytestmark = pytest.mark.django_db


def first_paragraph(document):
    return document.paragraphs()[0]


def test_a_delegate_lands_on_the_documents_of_their_congress(client, congress_v, delegate):
    client.force_login(delegate)
    response = client.get(reverse("congress:home"))
    assert response["Location"] == reverse("congress:documents", args=[congress_v["congress"].pk])
    html = client.get(response["Location"]).content.decode()
    assert "Báo cáo kiểm điểm (Dự thảo lần 1)" in html and "Chương trình Đại hội" in html
    assert "Đang lấy ý kiến" in html
    assert "bạn đã gửi 1 góp ý" in html


def test_the_draft_is_read_in_the_browser_with_every_paragraph_addressable(client, congress_v, delegate):
    draft = congress_v["draft"]
    client.force_login(delegate)
    html = client.get(reverse("congress:document", args=[draft.pk])).content.decode()
    for pid, _text in draft.paragraphs():
        assert f'id="{pid}" data-paragraph="{pid}"' in html
    assert 'id="comment-form"' in html and "congress/comments.js" in html
    # The delegate sees their own comment, not Ánh's.
    assert "Đề nghị bổ sung số liệu." in html and "Góp ý của Ánh." not in html


def test_a_delegate_comments_on_a_paragraph(client, congress_v, delegate):
    draft = congress_v["draft"]
    pid, _text = draft.paragraphs()[1]
    client.force_login(delegate)
    response = client.post(
        reverse("congress:comment_add", args=[draft.pk]),
        {"paragraph": pid, "text": "  Cần nêu rõ nguồn số liệu.  "},
    )
    comment = Comment.objects.get(paragraph=pid)
    assert response["Location"] == reverse("congress:document", args=[draft.pk]) + f"?gui={comment.pk}#{pid}"
    assert (comment.delegate, comment.author, comment.text) == (
        congress_v["dung"],
        delegate,
        "Cần nêu rõ nguồn số liệu.",
    )
    assert comment.history.first().history_user == delegate


def test_the_thanks_are_shown_under_the_paragraph_commented_on(client, congress_v, delegate):
    draft = congress_v["draft"]
    pid, _text = draft.paragraphs()[1]
    client.force_login(delegate)
    response = client.post(
        reverse("congress:comment_add", args=[draft.pk]), {"paragraph": pid, "text": "Rõ hơn."}, follow=True
    )
    html = response.content.decode()
    paragraph_end = html.index("</p>", html.index(f'id="{pid}"'))
    thanks = html.index("Đã gửi góp ý vào đoạn này. Cảm ơn quý đại biểu.")
    assert thanks > paragraph_end and html.count("sent-note") == 1
    assert html[paragraph_end:thanks].count("<p") == 0
    assert html.count("Cảm ơn quý đại biểu") == 1  # not also at the top of the page

    response = client.post(reverse("congress:comment_add", args=[draft.pk]), {"text": "Chung."}, follow=True)
    html = response.content.decode()
    assert "Đã gửi góp ý cho cả tài liệu. Cảm ơn quý đại biểu." in html
    assert html.index("Đã gửi góp ý cho cả tài liệu") > html.index('id="gop-y-cua-toi"')

    # Someone else's comment id shows no thanks.
    other = congress_v["anh_comment"]
    html = client.get(reverse("congress:document", args=[draft.pk]), {"gui": other.pk}).content.decode()
    assert "sent-note" not in html


def test_an_empty_comment_is_shown_back_with_its_error(client, congress_v, delegate):
    client.force_login(delegate)
    response = client.post(reverse("congress:comment_add", args=[congress_v["draft"].pk]), {"text": " "})
    assert response.status_code == 200
    assert "Hãy viết nội dung góp ý." in response.content.decode()


def test_comments_close_at_the_closing_time(client, congress_v, delegate, secretariat):
    draft = congress_v["draft"]
    services.update_document(
        draft, actor=secretariat, comments_close_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(CongressError, match="không còn nhận góp ý"):
        services.add_comment(draft, actor=delegate, body="Muộn", paragraph="")
    client.force_login(delegate)
    html = client.get(reverse("congress:document", args=[draft.pk])).content.decode()
    assert 'id="comment-form"' not in html and "đã hết hạn nhận góp ý" in html


def test_a_paragraph_not_in_the_version_is_refused(congress_v, delegate):
    with pytest.raises(CongressError, match="không có trong tài liệu"):
        services.add_comment(congress_v["draft"], actor=delegate, body="?", paragraph="khong-co-1")


def test_a_delegate_withdraws_their_own_comment_but_not_anothers(client, congress_v, delegate):
    client.force_login(delegate)
    mine, theirs = congress_v["dung_comment"], congress_v["anh_comment"]
    assert client.post(reverse("congress:comment_withdraw", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("congress:comment_withdraw", args=[mine.pk])).status_code == 302
    assert list(Comment.objects.values_list("pk", flat=True)) == [theirs.pk]


def test_a_comment_already_considered_cannot_be_withdrawn(congress_v, delegate, secretariat):
    services.decide_comment(congress_v["dung_comment"], actor=secretariat, decision=CommentDecision.TAKEN)
    with pytest.raises(CongressError, match="đã được văn phòng xem xét"):
        services.withdraw_comment(congress_v["dung_comment"], actor=delegate)


def test_the_office_sees_comments_grouped_by_paragraph_and_marks_them(client, congress_v, secretariat):
    draft = congress_v["draft"]
    pid, text = first_paragraph(draft)
    client.force_login(secretariat)
    html = client.get(reverse("congress:comments", args=[draft.pk])).content.decode()
    assert html.count('class="comment-group"') == 1
    # Where the paragraph sits, as people number it, not its internal id.
    place = draft.paragraph_places()[pid]
    assert place.startswith(("Mở đầu – đoạn ", "1. Công tác xây dựng")) and place in html
    assert f"Đoạn {pid}" not in html
    assert text[:40] in html
    assert "Đề nghị bổ sung số liệu." in html and "Góp ý của Ánh." in html
    response = client.post(
        reverse("congress:comment_decide", args=[congress_v["anh_comment"].pk]),
        {"decision": "not_taken", "note": "Đã có ở mục 2"},
    )
    assert response.status_code == 302
    comment = Comment.objects.get(pk=congress_v["anh_comment"].pk)
    assert (comment.decision, comment.decision_note, comment.decided_by) == (
        "not_taken",
        "Đã có ở mục 2",
        secretariat,
    )
    html = client.get(reverse("congress:comments", args=[draft.pk]), {"xu_ly": "pending"}).content.decode()
    assert "Góp ý của Ánh." not in html and "Đề nghị bổ sung số liệu." in html


def test_the_delegate_sees_how_their_comment_was_handled(client, congress_v, delegate, secretariat):
    services.decide_comment(
        congress_v["dung_comment"], actor=secretariat, decision="taken", note="Đã bổ sung"
    )
    client.force_login(delegate)
    html = client.get(reverse("congress:my_comments", args=[congress_v["congress"].pk])).content.decode()
    assert "Tiếp thu vào dự thảo sau" in html and "Đã bổ sung" in html and "Góp ý của Ánh." not in html


def test_comments_export_to_csv_and_xlsx(client, congress_v, secretariat):
    from openpyxl import load_workbook

    draft = congress_v["draft"]
    client.force_login(secretariat)
    csv = client.get(reverse("congress:comments_export", args=[draft.pk, "csv"]))
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "STT,Đoạn,Nội dung đoạn,Đại biểu,Đoàn,Gửi lúc,Nội dung góp ý,Xử lý,Ghi chú xử lý"
    assert len(rows) == 3 and "Võ Văn Dũng" in rows[1] and "Lê Thị Ánh" in rows[2]
    xlsx = client.get(reverse("congress:comments_export", args=[draft.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[3]][3:5] == ["Lê Thị Ánh", "Hội KH&KT xã Sơn Hồng"]
    pid, _text = first_paragraph(draft)
    assert sheet.cell(row=3, column=2).value == draft.paragraph_places()[pid]
    assert "-" not in sheet.cell(row=3, column=2).value.split(" – ")[0]


def test_paragraphs_are_placed_by_section_number_title_and_order():
    from reports.document import paragraph_places

    blocks = [
        {"type": "paragraph", "id": "opening-1"},
        {"type": "heading", "id": "", "text": "1."},
        {"type": "table", "id": "organisation-1"},
        {"type": "paragraph", "id": "organisation-2"},
        {"type": "paragraph", "id": "shortcomings-1"},
    ]
    assert paragraph_places(blocks) == {
        "opening-1": "Mở đầu – đoạn 1",
        "organisation-2": "1. Công tác xây dựng và củng cố tổ chức – đoạn 1",
        "shortcomings-1": "II. Tồn tại, hạn chế – đoạn 1",
    }


def test_the_office_types_in_a_comment_received_on_paper(client, congress_v, secretariat):
    draft = congress_v["draft"]
    pid, _text = first_paragraph(draft)
    client.force_login(secretariat)
    client.post(
        reverse("congress:comment_record", args=[draft.pk]),
        {"delegate": congress_v["hung"].pk, "paragraph": pid, "text": "Góp ý bằng văn bản."},
    )
    comment = Comment.objects.get(text="Góp ý bằng văn bản.")
    assert (comment.delegate, comment.author) == (congress_v["hung"], secretariat)


def test_downloads_give_the_versions_pdf_and_the_uploaded_file(client, congress_v, delegate):
    client.force_login(delegate)
    pdf = client.get(reverse("congress:document_download", args=[congress_v["draft"].pk]))
    assert b"".join(pdf.streaming_content) == b"%PDF-1.7 stand-in"
    assert 'filename="bao-cao-khoa-iv-du-thao-lan-1.pdf"' in pdf["Content-Disposition"]
    upload = client.get(reverse("congress:document_download", args=[congress_v["programme"].pk]))
    assert b"".join(upload.streaming_content) == b"%PDF-1.7 programme"


def test_a_report_version_is_posted_once_and_files_are_uploaded(
    client, congress_v, secretariat, report_version
):
    with pytest.raises(CongressError, match="đã có trong tài liệu"):
        services.add_document(
            congress_v["congress"], actor=secretariat, title="Lại", report_version=report_version
        )
    client.force_login(secretariat)
    url = reverse("congress:document_add", args=[congress_v["congress"].pk])
    both = client.post(
        url, {"title": "X", "report_version": report_version.pk, "file": SimpleUploadedFile("a.pdf", b"x")}
    )
    assert "chỉ một trong hai" in both.content.decode()
    response = client.post(
        url, {"title": "Quy chế bầu cử", "file": SimpleUploadedFile("quy-che.pdf", b"%PDF quy che")}
    )
    assert response.status_code == 302
    document = CongressDocument.objects.get(title="Quy chế bầu cử")
    assert (document.uploaded_by, document.position, document.comments_open) == (secretariat, 3, False)


def test_a_lead_summoned_as_a_delegate_reads_the_documents(client, congress_v, lead, people, secretariat):
    client.force_login(lead)
    congress_entry = f'href="{reverse("congress:home")}"'
    assert client.get(reverse("congress:documents", args=[congress_v["congress"].pk])).status_code == 404
    assert congress_entry not in client.get(reverse("home"), follow=True).content.decode()
    lead.person = people["hung"]
    lead.save(update_fields=["person"])
    congress_v["hung"].account = lead
    congress_v["hung"].save(update_fields=["account"])
    assert client.get(reverse("congress:documents", args=[congress_v["congress"].pk])).status_code == 200
    # The lead's menu leads there, and the menu's entry lands on the documents.
    assert congress_entry in client.get(reverse("home"), follow=True).content.decode()
    landing = client.get(reverse("congress:home"))
    assert landing.url == reverse("congress:documents", args=[congress_v["congress"].pk])
    assert client.get(reverse("congress:document", args=[congress_v["draft"].pk])).status_code == 200
    # Still a lead for everything else: the congress's own pages stay closed.
    assert client.get(reverse("congress:delegates", args=[congress_v["congress"].pk])).status_code == 404


def test_a_guest_or_a_revoked_delegate_with_an_account_reads_nothing(
    client, congress_v, delegate, secretariat
):
    services.change_delegate(congress_v["dung"], actor=secretariat, kind=DelegateKind.GUEST)
    client.force_login(delegate)
    assert client.get(reverse("congress:documents", args=[congress_v["congress"].pk])).status_code == 404


def test_editing_a_document_opens_and_closes_comments(client, congress_v, secretariat):
    programme = congress_v["programme"]
    client.force_login(secretariat)
    response = client.post(
        reverse("congress:document_edit", args=[programme.pk]),
        {
            "title": "Chương trình",
            "description": "",
            "position": "5",
            "comments_open": "on",
            "comments_close_at": "10/03/2024 17:00",
        },
    )
    assert response.status_code == 302
    programme = CongressDocument.objects.get(pk=programme.pk)
    assert (programme.title, programme.position, programme.comments_open) == ("Chương trình", 5, True)
    assert timezone.localtime(programme.comments_close_at).strftime("%d/%m/%Y %H:%M") == "10/03/2024 17:00"
