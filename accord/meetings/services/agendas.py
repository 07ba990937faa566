"""Agenda items, declarations of interest and minutes."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from accord.audit.services import Actor, audit_record, audited, delete_audited, save_audited
from accord.core.errors import AccordError
from accord.governance.models import Membership, Person
from accord.partnerships.selectors import same_partnership

from .. import hooks
from ..models import SCHEDULE_12A, AgendaItem, Declaration, ExemptParagraph, Meeting, MeetingStatus
from .lifecycle import allowed
from .quotes import quote_event


def exempt_grounds(
    *, is_exempt: bool, exempt_paragraph: str, exempt_reason: str, public_interest_test: str
) -> tuple[str, str, str]:
    """The grounds an exempt item is withheld on, checked: a paragraph of Schedule 12A with
    the public interest test, or other grounds in words. A reason given without a
    paragraph is taken as other grounds (how items were described before the paragraphs).
    An item that is not exempt keeps none."""
    if not is_exempt:
        return "", "", ""
    exempt_reason, public_interest_test = exempt_reason.strip(), public_interest_test.strip()
    if not exempt_paragraph and exempt_reason:
        exempt_paragraph = ExemptParagraph.OTHER
    if exempt_paragraph not in ExemptParagraph.values:
        raise ValidationError(
            {"exempt_paragraph": "Choose the paragraph of Schedule 12A, or other grounds"}
        )
    if exempt_paragraph == ExemptParagraph.OTHER and not exempt_reason:
        raise ValidationError({"exempt_reason": "Say on what other grounds the item is exempt"})
    if exempt_paragraph in SCHEDULE_12A and not public_interest_test:
        raise ValidationError(
            {
                "public_interest_test": "Say why the public interest in withholding the item "
                "outweighs the public interest in disclosing it"
            }
        )
    return exempt_paragraph, exempt_reason, public_interest_test


@transaction.atomic
def agenda_item_add(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    summary: str = "",
    lead_officer: Person | None = None,
    is_exempt: bool = False,
    exempt_paragraph: str = "",
    exempt_reason: str = "",
    public_interest_test: str = "",
) -> AgendaItem:
    """Add an item at the end of the agenda (a supplementary item once published); an
    exempt item says why (``exempt_grounds``). An app whose record the item concerns (a
    proposal) links it to the item itself."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    allowed(meeting, "add_item")
    same_partnership(meeting.partnership, lead_officer=lead_officer)
    exempt_paragraph, exempt_reason, public_interest_test = exempt_grounds(
        is_exempt=is_exempt,
        exempt_paragraph=exempt_paragraph,
        exempt_reason=exempt_reason,
        public_interest_test=public_interest_test,
    )
    number = (meeting.items.aggregate(last=Max("number"))["last"] or 0) + 1
    item = AgendaItem(
        partnership_id=meeting.partnership_id,
        meeting=meeting,
        number=number,
        title=title,
        summary=summary,
        lead_officer=lead_officer,
        is_exempt=is_exempt,
        exempt_paragraph=exempt_paragraph,
        exempt_reason=exempt_reason,
        public_interest_test=public_interest_test,
    )
    return save_audited(item, actor=actor, action="agenda_item.add")


@transaction.atomic
def declaration_record(
    *, actor: Actor, item: AgendaItem, person: Person, interest: str, bars_participation: bool
) -> Declaration:
    """Record a declaration of interest by someone who sits on the body."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    allowed(meeting, "declare")
    same_partnership(meeting.partnership, person=person)
    seated = Membership.objects.current(on=meeting.date).filter(
        body_id=meeting.body_id, person=person
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
    return save_audited(declaration, actor=actor, action="declaration.record")


@transaction.atomic
def minutes_write(
    *, actor: Actor, item: AgendaItem, text: str, resolution: str | None = None
) -> AgendaItem:
    """Write the minute of an item: the discussion and, where the meeting resolved something
    in words, the resolution (left as it is when not given). Decisions and vote counts are
    not typed here: the minutes quote the records of the apps that took them
    (``accord.meetings.hooks``)."""
    item = AgendaItem.objects.select_for_update().select_related("meeting").get(pk=item.pk)
    allowed(item.meeting, "write_minutes")
    with audited(item, actor=actor, action="minutes.write"):
        item.minutes = text
        if resolution is not None:
            item.resolution = resolution
    return item


# What approving minutes needs, as the approval page and the refusals say it.
APPROVAL_NEEDS = (
    "Minutes are approved at a later meeting of the same body that has been held, or is "
    "being held today"
)


def approval_refusal(meeting: Meeting, at_meeting: Meeting, *, today: datetime.date) -> str:
    """Why the minutes of ``meeting`` cannot be approved at ``at_meeting`` ("" when they
    can): it must be a later meeting of the same body, held or being held today, never one
    in the future."""
    when = f"{at_meeting.date:%-d %B %Y}"
    if at_meeting.pk == meeting.pk:
        return "Minutes cannot be approved at the meeting they record: choose a later meeting"
    if at_meeting.body_id != meeting.body_id:
        return f"The meeting of {when} is of another body: {APPROVAL_NEEDS.lower()}"
    if at_meeting.date <= meeting.date:
        return f"The meeting of {when} is not later than the meeting these minutes record"
    if at_meeting.date > today:
        return (
            f"The meeting of {when} is in the future: minutes are approved at a meeting "
            "that has been held, or is being held today"
        )
    if at_meeting.status in {MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED}:
        return ""
    if at_meeting.status == MeetingStatus.AGENDA_PUBLISHED and at_meeting.date == today:
        return ""  # being held today
    if at_meeting.status == MeetingStatus.CANCELLED:
        return f"The meeting of {when} was cancelled"
    return f"The meeting of {when} has not been recorded as held: record it as held first"


@transaction.atomic
def minutes_approve(
    *,
    actor: Actor,
    meeting: Meeting,
    at_meeting: Meeting,
    today: datetime.date | None = None,
) -> Meeting:
    """Approve the minutes at a later meeting of the same body that has been held or is
    being held (``today``: its date, with its agenda published); they are read-only after.
    Never at a meeting in the future."""
    today = today or timezone.localdate()
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    row = allowed(meeting, "approve_minutes")
    at_meeting = Meeting.objects.get(pk=at_meeting.pk)  # its status as it stands now
    refusal = approval_refusal(meeting, at_meeting, today=today)
    if refusal:
        raise ValidationError({"at_meeting": refusal})
    with audited(meeting, actor=actor, action="minutes.approve") as approving:
        meeting.status = row.next_state
        meeting.minutes_approved_at = at_meeting
        meeting.sequence += 1
    quote_event(meeting, approving, "minutes")
    return meeting


def _item_locked(item: AgendaItem) -> tuple[AgendaItem, Meeting]:
    """The item and its meeting, the meeting locked first (every agenda change queues on it)."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    item.meeting = meeting
    return item, meeting


@transaction.atomic
def agenda_item_change(
    *,
    actor: Actor,
    item: AgendaItem,
    title: str,
    summary: str = "",
    lead_officer: Person | None = None,
    is_exempt: bool = False,
    exempt_paragraph: str = "",
    exempt_reason: str = "",
    public_interest_test: str = "",
) -> AgendaItem:
    """Change an item of an agenda not yet published (once it is, withdraw it instead)."""
    item, meeting = _item_locked(item)
    allowed(meeting, "change_item", field="title")
    same_partnership(meeting.partnership, lead_officer=lead_officer)
    exempt_paragraph, exempt_reason, public_interest_test = exempt_grounds(
        is_exempt=is_exempt,
        exempt_paragraph=exempt_paragraph,
        exempt_reason=exempt_reason,
        public_interest_test=public_interest_test,
    )
    with audited(item, actor=actor, action="agenda_item.change"):
        item.title, item.summary, item.lead_officer = title, summary, lead_officer
        item.is_exempt = is_exempt
        item.exempt_paragraph = exempt_paragraph
        item.exempt_reason = exempt_reason
        item.public_interest_test = public_interest_test
    return item


def _renumber(meeting: Meeting, order: list[int]) -> None:
    """Number the meeting's items 1, 2, 3... in ``order`` (item ids). The numbers are
    unique in a meeting, so they are first moved out of the way."""
    AgendaItem.objects.filter(meeting=meeting).update(number=models.F("number") + 10000)
    for number, pk in enumerate(order, start=1):
        AgendaItem.objects.filter(pk=pk).update(number=number)


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, number: int) -> AgendaItem:
    """Move an item to another place on an agenda not yet published; the items between
    shift by one, and every item keeps a number from 1 without gaps."""
    item, meeting = _item_locked(item)
    allowed(meeting, "change_item", field="number")
    order = list(meeting.items.order_by("number").values_list("pk", flat=True))
    if not 1 <= number <= len(order):
        raise ValidationError({"number": f"Enter a number from 1 to {len(order)}"})
    before = item.number
    if number == order.index(item.pk) + 1:
        return item
    order.remove(item.pk)
    order.insert(number - 1, item.pk)
    _renumber(meeting, order)
    item.refresh_from_db()
    audit_record(
        actor=actor, action="agenda_item.move", obj=item, changes={"number": [before, item.number]}
    )
    return item


@transaction.atomic
def agenda_item_withdraw(*, actor: Actor, item: AgendaItem, reason: str = "") -> AgendaItem | None:
    """Withdraw an item. Before the agenda is published it is taken off (the items after it
    move up; None is returned); once published it keeps its number, marked withdrawn with
    the reason, which is then required."""
    item, meeting = _item_locked(item)
    allowed(meeting, "withdraw_item", field="reason")
    if item.is_withdrawn:
        raise AccordError("The item is already withdrawn", field="reason")
    holding = hooks.item_holding_reason(item, removing=not meeting.agenda_is_published)
    if holding:
        raise AccordError(holding, field="reason")
    if meeting.agenda_is_published:
        if not reason.strip():
            raise ValidationError({"reason": "Say why the item is withdrawn"})
        with audited(item, actor=actor, action="agenda_item.withdraw"):
            item.withdrawn_on = timezone.localdate()
            item.withdrawn_reason = reason.strip()
        return item
    if item.papers.exists() or item.declarations.exists():
        raise AccordError(
            "Withdraw the item's papers first: an item with papers or declarations cannot "
            "be taken off",
            field="reason",
        )
    delete_audited(item, actor=actor, action="agenda_item.remove")
    _renumber(meeting, list(meeting.items.order_by("number").values_list("pk", flat=True)))
    return None
