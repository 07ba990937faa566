"""Reads of procurements: the facts its lifecycle's guards ask, the evaluation computed
from the moderated scores and prices, and the scores an evaluator may see."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from accord.core.errors import AccordError
from accord.decisions.models import Proposal, ProposalKind, ProposalState
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.rules import procurement as rules

from .models import (
    Bid,
    Challenge,
    Clarification,
    Conflict,
    Criterion,
    Evaluator,
    Moderation,
    Procurement,
    Release,
    Score,
    criteria_in_order,
)


def procurement_list(partnership: Partnership) -> QuerySet[Procurement]:
    return Procurement.objects.filter(partnership=partnership).order_by("reference")


def procurement_get(partnership: Partnership, pk: object) -> Procurement:
    return get_in(partnership, Procurement, pk)


def criteria_of(procurement: Procurement) -> list[Criterion]:
    """The strategy's criteria, each sub-criterion under its heading (one query)."""
    return criteria_in_order(
        Criterion.objects.filter(procurement=procurement).select_related("parent")
    )


def rule_criteria(criteria: list[Criterion]) -> list[rules.Criterion]:
    return [rules.Criterion(c.pk, c.kind, c.weight, c.max_score, c.parent_id) for c in criteria]


def scored_criteria(criteria: list[Criterion]) -> list[Criterion]:
    """The criteria the panel scores: the quality leaves (sub-criteria, and the quality
    criteria without any), in the strategy's order. A heading is never scored."""
    keys = {c.key for c in rules.leaves(rule_criteria(criteria))}
    return [c for c in criteria if c.pk in keys]


def heading_keys(criteria: list[Criterion]) -> set[int]:
    """The criteria that have sub-criteria (their points are their sub-criteria's)."""
    return {c.parent_id for c in criteria if c.parent_id is not None}


def included_bids(procurement: Procurement) -> QuerySet[Bid]:
    """The bids evaluated: received by the deadline and not excluded."""
    return (
        Bid.objects.filter(procurement=procurement, excluded_reason="")
        .select_related("provider")
        .order_by("id")
    )


def decision_carried(decision: object, kind: str) -> bool:
    return (
        decision is not None
        and getattr(decision, "kind", None) == kind
        and getattr(decision, "state", None) == ProposalState.CARRIED
    )


def missing_moderations(procurement: Procurement) -> int:
    """How many (bid, quality criterion) pairs have no moderated score yet."""
    bids = list(included_bids(procurement).values_list("pk", flat=True))
    quality = [c.pk for c in scored_criteria(criteria_of(procurement))]
    done = Moderation.objects.filter(bid__in=bids, criterion__in=quality).count()
    return len(bids) * len(quality) - done


def procurement_facts(
    procurement: Procurement, *, now: datetime.datetime, on: datetime.date
) -> frozenset[str]:
    """The facts the lifecycle's guards ask (``accord.rules.lifecycle.PROCUREMENT``)."""
    facts: set[str] = set()
    if decision_carried(procurement.strategy_decision, ProposalKind.TENDERING_STRATEGY):
        facts.add("strategy_carried")
    if procurement.deadline is not None:
        facts.add("deadline_passed" if now > procurement.deadline else "before_deadline")
    if (
        procurement.state == "evaluating"
        and included_bids(procurement).exists()
        and missing_moderations(procurement) == 0
    ):
        facts.add("moderated")
    if decision_carried(procurement.award_decision, ProposalKind.TENDER_AWARD):
        facts.add("award_carried")
    if procurement.award_notice_on is not None and rules.standstill_over(
        procurement.standstill_last_day,
        on,
        opted_out=bool(procurement.standstill_opt_out_reason),
    ):
        facts.add("standstill_over")
    return frozenset(facts)


def offered_facts(
    procurement: Procurement, *, now: datetime.datetime, on: datetime.date
) -> frozenset[str]:
    """The facts for offering a step on a page: the procurement's, and for the steps whose
    form chooses the board's decision (publish, award), whether the partnership has a
    carried one of that kind to choose (the service checks the one chosen)."""
    facts = set(procurement_facts(procurement, now=now, on=on))
    carried = set(
        Proposal.objects.filter(
            partnership_id=procurement.partnership_id,
            state=ProposalState.CARRIED,
            kind__in=(ProposalKind.TENDERING_STRATEGY, ProposalKind.TENDER_AWARD),
        )
        .values_list("kind", flat=True)
        .distinct()
    )
    if ProposalKind.TENDERING_STRATEGY in carried:
        facts.add("strategy_carried")
    if ProposalKind.TENDER_AWARD in carried:
        facts.add("award_carried")
    return frozenset(facts)


@dataclass(frozen=True)
class Ranked:
    bid: Bid
    parts: dict[int, Decimal]
    total: Decimal
    rank: int


def evaluation(procurement: Procurement) -> list[Ranked]:
    """The weighted totals and ranking of the included bids: from the moderated scores
    and the prices by the declared formula, never typed. Three queries."""
    criteria = criteria_of(procurement)
    bids = {bid.pk: bid for bid in included_bids(procurement)}
    moderated = {
        (m.bid_id, m.criterion_id): Decimal(m.score)
        for m in Moderation.objects.filter(bid__in=list(bids))
    }
    results = rules.evaluate(
        rule_criteria(criteria), {pk: bid.price for pk, bid in bids.items()}, moderated
    )
    return [
        Ranked(bids[r.bid], {c.pk: r.parts[c.pk] for c in criteria}, r.total, r.rank)
        for r in results
    ]


# The states in which the evaluation is complete and its ranking fixed.
RANKED_STATES = frozenset({"evaluated", "awarded", "standstill", "challenged", "signed"})


def ranking(procurement: Procurement) -> list[Ranked]:
    """The ranking once the evaluation is complete; none before (it needs every agreed
    score)."""
    return evaluation(procurement) if procurement.state in RANKED_STATES else []


@dataclass(frozen=True)
class ReportLine:
    """One bid as the evaluation's report shows it: an assessed bid with its rank, total,
    weighted points by criterion and the agreed scores (with their rationale) by quality
    criterion; a late or excluded one with neither (``rank`` None)."""

    bid: Bid
    rank: int | None
    total: Decimal | None
    parts: dict[int, Decimal]
    agreed: dict[int, Moderation]

    def cells(
        self, criteria: list[Criterion]
    ) -> list[tuple[Criterion, Decimal | None, Moderation | None]]:
        return [(c, self.parts.get(c.pk), self.agreed.get(c.pk)) for c in criteria]


@dataclass(frozen=True)
class EvaluationReport:
    """The completed evaluation, read-only: the criteria, then every bid received, the
    assessed ones by rank, then the late or excluded ones. The moderated scores only:
    never an evaluator's own marks."""

    procurement: Procurement
    criteria: list[Criterion]
    lines: list[ReportLine]

    @property
    def headings(self) -> set[int]:
        """The criteria scored by their sub-criteria (their points are theirs added up)."""
        return heading_keys(self.criteria)


def evaluation_report(procurement: Procurement) -> EvaluationReport:
    """The evaluation as the board reads it once the contract is awarded (the route asks
    ``procurement.view_evaluation``): computed from the moderated scores and the prices as
    ``evaluation`` is, in three queries whatever the number of bids. Before the evaluation
    is complete there is no ranking: the bids are listed without totals."""
    criteria = criteria_of(procurement)
    bids = list(
        Bid.objects.filter(procurement=procurement).select_related("provider").order_by("id")
    )
    agreed: dict[int, dict[int, Moderation]] = {}
    for row in Moderation.objects.filter(bid__procurement=procurement).order_by("id"):
        agreed.setdefault(row.bid_id, {})[row.criterion_id] = row
    results: dict[int, rules.Result] = {}
    if procurement.state in RANKED_STATES:
        included = {bid.pk: bid.price for bid in bids if not bid.excluded}
        moderated = {
            (bid_pk, criterion_pk): Decimal(row.score)
            for bid_pk, rows in agreed.items()
            if bid_pk in included
            for criterion_pk, row in rows.items()
        }
        results = {r.bid: r for r in rules.evaluate(rule_criteria(criteria), included, moderated)}
    lines = [
        ReportLine(
            bid=bid,
            rank=results[bid.pk].rank if bid.pk in results else None,
            total=results[bid.pk].total if bid.pk in results else None,
            parts=dict(results[bid.pk].parts) if bid.pk in results else {},
            agreed=agreed.get(bid.pk, {}) if not bid.excluded else {},
        )
        for bid in bids
    ]
    lines.sort(key=lambda line: (line.rank is None, line.rank or 0, line.bid.pk))
    return EvaluationReport(procurement, criteria, lines)


def evaluator_of(procurement: Procurement, user: object) -> Evaluator | None:
    pk = getattr(user, "pk", None)
    if pk is None:
        return None
    return Evaluator.objects.filter(procurement=procurement, user_id=pk).first()


def own_scores(evaluator: Evaluator) -> QuerySet[Score]:
    return Score.objects.filter(evaluator=evaluator).select_related("bid", "criterion")


def panel_scores(procurement: Procurement, *, evaluator: Evaluator | None) -> QuerySet[Score]:
    """Every evaluator's scores. An evaluator sees the others' only once they have
    submitted their own (scoring is independent); refused before, naming the field."""
    if evaluator is not None and evaluator.submitted_at is None:
        raise AccordError(
            "Submit your own scores before you see the other evaluators' scores",
            field="scores",
        )
    return (
        Score.objects.filter(evaluator__procurement=procurement)
        .select_related("evaluator__user", "bid__provider", "criterion")
        .order_by("bid_id", "criterion_id", "evaluator_id")
    )


@dataclass(frozen=True)
class MyEvaluation:
    """What an evaluator's own page shows: the bids they may score (included, not
    conflicted), the conflicts they declared, the quality criteria with their scale, and
    their own scores by (bid, criterion). Never another evaluator's scores. The criteria
    are those scored: a heading's sub-criteria, never the heading."""

    evaluator: Evaluator
    bids: list[Bid]
    conflicts: list[Conflict]
    criteria: list[Criterion]
    scores: dict[tuple[int, int], Score]

    @property
    def missing(self) -> int:
        return len(self.bids) * len(self.criteria) - len(self.scores)


def my_evaluation(evaluator: Evaluator) -> MyEvaluation:
    """An evaluator's own scoring, in four queries."""
    procurement = evaluator.procurement
    conflicts = list(
        Conflict.objects.filter(evaluator=evaluator).select_related("bid__provider").order_by("id")
    )
    barred = {c.bid_id for c in conflicts}
    bids = [bid for bid in included_bids(procurement) if bid.pk not in barred]
    quality = scored_criteria(criteria_of(procurement))
    scores = {
        (s.bid_id, s.criterion_id): s
        for s in Score.objects.filter(evaluator=evaluator, bid_id__in=[b.pk for b in bids])
    }
    return MyEvaluation(evaluator, bids, conflicts, quality, scores)


def panel_grid(
    procurement: Procurement, *, evaluator: Evaluator | None
) -> tuple[list[Evaluator], list[tuple[Bid, list[tuple[Criterion, list[Score | None]]]]]]:
    """The panel's scores side by side: the evaluators, then for each included bid and
    quality criterion each evaluator's score (None where they gave none). Refused, as
    ``panel_scores``, to an evaluator who has not submitted."""
    scores = list(panel_scores(procurement, evaluator=evaluator))
    panel = list(
        Evaluator.objects.filter(procurement=procurement).select_related("user").order_by("id")
    )
    quality = scored_criteria(criteria_of(procurement))
    given = {(s.bid_id, s.criterion_id, s.evaluator_id): s for s in scores}
    rows = [
        (bid, [(c, [given.get((bid.pk, c.pk, e.pk)) for e in panel]) for c in quality])
        for bid in included_bids(procurement)
    ]
    return panel, rows


def moderations_of(procurement: Procurement) -> dict[tuple[int, int], Moderation]:
    """The agreed scores by (bid, criterion)."""
    return {
        (m.bid_id, m.criterion_id): m
        for m in Moderation.objects.filter(bid__procurement=procurement).order_by("id")
    }


def open_challenge(procurement: Procurement) -> Challenge | None:
    return (
        Challenge.objects.filter(procurement=procurement, resolved_on__isnull=True)
        .select_related("bid__provider")
        .first()
    )


def challenges_of(procurement: Procurement) -> QuerySet[Challenge]:
    return Challenge.objects.filter(procurement=procurement).select_related("bid__provider")


def bids_of_provider(procurement: Procurement, provider_id: int) -> QuerySet[Bid]:
    """A bidder's own bid, and no other's."""
    return Bid.objects.filter(procurement=procurement, provider_id=provider_id)


# ---------------------------------------------------------------- OCDS releases


def releases_of(partnership: Partnership) -> QuerySet[Release]:
    """The partnership's published releases, each procurement's in the order published."""
    return Release.objects.filter(partnership=partnership).order_by("ocid", "id")


def published_procurements(partnership: Partnership) -> QuerySet[Procurement]:
    """The procurements with at least one published release: open to everyone."""
    return (
        Procurement.objects.filter(partnership=partnership, releases__isnull=False)
        .distinct()
        .order_by("reference")
    )


def published_procurement(partnership: Partnership, pk: object) -> Procurement:
    """A published procurement, or 404 (an unpublished one is not the public's)."""
    published = Procurement.objects.filter(releases__isnull=False).distinct()
    return get_in(partnership, published, pk)


def bids_seen(partnership: Partnership, providers: frozenset[int] | None) -> QuerySet[Bid]:
    """The partnership's bids with their procurement and provider, oldest procurement
    first (one query): every bid for ``providers`` None (the programme team), else those
    providers' own (issue 16: a provider who bid sees its own bid)."""
    rows = Bid.objects.filter(partnership=partnership).select_related(
        "procurement",
        "provider",
        "assessment_summary",  # sent with the award notice
    )
    if providers is not None:
        rows = rows.filter(provider_id__in=providers)
    return rows.order_by("procurement_id", "received_at", "id")


# ---------------------------------------------------------------- clarification questions


def clarifications_published(procurement: Procurement) -> QuerySet[Clarification]:
    """The questions answered, so published to every bidder and the public: in the order
    they were answered. Who asked is on the rows but never for a page or an answer of
    the API that a provider or the public reads (they show ``published_question``)."""
    return Clarification.objects.filter(
        procurement=procurement, answered_at__isnull=False
    ).order_by("answered_at", "number")


def clarifications_received(
    procurement: Procurement, providers: frozenset[int] | None
) -> QuerySet[Clarification]:
    """Every question with who asked, for ``providers`` None (the programme team); else
    those providers' own questions, answered or not (a provider's people, who know who
    asked them). One query."""
    rows = Clarification.objects.filter(procurement=procurement).select_related(
        "provider", "asked_by"
    )
    if providers is not None:
        rows = rows.filter(provider_id__in=providers)
    return rows.order_by("number")


def clarification_get(procurement: Procurement, pk: object) -> Clarification:
    """A question of the procurement, or 404."""
    return get_in(
        procurement.partnership,
        Clarification.objects.filter(procurement=procurement).select_related(
            "provider", "asked_by"
        ),
        pk,
    )


def open_tenders(
    partnership_ids: frozenset[int], *, now: datetime.datetime
) -> QuerySet[Procurement]:
    """The tenders of these partnerships open for bids (and questions): open, and their
    deadline not passed."""
    return Procurement.objects.filter(
        partnership_id__in=partnership_ids, state="open", deadline__gte=now
    )
