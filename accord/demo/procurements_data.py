"""The demo's procurements (issue 16, "Demo data"): seed 004's story told as tenders.
Gloucestershire's programme "redesigned and developed new services ... such as floating
support services, thereby enabling people to remain in the home of their choice with
support coming to them, as opposed to people having to move to alternative accommodation",
and its "Contracts are awarded via competitive tendering processes"; its Partnership Board
"Approves tendering strategies/approves tenders" and "Instructs Administering Authority to
contract with providers". Oxfordshire's sources say nothing of its tenders: the same
pattern is invented for it.

Each partnership has two tenders of the 2004-2010 history, each run from the board's
carried tendering strategy to the signed contract entering the commissioning register
(the contract the register already had for that service: its reference, term and values
are unchanged, so the pooled budget's totals are too), and one tender of 2026, under the
Procurement Act 2023, still in progress. Everything goes through
``accord.procurement.services``, so that the audit trail, the lifecycle states and the
OCDS releases are the real ones.

The history runs under the Public Contracts Regulations 2006 as Part B services: no
mandatory standstill, which ``accord.rules.procurement`` marks unverified. The first
tender of each partnership records none; the second a voluntary standstill of ten working
days the board chose, during which a losing bidder challenged the award (the challenge
recorded and resolved before the contract was signed).

Every reference, date, price, score, rationale, panel and grounds here is invented and
marked illustrative where the model can carry the mark (procurements and bids).
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.contrib.auth import get_user_model

from accord.commissioning.models import Contract, Provider, Service
from accord.decisions.models import Proposal, ProposalKind
from accord.partnerships.models import Partnership
from accord.procurement import services as procurement
from accord.procurement.models import (
    Bid,
    CriterionKind,
    Procedure,
    Procurement,
    Regime,
)
from accord.procurement.selectors import criteria_of, evaluation, scored_criteria

from .illustrative import illustrative_mark

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOON = datetime.time(12, 0)


def at(day: datetime.date, time: datetime.time = NOON) -> datetime.datetime:
    return datetime.datetime.combine(day, time, tzinfo=LONDON)


# The criteria of every demo tender (weights out of 100; quality scored 0 to 10).
QUALITY = "Quality of support and outcomes"
INVOLVEMENT = "Service users' involvement"
PRICE = "Price"
CRITERIA = ((QUALITY, CriterionKind.QUALITY, 40, 10), (INVOLVEMENT, CriterionKind.QUALITY, 20, 10),
            (PRICE, CriterionKind.PRICE, 40, 0))  # fmt: skip
# Sub-criteria of the quality criterion in one tender (illustrative: the seeds give none),
# each scored 0 to 10; the panel agreed the bid's quality score on each, so its quality
# points (25 + 15 of 40) and the ranking are those of the criterion scored whole.
QUALITY_SUBCRITERIA = (("Service delivery model", 25), ("Outcomes for service users", 15))


@dataclass(frozen=True)
class DemoBid:
    provider: str
    factor: Decimal  # its price as a share of the winner's (the winner's is 1)
    received: datetime.datetime
    scores: tuple[int, int]  # the moderated scores (quality, involvement)
    winner: bool = False


@dataclass(frozen=True)
class DemoChallenge:
    bidder: str
    received_on: datetime.date
    grounds: str
    resolved_on: datetime.date
    resolution: str


@dataclass(frozen=True)
class DemoProcurement:
    reference: str
    title: str
    description: str
    regime: str
    procedure: str
    strategy_decided_on: datetime.date  # the board's meeting carrying the strategy
    notice_on: datetime.date
    deadline: datetime.datetime
    closed_at: datetime.datetime
    bids: tuple[DemoBid, ...]
    panel: tuple[str, ...]  # usernames of the demo accounts on the panel
    contract: str = ""  # the register's contract it lets (the history's)
    award_decision: str = ""  # a key of contracts_data.decisions_for()
    submitted_at: datetime.datetime | None = None
    award_notice_on: datetime.date | None = None
    voluntary_days: int | None = None
    challenge: DemoChallenge | None = None
    signed_on: datetime.date | None = None
    # In progress (no contract yet): its own figures.
    services: tuple[str, ...] = ()
    estimated_value: Decimal = Decimal("0")
    winner_price: Decimal = Decimal("0")
    term_months: int = 0
    contract_start: datetime.date | None = None
    award_by: datetime.date | None = None
    submitted: tuple[str, ...] = ()  # the panel members who have submitted (in progress)
    conflicts: dict[str, str] = field(default_factory=dict)  # username: bidder (in progress)
    # The quality criterion split into these sub-criteria (name, weight), scored instead.
    subcriteria: tuple[tuple[str, int], ...] = ()

    @property
    def strategy_title(self) -> str:
        return f"Tendering strategy: {self.title}"


REPLACES = (
    "Support in people's own homes replacing places in accommodation-based services; "
    "what is bought, and every figure, is illustrative."
)
# The history's tendering strategies are carried at meetings the demo's contracts already
# hold (contracts_data.py: the steady-state instruction of 18 March 2004, the awards of
# 10 February 2005), each long before its tender's notice; 2026's at meetings of their own.
STEADY_MEETING = datetime.date(2004, 3, 18)
AWARD_MEETING_2005 = datetime.date(2005, 2, 10)
TEN = 10  # the voluntary standstill the boards chose (working days, illustrative)

PROCUREMENTS: dict[str, list[DemoProcurement]] = {
    "gloucestershire": [
        DemoProcurement(
            "GLOS-P-2004-01",
            "Older people's floating support across Gloucestershire",
            "Floating support for older people in their own homes across the county, as "
            "sheltered housing's scheme managers shrink. " + REPLACES,
            Regime.PCR2006_PART_B,
            Procedure.OPEN,
            strategy_decided_on=STEADY_MEETING,
            notice_on=datetime.date(2004, 10, 4),
            deadline=at(datetime.date(2004, 11, 19)),
            closed_at=at(datetime.date(2004, 11, 22), datetime.time(9)),
            bids=(
                DemoBid(
                    "Hearthstone Housing Association",
                    Decimal("1"),
                    at(datetime.date(2004, 11, 17), datetime.time(15, 20)),
                    (8, 8),
                    True,
                ),
                DemoBid(
                    "Cheltenham Borough Homes",
                    Decimal("1.04"),
                    at(datetime.date(2004, 11, 18), datetime.time(11, 5)),
                    (7, 7),
                ),
                DemoBid(
                    "Severn Vale Housing Society",
                    Decimal("0.95"),
                    at(datetime.date(2004, 11, 19), datetime.time(10, 40)),
                    (6, 5),
                ),
                DemoBid(
                    "Keystone Care and Support Ltd",
                    Decimal("0.98"),
                    at(datetime.date(2004, 11, 19), datetime.time(11, 30)),
                    (5, 6),
                ),
            ),
            panel=("client", "officer"),
            subcriteria=QUALITY_SUBCRITERIA,
            contract="GLOS-C-0006-T",
            award_decision="award-2005",
            submitted_at=at(datetime.date(2004, 12, 10), datetime.time(16)),
            award_notice_on=datetime.date(2005, 2, 14),
            signed_on=datetime.date(2005, 2, 28),
        ),
        DemoProcurement(
            "GLOS-P-2005-02",
            "Domestic abuse floating support in the Forest of Dean, Gloucester and Stroud",
            "Floating support for people at risk of domestic abuse in their own homes, beside "
            "the refuge's eight places. " + REPLACES,
            Regime.PCR2006_PART_B,
            Procedure.OPEN,
            strategy_decided_on=AWARD_MEETING_2005,
            notice_on=datetime.date(2005, 9, 5),
            deadline=at(datetime.date(2005, 10, 28)),
            closed_at=at(datetime.date(2005, 10, 31), datetime.time(9)),
            bids=(
                DemoBid(
                    "Forest of Dean Women's Refuge",
                    Decimal("1"),
                    at(datetime.date(2005, 10, 26), datetime.time(14)),
                    (9, 8),
                    True,
                ),
                DemoBid(
                    "Severn Vale Housing Society",
                    Decimal("0.93"),
                    at(datetime.date(2005, 10, 27), datetime.time(10)),
                    (6, 6),
                ),
                DemoBid(
                    "Cotswold Floating Support Trust",
                    Decimal("1.02"),
                    at(datetime.date(2005, 10, 28), datetime.time(9, 45)),
                    (7, 6),
                ),
            ),
            panel=("client", "officer"),
            contract="GLOS-C-0011-T",
            award_decision="award-2006",
            submitted_at=at(datetime.date(2005, 11, 25), datetime.time(16)),
            award_notice_on=datetime.date(2006, 2, 13),
            voluntary_days=TEN,
            challenge=DemoChallenge(
                "Severn Vale Housing Society",
                datetime.date(2006, 2, 17),
                "The lowest price did not win: the bidder asked whether prices were compared "
                "with and without VAT alike, and how the panel scored quality (illustrative).",
                datetime.date(2006, 3, 3),
                "The prices were re-checked: all were compared without VAT and the scores "
                "stand. The bidder was given a full debrief of its scores and withdrew the "
                "challenge (illustrative).",
            ),
            signed_on=datetime.date(2006, 3, 9),
        ),
        DemoProcurement(
            "GLOS-P-2026-01",
            "Countywide floating support 2027-2032",
            "One countywide floating support service for adults at risk of losing their "
            "home, from July 2027, as the remaining accommodation-based places close. " + REPLACES,
            Regime.PA2023,
            Procedure.OPEN,
            strategy_decided_on=datetime.date(2026, 10, 15),
            notice_on=datetime.date(2026, 11, 16),
            deadline=at(datetime.date(2027, 1, 22)),
            closed_at=at(datetime.date(2027, 1, 25), datetime.time(9)),
            bids=(
                DemoBid(
                    "Cotswold Floating Support Trust",
                    Decimal("1"),
                    at(datetime.date(2026, 11, 27), datetime.time(10)),
                    (0, 0),
                ),
                DemoBid(
                    "Keystone Care and Support Ltd",
                    Decimal("0.97"),
                    at(datetime.date(2026, 12, 2), datetime.time(16, 30)),
                    (0, 0),
                ),
            ),
            panel=("client", "officer"),
            services=("GLOS-0004", "GLOS-0005"),
            estimated_value=Decimal("9600000"),
            winner_price=Decimal("9180000"),
            term_months=60,
            contract_start=datetime.date(2027, 7, 1),
            award_by=datetime.date(2027, 3, 31),
        ),
    ],
    "oxfordshire": [
        DemoProcurement(
            "OXON-P-2004-01",
            "Older people's floating support across Oxfordshire",
            "Floating support for older people in their own homes in every district, as "
            "sheltered housing's resident wardens are remodelled. " + REPLACES,
            Regime.PCR2006_PART_B,
            Procedure.OPEN,
            strategy_decided_on=STEADY_MEETING,
            notice_on=datetime.date(2004, 10, 11),
            deadline=at(datetime.date(2004, 11, 26)),
            closed_at=at(datetime.date(2004, 11, 29), datetime.time(9)),
            bids=(
                DemoBid(
                    "Hearthstone Housing Association",
                    Decimal("1"),
                    at(datetime.date(2004, 11, 24), datetime.time(11)),
                    (8, 7),
                    True,
                ),
                DemoBid(
                    "Isis Floating Support",
                    Decimal("0.96"),
                    at(datetime.date(2004, 11, 25), datetime.time(15)),
                    (6, 6),
                ),
                DemoBid(
                    "Oxfordshire Homes Management Ltd",
                    Decimal("1.05"),
                    at(datetime.date(2004, 11, 26), datetime.time(10, 15)),
                    (7, 6),
                ),
                # Received after the deadline: recorded as late, excluded, never evaluated.
                DemoBid(
                    "Ock Valley Housing Society",
                    Decimal("0.94"),
                    at(datetime.date(2004, 11, 26), datetime.time(15, 10)),
                    (0, 0),
                ),
            ),
            panel=("officer", "strategy"),
            contract="OXON-C-0007-T",
            award_decision="award-2005",
            submitted_at=at(datetime.date(2004, 12, 17), datetime.time(16)),
            award_notice_on=datetime.date(2005, 2, 15),
            signed_on=datetime.date(2005, 3, 1),
        ),
        DemoProcurement(
            "OXON-P-2005-02",
            "Domestic abuse floating support across Oxfordshire",
            "Floating support for people at risk of domestic abuse in their own homes, beside "
            "the county's refuges. " + REPLACES,
            Regime.PCR2006_PART_B,
            Procedure.RESTRICTED,
            strategy_decided_on=AWARD_MEETING_2005,
            notice_on=datetime.date(2005, 7, 11),
            deadline=at(datetime.date(2005, 9, 9)),
            closed_at=at(datetime.date(2005, 9, 12), datetime.time(9)),
            bids=(
                DemoBid(
                    "Thames Valley Women's Aid",
                    Decimal("1"),
                    at(datetime.date(2005, 9, 7), datetime.time(12)),
                    (8, 9),
                    True,
                ),
                DemoBid(
                    "Isis Floating Support",
                    Decimal("0.94"),
                    at(datetime.date(2005, 9, 8), datetime.time(10)),
                    (6, 5),
                ),
                DemoBid(
                    "Cherwell Young People's Housing Trust",
                    Decimal("1.03"),
                    at(datetime.date(2005, 9, 9), datetime.time(9, 30)),
                    (6, 7),
                ),
            ),
            panel=("officer", "strategy"),
            contract="OXON-C-0014-T",
            award_decision="award-2006",
            submitted_at=at(datetime.date(2005, 10, 7), datetime.time(16)),
            award_notice_on=datetime.date(2006, 2, 13),
            voluntary_days=TEN,
            challenge=DemoChallenge(
                "Isis Floating Support",
                datetime.date(2006, 2, 20),
                "The bidder held that its experience of floating support in Oxford was not "
                "scored under quality (illustrative).",
                datetime.date(2006, 3, 2),
                "The panel's notes showed the experience scored under quality as the "
                "criteria said; the Core Strategy Group's chair met the bidder, who accepted "
                "the outcome (illustrative).",
            ),
            signed_on=datetime.date(2006, 3, 6),
        ),
    ],
}

CONFLICT = (
    "Cherwell District Council nominates a member of the trust's board, with whom I work "
    "(illustrative)"
)
MARKED = (
    "reference", "title", "description", "estimated_value", "term_months", "notice_on",
    "deadline", "award_by", "contract_start", "award_notice_on", "standstill_days",
    "standstill_last_day", "signed_on",
)  # fmt: skip


def of(slug: str) -> list[DemoProcurement]:
    return PROCUREMENTS.get(slug, [])


def for_contract(slug: str, reference: str) -> DemoProcurement | None:
    return next((p for p in of(slug) if p.contract == reference), None)


def strategy_summary(slug: str, data: DemoProcurement) -> str:
    source = (
        "Cheltenham's commissioning appendix says the Partnership Board approves tendering "
        "strategies and tenders."
        if slug == "gloucestershire"
        else "Oxfordshire's sources say nothing of its tenders: the demonstration follows "
        "Gloucestershire's pattern."
    )
    return (
        f"Illustrative: the tendering strategy of \u201c{data.title}\u201d: "
        "what is bought, its estimated value and term, the procedure, the criteria (quality "
        f"60%, price 40%) and the timetable. {source}"
    )


def evaluator_score(score: int, evaluator: int, bid: int, criterion: int) -> int:
    """An evaluator's own score, near the moderated one (the panel's spread, invented)."""
    shift = (evaluator + bid + criterion) % 3 - 1
    return max(0, min(10, score + shift))


def rationale(name: str, scores: list[int], agreed: int) -> str:
    given = " and ".join(str(s) for s in scores)
    return (
        f"Evaluators scored {given}; the panel agreed {agreed} after discussing the bid's "
        f"evidence on {name.lower()} (illustrative)."
    )


def whole_pounds(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal("1"), rounding=ROUND_CEILING).quantize(Decimal("0.01"))


def estimate(price: Decimal) -> Decimal:
    """The strategy's estimated value: the winner's price rounded up to £50,000."""
    step = Decimal("50000")
    return ((price / step).to_integral_value(rounding=ROUND_CEILING) * step).quantize(
        Decimal("0.01")
    )


def run(
    partnership: Partnership,
    data: DemoProcurement,
    decisions: dict[str, Proposal],
    *,
    winner_price: Decimal,
    term_months: int,
    services: list[Service],
    contract_start: datetime.date | None,
    sign: dict[str, object] | None = None,
) -> Procurement:
    """Run one demo tender through the procurement services, as far as its data goes: to
    the signed contract (``sign``: the register's fields of the contract) or, in progress,
    to where it stands today."""
    users = {
        user.username: user for user in get_user_model().objects.filter(username__in=data.panel)
    }
    providers = {
        p.name: p
        for p in Provider.objects.filter(
            partnership=partnership, name__in=[b.provider for b in data.bids]
        )
    }
    made = procurement.procurement_create(
        actor=None,
        partnership=partnership,
        reference=data.reference,
        title=data.title,
        description=data.description,
        estimated_value=data.estimated_value or estimate(winner_price),
        term_months=term_months,
        procedure=data.procedure,
        regime=data.regime,
        notice_on=data.notice_on,
        deadline=data.deadline,
        award_by=data.award_by or data.award_notice_on,
        contract_start=contract_start,
        services=services,
    )
    # Which of the bid's moderated scores (quality, involvement) each scored criterion takes.
    takes: dict[str, int] = {QUALITY: 0, INVOLVEMENT: 1}
    for name, kind, weight, top in CRITERIA:
        made_criterion = procurement.criterion_add(
            actor=None, procurement=made, name=name, kind=kind, weight=weight, max_score=top
        )
        if name == QUALITY:
            for sub, sub_weight in data.subcriteria:
                procurement.criterion_add(
                    actor=None, procurement=made, name=sub, kind=CriterionKind.QUALITY,
                    weight=sub_weight, max_score=top, parent=made_criterion,
                )  # fmt: skip
                takes[sub] = 0
    strategy = decisions[f"strategy-{data.reference}"]
    made = procurement.procurement_open(
        actor=None, procurement=made, decision=strategy, now=at(data.notice_on, datetime.time(9))
    )
    panel = [
        procurement.evaluator_add(actor=None, procurement=made, user=users[name])
        for name in data.panel
    ]
    bids: list[tuple[DemoBid, Bid]] = []
    for bid in data.bids:
        row = procurement.bid_receive(
            actor=None,
            procurement=made,
            provider=providers[bid.provider],
            price=whole_pounds(winner_price * bid.factor),
            received_at=bid.received,
        )
        bids.append((bid, illustrative_mark(actor=None, row=row, fields=["price", "received_at"])))
    if data.submitted_at is None:
        return illustrative_mark(actor=None, row=made, fields=MARKED)  # open for bids today
    made = procurement.procurement_close(actor=None, procurement=made, now=data.closed_at)
    criteria = scored_criteria(criteria_of(made))  # a heading's sub-criteria, not the heading
    included = [(bid, row) for bid, row in bids if not row.excluded_reason]
    given: dict[tuple[int, int], list[int]] = {}
    for e, evaluator in enumerate(panel):
        user = users[data.panel[e]]
        conflicted = data.conflicts.get(user.username)
        for b, (bid, row) in enumerate(included):
            if bid.provider == conflicted:
                procurement.conflict_declare(
                    actor=user, evaluator=evaluator, bid=row, interest=CONFLICT
                )
                continue
            if data.submitted and user.username not in data.submitted and b >= 2:
                continue  # still scoring today
            for c, criterion in enumerate(criteria):
                score = evaluator_score(bid.scores[takes[criterion.name]], e, b, c)
                procurement.score_record(
                    actor=user, evaluator=evaluator, bid=row, criterion=criterion, score=score
                )
                given.setdefault((row.pk, criterion.pk), []).append(score)
        if not data.submitted or user.username in data.submitted:
            procurement.scores_submit(actor=user, evaluator=evaluator, now=data.submitted_at)
    if data.submitted:
        return illustrative_mark(actor=None, row=made, fields=MARKED)  # in evaluation today
    for bid, row in included:
        for criterion in criteria:
            agreed = bid.scores[takes[criterion.name]]
            procurement.moderation_record(
                actor=None,
                bid=row,
                criterion=criterion,
                score=agreed,
                rationale=rationale(criterion.name, given[(row.pk, criterion.pk)], agreed),
            )
    made = procurement.evaluation_complete(actor=None, procurement=made)
    made = procurement.procurement_award(
        actor=None, procurement=made, decision=decisions[data.award_decision]
    )
    winner = next(row for bid, row in bids if bid.winner)
    if made.awarded_bid_id != winner.pk or evaluation(made)[0].bid.pk != winner.pk:
        raise RuntimeError(f"{data.reference}: the evaluation ranks another bid first")
    if data.award_notice_on is None or data.signed_on is None or not sign:
        raise RuntimeError(f"{data.reference}: an awarded tender needs its notice and signature")
    made = procurement.award_notice_publish(
        actor=None,
        procurement=made,
        on=data.award_notice_on,
        voluntary_days=data.voluntary_days,
    )
    if data.challenge is not None:
        challenger = next(row for bid, row in bids if bid.provider == data.challenge.bidder)
        challenge = procurement.challenge_record(
            actor=None,
            procurement=made,
            bid=challenger,
            received_on=data.challenge.received_on,
            grounds=data.challenge.grounds,
        )
        procurement.challenge_resolve(
            actor=None,
            challenge=challenge,
            resolved_on=data.challenge.resolved_on,
            resolution=data.challenge.resolution,
        )
    made = procurement.contract_sign(
        actor=None,
        procurement=Procurement.objects.get(pk=made.pk),
        on=data.signed_on,
        **sign,  # type: ignore[arg-type]
    )
    return illustrative_mark(actor=None, row=made, fields=MARKED)


def load_in_progress(partnership: Partnership, decisions: dict[str, Proposal]) -> list[Procurement]:
    """The partnership's tenders still in progress (found by reference when there)."""
    found = []
    for data in of(partnership.slug):
        if data.contract:
            continue
        existing = Procurement.objects.filter(
            partnership=partnership, reference=data.reference
        ).first()
        if existing is not None:
            found.append(existing)
            continue
        services = list(
            Service.objects.filter(partnership=partnership, reference__in=data.services)
        )
        found.append(
            run(
                partnership,
                data,
                decisions,
                winner_price=data.winner_price,
                term_months=data.term_months,
                services=services,
                contract_start=data.contract_start,
            )
        )
    return found


def procured_contract(
    partnership: Partnership,
    data: DemoProcurement,
    decisions: dict[str, Proposal],
    *,
    price: Decimal,
    service: Service,
    sign: dict[str, object],
) -> Contract:
    """Let the register's contract by tender: the signed contract is the register's."""
    start, end = sign["start_date"], sign["end_date"]
    if not isinstance(start, datetime.date) or not isinstance(end, datetime.date):
        raise TypeError("the contract's start and end are dates")
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    made = run(
        partnership,
        data,
        decisions,
        winner_price=price,
        term_months=months,
        services=[service],
        contract_start=start,
        sign=sign,
    )
    if made.contract is None:  # pragma: no cover: signing sets it
        raise RuntimeError(f"{data.reference} signed no contract")
    return made.contract


def strategy_decisions(slug: str) -> list[tuple[str, str, datetime.date, str]]:
    """(key, title, meeting date, summary) of each tender's carried tendering strategy."""
    return [
        (f"strategy-{data.reference}", data.strategy_title, data.strategy_decided_on,
         strategy_summary(slug, data))
        for data in of(slug)
    ]  # fmt: skip


DECISION_KIND = ProposalKind.TENDERING_STRATEGY
