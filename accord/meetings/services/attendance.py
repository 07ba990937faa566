"""Who attended a meeting, and for whom."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited
from accord.governance.models import Membership, MembershipRole, Person
from accord.partnerships.selectors import same_partnership

from ..models import Attendance, AttendanceStatus, Meeting
from .lifecycle import allowed


@transaction.atomic
def attendance_record(
    *,
    actor: Actor,
    meeting: Meeting,
    person: Person,
    status: str,
    substitute_for: Person | None = None,
) -> Attendance:
    """Record (or correct) one person's attendance. The partner they attend for comes from
    their seat on the body on the meeting date; a substitute stands in for that partner's
    representative and acts with the partner's authority."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    allowed(meeting, "record_attendance")
    same_partnership(meeting.partnership, person=person, substitute_for=substitute_for)
    seats = list(
        Membership.objects.current(on=meeting.date).filter(body_id=meeting.body_id, person=person)
    )
    if not seats:
        raise ValidationError({"person": f"{person} did not sit on the body on the meeting date"})
    seat = seats[0]
    if status == AttendanceStatus.SUBSTITUTE:
        if seat.role != MembershipRole.SUBSTITUTE:
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
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first() or Attendance(
        partnership_id=meeting.partnership_id, meeting=meeting, person=person
    )
    with audited(attendance, actor=actor, action="attendance.record"):
        attendance.partner_id = seat.partner_id
        attendance.status = status
        attendance.substitute_for = substitute_for
    return attendance
