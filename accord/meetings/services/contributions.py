"""Contributions of non-voting participants on agenda items (seed 000, para 22: providers
and service users "attend and contribute as and when they wish to", "on a no vote basis").

Who may contribute is decided here, once: a person holding a non-voting seat on the
meeting's body on the meeting date (a service user or provider representative, a co-opted
adviser, an observer). A body whose constitution in force gives service user
representatives a vote counts them among its voting members: they take part by voting, not
by contributions. A written contribution is submitted once the agenda is published and
until the meeting starts, by its author (or recorded for them by the programme team, as
when it arrives by post), and its author may withdraw it until then; a spoken one is
minuted by the programme team from the meeting's day, and removed by them while the minutes
are still a draft. Once the minutes are approved nothing changes (the lifecycle table)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.audit.services import Actor, delete_audited, save_audited
from accord.core.errors import AccordError
from accord.governance.models import Membership, MembershipRole, Person
from accord.governance.selectors import body_seats_on
from accord.partnerships.selectors import same_partnership

from ..models import AgendaItem, Contribution, ContributionKind, Meeting
from .lifecycle import allowed

# The seats whose holders contribute without a vote (the domain's "Membership": co-opted
# non-voting adviser, service user representative, provider representative, observer).
NON_VOTING_ROLES = frozenset(
    {
        MembershipRole.ADVISER,
        MembershipRole.SERVICE_USER_REPRESENTATIVE,
        MembershipRole.PROVIDER_REPRESENTATIVE,
        MembershipRole.OBSERVER,
    }
)


def meeting_starts(meeting: Meeting) -> datetime.datetime:
    """When the meeting starts, in the installation's time zone: its start time on its
    date, or the start of its day when no time is set."""
    return timezone.make_aware(
        datetime.datetime.combine(meeting.date, meeting.start_time or datetime.time.min)
    )


def contributor_seats(meeting: Meeting) -> list[Membership]:
    """The non-voting seats on the meeting's body on the meeting date, one per person (the
    people who may contribute), by name."""
    seats = body_seats_on(meeting.body, on=meeting.date)
    voting = {seat.membership.person_id for seat in seats if seat.votes != "no"}
    chosen: dict[int, Membership] = {}
    for seat in seats:
        membership = seat.membership
        if (
            seat.votes == "no"
            and membership.role in NON_VOTING_ROLES
            and membership.person_id not in voting
        ):
            chosen.setdefault(membership.person_id, membership)
    return sorted(chosen.values(), key=lambda membership: membership.person.name)


def contributor_seat(meeting: Meeting, person: Person) -> Membership:
    """The person's non-voting seat on the meeting's body on the meeting date, or the
    refusal in words, on the ``person`` field."""
    seats = body_seats_on(meeting.body, on=meeting.date)
    theirs = [seat for seat in seats if seat.membership.person_id == person.pk]
    when = f"{meeting.date:%-d %B %Y}"
    if not theirs:
        raise ValidationError(
            {
                "person": f"{person} did not sit on the {meeting.body} on {when}: only its "
                "non-voting members contribute"
            }
        )
    if any(seat.votes != "no" for seat in theirs):
        users_vote = any(
            seat.membership.role == MembershipRole.SERVICE_USER_REPRESENTATIVE
            and seat.votes == "yes"
            for seat in theirs
        )
        why = (
            "the constitution in force gives service user representatives a vote on it"
            if users_vote
            else "they hold a vote on it"
        )
        raise ValidationError(
            {
                "person": f"{person} is a voting member of the {meeting.body} on {when} ({why}): "
                "a voting member takes part by voting, not by contributions"
            }
        )
    for seat in theirs:
        if seat.membership.role in NON_VOTING_ROLES:
            return seat.membership
    raise ValidationError(
        {
            "person": f"{person} attends the {meeting.body} as an officer: officers do not "
            "submit contributions"
        }
    )


def _acting_for(actor: Actor, person: Person, *, for_the_record: bool) -> None:
    """The author acts for themself; the programme team (``for_the_record``, which the
    page or API grants only to the team) for anyone."""
    if for_the_record:
        return
    if actor is None or not actor.is_authenticated or person.user_id != actor.pk:
        raise ValidationError({"person": "You can submit or withdraw only your own contributions"})


def _item_open(item: AgendaItem) -> tuple[AgendaItem, Meeting]:
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("body__partnership")
        .get(pk=item.meeting_id)
    )
    item = AgendaItem.objects.get(pk=item.pk)
    item.meeting = meeting
    if item.is_withdrawn:
        raise AccordError(f"Item {item.number} was withdrawn", field="item")
    return item, meeting


def _before_start(meeting: Meeting, now: datetime.datetime | None, what: str) -> None:
    now = now or timezone.now()
    starts = meeting_starts(meeting)
    if now >= starts:
        raise AccordError(
            f"{what} until the meeting starts ({timezone.localtime(starts):%-d %B %Y, %H:%M}): "
            "a spoken contribution at the meeting is minuted by the clerk",
            field="text",
        )


@transaction.atomic
def contribution_submit(
    *,
    actor: Actor,
    item: AgendaItem,
    person: Person,
    text: str,
    for_the_record: bool = False,
    now: datetime.datetime | None = None,
) -> Contribution:
    """Submit a written contribution on an item of a published agenda, until the meeting
    starts, by someone holding a non-voting seat on the body on the meeting date."""
    item, meeting = _item_open(item)
    allowed(meeting, "contribute")
    _before_start(meeting, now, "Written contributions are submitted")
    same_partnership(meeting.partnership, person=person)
    _acting_for(actor, person, for_the_record=for_the_record)
    seat = contributor_seat(meeting, person)
    contribution = Contribution(
        partnership_id=item.partnership_id,
        item=item,
        person=person,
        role=seat.role,
        kind=ContributionKind.WRITTEN,
        text=text.strip(),
    )
    return save_audited(contribution, actor=actor, action="contribution.submit")


@transaction.atomic
def contribution_minute(
    *,
    actor: Actor,
    item: AgendaItem,
    person: Person,
    text: str,
    today: datetime.date | None = None,
) -> Contribution:
    """Minute a spoken contribution made at the meeting (the programme team), from the
    meeting's day until its minutes are approved."""
    today = today or timezone.localdate()
    item, meeting = _item_open(item)
    allowed(meeting, "minute_contribution")
    allowed(
        meeting,
        "minute_contribution",
        facts={"date_reached"} if meeting.date <= today else set(),
        field="text",
    )
    same_partnership(meeting.partnership, person=person)
    seat = contributor_seat(meeting, person)
    contribution = Contribution(
        partnership_id=item.partnership_id,
        item=item,
        person=person,
        role=seat.role,
        kind=ContributionKind.SPOKEN,
        text=text.strip(),
    )
    return save_audited(contribution, actor=actor, action="contribution.minute")


@transaction.atomic
def contribution_withdraw(
    *,
    actor: Actor,
    contribution: Contribution,
    for_the_record: bool = False,
    now: datetime.datetime | None = None,
) -> None:
    """Withdraw a contribution: a written one by its author (or the programme team for
    them) until the meeting starts; a spoken one by the programme team while the minutes
    are a draft. The audit trail keeps what it said."""
    contribution = Contribution.objects.select_related("person").get(pk=contribution.pk)
    _item, meeting = _item_open(contribution.item)
    if contribution.is_written:
        allowed(meeting, "contribute")
        _before_start(meeting, now, "A written contribution can be withdrawn")
        _acting_for(actor, contribution.person, for_the_record=for_the_record)
    else:
        if not for_the_record:
            raise ValidationError(
                {
                    "person": "A spoken contribution is part of the minutes: ask the clerk to "
                    "correct it"
                }
            )
        allowed(meeting, "minute_contribution")
    delete_audited(contribution, actor=actor, action="contribution.withdraw")
