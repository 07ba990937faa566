"""Procurement's rules as data: the regimes and their standstill, and the evaluation's
arithmetic (weighted totals, the price formula, the ranking). Plain Python: no Django, no
clock, no calendar of its own (the closed days are a parameter, as in ``periods``).

Each regime's standstill is a row with its source and whether the source is verified
(``../shared/reference.md`` §7). A rule the reference does not hold is marked unverified
and says why it is what it is, never presented as the law.
"""

import datetime
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .periods import NO_CLOSED_DAYS, ONE_DAY, is_working_day, working_days_after

# ---------------------------------------------------------------- regimes

# Which bank holidays close a day for a regime's working days (the calendar resolves them).
ENGLAND_AND_WALES = "england-and-wales"
UNITED_KINGDOM = "united-kingdom"  # the bank holidays of every part of the United Kingdom


@dataclass(frozen=True)
class Standstill:
    """A regime's standstill: ``working_days`` beginning with the day the award notice is
    published (``None``: no mandatory standstill); whether a light-touch contract may opt
    out; a voluntary period the partnership may choose where there is none."""

    working_days: int | None
    source: str
    verified: bool
    note: str = ""
    holidays: str = ENGLAND_AND_WALES
    holidays_verified: bool = True
    holidays_note: str = ""
    light_touch_may_opt_out: bool = False
    light_touch_source: str = ""
    voluntary_allowed: bool = False


# The notices a contracting authority publishes at each step (issue 16 item 7).
TENDER_NOTICE = "tender"
CONTRACT_AWARD_NOTICE = "contract_award"
CONTRACT_DETAILS_NOTICE = "contract_details"
CONTRACT_CHANGE_NOTICE = "contract_change"
CONTRACT_TERMINATION_NOTICE = "contract_termination"
NOTICE_KINDS = (
    TENDER_NOTICE,
    CONTRACT_AWARD_NOTICE,
    CONTRACT_DETAILS_NOTICE,
    CONTRACT_CHANGE_NOTICE,
    CONTRACT_TERMINATION_NOTICE,
)


@dataclass(frozen=True)
class NoticeRule:
    """A regime's notice for a step: its name under the regime, its number where a
    source gives one (the Act's UK1 to UK17), its source, and whether that is verified."""

    name: str
    source: str
    verified: bool
    number: str = ""
    note: str = ""


@dataclass(frozen=True)
class Regime:
    code: str
    name: str
    in_force_from: datetime.date | None
    standstill: Standstill
    # Each step's notice (NOTICE_KINDS); a step missing here publishes no notice.
    notices: Mapping[str, NoticeRule] = field(default_factory=dict)

    def notice(self, kind: str) -> NoticeRule | None:
        """The regime's notice for the step, or None where it has none."""
        if kind not in NOTICE_KINDS:
            raise ValueError(f"not a notice's step: {kind}")
        return self.notices.get(kind)


PA2023_NOTICES = (
    "https://www.gov.wales/procurement-act-2023-guidance-notice-sequencing-and-flowcharts-html"
)

PA2023 = Regime(
    code="pa2023",
    name="Procurement Act 2023",
    in_force_from=datetime.date(2025, 2, 24),  # reference.md §7
    standstill=Standstill(
        working_days=8,
        # reference.md §7: "Standstill: 8 working days from the day the contract award
        # notice is published (s51)"; the guidance it cites says "beginning with" that day.
        source=(
            "Procurement Act 2023, s51: eight working days beginning with the day the contract "
            "award notice is published. https://gov.uk/government/publications/"
            "procurement-act-2023-guidance-documents-procure-phase/"
            "guidance-contract-award-notices-and-standstill-html"
        ),
        verified=True,
        holidays=UNITED_KINGDOM,
        holidays_verified=False,
        holidays_note=(
            "The Act's definition of a working day (s123) is not yet checked. Counting out "
            "the bank holidays of every part of the United Kingdom can only lengthen the "
            "standstill, never end it early, so it is counted so until s123 is checked"
        ),
        light_touch_may_opt_out=True,
        # reference.md §7, light-touch contracts: "standstill optional".
        light_touch_source=(
            "Procurement Act 2023, light-touch contracts: standstill optional. "
            "https://www.wardhadaway.com/insights/updates/"
            "procurement-in-a-nutshell-procurement-act-2023-light-touch-contracts/"
        ),
        voluntary_allowed=True,
    ),
    # reference.md §7 names the Act's notices ("Tender; ... Contract Award; Contract
    # Details; Contract Change"); commissioning-reference.md §1d numbers UK4 and UK6 and
    # names the contract termination notice (its content: Procurement Regulations 2024
    # reg 41). The other numbers are not verified there, so none is given.
    notices={
        TENDER_NOTICE: NoticeRule(
            name="Tender notice",
            number="UK4",
            source="Procurement Act 2023: tender notice (UK4). " + PA2023_NOTICES,
            verified=True,
        ),
        CONTRACT_AWARD_NOTICE: NoticeRule(
            name="Contract award notice",
            number="UK6",
            source="Procurement Act 2023: contract award notice (UK6); the standstill begins "
            "the day it is published (s51). " + PA2023_NOTICES,
            verified=True,
        ),
        CONTRACT_DETAILS_NOTICE: NoticeRule(
            name="Contract details notice",
            source="Procurement Act 2023: contract details notice (within 30 days of entering "
            "into the contract, 120 for a light-touch contract). " + PA2023_NOTICES,
            verified=True,
            note="Its UK number is not verified in the reference",
        ),
        CONTRACT_CHANGE_NOTICE: NoticeRule(
            name="Contract change notice",
            source="Procurement Act 2023: contract change notice. " + PA2023_NOTICES,
            verified=True,
            note=(
                "Its UK number is not verified in the reference; nor is which modifications "
                "the Act exempts from it (our sources say only that a light-touch contract "
                '"may be modified freely"): Accord publishes one for every variation'
            ),
        ),
        CONTRACT_TERMINATION_NOTICE: NoticeRule(
            name="Contract termination notice",
            source="Procurement Act 2023: contract termination notice; its content is set by "
            "the Procurement Regulations 2024, reg 41 (the procurement and contract "
            "identifiers, the supplier's, the reasons, the termination date, the estimated "
            "value). http://www.legislation.gov.uk/uksi/2024/692/regulation/41/made; "
            + PA2023_NOTICES,
            verified=True,
            note="Its UK number is not verified in the reference",
        ),
    },
)

PCR2006_PART_B = Regime(
    code="pcr2006_part_b",
    name="Public Contracts Regulations 2006 (Part B services)",
    in_force_from=None,  # not in reference.md
    standstill=Standstill(
        working_days=None,
        source="None found: our sources hold no verified rule of the 2006 Regulations",
        verified=False,
        note=(
            "Supporting People services were, as far as we know, Part B services without a "
            "mandatory standstill; a partnership may record a voluntary period it chose"
        ),
        voluntary_allowed=True,
    ),
    # Not in reference.md: the 2006 Regulations' notices as far as we know, each marked
    # unverified. A Part B services contract, as far as we know, needed no contract notice
    # (the partnership advertised its tender all the same) but a contract award notice;
    # the Regulations had no contract details, change or termination notice.
    notices={
        TENDER_NOTICE: NoticeRule(
            name="Contract notice",
            source="None found: our sources hold no rule of the 2006 Regulations' notices",
            verified=False,
            note=(
                "The tender as the partnership advertised it. As far as we know the "
                "Regulations did not require a contract notice for Part B services"
            ),
        ),
        CONTRACT_AWARD_NOTICE: NoticeRule(
            name="Contract award notice",
            source="None found: our sources hold no rule of the 2006 Regulations' notices",
            verified=False,
            note="As far as we know the Regulations required one for Part B services too",
        ),
    },
)

REGIMES: Mapping[str, Regime] = {regime.code: regime for regime in (PA2023, PCR2006_PART_B)}


def standstill_last_day(
    published: datetime.date,
    working_days: int,
    *,
    closed: Container[datetime.date] = NO_CLOSED_DAYS,
) -> datetime.date:
    """The last day of a standstill of ``working_days`` beginning with the day the notice
    is published: that day is day 1 when it is a working day (docs/working-days.md)."""
    if working_days < 1:
        raise ValueError("a standstill has at least one working day")
    return working_days_after(published - ONE_DAY, working_days, closed=closed)


def standstill_over(
    last_day: datetime.date | None, today: datetime.date, *, opted_out: bool = False
) -> bool:
    """Whether a contract may be entered into today: the day after the last day of the
    standstill at the earliest (no standstill: at once)."""
    return opted_out or last_day is None or today > last_day


def first_day_to_sign(
    last_day: datetime.date, *, closed: Container[datetime.date] = NO_CLOSED_DAYS
) -> datetime.date:
    """The first working day after the standstill (what a page tells the officer)."""
    day = last_day + ONE_DAY
    while not is_working_day(day, closed=closed):
        day += ONE_DAY
    return day


# ---------------------------------------------------------------- evaluation

QUALITY = "quality"
PRICE = "price"
TOTAL_WEIGHT = 100
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Criterion:
    """A criterion of the tendering strategy: quality (scored on 0 to ``max_score``) or
    price (scored by the formula), with its weight out of 100. A quality sub-criterion
    names its ``parent``, a quality criterion that is then a heading: its weight is its
    sub-criteria's added up, and its points theirs."""

    key: int
    kind: str
    weight: int
    max_score: int = 0
    parent: int | None = None


class EvaluationError(ValueError):
    """Criteria or scores that cannot be evaluated; the message says why."""


def weights_problem(weights: Sequence[int]) -> str:
    """Why the weights cannot stand ("" when they add up to 100, each above 0)."""
    if not weights:
        return "Add the evaluation criteria, with weights adding up to 100"
    if any(weight <= 0 for weight in weights):
        return "Each criterion's weight must be more than 0"
    total = sum(weights)
    if total != TOTAL_WEIGHT:
        return f"The weights add up to {total}, not {TOTAL_WEIGHT}"
    return ""


def subcriteria_problem(weight: int, sub_weights: Sequence[int]) -> str:
    """Why a heading's sub-criteria cannot stand ("" when their weights add up to the
    heading's weight, each above 0)."""
    if any(sub <= 0 for sub in sub_weights):
        return "Each sub-criterion's weight must be more than 0"
    total = sum(sub_weights)
    if total != weight:
        return f"its sub-criteria's weights add up to {total}, not its weight {weight}"
    return ""


def criteria_problem(criteria: Sequence[Criterion]) -> str:
    """Why the criteria cannot be evaluated: the top-level weights not adding up to 100, a
    heading whose sub-criteria do not add up to its weight, a sub-criterion of price or of
    a sub-criterion ("" when they can)."""
    problem = weights_problem([c.weight for c in criteria if c.parent is None])
    if problem:
        return problem
    by_key = {c.key: c for c in criteria}
    for criterion in criteria:
        if criterion.parent is None:
            continue
        parent = by_key.get(criterion.parent)
        if parent is None or parent.parent is not None or parent.kind != QUALITY:
            return "A sub-criterion belongs to a quality criterion of the strategy"
        if criterion.kind != QUALITY:
            return "A sub-criterion is scored for quality"
    for heading in headings(criteria):
        subs = [c.weight for c in criteria if c.parent == heading.key]
        problem = subcriteria_problem(heading.weight, subs)
        if problem:
            return f"Criterion {heading.key}: {problem}"
    return ""


def headings(criteria: Sequence[Criterion]) -> list[Criterion]:
    """The quality criteria with sub-criteria: never scored themselves."""
    parents = {c.parent for c in criteria if c.parent is not None}
    return [c for c in criteria if c.key in parents]


def leaves(criteria: Sequence[Criterion]) -> list[Criterion]:
    """The quality criteria that are scored: the sub-criteria, and the quality criteria
    without any."""
    parents = {c.parent for c in criteria if c.parent is not None}
    return [c for c in criteria if c.kind == QUALITY and c.key not in parents]


def price_score(lowest: Decimal, price: Decimal, weight: int) -> Decimal:
    """The declared formula: the lowest price over this price, times the weight."""
    if price <= 0 or lowest <= 0:
        raise EvaluationError("A price must be more than 0 to be scored")
    return (lowest / price * weight).quantize(CENT, rounding=ROUND_HALF_UP)


def quality_score(score: Decimal, criterion: Criterion) -> Decimal:
    """A moderated score on the criterion's scale, as a share of its weight."""
    if criterion.max_score <= 0:
        raise EvaluationError("A quality criterion needs a scale")
    if not 0 <= score <= criterion.max_score:
        raise EvaluationError(f"A score is from 0 to {criterion.max_score}")
    return (Decimal(score) / criterion.max_score * criterion.weight).quantize(
        CENT, rounding=ROUND_HALF_UP
    )


@dataclass(frozen=True)
class Result:
    bid: int
    parts: Mapping[int, Decimal]  # criterion key: weighted score (a heading's: its leaves')
    total: Decimal
    rank: int


def evaluate(
    criteria: Sequence[Criterion],
    prices: Mapping[int, Decimal],
    moderated: Mapping[tuple[int, int], Decimal],
) -> list[Result]:
    """Weighted totals and the ranking of the bids (``prices``: bid to price), from the
    moderated quality scores (``(bid, criterion)`` to score) of the leaves: computed, never
    typed. A heading's points are its sub-criteria's added up (it is never scored), and the
    total adds up the top-level criteria's points. Bids with equal totals share a rank."""
    problem = criteria_problem(criteria)
    if problem:
        raise EvaluationError(problem)
    if not prices:
        return []
    lowest = min(prices.values())
    scored = {c.key for c in leaves(criteria)}
    rows: list[tuple[int, dict[int, Decimal], Decimal]] = []
    for bid, price in prices.items():
        parts: dict[int, Decimal] = {}
        for criterion in criteria:
            if criterion.kind == PRICE:
                parts[criterion.key] = price_score(lowest, price, criterion.weight)
            elif criterion.key in scored:
                score = moderated.get((bid, criterion.key))
                if score is None:
                    raise EvaluationError("Every bid needs a moderated score for each criterion")
                parts[criterion.key] = quality_score(score, criterion)
        for heading in headings(criteria):
            parts[heading.key] = sum(
                (parts[c.key] for c in criteria if c.parent == heading.key), Decimal("0.00")
            )
        total = sum((parts[c.key] for c in criteria if c.parent is None), Decimal("0.00"))
        rows.append((bid, parts, total))
    rows.sort(key=lambda row: (-row[2], row[0]))
    results: list[Result] = []
    for position, (bid, parts, total) in enumerate(rows, start=1):
        rank = results[-1].rank if results and results[-1].total == total else position
        results.append(Result(bid=bid, parts=parts, total=total, rank=rank))
    return results
