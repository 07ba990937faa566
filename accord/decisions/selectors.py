"""Reads of proposals and decisions: the register, a proposal's story, what comes next,
and the cases and constitutions the rule simulator replays."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accord.governance.models import BodyRule, ConflictStep, ConstitutionVersion
from accord.governance.selectors import body_rule_in_force
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
            after = next(
                (
                    AFTER[step.kind]
                    for step in steps
                    if step.kind in AFTER
                    and step.taken_on >= ballot.meeting.date
                    and (following is None or step.taken_on < following)
                ),
                None,
            )
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
