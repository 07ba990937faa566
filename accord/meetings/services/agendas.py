"""Agenda items, declarations of interest and minutes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from accord.audit.services import audit_record, changes_between, created, snapshot
from accord.core.errors import AccordError
from accord.governance.models import Membership, Person
from accord.governance.services.partnerships import Actor
from accord.governance.services.register import same_partnership

from ..models import AgendaItem, Declaration, Meeting, MeetingStatus

AGENDA_OPEN = {MeetingStatus.SCHEDULED, MeetingStatus.AGENDA_PUBLISHED}


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    summary: str = "",
    proposal: object = None,
    lead_officer: Person | None = None,
    is_exempt: bool = False,
    exempt_reason: str = "",
) -> AgendaItem:
    """Add an item at the end of the agenda (a supplementary item once published)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status not in AGENDA_OPEN:
        raise AccordError("Items can only be added before the meeting is held")
    same_partnership(meeting.partnership, lead_officer=lead_officer, proposal=proposal)
    number = (meeting.items.aggregate(last=Max("number"))["last"] or 0) + 1
    item = AgendaItem(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        number=number,
        title=title,
        summary=summary,
        proposal=proposal,  # type: ignore[misc]
        lead_officer=lead_officer,
        is_exempt=is_exempt,
        exempt_reason=exempt_reason if is_exempt else "",
    )
    item.full_clean()
    item.save()
    audit_record(actor=actor, action="agenda_item.add", obj=item, changes=created(item))
    return item


@transaction.atomic
def declaration_record(
    *, actor: Actor, item: AgendaItem, person: Person, interest: str, bars_participation: bool
) -> Declaration:
    """Record a declaration of interest by someone who sits on the body."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    if meeting.status in {MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED}:
        status = meeting.get_status_display().lower()
        raise AccordError(f"Declarations cannot be recorded once the meeting is {status}")
    same_partnership(item.meeting.partnership, person=person)
    seated = Membership.objects.current(on=item.meeting.date).filter(
        body_id=item.meeting.body_id, person=person
    )
    if not seated.exists():
        raise ValidationError({"person": f"{person} did not sit on the body on the meeting date"})
    declaration = Declaration(
        partnership_id=item.partnership_id,
        item=item,
        person=person,
        interest=interest,
        bars_participation=bars_participation,
    )
    declaration.full_clean()
    declaration.save()
    audit_record(
        actor=actor, action="declaration.record", obj=declaration, changes=created(declaration)
    )
    return declaration


@transaction.atomic
def minutes_write(*, actor: Actor, item: AgendaItem, text: str) -> AgendaItem:
    """Write the minute of an item. Decisions and vote counts are not typed here: the
    minutes quote the decision record."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    if item.meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise AccordError("The minutes are approved and can no longer be changed")
    if item.meeting.status != MeetingStatus.HELD:
        raise AccordError("Minutes are written once the meeting has been held")
    before = snapshot(item, ["minutes"])
    item.minutes = text
    item.full_clean()
    item.save(update_fields=["minutes", "updated_at"])
    audit_record(
        actor=actor,
        action="minutes.write",
        obj=item,
        changes=changes_between(before, snapshot(item, ["minutes"])),
    )
    return item


@transaction.atomic
def minutes_approve(*, actor: Actor, meeting: Meeting, at_meeting: Meeting) -> Meeting:
    """Approve the minutes at a later meeting of the same body; they are read-only after."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise AccordError("These minutes are already approved")
    if meeting.status != MeetingStatus.HELD:
        raise AccordError("Only the minutes of a meeting that was held can be approved")
    if at_meeting.body_id != meeting.body_id or at_meeting.date <= meeting.date:
        raise ValidationError(
            {"at_meeting": "Minutes are approved at a later meeting of the same body"}
        )
    if at_meeting.status not in {MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD}:
        raise ValidationError({"at_meeting": "Choose a meeting that is taking place"})
    before = snapshot(meeting)
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.minutes_approved_at = at_meeting
    meeting.sequence += 1
    meeting.save()
    audit_record(
        actor=actor,
        action="minutes.approve",
        obj=meeting,
        changes=changes_between(before, snapshot(meeting)),
    )
    return meeting
