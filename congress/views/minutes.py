"""The congress's printed programme, for the secretariat and the congress's delegates, and its minutes
(biên bản Đại hội) as PDF and DOCX, for the secretariat."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from congress import access
from congress import minutes as documents
from members.exporting import file_response


@login_required
def programme_pdf(request, pk):
    congress, _delegate = access.get_congress_for_reader(request.user, pk)
    return file_response(*documents.programme_pdf(congress), inline=True)


@login_required
def minutes_pdf(request, pk):
    congress = access.get_congress(request.user, pk)
    return file_response(*documents.minutes_pdf(congress), inline=True)


@login_required
def minutes_docx(request, pk):
    congress = access.get_congress(request.user, pk)
    return file_response(*documents.minutes_docx(congress))


urlpatterns = [
    path("<int:pk>/chuong-trinh.pdf", programme_pdf, name="programme_pdf"),
    path("<int:pk>/bien-ban.pdf", minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/bien-ban.docx", minutes_docx, name="minutes_docx"),
]
