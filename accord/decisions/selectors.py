"""Reads of proposals and decisions: the register, a proposal's story, what comes next,
and the cases and constitutions the rule simulator replays."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet

from accord.audit.models import AuditEvent
from accord.audit.selectors import ChainHead, Quote
from accord.core.models import IllustrativeLine
from accord.governance.models import BodyRule, ConflictStep, ConstitutionVersion
from accord.governance.selectors import body_rule_in_force
from accord.meetings.models import AGENDA_VISIBLE
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.rules import Case, Constitution, RuleError, Unit, parse_rule
from accord.rules.lifecycle import PROPOSAL, Transition
from accord.rules.simulate import Round

from .models import Ballot, DisputeStep, DisputeStepKind, Proposal, ProposalState, Tabling, Vote


def constitution_facts(proposal: Proposal, *, on: datetime.date) -> set[str]:
    """Facts about the constitution in force for the proposal lifecycle's guards: the steps
    of its conflict route (``route:escalate``), and whether a carried decision is still in
    its call-in period on the date."""
    body_rule = body_rule_in_force(proposal.deciding_body, on=on)
    facts: set[str] = set()
    if body_rule is not None:
        facts.update(f"route:{step}" for step in body_rule.conflict_route)
        if body_rule.escalation_body_id is None:
            facts.discard(f"route:{ConflictStep.ESCALATE}")
    if (
        proposal.state == ProposalState.CARRIED
        and proposal.decided_on is not None
        and proposal.takes_effect_on is not None
        and proposal.decided_on <= on < proposal.takes_effect_on
    ):
        facts.add("in_call_in_period")
    return facts


def proposal_list(
    partnership: Partnership, *, state: str = "", kind: str = ""
) -> QuerySet[Proposal]:
    """The decisions register of a partnership, newest first, optionally filtered."""
    proposals = Proposal.objects.filter(partnership=partnership).select_related("deciding_body")
    if state:
        proposals = proposals.filter(state=state)
    if kind:
        proposals = proposals.filter(kind=kind)
    return proposals.order_by("-decided_on", "-created_at")


def proposal_get(partnership: Partnership, *, pk: int) -> Proposal:
    return get_in(
        partnership,
        Proposal.objects.select_related("deciding_body", "owner").prefetch_related(
            "stages__body",
            Prefetch(
                "ballots",
                queryset=Ballot.objects.select_related(
                    "meeting__body", "constitution_version"
                ).prefetch_related(
                    Prefetch(
                        "votes",
                        queryset=Vote.objects.select_related("cast_by", "partner").order_by(
                            "created_at"
                        ),
                    )
                ),
            ),
            Prefetch("steps", queryset=DisputeStep.objects.select_related("body")),
        ),
        pk,
    )


def last_tabling(proposal: Proposal) -> Tabling | None:
    """The agenda item at which the proposal was last tabled, with its meeting."""
    return (
        Tabling.objects.filter(proposal=proposal)
        .select_related("item__meeting")
        .order_by("-item__meeting__date")
        .first()
    )


@dataclass(frozen=True)
class Event:
    """One dated line of a proposal's story: a vote, or a step of its dispute."""

    date: datetime.date
    ballot: Ballot | None = None
    step: DisputeStep | None = None


def proposal_story(proposal: Proposal) -> list[Event]:
    """The proposal's votes and dispute steps in the order they happened."""
    events = [Event(b.meeting.date, ballot=b) for b in proposal.ballots.all()]
    events += [
        Event(s.taken_on, step=s)
        for s in proposal.steps.all()
        if s.kind != DisputeStepKind.SECOND_MEETING
    ]
    return sorted(events, key=lambda e: (e.date, e.ballot is None))


def next_steps(proposal: Proposal, *, on: datetime.date) -> list[tuple[Transition, bool]]:
    """The steps the programme team may take next, each with whether the constitution in
    force provides for it (a step outside it can still be recorded, flagged)."""
    steps = PROPOSAL.available(proposal.state, constitution_facts(proposal, on=on))
    # A call-in exists only within its period: outside it there is nothing to record.
    return [(row, within) for row, within in steps if within or row.trigger != "call_in"]


# ---------------------------------------------------------------- the rule simulator


def has_illustrative_votes(partnership: Partnership) -> bool:
    """Whether any vote the simulator replays is illustrative (not from a source)."""
    return (
        Vote.objects.filter(partnership=partnership, ballot__outcome="not_carried")
        .exclude(illustrative=[])
        .exists()
    )


def simulator_constitutions(partnership: Partnership) -> list[Constitution]:
    """Every version of the constitution with a rule for the deciding body, adopted or
    draft (the December 2009 candidates), in the order the constitution page lists them."""
    rules = (
        BodyRule.objects.filter(partnership=partnership, body__kind="deciding_board")
        .select_related("version")
        .order_by("version__start_date", "version__title")
    )
    constitutions: list[Constitution] = []
    for body_rule in rules:
        try:
            constitutions.append(
                Constitution(
                    name=body_rule.version.title,
                    rule=parse_rule(body_rule.decision_rule),
                    fallback_rule=parse_rule(body_rule.fallback_rule)
                    if body_rule.fallback_rule
                    else None,
                    route=tuple(body_rule.conflict_route),
                    call_in_days=body_rule.call_in_days,
                )
            )
        except RuleError:
            continue
    adopted_first = {
        v.title: v.status != "adopted"
        for v in ConstitutionVersion.objects.filter(partnership=partnership)
    }
    return sorted(constitutions, key=lambda c: adopted_first.get(c.name, True))


AFTER: dict[str, str] = {
    DisputeStepKind.COMPROMISE.value: "compromise",
    DisputeStepKind.ESCALATE.value: "escalate",
}


def simulator_cases(partnership: Partnership) -> list[Case]:
    """Every proposal that was ever not carried, as a case: its rounds of votes as cast,
    and the step taken after each round that did not carry."""
    proposals = (
        Proposal.objects.filter(partnership=partnership, ballots__outcome="not_carried")
        .distinct()
        .prefetch_related(
            Prefetch(
                "ballots",
                queryset=Ballot.objects.filter(is_open=False)
                .select_related("meeting", "meeting__body")
                .prefetch_related(Prefetch("votes", queryset=Vote.objects.filter(current=True))),
            ),
            "steps",
        )
        .order_by("created_at")
    )
    cases = []
    for proposal in proposals:
        ballots = sorted(proposal.ballots.all(), key=lambda b: b.round)
        steps = sorted(proposal.steps.all(), key=lambda s: s.taken_on)
        rounds = []
        for index, ballot in enumerate(ballots):
            labels = {unit["key"]: unit["label"] for unit in ballot.units}
            following = ballots[index + 1].meeting.date if index + 1 < len(ballots) else None
            # the last step before the next meeting is the one that brought the proposal
            # back (2005: a compromise was sought, then found by escalating)
            taken = [
                AFTER[step.kind]
                for step in steps
                if step.kind in AFTER
                and step.taken_on >= ballot.meeting.date
                and (following is None or step.taken_on < following)
            ]
            after = taken[-1] if taken else None
            rounds.append(
                Round(
                    label=f"{ballot.meeting.body.name}, {ballot.meeting.date:%-d %B %Y}",
                    votes={labels[v.unit]: v.value for v in ballot.votes.all()},
                    after=after,
                )
            )
        units = tuple(Unit(id=unit["label"]) for unit in ballots[0].units) if ballots else ()
        cases.append(Case(name=proposal.title, units=units, rounds=tuple(rounds)))
    return cases


# ---------------------------------------------------------------- the public record


def with_publication(proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Annotate whether anyone may read each decision: voted on at a public meeting whose
    agenda is published, on an item that is not exempt (``public_vote``), and never tabled
    on an exempt item, whose record would tell what the item withheld (``exempt_tabled``).
    ``is_published`` reads the two."""
    public_vote = Ballot.objects.filter(
        proposal=OuterRef("pk"),
        is_open=False,
        meeting__is_public=True,
        meeting__status__in=AGENDA_VISIBLE,
    ).filter(Q(agenda_item__isnull=True) | Q(agenda_item__is_exempt=False))
    exempt_tabling = Tabling.objects.filter(proposal=OuterRef("pk"), item__is_exempt=True)
    return proposals.annotate(public_vote=Exists(public_vote), exempt_tabled=Exists(exempt_tabling))


def is_published(proposal: Proposal) -> bool:
    """Whether the decision (read through ``with_publication``) is open to anyone."""
    return bool(getattr(proposal, "public_vote", False)) and not getattr(
        proposal, "exempt_tabled", True
    )


def decision_register(
    partnership: Partnership, *, published_only: bool, state: str = "", kind: str = ""
) -> QuerySet[Proposal]:
    """The decisions register: every proposal on which a vote has been taken, the latest
    decided first, each with its votes (and every partner's vote), its steps and the
    meetings, in a constant number of queries. ``published_only``: what the public reads
    (``published_decisions``); the partnership's members and programme team read all."""
    closed = Ballot.objects.filter(proposal=OuterRef("pk"), is_open=False)
    decisions = (
        Proposal.objects.filter(partnership=partnership)
        .filter(Exists(closed))
        .select_related("deciding_body")
        .prefetch_related(
            Prefetch(
                "ballots",
                queryset=Ballot.objects.filter(is_open=False)
                .select_related("meeting__body", "agenda_item")
                .prefetch_related(
                    Prefetch(
                        "votes",
                        queryset=Vote.objects.filter(current=True).select_related(
                            "partner", "cast_by"
                        ),
                    )
                )
                .order_by("round"),
            ),
            Prefetch("steps", queryset=DisputeStep.objects.select_related("body")),
        )
        .order_by(F("decided_on").desc(nulls_last=True), "-created_at", "-pk")
    )
    decisions = with_publication(decisions)
    if published_only:
        published: dict[str, bool] = {"public_vote": True, "exempt_tabled": False}
        decisions = decisions.filter(**published)
    if state:
        decisions = decisions.filter(state=state)
    if kind:
        decisions = decisions.filter(kind=kind)
    return decisions


def decision_get(partnership: Partnership, *, pk: int) -> Proposal:
    """One decision of the register, as ``decision_register`` reads it (with whether it is
    published: ``is_published``); "not found" (404) for a proposal not voted on."""
    return get_in(partnership, decision_register(partnership, published_only=False), pk)


# A vote's counts, as a ballot stores them.
COUNTS = ("votes_for", "votes_against", "abstentions", "absent")


@dataclass(frozen=True)
class RouteStep(IllustrativeLine):
    """One step of the route a decision took, in words, with its date. ``illustrative``
    names what the source documents do not give: the ``date``, or the counts in ``text``."""

    date: datetime.date
    text: str
    within_constitution: bool = True
    note: str = ""
    illustrative: tuple[str, ...] = ()


def decision_route(proposal: Proposal) -> list[RouteStep]:
    """The route the decision took, from its prefetched votes and steps, in the order it
    happened: each vote with its outcome and counts, each step of the dispute (compromise,
    escalation and its result, a decision outside the constitution, a call-in)."""
    route = [
        RouteStep(
            ballot.meeting.date,
            f"Vote {ballot.round} at the {ballot.meeting.name}: "
            f"{ballot.get_outcome_display().lower()} ({ballot.votes_for} for, "
            f"{ballot.votes_against} against, {ballot.abstentions} abstaining, "
            f"{ballot.absent} absent)",
            illustrative=marked(
                date=ballot.meeting.is_illustrative("date"),
                text=any(ballot.is_illustrative(count) for count in COUNTS),
            ),
        )
        for ballot in proposal.ballots.all()
        if not ballot.is_open
    ]
    for step in proposal.steps.all():
        if step.kind == DisputeStepKind.SECOND_MEETING:
            continue
        text = step.get_kind_display()
        if step.body is not None:
            text += f" ({step.body.name})"
        if step.result:
            text += f": {step.get_result_display().lower()}"
        route.append(
            RouteStep(
                step.taken_on,
                text,
                step.within_constitution,
                step.note,
                illustrative=marked(date=step.is_illustrative("taken_on")),
            )
        )
    return sorted(route, key=lambda step: step.date)


def marked(**fields: bool) -> tuple[str, ...]:
    """The names of the fields that are illustrative (``marked(date=True, text=False)``)."""
    return tuple(name for name, illustrative in fields.items() if illustrative)


def decision_audit(proposals: list[Proposal]) -> dict[int, AuditEvent]:
    """For each decision, the audit event that last recorded it as it stands (its outcome
    as it took effect): two queries for any number of decisions. Anyone can check it with
    ``accord audit verify --published SEQUENCE:HASH``."""
    ids = [str(proposal.pk) for proposal in proposals]
    last = (
        AuditEvent.objects.filter(object_type="decisions.proposal", object_id__in=ids)
        .values("object_id")
        .annotate(last=Max("sequence"))
        .values_list("last", flat=True)
    )
    events = AuditEvent.objects.filter(sequence__in=list(last))
    return {int(event.object_id): event for event in events}


@dataclass(frozen=True)
class CallInWindow:
    """What scrutiny needs to call a decision in: whether it can be, until when, and why
    not when it cannot."""

    open: bool
    ends_on: datetime.date | None
    days: int | None
    reason: str


def call_in_window(proposal: Proposal, *, on: datetime.date) -> CallInWindow:
    """The decision's call-in period as the constitution in force set it when it was made
    (``takes_effect_on`` is the day it ends), and whether it is running on the date."""
    body_rule = (
        body_rule_in_force(proposal.deciding_body, on=proposal.decided_on)
        if proposal.decided_on
        else None
    )
    days = body_rule.call_in_days if body_rule is not None else None
    if proposal.state == ProposalState.CALLED_IN:
        return CallInWindow(False, None, days, "The decision has been called in.")
    if "in_call_in_period" in constitution_facts(proposal, on=on):
        return CallInWindow(True, proposal.takes_effect_on, days, "")
    if proposal.state != ProposalState.CARRIED:
        return CallInWindow(False, None, days, "Only a carried decision can be called in.")
    if proposal.decided_on is not None and on < proposal.decided_on:
        return CallInWindow(
            False,
            proposal.takes_effect_on,
            days,
            f"The decision was made on {proposal.decided_on:%-d %B %Y}: a call-in comes after it.",
        )
    if proposal.takes_effect_on is None or proposal.takes_effect_on == proposal.decided_on:
        return CallInWindow(False, None, days, "The decision took effect with no call-in period.")
    return CallInWindow(
        False,
        proposal.takes_effect_on,
        days,
        f"The call-in period ended on {proposal.takes_effect_on:%-d %B %Y}: the decision "
        "has taken effect.",
    )


def ballot_quotes() -> Iterator[Quote]:
    """Each closed vote's record: the audit event it quotes on its public page."""
    for pk, sequence, audit_hash in (
        Ballot.objects.exclude(audit_sequence=None)
        .order_by("audit_sequence")
        .values_list("pk", "audit_sequence", "audit_hash")
        .iterator(chunk_size=2000)
    ):
        if sequence is not None:  # excluded above; for the type checker
            yield Quote(f"the record of vote {pk}", ChainHead(sequence, audit_hash))
