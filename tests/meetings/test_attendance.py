"""Who attended a meeting, for which partner, and whether the partners present make the
quorum of the constitution in force on the meeting date."""

import datetime
from collections.abc import Mapping
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import MembershipRole
from accord.meetings import services as meetings
from accord.meetings.models import Attendance, AttendanceStatus, Meeting
from accord.meetings.selectors import meeting_attendance, meeting_quorum
from tests.decisions.test_voting import (
    FEBRUARY,
    MARCH,
    START,
    TODAY,
    Oxon,
    meeting_on,
    oxfordshire,
)

PRESENT, APOLOGIES, SUBSTITUTE, ABSENT = (
    AttendanceStatus.PRESENT,
    AttendanceStatus.APOLOGIES,
    AttendanceStatus.SUBSTITUTE,
    AttendanceStatus.ABSENT,
)
# The Memorandum's rule with a quorum of five partners present.
WITH_QUORUM: dict[str, Any] = {"kind": "unanimity", "quorum": 5}


@pytest.fixture
def board(db) -> Oxon:
    return oxfordshire(rule=WITH_QUORUM)


@pytest.fixture
def meeting(board) -> Meeting:
    return meeting_on(board.body, FEBRUARY)


def attend(board: Oxon, meeting: Meeting, statuses: Mapping[str, str]) -> None:
    for partner_name, status in statuses.items():
        meetings.attendance_record(
            actor=None,
            meeting=meeting,
            person=board.representatives[partner_name],
            status=status,
        )


def stand_in_for_west(board: Oxon, meeting: Meeting) -> Attendance:
    return meetings.attendance_record(
        actor=None,
        meeting=meeting,
        person=board.substitute,
        status=SUBSTITUTE,
        substitute_for=board.representatives[oxon.WEST],
    )


FOUR = {oxon.COUNTY: PRESENT, oxon.CHERWELL: PRESENT, oxon.CITY: PRESENT, oxon.PCT: PRESENT}
ALL_SEVEN_BUT_WEST = {name: PRESENT for name, _ in oxon.PARTNERS if name != oxon.WEST}


@pytest.mark.parametrize(
    ("rule", "statuses", "west_substitute", "present", "required", "quorate"),
    [
        # a quorum of five: four partners' representatives are not enough
        (WITH_QUORUM, FOUR, False, 4, 5, False),
        # West Oxfordshire's substitute stands in for its lead member: the fifth partner
        (WITH_QUORUM, FOUR, True, 5, 5, True),
        # apologies and absences do not count
        (WITH_QUORUM, {**FOUR, oxon.SOUTH: APOLOGIES, oxon.VALE: ABSENT}, False, 4, 5, False),
        (WITH_QUORUM, ALL_SEVEN_BUT_WEST, False, 7, 5, True),
        # a quorum as a fraction of all eight partners, rounded up
        ({"kind": "unanimity", "quorum": "2/3"}, {**FOUR, oxon.SOUTH: PRESENT}, False, 5, 6, False),
        ({"kind": "unanimity", "quorum": "1/2"}, FOUR, False, 4, 4, True),
        # seed 000, para 11: the Memorandum sets no quorum; anyone present will do
        ({"kind": "unanimity"}, {oxon.COUNTY: PRESENT}, False, 1, None, True),
        ({"kind": "unanimity"}, {oxon.COUNTY: APOLOGIES}, False, 0, None, False),
    ],
)
def test_the_quorum_counts_the_partners_represented_at_the_meeting(
    db, rule, statuses, west_substitute, present, required, quorate
):
    board = oxfordshire(rule=rule)
    meeting = meeting_on(board.body, FEBRUARY)
    attend(board, meeting, statuses)
    if west_substitute:
        stand_in_for_west(board, meeting)
    state = meeting_quorum(meeting, meeting_attendance(meeting))
    assert len(state.units) == 8
    assert (len(state.present), state.required, state.quorate) == (present, required, quorate)
    assert {u.label for u in state.present} | {u.label for u in state.unrepresented} == set(
        oxon.REPRESENTATIVES
    )
    represented = {name for name, status in statuses.items() if status == PRESENT}
    if west_substitute:
        represented.add(oxon.WEST)
    assert {u.label for u in state.present} == represented
    if required is not None:
        assert "quorum" in state.rule_text


def test_a_meeting_before_any_constitution_has_no_quorum_to_meet(board):
    # the Memorandum came into force on 1 April 2003; a meeting before it has no rule
    meeting = meeting_on(board.body, datetime.date(2003, 3, 14))
    state = meeting_quorum(meeting, [])
    assert state.required is None
    assert state.rule_text == "No constitution in force sets a rule for this body."


def test_a_substitute_stands_in_with_their_partners_authority(board, meeting):
    attend(board, meeting, {oxon.WEST: APOLOGIES})
    attendance = stand_in_for_west(board, meeting)
    assert (attendance.partner, attendance.substitute_for) == (
        board.partners[oxon.WEST],
        board.representatives[oxon.WEST],
    )
    listed = [(a.person.name, a.status) for a in meeting_attendance(meeting)]
    assert sorted(listed) == sorted(
        [(board.representatives[oxon.WEST].name, APOLOGIES), (board.substitute.name, SUBSTITUTE)]
    )


@pytest.mark.parametrize(
    ("person", "status", "substitute_for", "field", "problem"),
    [
        # domain, "Membership": a substitute holds their own partner's authority only
        ("substitute", SUBSTITUTE, oxon.CHERWELL, "substitute_for", "representative"),
        ("substitute", SUBSTITUTE, None, "substitute_for", "Say whom"),
        # a representative attends as themself, not as someone's substitute
        (oxon.CHERWELL, SUBSTITUTE, oxon.WEST, "status", "not a substitute"),
        (oxon.CHERWELL, PRESENT, oxon.WEST, "substitute_for", "Only a substitute"),
        ("substitute", PRESENT, oxon.WEST, "substitute_for", "Only a substitute"),
    ],
)
def test_a_substitute_must_stand_in_for_their_own_partners_representative(
    board, meeting, person, status, substitute_for, field, problem
):
    who = board.substitute if person == "substitute" else board.representatives[person]
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        meetings.attendance_record(
            actor=None,
            meeting=meeting,
            person=who,
            status=status,
            substitute_for=board.representatives.get(substitute_for or ""),
        )
    assert problem in refused.value.message_dict[field][0]
    assert not Attendance.objects.exists()
    assert AuditEvent.objects.count() == events


def test_someone_who_did_not_sit_on_the_body_that_day_is_refused(board, meeting):
    officer = governance.person_create(
        actor=None, partnership=board.partnership, name="Housing Strategy Officer, Cherwell"
    )
    governance.membership_create(
        actor=None,
        partnership=board.partnership,
        body=board.strategy_group,
        person=officer,
        partner=board.partners[oxon.CHERWELL],
        role=MembershipRole.OFFICER,
        start_date=START,
    )
    former = board.representatives[oxon.VALE]
    governance.membership_end(
        actor=None,
        membership=former.memberships.get(body=board.body),
        end_date=datetime.date(2010, 1, 31),
    )
    elsewhere = oxfordshire(slug="gloucestershire").representatives[oxon.WEST]
    for person, field in [(officer, "person"), (former, "person"), (elsewhere, "person")]:
        with pytest.raises(ValidationError) as refused:
            meetings.attendance_record(actor=None, meeting=meeting, person=person, status=PRESENT)
        assert list(refused.value.message_dict) == [field]
    assert not Attendance.objects.exists()


def test_recording_attendance_again_corrects_it(board, meeting):
    west = board.representatives[oxon.WEST]
    attend(board, meeting, {oxon.WEST: PRESENT})
    attend(board, meeting, {oxon.WEST: APOLOGIES})
    (attendance,) = Attendance.objects.filter(meeting=meeting, person=west)
    assert (attendance.status, attendance.partner) == (APOLOGIES, board.partners[oxon.WEST])
    corrected = AuditEvent.objects.filter(action="attendance.record").order_by("sequence")
    assert list(corrected)[-1].changes["status"] == [PRESENT, APOLOGIES]


def test_attendance_cannot_change_once_the_minutes_are_approved(board, meeting):
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Annual Plan 2010/11")
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    attend(board, meeting, FOUR)
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)
    following = meeting_on(board.body, MARCH)
    meetings.agenda_item_add(actor=None, meeting=following, title="Minutes of 5 February")
    following = meetings.meeting_publish_agenda(actor=None, meeting=following)
    meetings.minutes_approve(
        actor=None, meeting=meeting, at_meeting=following, today=following.date
    )
    with pytest.raises(AccordError, match="minutes are approved"):
        attend(board, meeting, {oxon.COUNTY: APOLOGIES})
    assert Attendance.objects.get(person=board.representatives[oxon.COUNTY]).status == PRESENT
