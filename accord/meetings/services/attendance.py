"""Who attended a meeting, and for whom: one person at a time, or the whole body at once.

Attendance is recorded at or after the meeting, never before its date (the lifecycle's
``date_reached`` guard). A change says what it replaced, in its audit event and in the
words the page shows afterwards."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.audit.services import Actor, audited, delete_audited
from accord.governance.models import Membership, MembershipRole, Person
from accord.partnerships.selectors import same_partnership

from ..models import Attendance, AttendanceStatus, Meeting
from .lifecycle import allowed


@dataclass(frozen=True)
class AttendanceChange:
    """One person's attendance as recorded, and what it replaced ("" when new or unchanged)."""

    attendance: Attendance
    replaced: str
    removed: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.replaced)

    def sentence(self) -> str:
        """The change in words, for the page's confirmation message."""
        now = "not in attendance" if self.removed else describe(self.attendance)
        return f"{self.attendance.person}: {now}, replacing {self.replaced}"


@dataclass(frozen=True)
class AttendanceRow:
    """What the whole-body form (or the API's list) says of one person."""

    person: Person
    status: str
    substitute_for: Person | None = None


def describe(attendance: Attendance) -> str:
    """An attendance in words: "Present as substitute for Jane Smith", "Apologies"."""
    words = attendance.get_status_display()
    if attendance.substitute_for_id is not None and attendance.substitute_for is not None:
        words += f" for {attendance.substitute_for}"
    return words


def _date_reached(meeting: Meeting, today: datetime.date | None) -> None:
    today = today or timezone.localdate()
    allowed(meeting, "record_attendance")  # the state, in its own words
    allowed(
        meeting,
        "record_attendance",
        facts={"date_reached"} if meeting.date <= today else set(),
        field="date",
    )


def _seat(meeting: Meeting, person: Person, status: str) -> Membership | None:
    """The person's seat on the body on the meeting date (None for an officer in
    attendance without one), or a refusal."""
    seats = list(
        Membership.objects.current(on=meeting.date).filter(body_id=meeting.body_id, person=person)
    )
    if not seats and status != AttendanceStatus.IN_ATTENDANCE:
        raise ValidationError({"person": f"{person} did not sit on the body on the meeting date"})
    return seats[0] if seats else None


def _check_substitute(
    meeting: Meeting,
    person: Person,
    seat: Membership | None,
    status: str,
    substitute_for: Person | None,
) -> None:
    if status == AttendanceStatus.SUBSTITUTE:
        if seat is None or seat.role != MembershipRole.SUBSTITUTE:
            raise ValidationError({"status": f"{person} is not a substitute on this body"})
        if substitute_for is None:
            raise ValidationError({"substitute_for": "Say whom the substitute stood in for"})
        represented = Membership.objects.current(on=meeting.date).filter(
            body_id=meeting.body_id,
            person=substitute_for,
            partner_id=seat.partner_id,
            role=MembershipRole.VOTING_REPRESENTATIVE,
        )
        if not represented.exists():
            raise ValidationError(
                {"substitute_for": f"{substitute_for} is not {seat.partner}'s representative"}
            )
    elif substitute_for is not None:
        raise ValidationError({"substitute_for": "Only a substitute stands in for someone"})


def _record(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Person,
    status: str,
    substitute_for: Person | None,
) -> AttendanceChange:
    """Record one person's attendance at a locked meeting whose date has come."""
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": "Select whether they attended"})
    same_partnership(meeting.partnership, person=person, substitute_for=substitute_for)
    seat = _seat(meeting, person, status)
    _check_substitute(meeting, person, seat, status, substitute_for)
    existing = (
        Attendance.objects.select_related("substitute_for").filter(meeting=meeting, person=person)
    ).first()
    replaced = describe(existing) if existing is not None else ""
    attendance = existing or Attendance(
        partnership_id=meeting.partnership_id, meeting=meeting, person=person
    )
    if (
        existing is not None
        and existing.status == status
        and existing.substitute_for_id == (substitute_for.pk if substitute_for else None)
    ):
        return AttendanceChange(existing, "")
    with audited(
        attendance,
        actor=actor,
        action="attendance.record",
        changes={"replaces": [None, replaced]} if replaced else None,
    ):
        attendance.partner_id = seat.partner_id if seat is not None else None
        attendance.status = status
        attendance.substitute_for = substitute_for
    return AttendanceChange(attendance, replaced)


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Person,
    status: str,
    substitute_for: Person | None = None,
    today: datetime.date | None = None,
) -> Attendance:
    """Record (or correct) one person's attendance. The partner they attend for comes from
    their seat on the body on the meeting date; a substitute stands in for that partner's
    representative and acts with the partner's authority; an officer in attendance needs
    no seat."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _date_reached(meeting, today)
    return _record(
        actor=actor, meeting=meeting, person=person, status=status, substitute_for=substitute_for
    ).attendance


@transaction.atomic
def attendance_record_all(
    *,
    actor: Actor,
    meeting: Meeting,
    rows: Sequence[AttendanceRow],
    officers: Sequence[Person] | None = None,
    today: datetime.date | None = None,
) -> list[AttendanceChange]:
    """Record the whole body's attendance in one go: all of it or, at the first refusal,
    none of it. Each person once; what each change replaced is returned and audited.
    ``officers``, when given, are exactly the officers in attendance: each is recorded
    "in attendance", and anyone recorded so before and not listed now is taken off."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _date_reached(meeting, today)
    everyone = [*rows]
    if officers is not None:
        everyone += [AttendanceRow(person, AttendanceStatus.IN_ATTENDANCE) for person in officers]
    seen: set[int] = set()
    for row in everyone:
        if row.person.pk in seen:
            raise ValidationError({"person": f"{row.person} is listed twice"})
        seen.add(row.person.pk)
    changes = [
        _record(
            actor=actor,
            meeting=meeting,
            person=row.person,
            status=row.status,
            substitute_for=row.substitute_for,
        )
        for row in everyone
    ]
    if officers is not None:
        gone = Attendance.objects.filter(
            meeting=meeting, status=AttendanceStatus.IN_ATTENDANCE
        ).exclude(person_id__in=[person.pk for person in officers])
        for attendance in gone.select_related("person"):
            changes.append(AttendanceChange(attendance, describe(attendance), removed=True))
            delete_audited(attendance, actor=actor, action="attendance.remove")
    return changes
