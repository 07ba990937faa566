"""Writes of procurement: each an audited service (docs/adding-an-app.md). Every step is
refused by the lifecycle table (``accord.rules.lifecycle.PROCUREMENT``) with its words,
and every refusal names the field at fault and changes nothing."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accord.audit.services import Actor, audited, delete_audited, save_audited
from accord.calendar.working_days import WorkingDays
from accord.commissioning import services as commissioning
from accord.commissioning.models import ContractStatus, ProcurementRoute, Provider, Service
from accord.core.errors import AccordError
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.partnerships.models import Partnership
from accord.rules import procurement as rules
from accord.rules.lifecycle import PROCUREMENT, LifecycleError

from . import notices, releases
from .models import (
    Bid,
    Challenge,
    Clarification,
    ClarificationChannel,
    Conflict,
    Criterion,
    CriterionKind,
    Evaluator,
    Lot,
    Moderation,
    Procurement,
    Regime,
    Score,
)
from .selectors import criteria_of, procurement_facts, scored_criteria

STRATEGY_FIELDS = (
    "reference",
    "title",
    "description",
    "estimated_value",
    "term_months",
    "procedure",
    "regime",
    "light_touch",
    "notice_on",
    "deadline",
    "award_by",
    "contract_start",
)


def _step(
    procurement: Procurement,
    trigger: str,
    *,
    field: str | None = None,
    now: datetime.datetime | None = None,
    on: datetime.date | None = None,
) -> str:
    """The state the trigger leads to, or the table's refusal (naming ``field``)."""
    now = now or timezone.now()
    facts = procurement_facts(procurement, now=now, on=on or timezone.localdate(now))
    try:
        return PROCUREMENT.require(procurement.state, trigger, facts).next_state
    except LifecycleError as error:
        raise AccordError(str(error), field=field) from error


def _locked(procurement: Procurement) -> Procurement:
    return Procurement.objects.select_for_update().get(pk=procurement.pk)


def _carried(decision: Proposal | None, *, partnership_id: int, kind: str) -> Proposal:
    """A carried decision of the partnership of the kind, or a refusal naming ``decision``."""
    label = ProposalKind(kind).label.lower()
    if decision is None:
        raise ValidationError({"decision": f"Choose the board's carried {label}"})
    if decision.partnership_id != partnership_id:
        raise ValidationError({"decision": "Choose a decision of this partnership"})
    if decision.kind != kind:
        raise ValidationError(
            {
                "decision": f"Choose a proposal of the kind {label}: this one is "
                f"{ProposalKind(decision.kind).label.lower()}"
            }
        )
    if decision.state != ProposalState.CARRIED:
        raise ValidationError(
            {
                "decision": "Choose a decision that was carried: this one is "
                f"{ProposalState(decision.state).label.lower()}"
            }
        )
    return decision


def _set_strategy(procurement: Procurement, values: dict[str, Any]) -> None:
    for name in STRATEGY_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "estimated_value":
            value = commissioning.money(value, field=name)
        elif name in ("reference", "title", "description"):
            value = "" if value is None else str(value).strip()
        setattr(procurement, name, value)
    if procurement.regime == Regime.PCR2006_PART_B and procurement.light_touch:
        raise ValidationError(
            {"light_touch": "Light-touch contracts are the Procurement Act 2023's"}
        )
    notice, deadline = procurement.notice_on, procurement.deadline
    if notice and deadline and deadline.date() < notice:
        raise ValidationError({"deadline": "The deadline cannot be before the notice"})
    others = Procurement.objects.filter(partnership_id=procurement.partnership_id).exclude(
        pk=procurement.pk
    )
    if procurement.reference and others.filter(reference__iexact=procurement.reference).exists():
        raise ValidationError(
            {"reference": "This partnership already has a procurement with that reference"}
        )


@transaction.atomic
def procurement_create(
    *,
    actor: Actor,
    partnership: Partnership,
    reference: str,
    title: str,
    estimated_value: Decimal | str | int,
    term_months: int,
    procedure: str,
    regime: str,
    description: str = "",
    light_touch: bool = False,
    notice_on: datetime.date | None = None,
    deadline: datetime.datetime | None = None,
    award_by: datetime.date | None = None,
    contract_start: datetime.date | None = None,
    services: Iterable[Service] = (),
) -> Procurement:
    """Draft a tendering strategy: what is bought, its value and term, the procedure, the
    regime and the timetable (the criteria are added to it; the board approves it)."""
    values = {k: v for k, v in locals().items() if k in STRATEGY_FIELDS}
    procurement = Procurement(partnership=partnership)
    _set_strategy(procurement, values)
    covered = list(services)
    for service in covered:
        if service.partnership_id != partnership.pk:
            raise ValidationError({"services": f"{service} is not a service of this partnership"})
    save_audited(procurement, actor=actor, action="procurement.create")
    procurement.services.set(covered)
    return procurement


@transaction.atomic
def procurement_update(*, actor: Actor, procurement: Procurement, **values: Any) -> Procurement:
    """Change the tendering strategy, while it is being planned."""
    unknown = sorted(set(values) - set(STRATEGY_FIELDS))
    if unknown:
        raise TypeError(f"not a strategy's field: {', '.join(unknown)}")
    procurement = _locked(procurement)
    _step(procurement, "change_strategy")
    with audited(procurement, actor=actor, action="procurement.update"):
        _set_strategy(procurement, values)
    return procurement


@transaction.atomic
def lot_add(
    *, actor: Actor, procurement: Procurement, title: str, estimated_value: Decimal | str | int
) -> Lot:
    procurement = _locked(procurement)
    _step(procurement, "add_lot")
    lot = Lot(
        partnership_id=procurement.partnership_id,
        procurement=procurement,
        title=title.strip(),
        estimated_value=commissioning.money(estimated_value, field="estimated_value"),
    )
    return save_audited(lot, actor=actor, action="procurement.lot_add")


@transaction.atomic
def criterion_add(
    *,
    actor: Actor,
    procurement: Procurement,
    name: str,
    kind: str,
    weight: int,
    max_score: int = 0,
    parent: Criterion | None = None,
) -> Criterion:
    """Add an evaluation criterion: quality on a scale of 0 to ``max_score``, or price,
    scored by the formula (one price criterion at most). With a ``parent`` (a quality
    criterion of the strategy, itself no sub-criterion), a quality sub-criterion: the
    parent becomes a heading, scored by its sub-criteria, whose weights add up to at most
    the parent's (exactly, before the tender is published)."""
    procurement = _locked(procurement)
    _step(procurement, "add_criterion")
    criteria = Criterion.objects.filter(procurement=procurement)
    if parent is not None:
        _parent_of(procurement, parent, kind=kind)
        siblings = criteria.filter(parent=parent)
        total = sum(siblings.values_list("weight", flat=True)) + int(weight)
        if total > parent.weight:
            raise ValidationError(
                {
                    "weight": f"The sub-criteria of {parent.name} would add up to {total}, "
                    f"more than its weight {parent.weight}"
                }
            )
    else:
        if kind == CriterionKind.PRICE and criteria.filter(kind=CriterionKind.PRICE).exists():
            raise ValidationError({"kind": "The strategy already has its price criterion"})
        top = criteria.filter(parent__isnull=True)
        total = sum(top.values_list("weight", flat=True)) + int(weight)
        if total > rules.TOTAL_WEIGHT:
            raise ValidationError(
                {"weight": f"The weights would add up to {total}, more than {rules.TOTAL_WEIGHT}"}
            )
    if kind == CriterionKind.PRICE:
        max_score = 0
    criterion = Criterion(
        partnership_id=procurement.partnership_id,
        procurement=procurement,
        parent=parent,
        name=name.strip(),
        kind=kind,
        weight=weight,
        max_score=max_score,
    )
    return save_audited(criterion, actor=actor, action="procurement.criterion_add")


def _parent_of(procurement: Procurement, parent: Criterion, *, kind: str) -> None:
    """Refuse a sub-criterion's parent that cannot have one (naming ``parent``, or
    ``kind`` for a sub-criterion of price)."""
    if parent.procurement_id != procurement.pk:
        raise ValidationError({"parent": "Choose a criterion of this procurement"})
    if parent.kind != CriterionKind.QUALITY:
        raise ValidationError(
            {"parent": "Price is scored by the formula: it cannot have sub-criteria"}
        )
    if parent.parent_id is not None:
        raise ValidationError(
            {"parent": f"{parent.name} is a sub-criterion: it cannot have sub-criteria of its own"}
        )
    if kind != CriterionKind.QUALITY:
        raise ValidationError(
            {"kind": "A sub-criterion is a quality criterion: price has its own criterion"}
        )


def criteria_problem(procurement: Procurement) -> str:
    """Why the strategy's criteria cannot be published ("" when they can): the top-level
    weights add up to 100, and each heading's sub-criteria to its weight."""
    criteria = list(Criterion.objects.filter(procurement=procurement).order_by("id"))
    problem = rules.weights_problem([c.weight for c in criteria if c.parent_id is None])
    if problem:
        return problem
    for heading in criteria:
        subs = [c.weight for c in criteria if c.parent_id == heading.pk]
        if subs:
            problem = rules.subcriteria_problem(heading.weight, subs)
            if problem:
                return f"{heading.name}: {problem}"
    return ""


@transaction.atomic
def procurement_open(
    *,
    actor: Actor,
    procurement: Procurement,
    decision: Proposal | None,
    now: datetime.datetime | None = None,
) -> Procurement:
    """Publish the tender, on the board's carried decision approving the tendering
    strategy: with its criteria (weights adding up to 100), notice date and deadline."""
    procurement = _locked(procurement)
    _carried(decision, partnership_id=procurement.partnership_id, kind="tendering_strategy")
    before, procurement.strategy_decision = procurement.strategy_decision, decision
    state = _step(procurement, "open", field="decision", now=now)
    procurement.strategy_decision = before  # set again below, where the change is audited
    problem = criteria_problem(procurement)
    if problem:
        raise ValidationError({"criteria": problem})
    if procurement.deadline is None:
        raise ValidationError({"deadline": "Set the deadline for bids before the tender opens"})
    with audited(procurement, actor=actor, action="procurement.open"):
        procurement.strategy_decision = decision
        procurement.notice_on = procurement.notice_on or timezone.localdate(now)
        procurement.state = state
    # OCDS: the strategy approved and the tender published (releases.py).
    releases.tender_publish(actor=actor, procurement=procurement, now=now or timezone.now())
    notices.tender_notice(actor=actor, procurement=procurement)  # the tender notice
    return procurement


@transaction.atomic
def evaluator_add(*, actor: Actor, procurement: Procurement, user: Any) -> Evaluator:
    procurement = _locked(procurement)
    _step(procurement, "appoint_evaluator", field="user")
    if Evaluator.objects.filter(procurement=procurement, user=user).exists():
        raise ValidationError({"user": "This person is already on the panel"})
    evaluator = Evaluator(
        partnership_id=procurement.partnership_id, procurement=procurement, user=user
    )
    return save_audited(evaluator, actor=actor, action="procurement.evaluator_add")


@transaction.atomic
def bid_receive(
    *,
    actor: Actor,
    procurement: Procurement,
    provider: Provider,
    price: Decimal | str | int,
    received_at: datetime.datetime,
) -> Bid:
    """Record a bid. One received after the deadline is recorded as late and excluded,
    with the reason: it is kept, and never evaluated."""
    procurement = _locked(procurement)
    _step(procurement, "receive_bid", now=received_at)
    if provider.partnership_id != procurement.partnership_id:
        raise ValidationError({"provider": "Choose a provider of this partnership"})
    if Bid.objects.filter(procurement=procurement, provider=provider).exists():
        raise ValidationError({"provider": "This provider has already bid"})
    amount = commissioning.money(price, field="price")
    if amount <= 0:  # the price formula divides by it: the ranking could not be computed
        raise ValidationError({"price": "Enter the bid's price: more than £0"})
    bid = Bid(
        partnership_id=procurement.partnership_id,
        procurement=procurement,
        provider=provider,
        price=amount,
        received_at=received_at,
    )
    if procurement.deadline is not None and received_at > procurement.deadline:
        bid.late = True
        deadline = timezone.localtime(procurement.deadline).strftime("%-d %B %Y, %H:%M")
        bid.excluded_reason = f"Received after the deadline for bids ({deadline}): late"
    return save_audited(bid, actor=actor, action="procurement.bid_receive")


@transaction.atomic
def procurement_close(
    *, actor: Actor, procurement: Procurement, now: datetime.datetime | None = None
) -> Procurement:
    """Close the tender once its deadline has passed: the evaluation begins."""
    procurement = _locked(procurement)
    state = _step(procurement, "close", field="deadline", now=now)
    with audited(procurement, actor=actor, action="procurement.close"):
        procurement.state = state
    return procurement


def _own(actor: Actor, evaluator: Evaluator) -> None:
    if getattr(actor, "pk", None) != evaluator.user_id:
        raise AccordError(
            "Only the evaluator gives and submits their own scores", field="evaluator"
        )


def _bid_of(evaluator: Evaluator, bid: Bid) -> None:
    if bid.procurement_id != evaluator.procurement_id:
        raise ValidationError({"bid": "Choose a bid of this procurement"})
    if bid.excluded_reason:
        raise ValidationError({"bid": f"This bid is excluded: {bid.excluded_reason}"})


@transaction.atomic
def conflict_declare(*, actor: Actor, evaluator: Evaluator, bid: Bid, interest: str) -> Conflict:
    """An evaluator declares a conflict of interest in a bid, which bars them from it;
    the scores they had given it (before submitting) are withdrawn."""
    procurement = _locked(evaluator.procurement)
    _step(procurement, "declare_conflict", field="bid")
    evaluator = Evaluator.objects.select_for_update().get(pk=evaluator.pk)
    if bid.procurement_id != evaluator.procurement_id:
        raise ValidationError({"bid": "Choose a bid of this procurement"})
    if evaluator.submitted_at is not None:
        raise AccordError(
            "These scores are submitted: tell the moderator of the conflict", field="bid"
        )
    if Conflict.objects.filter(evaluator=evaluator, bid=bid).exists():
        raise ValidationError({"bid": "This conflict is already declared"})
    for score in Score.objects.filter(evaluator=evaluator, bid=bid):
        delete_audited(score, actor=actor, action="procurement.score_withdraw")
    conflict = Conflict(
        partnership_id=evaluator.partnership_id,
        evaluator=evaluator,
        bid=bid,
        interest=interest.strip(),
    )
    return save_audited(conflict, actor=actor, action="procurement.conflict_declare")


@transaction.atomic
def score_record(
    *,
    actor: Actor,
    evaluator: Evaluator,
    bid: Bid,
    criterion: Criterion,
    score: int,
    comment: str = "",
) -> Score:
    """An evaluator's own score of a bid against a quality criterion, on its scale;
    refused for a bid they are conflicted on, and once they have submitted."""
    procurement = _locked(evaluator.procurement)
    _step(procurement, "score", field="score")
    _own(actor, evaluator)
    _bid_of(evaluator, bid)
    if Conflict.objects.filter(evaluator=evaluator, bid=bid).exists():
        raise AccordError(
            "You declared a conflict of interest in this bid: you cannot score it", field="bid"
        )
    if evaluator.submitted_at is not None:
        raise AccordError("Your scores are submitted and can no longer change", field="score")
    if criterion.procurement_id != evaluator.procurement_id:
        raise ValidationError({"criterion": "Choose a criterion of this procurement"})
    if criterion.kind != CriterionKind.QUALITY:
        raise ValidationError({"criterion": "Price is scored by the formula, not by hand"})
    _not_a_heading(criterion)
    if not isinstance(score, int) or not 0 <= score <= criterion.max_score:
        raise ValidationError({"score": f"Give a whole number from 0 to {criterion.max_score}"})
    existing = Score.objects.filter(evaluator=evaluator, bid=bid, criterion=criterion).first()
    if existing is not None:
        with audited(existing, actor=actor, action="procurement.score_change"):
            existing.score = score
            existing.comment = comment.strip()
        return existing
    row = Score(
        partnership_id=evaluator.partnership_id,
        evaluator=evaluator,
        bid=bid,
        criterion=criterion,
        score=score,
        comment=comment.strip(),
    )
    return save_audited(row, actor=actor, action="procurement.score")


def _not_a_heading(criterion: Criterion) -> None:
    """A criterion with sub-criteria is never scored: its points are theirs."""
    if Criterion.objects.filter(parent=criterion).exists():
        raise ValidationError(
            {
                "criterion": f"{criterion.name} is scored by its sub-criteria: score each of "
                "them instead"
            }
        )


@transaction.atomic
def scores_submit(
    *, actor: Actor, evaluator: Evaluator, now: datetime.datetime | None = None
) -> Evaluator:
    """Submit one's scores: every included bid one is not conflicted on, against every
    quality criterion scored (a heading's sub-criteria, not the heading). Only then does
    one see the other evaluators' scores."""
    procurement = _locked(evaluator.procurement)
    _step(procurement, "submit_scores", field="scores")
    _own(actor, evaluator)
    evaluator = Evaluator.objects.select_for_update().get(pk=evaluator.pk)
    if evaluator.submitted_at is not None:
        raise AccordError("Your scores are already submitted", field="scores")
    conflicted = set(Conflict.objects.filter(evaluator=evaluator).values_list("bid_id", flat=True))
    bids = set(
        Bid.objects.filter(procurement=procurement, excluded_reason="").values_list("pk", flat=True)
    )
    quality = {c.pk for c in scored_criteria(criteria_of(procurement))}
    given = set(Score.objects.filter(evaluator=evaluator).values_list("bid_id", "criterion_id"))
    missing = {(b, c) for b in bids - conflicted for c in quality} - given
    if missing:
        raise ValidationError({"scores": f"Score every bid first: {len(missing)} scores missing"})
    with audited(evaluator, actor=actor, action="procurement.scores_submit"):
        evaluator.submitted_at = now or timezone.now()
    return evaluator


@transaction.atomic
def moderation_record(
    *, actor: Actor, bid: Bid, criterion: Criterion, score: int, rationale: str
) -> Moderation:
    """The agreed score of a bid against a quality criterion, with its rationale, once
    every evaluator on the panel has submitted."""
    procurement = _locked(bid.procurement)
    _step(procurement, "moderate", field="score")
    if bid.excluded_reason:
        raise ValidationError({"bid": f"This bid is excluded: {bid.excluded_reason}"})
    if criterion.procurement_id != procurement.pk or criterion.kind != CriterionKind.QUALITY:
        raise ValidationError({"criterion": "Choose a quality criterion of this procurement"})
    _not_a_heading(criterion)
    panel = Evaluator.objects.filter(procurement=procurement)
    if not panel.exists() or panel.filter(submitted_at__isnull=True).exists():
        raise AccordError(
            "Every evaluator on the panel submits their scores before moderation",
            field="score",
        )
    if not isinstance(score, int) or not 0 <= score <= criterion.max_score:
        raise ValidationError({"score": f"Give a whole number from 0 to {criterion.max_score}"})
    if not rationale.strip():
        raise ValidationError({"rationale": "Record why the panel agreed this score"})
    existing = Moderation.objects.filter(bid=bid, criterion=criterion).first()
    if existing is not None:
        with audited(existing, actor=actor, action="procurement.moderation_change"):
            existing.score = score
            existing.rationale = rationale.strip()
        return existing
    row = Moderation(
        partnership_id=procurement.partnership_id,
        bid=bid,
        criterion=criterion,
        score=score,
        rationale=rationale.strip(),
    )
    return save_audited(row, actor=actor, action="procurement.moderate")


@transaction.atomic
def evaluation_complete(*, actor: Actor, procurement: Procurement) -> Procurement:
    """End the evaluation once every included bid has a moderated score for each quality
    criterion: the totals and ranking are then fixed by the data."""
    procurement = _locked(procurement)
    state = _step(procurement, "complete_evaluation", field="moderation")
    with audited(procurement, actor=actor, action="procurement.evaluation_complete"):
        procurement.state = state
    return procurement


@transaction.atomic
def procurement_award(
    *, actor: Actor, procurement: Procurement, decision: Proposal | None
) -> Procurement:
    """Award to the bid ranked first by the evaluation, on the board's carried tender
    award. The winner is computed, never chosen."""
    from .selectors import evaluation

    procurement = _locked(procurement)
    _carried(decision, partnership_id=procurement.partnership_id, kind="tender_award")
    before, procurement.award_decision = procurement.award_decision, decision
    state = _step(procurement, "award", field="decision")
    procurement.award_decision = before  # set again below, where the change is audited
    ranked = evaluation(procurement)
    first = [row for row in ranked if row.rank == 1]
    if len(first) != 1:
        raise AccordError(
            "The evaluation has no single bid ranked first: moderate again", field="decision"
        )
    with audited(procurement, actor=actor, action="procurement.award"):
        procurement.award_decision = decision
        procurement.awarded_bid = first[0].bid
        procurement.state = state
    return procurement


@transaction.atomic
def award_notice_publish(
    *,
    actor: Actor,
    procurement: Procurement,
    on: datetime.date,
    opt_out_reason: str = "",
    voluntary_days: int | None = None,
) -> Procurement:
    """Publish the contract award notice: the standstill begins, its last day computed by
    the regime's rule on its calendar. A light-touch contract under the Act may opt out,
    with its reason; where a regime has no standstill, a voluntary period may be chosen."""
    procurement = _locked(procurement)
    state = _step(procurement, "publish_award_notice", on=on)
    standstill = procurement.rules.standstill
    days = standstill.working_days
    opt_out_reason = opt_out_reason.strip()
    if opt_out_reason:
        if not (procurement.light_touch and standstill.light_touch_may_opt_out):
            raise ValidationError(
                {"opt_out_reason": "Only a light-touch contract under the Act may opt out"}
            )
        days = None
    elif voluntary_days is not None:
        if days is not None or not standstill.voluntary_allowed:
            raise ValidationError(
                {"voluntary_days": "This regime sets its standstill: no voluntary period"}
            )
        if not 1 <= voluntary_days <= 30:
            raise ValidationError({"voluntary_days": "Choose from 1 to 30 working days"})
        days = voluntary_days
    last_day = None
    if days is not None:
        calendar = WorkingDays(with_closures=False, holidays=standstill.holidays)
        last_day = rules.standstill_last_day(on, days, closed=calendar.closed)
    with audited(procurement, actor=actor, action="procurement.award_notice"):
        procurement.award_notice_on = on
        procurement.standstill_days = days
        procurement.standstill_last_day = last_day
        procurement.standstill_opt_out_reason = opt_out_reason
        procurement.state = state
    # OCDS: the award, as its notice publishes it (releases.py).
    releases.award_publish(actor=actor, procurement=procurement)
    # The bidders' assessment summaries, then the contract award notice (notices.py).
    notices.award_published(actor=actor, procurement=procurement)
    return procurement


@transaction.atomic
def challenge_record(
    *, actor: Actor, procurement: Procurement, bid: Bid, received_on: datetime.date, grounds: str
) -> Challenge:
    """A bidder's challenge to the award, received during the standstill: it holds the
    signature until it is resolved."""
    procurement = _locked(procurement)
    state = _step(procurement, "challenge", field="received_on")
    if bid.procurement_id != procurement.pk:
        raise ValidationError({"bid": "Choose a bid of this procurement"})
    last = procurement.standstill_last_day
    notice = procurement.award_notice_on
    if notice is None or received_on < notice or (last is not None and received_on > last):
        raise ValidationError(
            {"received_on": "A challenge is recorded when it is received during the standstill"}
        )
    if not grounds.strip():
        raise ValidationError({"grounds": "Record the grounds of the challenge"})
    challenge = Challenge(
        partnership_id=procurement.partnership_id,
        procurement=procurement,
        bid=bid,
        received_on=received_on,
        grounds=grounds.strip(),
    )
    save_audited(challenge, actor=actor, action="procurement.challenge")
    with audited(procurement, actor=actor, action="procurement.challenged"):
        procurement.state = state
    return challenge


@transaction.atomic
def challenge_resolve(
    *, actor: Actor, challenge: Challenge, resolved_on: datetime.date, resolution: str
) -> Challenge:
    procurement = _locked(challenge.procurement)
    state = _step(procurement, "resolve_challenge", field="resolved_on")
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.resolved_on is not None:
        raise ValidationError({"resolved_on": "This challenge is already resolved"})
    if resolved_on < challenge.received_on:
        raise ValidationError({"resolved_on": "It cannot be resolved before it was received"})
    if not resolution.strip():
        raise ValidationError({"resolution": "Record how it was resolved"})
    with audited(challenge, actor=actor, action="procurement.challenge_resolve"):
        challenge.resolved_on = resolved_on
        challenge.resolution = resolution.strip()
    with audited(procurement, actor=actor, action="procurement.challenge_resolved"):
        procurement.state = state
    return challenge


@transaction.atomic
def contract_sign(
    *,
    actor: Actor,
    procurement: Procurement,
    on: datetime.date,
    reference: str,
    department: str,
    start_date: datetime.date,
    end_date: datetime.date,
    form: str = "block",
) -> Procurement:
    """Sign the contract, once the standstill is over and no challenge is open: it is
    entered in the commissioning register as let, on the tender award, with the awarded
    provider and the services of the procurement that provider runs (no re-keying)."""
    procurement = _locked(procurement)
    state = _step(procurement, "sign", field="signed_on", on=on)
    if Challenge.objects.filter(procurement=procurement, resolved_on__isnull=True).exists():
        raise AccordError(
            "A challenge recorded during the standstill is open: the contract cannot be "
            "signed until it is resolved",
            field="signed_on",
        )
    bid = procurement.awarded_bid
    if bid is None:  # the table's award step sets it; a guard against a hand-made row
        raise AccordError("The procurement has no awarded bid", field="signed_on")
    services = [s for s in procurement.services.all() if s.provider_id == bid.provider_id]
    contract = commissioning.contract_create(
        actor=actor,
        partnership=procurement.partnership,
        reference=reference,
        title=procurement.title,
        provider=bid.provider,
        form=form,
        route=ProcurementRoute.TENDER,
        department=department,
        start_date=start_date,
        end_date=end_date,
        decision=procurement.award_decision,
        services=services,
        status=ContractStatus.LET,
    )
    with audited(procurement, actor=actor, action="procurement.sign"):
        procurement.contract = contract
        procurement.signed_on = on
        procurement.state = state
    # OCDS: the contract signed (releases.py).
    releases.contract_publish(actor=actor, procurement=procurement)
    notices.details_notice(actor=actor, procurement=procurement)  # contract details notice
    return procurement


@transaction.atomic
def procurement_cancel(*, actor: Actor, procurement: Procurement, reason: str) -> Procurement:
    procurement = _locked(procurement)
    state = _step(procurement, "cancel", field="reason")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the procurement is cancelled"})
    with audited(
        procurement, actor=actor, action="procurement.cancel", changes={"reason": [None, reason]}
    ):
        procurement.state = state
    return procurement


# ---------------------------------------------------------------- clarification questions


@transaction.atomic
def clarification_ask(
    *,
    actor: Actor,
    procurement: Procurement,
    provider: Provider,
    question: str,
    channel: str = ClarificationChannel.ACCORD,
    now: datetime.datetime | None = None,
) -> Clarification:
    """A potential bidder's clarification question, asked in Accord by the provider's
    people or received by e-mail and recorded by the programme team (``channel``): only
    while the tender is open and before the deadline for bids. Who asked is kept for the
    programme team; nobody else ever sees it."""
    procurement = _locked(procurement)
    now = now or timezone.now()
    _step(procurement, "ask", field="question", now=now)
    if provider.partnership_id != procurement.partnership_id:
        raise ValidationError({"provider": "Choose a provider of this partnership"})
    text = question.strip()
    if not text:
        raise ValidationError({"question": "Enter the question"})
    if channel not in ClarificationChannel.values:
        raise ValidationError({"channel": "Choose how the question came"})
    last = (
        Clarification.objects.filter(procurement=procurement)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    clarification = Clarification(
        partnership_id=procurement.partnership_id,
        procurement=procurement,
        number=(last or 0) + 1,
        provider=provider,
        asked_by_id=getattr(actor, "pk", None),
        channel=channel,
        asked_at=now,
        question=text,
    )
    return save_audited(clarification, actor=actor, action="procurement.clarification_ask")


@transaction.atomic
def clarification_answer(
    *,
    actor: Actor,
    clarification: Clarification,
    answer: str,
    question: str = "",
    now: datetime.datetime | None = None,
) -> Clarification:
    """Answer a question, which publishes it with its answer to every bidder (and on the
    tender's public page) without naming who asked. ``question`` is the question in the
    words published (the question as asked when empty): the programme team takes out
    anything that would name the asker. While the tender is open; answered once."""
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    procurement = _locked(clarification.procurement)
    now = now or timezone.now()
    _step(procurement, "answer", field="answer", now=now)
    if clarification.answered_at is not None:
        raise AccordError(
            f"Question {clarification.number} is already answered and published",
            field="answer",
        )
    text = answer.strip()
    if not text:
        raise ValidationError({"answer": "Enter the answer"})
    with audited(clarification, actor=actor, action="procurement.clarification_answer"):
        clarification.published_question = question.strip() or clarification.question
        clarification.answer = text
        clarification.answered_at = now
        clarification.answered_by_id = getattr(actor, "pk", None)
    return clarification
