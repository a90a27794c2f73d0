"""The hall on the day: the delegate's phone page, the presiding board's desk, the programme, the projector.

Every POST goes through congress.services.hall and comes back with a redirect, so a reload or a double tap
sends nothing twice; the live pages then move by themselves (congress.live).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from congress import access, live, selectors
from congress.hall_forms import AgendaItemForm, ContributionForm, MotionForm, OfficerForm, SpeakForm, VoteForm
from congress.models import SpeakerKind
from congress.services import CongressError
from congress.services import hall as services
from congress.views.delegates import back_to, errors_as_messages


def _run(request, change, success=None):
    """Make a change through a service; a refusal becomes the page's message and changes nothing."""
    try:
        result = change()
    except CongressError as error:
        messages.error(request, str(error))
        return None
    if success:
        messages.success(request, success)
    return result


# --- The delegate's phone and the presiding board's desk --------------------------------------------------


@login_required
def hall(request, pk):
    """The hall on a phone: the current item and speaker, asking to speak, the vote in progress, the programme."""
    congress, delegate, runs = access.get_hall(request.user, pk)
    # The page's script fetches only its regions (live.js sends X-Live): 300 phones ask at once after a change.
    template = "congress/hall/_regions.html" if request.headers.get("X-Live") else "congress/hall/hall.html"
    response = render(
        request,
        template,
        {
            "congress": congress,
            "delegate": delegate,
            "runs": runs,
            "hall": selectors.hall(congress, delegate),
            "speak_form": SpeakForm(),
        },
    )
    patch_vary_headers(response, ["X-Live"])
    return response


@login_required
def control(request, pk):
    """The presiding board's desk: move through the programme, run the speakers' list, open and close votes."""
    congress = access.get_congress_to_run(request.user, pk)
    return render(
        request,
        "congress/hall/control.html",
        {
            "congress": congress,
            "hall": selectors.hall(congress, officers=True),
            "motions": selectors.motions(congress),
            "motion_form": MotionForm(congress=congress),
            "screen_url": _screen_url(request, congress),
        },
    )


def _screen_url(request, congress):
    if not (request.user.is_secretariat and congress.screen_token):
        return ""
    return request.build_absolute_uri(reverse("congress:screen", args=[congress.screen_token]))


# --- The programme and the presiding board (the secretariat prepares them) ----------------------------------


@login_required
def agenda(request, pk):
    congress = access.get_congress(request.user, pk)
    form = AgendaItemForm(request.POST or None, congress=congress)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            item = _run(
                request,
                lambda: services.add_agenda_item(congress, actor=request.user, **data),
                _("Đã thêm vào chương trình."),
            )
            if item is not None:
                return redirect("congress:agenda", pk=congress.pk)
        else:
            messages.error(request, _("Hãy sửa các ô được đánh dấu."))
    return render(
        request,
        "congress/hall/agenda.html",
        {
            "congress": congress,
            "hall": selectors.hall(congress, officers=True),
            "form": form,
            "officer_form": OfficerForm(congress=congress),
        },
    )


@login_required
def agenda_item_edit(request, pk):
    item = access.get_agenda_item(request.user, pk)
    congress = item.congress
    form = AgendaItemForm.for_item(item, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            if _run(
                request, lambda: services.update_agenda_item(item, actor=request.user, **data), _("Đã lưu.")
            ):
                return redirect("congress:agenda", pk=congress.pk)
        else:
            messages.error(request, _("Hãy sửa các ô được đánh dấu."))
    return render(
        request, "congress/hall/agenda_item.html", {"congress": congress, "item": item, "form": form}
    )


@login_required
@require_POST
def agenda_item_remove(request, pk):
    item = access.get_agenda_item(request.user, pk)
    congress = item.congress
    _run(
        request, lambda: services.remove_agenda_item(item, actor=request.user), _("Đã xoá khỏi chương trình.")
    )
    return redirect("congress:agenda", pk=congress.pk)


@login_required
@require_POST
def officer_add(request, pk):
    congress = access.get_congress(request.user, pk)
    form = OfficerForm(request.POST, congress=congress)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.add_officer(
                congress, data["delegate"], actor=request.user, body=data["body"], role=data["role"]
            ),
            _("Đã thêm."),
        )
    else:
        errors_as_messages(request, form)
    return redirect("congress:agenda", pk=congress.pk)


@login_required
@require_POST
def officer_remove(request, pk):
    officer = access.get_officer(request.user, pk)
    congress = officer.congress
    _run(request, lambda: services.remove_officer(officer, actor=request.user), _("Đã bỏ ra."))
    return redirect("congress:agenda", pk=congress.pk)


# --- Running the hall (the presiding board and the secretariat) -----------------------------------------------

ITEM_ACTIONS = {
    "bat-dau": lambda item, actor: services.start_item(item, actor=actor),
    "ket-thuc": lambda item, actor: services.finish_item(item, actor=actor),
    "khoa-danh-sach": lambda item, actor: services.close_speakers(item, actor=actor, closed=True),
    "mo-danh-sach": lambda item, actor: services.close_speakers(item, actor=actor, closed=False),
}

SPEAKER_ACTIONS = {
    "xep-luot": services.admit_speaker,
    "khong-xep": services.decline_speaker,
    "moi-noi": services.start_speaker,
    "dung": services.stop_speaker,
    "len": lambda speaker, actor: services.move_speaker(speaker, actor=actor, up=True),
    "xuong": lambda speaker, actor: services.move_speaker(speaker, actor=actor, up=False),
}

MOTION_ACTIONS = {
    "mo": services.open_motion,
    "ket-thuc": services.close_motion,
    "huy": services.cancel_motion,
}


def _act(actions, action, target, actor):
    change = actions.get(action)
    if change is None:
        raise Http404
    return lambda: change(target, actor=actor)


@login_required
@require_POST
def item_action(request, pk, action):
    item = access.get_item_to_run(request.user, pk)
    _run(request, _act(ITEM_ACTIONS, action, item, request.user))
    return redirect(back_to(request, reverse("congress:hall_control", args=[item.congress_id])))


@login_required
@require_POST
def speaker_action(request, pk, action):
    speaker = access.get_speaker_to_run(request.user, pk)
    _run(request, _act(SPEAKER_ACTIONS, action, speaker, request.user))
    return redirect(back_to(request, reverse("congress:hall_control", args=[speaker.item.congress_id])))


@login_required
@require_POST
def motion_add(request, pk):
    congress = access.get_congress_to_run(request.user, pk)
    form = MotionForm(request.POST, congress=congress)
    if form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.add_motion(
                congress, actor=request.user, title=data["title"], secret=data["secret"], item=data["item"]
            ),
            _("Đã thêm nội dung biểu quyết."),
        )
    else:
        errors_as_messages(request, form)
    return redirect("congress:hall_control", pk=congress.pk)


@login_required
@require_POST
def motion_action(request, pk, action):
    motion = access.get_motion_to_run(request.user, pk)
    _run(request, _act(MOTION_ACTIONS, action, motion, request.user))
    return redirect(back_to(request, reverse("congress:hall_control", args=[motion.congress_id])))


# --- The delegate: asking to speak, written contributions, votes ---------------------------------------------


@login_required
@require_POST
def speak(request, pk):
    item, delegate = access.get_item_for_delegate(request.user, pk)
    form = SpeakForm(request.POST)
    if form.is_valid():
        _run(
            request,
            lambda: services.request_to_speak(
                item, delegate, actor=request.user, kind=SpeakerKind.SPEECH, topic=form.cleaned_data["topic"]
            ),
            _("Đã gửi đăng ký phát biểu. Đoàn Chủ tịch sẽ xếp lượt."),
        )
    else:
        errors_as_messages(request, form)
    return redirect("congress:hall", pk=item.congress_id)


@login_required
@require_POST
def speaker_withdraw(request, pk):
    speaker = access.get_own_speaker(request.user, pk)
    _run(request, lambda: services.withdraw_request(speaker, actor=request.user), _("Đã rút đăng ký."))
    return redirect("congress:hall", pk=speaker.item.congress_id)


@login_required
def contribution_add(request, pk):
    congress, delegate, _runs = access.get_hall(request.user, pk)
    if delegate is None:
        raise Http404
    form = ContributionForm(request.POST or None, request.FILES or None, congress=congress)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            speaker = _run(
                request,
                lambda: services.request_to_speak(
                    data["item"],
                    delegate,
                    actor=request.user,
                    kind=SpeakerKind.CONTRIBUTION,
                    topic=data["topic"],
                    file=data["file"],
                ),
                _("Đã gửi bài tham luận."),
            )
            if speaker is not None:
                return redirect("congress:hall", pk=congress.pk)
        else:
            messages.error(request, _("Hãy sửa các ô được đánh dấu."))
    return render(request, "congress/hall/contribution.html", {"congress": congress, "form": form})


@login_required
def contribution_download(request, pk):
    speaker = access.get_contribution(request.user, pk)
    name = speaker.file.name.rsplit("/", 1)[-1]
    return FileResponse(speaker.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def vote(request, pk):
    """One tap: the delegate's choice on the open motion. A second tap, a retry or another tab counts nothing."""
    motion, delegate = access.get_motion_for_voter(request.user, pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        errors_as_messages(request, form)
    else:
        result = _run(
            request,
            lambda: services.cast_vote(
                motion, delegate, actor=request.user, choice=form.cleaned_data["choice"]
            ),
        )
        if result is not None:
            (messages.success if result.counted else messages.info)(request, result.message)
    return redirect(reverse("congress:hall", args=[motion.congress_id]) + "#bieu-quyet")


# --- The projector screen -------------------------------------------------------------------------------------


@login_required
@require_POST
def screen_new(request, pk):
    congress = access.get_congress(request.user, pk)
    services.new_screen_token(congress, actor=request.user)
    messages.success(
        request, _("Đã tạo địa chỉ màn hình mới; màn hình mở bằng địa chỉ cũ sẽ không hiện gì nữa.")
    )
    return redirect("congress:hall_control", pk=congress.pk)


@never_cache
def screen(request, token):
    """The projector in the hall: no sign-in, the screen's secret address only; large type, high contrast."""
    congress = access.get_congress_for_screen(token)
    return render(
        request,
        "congress/hall/screen.html",
        {"congress": congress, "hall": selectors.hall(congress), "token": token},
    )


def screen_events(request, token):
    congress = access.get_congress_for_screen(token)
    return live.event_stream(request, congress.pk)


urlpatterns = [
    path("<int:pk>/hoi-truong/", hall, name="hall"),
    path("<int:pk>/dieu-hanh/", control, name="hall_control"),
    path("<int:pk>/chuong-trinh/", agenda, name="agenda"),
    path("<int:pk>/doan-chu-tich/them/", officer_add, name="officer_add"),
    path("doan-chu-tich/<int:pk>/xoa/", officer_remove, name="officer_remove"),
    path("muc/<int:pk>/sua/", agenda_item_edit, name="agenda_item_edit"),
    path("muc/<int:pk>/xoa/", agenda_item_remove, name="agenda_item_remove"),
    path("muc/<int:pk>/xin-phat-bieu/", speak, name="speak"),
    path("muc/<int:pk>/<slug:action>/", item_action, name="item_action"),
    path("phat-bieu/<int:pk>/rut/", speaker_withdraw, name="speaker_withdraw"),
    path("phat-bieu/<int:pk>/<slug:action>/", speaker_action, name="speaker_action"),
    path("<int:pk>/tham-luan/", contribution_add, name="contribution_add"),
    path("tham-luan/<int:pk>/tai-ve/", contribution_download, name="contribution_download"),
    path("<int:pk>/bieu-quyet/them/", motion_add, name="motion_add"),
    path("bieu-quyet/<int:pk>/bo-phieu/", vote, name="vote"),
    path("bieu-quyet/<int:pk>/<slug:action>/", motion_action, name="motion_action"),
    path("<int:pk>/man-hinh/moi/", screen_new, name="screen_new"),
    path("man-hinh/<str:token>/", screen, name="screen"),
    path("man-hinh/<str:token>/su-kien/", screen_events, name="screen_events"),
]
