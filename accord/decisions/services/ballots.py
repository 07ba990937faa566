"""Opening a vote, casting votes, closing it with the rule in force, and ratification."""

import datetime
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.audit.services import Actor, audited, save_audited
from accord.calendar.working_days import WorkingDays
from accord.core.errors import AccordError
from accord.governance.models import ConflictStep, Person
from accord.governance.selectors import body_rule_in_force, service_users_vote, voting_units
from accord.meetings.models import PRESENT_STATUSES, Attendance, Declaration, Meeting
from accord.rules import (
    Outcome,
    Rule,
    RuleError,
    Unit,
    beyond_delegated_limit,
    evaluate,
    parse_rule,
)
from accord.rules import subject_to_ratification as rules_subject_to_ratification

from ..models import (
    Ballot,
    BallotOutcome,
    Proposal,
    ProposalState,
    Ratification,
    RuleSource,
    StageKind,
    StageStatus,
    Tabling,
    Vote,
    VoteValue,
)
from .proposals import advance, locked


def meeting_date_reached(meeting: Meeting, today: datetime.date | None) -> None:
    """Votes are taken at the meeting: never before its date (issue 14), so that a
    decision's "decided on" is the day of the meeting that took it."""
    today = today or timezone.localdate()
    if meeting.date > today:
        raise AccordError(
            f"The meeting's date has not come yet: votes are taken at the meeting, on "
            f"{meeting.date:%-d %B %Y}",
            field="meeting",
        )


@transaction.atomic
def ballot_open(
    *,
    actor: Actor,
    proposal: Proposal,
    meeting: Meeting,
    today: datetime.date | None = None,
) -> Ballot:
    """Open the vote on a tabled proposal at a meeting of its deciding body, fixing the
    rule of the constitution in force on the meeting date and the voting units that day.
    A proposal voted on before meets its second meeting: the fallback rule applies there
    where the constitution has one and its route includes a second meeting."""
    proposal = locked(proposal)
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)  # its status now
    if meeting.partnership_id != proposal.partnership_id or meeting.body_id != (
        proposal.deciding_body_id
    ):
        raise ValidationError({"meeting": f"Choose a meeting of {proposal.deciding_body}"})
    if not meeting.is_taking_place:
        raise AccordError("Votes are taken at a meeting whose agenda is published")
    meeting_date_reached(meeting, today)
    last = proposal.ballots.select_related("meeting").order_by("-round").first()
    if last is not None and meeting.date <= last.meeting.date:
        raise ValidationError(
            {"meeting": f"Vote again at a meeting after {last.meeting.date:%-d %B %Y}"}
        )
    tabling = (
        Tabling.objects.filter(proposal=proposal, item__meeting=meeting)
        .select_related("item")
        .first()
    )
    if tabling is None:
        raise ValidationError({"meeting": "The proposal is not on this meeting's agenda"})
    if tabling.item.is_withdrawn:
        raise ValidationError({"meeting": "The item was withdrawn from this meeting's agenda"})
    body_rule = body_rule_in_force(meeting.body, on=meeting.date)
    if body_rule is None:
        raise AccordError(
            f"No constitution in force on {meeting.date:%-d %B %Y} sets a rule for "
            f"{meeting.body}; record the constitution first"
        )
    round_number = proposal.ballots.count() + 1
    second_meeting = (
        round_number > 1
        and body_rule.fallback_rule is not None
        and ConflictStep.SECOND_MEETING in body_rule.conflict_route
    )
    rule_data = body_rule.fallback_rule if second_meeting else body_rule.decision_rule
    units = voting_units(meeting.body, on=meeting.date, users_vote=service_users_vote(body_rule))
    if not units:
        raise AccordError(f"Nobody held a vote on {meeting.body} on {meeting.date:%-d %B %Y}")
    ballot = Ballot(
        partnership_id=proposal.partnership_id,
        proposal=proposal,
        meeting=meeting,
        agenda_item_id=tabling.item_id,
        round=round_number,
        constitution_version=body_rule.version,
        rule=rule_data,
        rule_source=RuleSource.FALLBACK_RULE if second_meeting else RuleSource.DECISION_RULE,
        units=[
            {
                "key": unit.key,
                "label": unit.label,
                "partner_id": unit.partner_id,
                "representatives": list(unit.representatives),
                "substitutes": list(unit.substitutes),
                # Issue 17 item 6: the casters' delegated limits on the meeting date.
                **(
                    {"delegated_limits": {str(pk): f"{limit:.2f}" for pk, limit in unit.limits}}
                    if unit.limits
                    else {}
                ),
            }
            for unit in units
        ],
    )
    with audited(proposal, actor=actor, action="proposal.open_ballot"):
        advance(proposal, "open_ballot")
        save_audited(ballot, actor=actor, action="ballot.open")
    return ballot


# ---------------------------------------------------------------- who casts a vote


def ballot_unit(ballot: Ballot, key: str) -> dict[str, Any]:
    """One voting unit of the ballot (as fixed when it was opened), or a refusal."""
    for unit in ballot.units:
        if unit["key"] == key:
            return dict(unit)
    raise ValidationError({"unit": "Choose one of the voting members of this vote"})


def barred_from(ballot: Ballot) -> frozenset[int]:
    """People who declared an interest that bars them from the ballot's item."""
    return frozenset(
        Declaration.objects.filter(item_id=ballot.agenda_item_id, bars_participation=True)
        .order_by()  # ids only: no joins for the default ordering
        .values_list("person_id", flat=True)
    )


def present_of(ballot: Ballot, people: Collection[int]) -> frozenset[int]:
    """Which of these people are recorded present at the ballot's meeting."""
    return frozenset(
        Attendance.objects.filter(
            meeting_id=ballot.meeting_id, person_id__in=list(people), status__in=PRESENT_STATUSES
        )
        .order_by()
        .values_list("person_id", flat=True)
    )


def caster_refusal(
    unit: dict[str, Any], person: Person, *, barred: frozenset[int], present: frozenset[int]
) -> str:
    """Why this person may not cast the unit's vote on the meeting date ("" when they may).

    The rule, decided here for every page, API operation and import: a unit's vote is cast
    by its voting representative; by a substitute, with the partner's authority, only while
    no representative free to vote is present; never by someone who declared an interest
    that bars them from the item. ``present`` are the unit's representatives present."""
    if person.pk in barred:
        return (
            f"{person} declared an interest that bars them from this item; "
            f"{unit['label']}'s substitute may cast its vote"
        )
    if person.pk in unit["representatives"]:
        return ""
    if person.pk not in unit["substitutes"]:
        return f"{person} could not cast {unit['label']}'s vote on the meeting date"
    if present - barred:
        return (
            f"{unit['label']}'s representative is present, so the substitute cannot cast its vote"
        )
    return ""


def vote_casters(ballot: Ballot) -> dict[str, list[int]]:
    """Who may cast each unit's vote now (``caster_refusal`` for everyone entitled on the
    meeting date), in three queries: what the forms offer."""
    return vote_casters_of([ballot])[ballot.pk]


def vote_casters_of(ballots: Sequence[Ballot]) -> dict[int, dict[str, list[int]]]:
    """``vote_casters`` for any number of ballots in the same three queries (the home
    page's votes open for a member's partner), by ballot id."""
    barred: dict[int | None, set[int]] = {}
    for item_id, person_id in (
        Declaration.objects.filter(
            item_id__in=[b.agenda_item_id for b in ballots], bars_participation=True
        )
        .order_by()
        .values_list("item_id", "person_id")
    ):
        barred.setdefault(item_id, set()).add(person_id)
    representatives = {p for b in ballots for unit in b.units for p in unit["representatives"]}
    present: dict[int, set[int]] = {}
    for meeting_id, person_id in (
        Attendance.objects.filter(
            meeting_id__in={b.meeting_id for b in ballots},
            person_id__in=list(representatives),
            status__in=PRESENT_STATUSES,
        )
        .order_by()
        .values_list("meeting_id", "person_id")
    ):
        present.setdefault(meeting_id, set()).add(person_id)
    people = Person.objects.in_bulk(
        {
            p
            for b in ballots
            for unit in b.units
            for p in unit["representatives"] + unit["substitutes"]
        }
    )
    found: dict[int, dict[str, list[int]]] = {}
    for ballot in ballots:
        ballot_barred = frozenset(barred.get(ballot.agenda_item_id, ()))
        casters: dict[str, list[int]] = {}
        for unit in ballot.units:
            unit_present = frozenset(
                present.get(ballot.meeting_id, set()) & set(unit["representatives"])
            )
            casters[unit["key"]] = [
                pk
                for pk in unit["representatives"] + unit["substitutes"]
                if pk in people
                and not caster_refusal(unit, people[pk], barred=ballot_barred, present=unit_present)
            ]
        found[ballot.pk] = casters
    return found


@transaction.atomic
def vote_cast(
    *,
    actor: Actor,
    ballot: Ballot,
    unit: str,
    cast_by: Person,
    value: str,
    subject_to_ratification: bool = False,
    for_the_record: bool = False,
    today: datetime.date | None = None,
) -> Vote:
    """Cast (or change, while the vote is open) one unit's vote, as cast by ``cast_by``.

    A vote is recorded as cast by the person who cast it, never by a default: a member
    casting their own partner's vote is the caster (``cast_by`` must be one of their own
    people in the register); the programme team recording a vote cast in the room
    (``for_the_record``, which the page or API grants only to the team) names the caster.
    Either way the caster must be entitled on the meeting date (``caster_refusal``), and the
    event records both the recorder (its actor) and the caster.

    The ballot row is locked first, so concurrent casts for the same partner queue: exactly
    one vote is current and every earlier one is kept, marked as replaced."""
    ballot = (
        Ballot.objects.select_for_update(of=("self",))
        .select_related("meeting", "proposal")
        .get(pk=ballot.pk)
    )
    if not ballot.is_open:
        raise AccordError("The vote is closed", field="ballot")
    meeting_date_reached(ballot.meeting, today)
    if value not in VoteValue.values:
        raise ValidationError({"value": "Choose for, against or abstain"})
    if subject_to_ratification and value != VoteValue.FOR:
        raise ValidationError(
            {"subject_to_ratification": "Only a vote for can be subject to ratification"}
        )
    entry = ballot_unit(ballot, unit)
    if cast_by.partnership_id != ballot.partnership_id:
        raise ValidationError({"cast_by": "Choose a person of this partnership"})
    own = actor is not None and cast_by.user_id is not None and cast_by.user_id == actor.pk
    if not own and not for_the_record:
        raise ValidationError({"cast_by": "You can cast only your own vote"})
    barred = barred_from(ballot)
    present = (
        present_of(ballot, entry["representatives"])
        if cast_by.pk in entry["substitutes"] and cast_by.pk not in barred
        else frozenset()
    )
    refusal = caster_refusal(entry, cast_by, barred=barred, present=present)
    if refusal:
        raise ValidationError({"cast_by": refusal})
    # The partner's delegated limit (issue 17 item 6): decided here, once, for the page,
    # the API and the record alike; a vote for beyond it counts only subject to ratification.
    commits, limit = ballot.proposal.commits, delegated_limit(ballot, unit, cast_by.pk)
    beyond = value == VoteValue.FOR and beyond_delegated_limit(commits, limit)
    subject_to_ratification = rules_subject_to_ratification(
        value, asked=subject_to_ratification, commits=commits, limit=limit
    )
    replaced = list(
        Vote.objects.filter(ballot=ballot, unit=unit, current=True)
        .order_by()
        .values_list("pk", flat=True)
    )
    Vote.objects.filter(pk__in=replaced).update(current=False)
    vote = Vote(
        partnership_id=ballot.partnership_id,
        ballot=ballot,
        unit=unit,
        partner_id=entry["partner_id"],
        cast_by=cast_by,
        value=value,
        subject_to_ratification=subject_to_ratification,
        ratification=Ratification.PENDING if subject_to_ratification else "",
    )
    changes: dict[str, list[Any]] = {
        "recorded": [None, "by the caster" if own else "for the record"]
    }
    if replaced:
        changes["replaces"] = [None, replaced]
    if beyond:
        changes["beyond_delegated_limit"] = [None, True]
    # The fields only: the related rows were just read, the value and ratification were
    # checked above, and the ballot's lock makes this the only current vote of the unit
    # (the database's unique index would refuse a second). This saves eight queries on
    # the path every vote takes.
    return save_audited(vote, actor=actor, action="vote.cast", check="fields", changes=changes)


def delegated_limit(ballot: Ballot, unit: str, person_id: int) -> Decimal | None:
    """The caster's delegated financial limit fixed when the vote opened, or None."""
    entry = next((u for u in ballot.units if u["key"] == unit), None)
    text = (entry or {}).get("delegated_limits", {}).get(str(person_id))
    return None if text is None else Decimal(text)


def ratification_required(ballot: Ballot, unit: str, person_id: int) -> bool:
    """Whether this person's vote for, cast for this unit, counts only subject to
    ratification because the proposal commits more than their delegated limit (issue 17
    item 6). The vote page and the API ask this; ``vote_cast`` applies it."""
    return beyond_delegated_limit(ballot.proposal.commits, delegated_limit(ballot, unit, person_id))


# ---------------------------------------------------------------- the outcome


def _rule(ballot: Ballot) -> Rule:
    try:
        return parse_rule(ballot.rule)
    except RuleError as error:  # the constitution was checked when recorded
        raise AccordError(f"The rule of this vote is not valid: {error}") from error


def ballot_evaluate(ballot: Ballot, votes: list[Vote]) -> Outcome:
    """The engine's judgement of the current votes (refused ratifications count against)."""
    labels = {unit["key"]: unit["label"] for unit in ballot.units}
    values: dict[str, str] = {}
    for vote in votes:
        value = vote.value
        if vote.ratification == Ratification.REFUSED:
            value = VoteValue.AGAINST
        values[labels[vote.unit]] = value
    return evaluate(_rule(ballot), [Unit(id=label) for label in labels.values()], values)


def _store(ballot: Ballot, outcome: Outcome, pending: bool) -> None:
    tally = outcome.tally
    ballot.outcome = (
        BallotOutcome.CARRIED_SUBJECT_TO_RATIFICATION
        if outcome.carried and pending
        else outcome.outcome
    )
    ballot.votes_for, ballot.votes_against = int(tally.for_), int(tally.against)
    ballot.abstentions, ballot.absent, ballot.base = (
        int(tally.abstain),
        int(tally.absent),
        int(tally.base),
    )
    ballot.required, ballot.reason = outcome.required, outcome.reason
    if outcome.carried and pending:
        ballot.reason += (
            " It takes effect when the partners who voted subject to ratification ratify."
        )


def mark_carried(
    proposal: Proposal, *, on: datetime.date, call_in: bool = True, actor: Actor = None
) -> None:
    """Record the proposal as decided on a date, taking effect after the call-in period;
    its pathway's decide stage is done and the stages the decision made unnecessary are
    closed (``stages_close_on_decision``)."""
    body_rule = body_rule_in_force(proposal.deciding_body, on=on)
    days = body_rule.call_in_days if body_rule is not None and call_in else None
    has_call_in = bool(days) and ConflictStep.CALL_IN in (
        body_rule.conflict_route if body_rule else []
    )
    proposal.decided_on = on
    # Call-in is the council's own period: a day its offices are closed is not a working day.
    proposal.takes_effect_on = (
        WorkingDays(with_closures=True).after(on, days or 0) if has_call_in else on
    )
    stages_close_on_decision(proposal, on=on, actor=actor)


def stages_close_on_decision(proposal: Proposal, *, on: datetime.date, actor: Actor) -> None:
    """The decide stage is done on the day; a stage still to do before it (a
    recommendation the body decided without) is closed as not needed, each audited.
    Stages after the decision (ratify, scrutinise, external approval) stay to do."""
    stages = list(proposal.stages.order_by("order"))
    decide = next((stage for stage in stages if stage.kind == StageKind.DECIDE), None)
    for stage in stages:
        if stage.status != StageStatus.PENDING:
            continue
        if stage.kind == StageKind.DECIDE:
            status, note = StageStatus.DONE, stage.note
        elif (decide is not None and stage.order < decide.order) or (
            decide is None and stage.kind == StageKind.RECOMMEND
        ):
            status = StageStatus.NOT_NEEDED
            note = stage.note or f"Not needed: decided on {on:%-d %B %Y}"
        else:
            continue
        with audited(stage, actor=actor, action="stage.complete"):
            stage.status, stage.completed_on, stage.note = status, on, note


@transaction.atomic
def ballot_close(*, actor: Actor, ballot: Ballot, today: datetime.date | None = None) -> Ballot:
    """Close the vote: the engine applies the rule fixed at opening, and the outcome,
    counts and reason are stored with the audit record that anyone can verify."""
    ballot = (
        Ballot.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=ballot.pk)
    )
    if not ballot.is_open:
        raise AccordError("The vote is already closed", field="ballot")
    meeting_date_reached(ballot.meeting, today)
    proposal = locked(ballot.proposal)
    votes = list(ballot.votes.filter(current=True))
    outcome = ballot_evaluate(ballot, votes)
    pending = any(v.ratification == Ratification.PENDING for v in votes if v.value == "for")
    with audited(ballot, actor=actor, action="ballot.close") as closing:
        ballot.is_open = False
        ballot.closed_at = timezone.now()
        _store(ballot, outcome, pending)
    # A published decision quotes the event that recorded its outcome, which anyone can
    # check (accord audit verify --published SEQUENCE:HASH); an event cannot name itself,
    # so the reference is written to the ballot after it, in the same transaction.
    event = closing.event
    assert event is not None  # noqa: S101 (audited has recorded it)
    ballot.audit_sequence, ballot.audit_hash = event.sequence, event.hash
    Ballot.objects.filter(pk=ballot.pk).update(audit_sequence=event.sequence, audit_hash=event.hash)
    with audited(proposal, actor=actor, action="proposal.decide"):
        advance(
            proposal,
            ballot.outcome if ballot.outcome != BallotOutcome.INQUORATE else "not_carried",
        )
        if proposal.state == ProposalState.CARRIED:
            mark_carried(proposal, on=ballot.meeting.date, actor=actor)
    return ballot


def decisions_follow_meeting(meeting: Meeting, moved_from: datetime.date, *, actor: Actor) -> None:
    """A meeting at which votes were taken has moved (before it was recorded as held): each
    decision carried there is decided on the meeting's new date, and its call-in period
    runs from it. A decision carried later by ratification keeps its own date."""
    carried = Ballot.objects.filter(
        meeting=meeting,
        is_open=False,
        outcome=BallotOutcome.CARRIED,
    ).values_list("proposal_id", flat=True)
    for proposal in Proposal.objects.select_for_update().filter(
        pk__in=list(carried), decided_on=moved_from
    ):
        with audited(proposal, actor=actor, action="proposal.follow_meeting"):
            proposal.stages.filter(kind=StageKind.DECIDE, completed_on=moved_from).update(
                status=StageStatus.PENDING, completed_on=None
            )
            mark_carried(proposal, on=meeting.date)


@transaction.atomic
def vote_ratify(*, actor: Actor, vote: Vote, ratified: bool, on: datetime.date) -> Vote:
    """Record the partner's ratification (or refusal) of a vote given subject to it. When
    the last one is ratified the proposal is carried; a refusal counts as a vote against."""
    vote = Vote.objects.select_for_update().select_related("ballot").get(pk=vote.pk)
    if vote.ratification != Ratification.PENDING or not vote.current:
        raise AccordError("This vote is not awaiting ratification")
    ballot = Ballot.objects.select_for_update().get(pk=vote.ballot_id)
    if on < ballot.meeting.date:
        raise ValidationError({"on": "Ratification comes after the meeting"})
    action = "vote.ratify" if ratified else "vote.refuse_ratification"
    with audited(vote, actor=actor, action=action):
        vote.ratification = Ratification.RATIFIED if ratified else Ratification.REFUSED
        vote.ratified_on = on
    proposal = locked(ballot.proposal)
    if proposal.state != ProposalState.AWAITING_RATIFICATION:
        return vote
    votes = list(ballot.votes.filter(current=True))
    outcome = ballot_evaluate(ballot, votes)
    pending = any(v.ratification == Ratification.PENDING for v in votes)
    with audited(ballot, actor=actor, action="ballot.ratification"):
        _store(ballot, outcome, pending)
    with audited(proposal, actor=actor, action="proposal.ratification"):
        if not outcome.carried:
            advance(proposal, "refused")
        elif not pending:
            advance(proposal, "ratified")
            mark_carried(proposal, on=on, actor=actor)
    return vote
