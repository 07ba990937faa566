"""Who attended a meeting, and for whom."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import audit_record, changes_between, created, snapshot
from accord.core.errors import AccordError
from accord.governance.models import Membership, MembershipRole, Person
from accord.governance.services.partnerships import Actor
from accord.governance.services.register import same_partnership

from ..models import Attendance, AttendanceStatus, Meeting, MeetingStatus


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
    if meeting.status in {MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED}:
        raise AccordError("Attendance cannot be changed once the minutes are approved")
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
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    before = snapshot(attendance) if attendance else None
    if attendance is None:
        attendance = Attendance(
            partnership_id=meeting.partnership_id, meeting=meeting, person=person
        )
    attendance.partner_id = seat.partner_id
    attendance.status = status
    attendance.substitute_for = substitute_for
    attendance.full_clean()
    attendance.save()
    audit_record(
        actor=actor,
        action="attendance.record",
        obj=attendance,
        changes=created(attendance)
        if before is None
        else changes_between(before, snapshot(attendance)),
    )
    return attendance
