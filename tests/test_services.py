"""Every change to the records goes through members.services, checks its state and leaves a history row."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from members import services
from members.models import (
    Association,
    Block,
    Body,
    ClosedReason,
    EndReason,
    LeaveReason,
    Mandate,
    Membership,
    Person,
    Role,
    StartMethod,
)
from members.services import MembersError
from tests.conftest import CONGRESS_IV, make_association

JOINED = datetime.date(2015, 1, 1)
CLOSED = datetime.date(2022, 1, 1)


def last_history(instance):
    return instance.history.order_by("-history_id").first()


# create_person


def test_it_creates_a_person_with_clean_names_and_records_who(secretariat):
    person = services.create_person(
        actor=secretariat, family_name=" Võ ", middle_name="Thị", given_name="Hương  ", gender="F"
    )

    assert Person.objects.get().full_name == "Võ Thị Hương"
    record = last_history(person)
    assert record.history_type == "+"
    assert record.history_user == secretariat


def test_it_refuses_to_create_a_person_without_a_given_name(secretariat):
    with pytest.raises(ValidationError):
        services.create_person(actor=secretariat, family_name="Võ", given_name="", gender="F")

    assert not Person.objects.exists()


# update_person


def test_it_updates_a_person_and_bumps_the_version(people, secretariat):
    hung = people["hung"]

    updated = services.update_person(
        hung, actor=secretariat, expected_version=hung.version, job_title="Chủ tịch UBND huyện"
    )

    hung.refresh_from_db()
    assert hung.job_title == "Chủ tịch UBND huyện"
    assert hung.version == updated.version == 2
    record = last_history(hung)
    assert record.history_type == "~"
    assert record.history_user == secretariat
    assert record.job_title == "Chủ tịch UBND huyện"


def test_it_refuses_an_update_from_a_stale_form_and_changes_nothing(people, secretariat):
    hung = people["hung"]
    opened_at = hung.version
    services.update_person(hung, actor=secretariat, expected_version=opened_at, phone="0912 345 678")
    history_rows = hung.history.count()

    with pytest.raises(MembersError, match="vừa được người khác cập nhật"):
        services.update_person(hung, actor=secretariat, expected_version=opened_at, phone="0000")

    hung.refresh_from_db()
    assert hung.phone == "0912 345 678"
    assert hung.version == opened_at + 1
    assert hung.history.count() == history_rows


def test_it_refuses_an_update_that_breaks_validation_and_changes_nothing(people, secretariat):
    hung = people["hung"]

    with pytest.raises(ValidationError):
        services.update_person(hung, actor=secretariat, expected_version=hung.version, gender="X")

    hung.refresh_from_db()
    assert hung.gender == "M"
    assert hung.version == 1


def test_it_keeps_sort_and_search_keys_in_step_with_a_renamed_person(people, secretariat):
    yen = people["yen"]

    services.update_person(yen, actor=secretariat, expected_version=yen.version, given_name="Anh")

    assert list(Person.objects.search("kim anh")) == [yen]
    assert not Person.objects.search("kim yen").exists()
    # Given names lead the roster order: "Anh" now comes right after "An", before "Ánh".
    assert list(Person.objects.values_list("given_name", flat=True)) == ["An", "Anh", "Ánh", "Đức", "Hưng"]


# admit_member


def test_it_admits_a_member_and_records_who(son_hong, secretariat):
    person = services.create_person(actor=secretariat, family_name="Võ", given_name="Hương", gender="F")

    membership = services.admit_member(
        person, son_hong, actor=secretariat, joined_on=JOINED, card_number="SH-001"
    )

    assert membership.is_active_on(JOINED)
    assert last_history(membership).history_user == secretariat


def test_it_refuses_to_admit_a_member_twice(people, son_hong, secretariat):
    with pytest.raises(MembersError, match="đã là hội viên"):
        services.admit_member(people["yen"], son_hong, actor=secretariat, joined_on=datetime.date(2023, 1, 1))

    assert people["yen"].memberships.count() == 1


def test_it_readmits_someone_who_left(people, pho_chau, secretariat):
    services.admit_member(people["an"], pho_chau, actor=secretariat, joined_on=datetime.date(2023, 1, 1))

    assert people["an"].memberships.current().count() == 1


def test_it_refuses_to_admit_to_an_association_not_active_on_that_day(people, son_hong, secretariat):
    with pytest.raises(MembersError, match="không hoạt động"):
        services.admit_member(people["duc"], son_hong, actor=secretariat, joined_on=datetime.date(2009, 1, 1))

    assert not people["duc"].memberships.filter(association=son_hong).exists()


def test_it_refuses_a_joining_date_in_the_future_or_before_birth(people, son_hong, secretariat):
    duc = people["duc"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(MembersError, match="^Ngày vào hội không thể sau ngày hôm nay.$"):
        services.admit_member(duc, son_hong, actor=secretariat, joined_on=tomorrow)
    with pytest.raises(MembersError, match="^Ngày vào hội không thể trước ngày sinh.$"):
        services.admit_member(duc, son_hong, actor=secretariat, joined_on=datetime.date(1984, 12, 31))
    assert not son_hong.memberships.filter(person=duc).exists()


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (datetime.date(1899, 12, 31), "Ngày sinh không thể trước năm 1900."),
        ("tomorrow", "Ngày sinh không thể sau ngày hôm nay."),
    ],
)
def test_it_refuses_a_birth_date_that_cannot_be(people, secretariat, born, message):
    if born == "tomorrow":
        born = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(MembersError, match=f"^{message}$"):
        services.create_person(
            actor=secretariat, family_name="Võ", given_name="Hương", gender="F", birth_date=born
        )
    yen = people["yen"]
    with pytest.raises(MembersError, match=f"^{message}$"):
        services.update_person(yen, actor=secretariat, expected_version=yen.version, birth_date=born)
    assert Person.objects.get(pk=yen.pk).birth_date == datetime.date(1978, 9, 9)


# record_leaving


def test_it_records_a_member_leaving_and_who_recorded_it(people, secretariat):
    membership = people["duc"].memberships.get()

    services.record_leaving(
        membership, actor=secretariat, left_on=CLOSED, reason=LeaveReason.DIED, note="Từ trần ngày 01/01/2022"
    )

    membership.refresh_from_db()
    assert (membership.left_on, membership.leave_reason) == (CLOSED, LeaveReason.DIED)
    assert last_history(membership).history_user == secretariat


def test_it_refuses_to_record_leaving_twice(people, secretariat):
    membership = people["an"].memberships.get()  # left on 30/06/2020

    with pytest.raises(MembersError, match="đã rời hội"):
        services.record_leaving(membership, actor=secretariat, left_on=CLOSED, reason=LeaveReason.MOVED)

    membership.refresh_from_db()
    assert membership.left_on == datetime.date(2020, 6, 30)


def test_it_refuses_leaving_before_joining(people, secretariat):
    membership = people["duc"].memberships.get()

    with pytest.raises(MembersError, match="trước ngày vào hội"):
        services.record_leaving(
            membership, actor=secretariat, left_on=JOINED - datetime.timedelta(days=1), reason="moved"
        )

    membership.refresh_from_db()
    assert membership.left_on is None


# grant_mandate and end_mandate


def test_it_grants_a_mandate_with_the_persons_current_job(term_iv, people, secretariat):
    mandate = services.grant_mandate(
        people["hung"],
        term_iv,
        actor=secretariat,
        body=Body.EXECUTIVE,
        role=Role.MEMBER,
        started_on=CONGRESS_IV,
        start_method=StartMethod.CONGRESS,
    )

    assert mandate.job_title == "Phó Chủ tịch UBND huyện"
    assert last_history(mandate).history_user == secretariat


def test_it_refuses_a_mandate_starting_before_the_congress(term_iv, people, secretariat):
    with pytest.raises(MembersError, match="Đại hội"):
        services.grant_mandate(
            people["hung"],
            term_iv,
            actor=secretariat,
            body=Body.EXECUTIVE,
            role=Role.MEMBER,
            started_on=CONGRESS_IV - datetime.timedelta(days=1),
            start_method=StartMethod.CONGRESS,
        )

    assert not Mandate.objects.exists()


def test_it_ends_a_mandate_with_date_reason_and_who(committee, people, secretariat):
    seat = Mandate.objects.get(person=people["hung"], body=Body.EXECUTIVE)

    services.end_mandate(seat, actor=secretariat, ended_on=CLOSED, reason=EndReason.RETIRED, note="Nghỉ hưu")

    seat.refresh_from_db()
    assert (seat.ended_on, seat.end_reason, seat.note) == (CLOSED, EndReason.RETIRED, "Nghỉ hưu")
    assert last_history(seat).history_user == secretariat


def test_it_refuses_to_end_a_mandate_before_it_started(committee, people, secretariat):
    seat = Mandate.objects.get(person=people["hung"], body=Body.EXECUTIVE)

    with pytest.raises(MembersError, match="trước ngày bắt đầu"):
        services.end_mandate(
            seat,
            actor=secretariat,
            ended_on=CONGRESS_IV - datetime.timedelta(days=1),
            reason=EndReason.RETIRED,
        )

    seat.refresh_from_db()
    assert seat.ended_on is None


def test_it_refuses_to_end_a_mandate_twice(committee, people, secretariat):
    seat = Mandate.objects.get(person=people["yen"])

    with pytest.raises(MembersError, match="đã kết thúc"):
        services.end_mandate(seat, actor=secretariat, ended_on=CLOSED, reason=EndReason.RETIRED)

    seat.refresh_from_db()
    assert seat.end_reason == EndReason.TO_COMMUNE


def test_it_refuses_to_end_a_mandate_without_a_known_reason(committee, people, secretariat):
    seat = Mandate.objects.get(person=people["hung"], body=Body.EXECUTIVE)

    with pytest.raises(MembersError, match="Lý do"):
        services.end_mandate(seat, actor=secretariat, ended_on=CLOSED, reason="")

    seat.refresh_from_db()
    assert seat.ended_on is None


# close_association


def test_it_moves_open_memberships_to_the_association_merged_into(people, pho_chau, son_hong, secretariat):
    pho_chau.memberships.filter(person=people["duc"]).update(card_number="PC-007")

    services.close_association(
        pho_chau, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.MERGED, merged_into=son_hong
    )

    pho_chau.refresh_from_db()
    assert (pho_chau.closed_on, pho_chau.closed_reason, pho_chau.merged_into) == (
        CLOSED,
        ClosedReason.MERGED,
        son_hong,
    )
    old = Membership.objects.get(person=people["duc"], association=pho_chau)
    assert (old.left_on, old.leave_reason) == (CLOSED, LeaveReason.ASSOCIATION_CLOSED)
    new = Membership.objects.get(person=people["duc"], association=son_hong)
    assert (new.joined_on, new.left_on, new.card_number) == (CLOSED, None, "PC-007")
    # An had left Phố Châu in 2020: the merger does not bring him back.
    assert not Membership.objects.filter(person=people["an"], association=son_hong).exists()
    assert not pho_chau.memberships.current().exists()


def test_it_does_not_double_a_membership_when_merging(people, pho_chau, son_hong, secretariat):
    services.admit_member(people["yen"], pho_chau, actor=secretariat, joined_on=JOINED)

    services.close_association(
        pho_chau, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.MERGED, merged_into=son_hong
    )

    assert people["yen"].memberships.filter(association=son_hong).count() == 1
    assert people["yen"].memberships.current().count() == 1


def test_it_records_who_closed_the_association_and_ended_its_roster(people, pho_chau, son_hong, secretariat):
    services.close_association(
        pho_chau, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.MERGED, merged_into=son_hong
    )

    assert last_history(Association.objects.get(pk=pho_chau.pk)).history_user == secretariat
    for membership in Membership.objects.filter(person=people["duc"]):
        assert last_history(membership).history_user == secretariat


def test_it_ends_the_roster_of_a_dissolved_association(people, pho_chau, secretariat):
    services.close_association(pho_chau, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.DISSOLVED)

    assert not pho_chau.memberships.current().exists()
    assert not people["duc"].memberships.current().exists()


def test_it_refuses_to_close_an_association_twice(pho_chau, secretariat):
    services.close_association(pho_chau, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.DISSOLVED)

    with pytest.raises(MembersError, match="thôi hoạt động từ trước"):
        services.close_association(
            pho_chau, actor=secretariat, closed_on=datetime.date(2023, 1, 1), reason=ClosedReason.DISSOLVED
        )

    pho_chau.refresh_from_db()
    assert pho_chau.closed_on == CLOSED


def test_it_refuses_to_merge_an_association_into_itself(people, pho_chau, secretariat):
    with pytest.raises(MembersError, match="chính nó"):
        services.close_association(
            pho_chau, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.MERGED, merged_into=pho_chau
        )

    pho_chau.refresh_from_db()
    assert pho_chau.closed_on is None
    assert people["duc"].memberships.current().exists()


def test_it_refuses_to_merge_into_an_association_already_closed(people, pho_chau, son_hong, secretariat):
    # The caller's copy of Sơn Hồng was read before it closed; the service must not trust it.
    services.close_association(son_hong, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.DISSOLVED)

    with pytest.raises(MembersError, match="không hoạt động vào ngày sáp nhập"):
        services.close_association(
            pho_chau,
            actor=secretariat,
            closed_on=datetime.date(2023, 1, 1),
            reason=ClosedReason.MERGED,
            merged_into=son_hong,
        )

    pho_chau.refresh_from_db()
    assert pho_chau.closed_on is None
    assert people["duc"].memberships.current().get().association == pho_chau


def test_it_refuses_to_merge_an_empty_association_into_a_closed_one(federation, son_hong, secretariat):
    empty = make_association(federation, "son-kim-2", "Hội KH&KT xã Sơn Kim 2", Block.COMMUNES)
    services.close_association(son_hong, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.DISSOLVED)

    with pytest.raises(MembersError):
        services.close_association(
            empty, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.MERGED, merged_into=son_hong
        )

    empty.refresh_from_db()
    assert empty.closed_on is None


def test_it_undoes_the_whole_closing_when_one_member_cannot_be_moved(people, pho_chau, son_hong, secretariat):
    # Yến joined Phố Châu after the closing date given, so her membership cannot end on it; Đức's,
    # ended and moved before hers came up, must be put back as well.
    services.admit_member(people["yen"], pho_chau, actor=secretariat, joined_on=datetime.date(2023, 6, 1))

    with pytest.raises(MembersError, match="trước ngày vào hội"):
        services.close_association(
            pho_chau, actor=secretariat, closed_on=CLOSED, reason=ClosedReason.MERGED, merged_into=son_hong
        )

    pho_chau.refresh_from_db()
    assert pho_chau.closed_on is None
    assert people["duc"].memberships.current().get().association == pho_chau
    assert set(pho_chau.memberships.current().values_list("person__given_name", flat=True)) == {"Đức", "Yến"}
