"""Procurement's rules without a database: the lifecycle table, the standstill's counting
and the evaluation's arithmetic."""

import datetime
from decimal import Decimal

import pytest

from accord.rules.lifecycle import PROCUREMENT, LifecycleError
from accord.rules.procurement import (
    PA2023,
    PCR2006_PART_B,
    PRICE,
    QUALITY,
    REGIMES,
    Criterion,
    EvaluationError,
    criteria_problem,
    evaluate,
    first_day_to_sign,
    leaves,
    price_score,
    standstill_last_day,
    standstill_over,
    weights_problem,
)

D = datetime.date
# England and Wales's bank holidays around Christmas 2024 (GOV.UK).
ENGLAND_XMAS_2024 = frozenset({D(2024, 12, 25), D(2024, 12, 26), D(2025, 1, 1)})
# ... and Scotland's 2 January 2025 too: a bank holiday in a part of the United Kingdom.
UK_XMAS_2024 = ENGLAND_XMAS_2024 | {D(2025, 1, 2)}


# ---------------------------------------------------------------- the lifecycle


def test_a_tender_opens_only_with_the_carried_tendering_strategy():
    with pytest.raises(LifecycleError, match="carried decision approving its tendering strategy"):
        PROCUREMENT.require("planning", "open", facts=())
    assert PROCUREMENT.require("planning", "open", {"strategy_carried"}).next_state == "open"
    assert "open" not in PROCUREMENT.triggers("planning", ())
    assert "open" in PROCUREMENT.triggers("planning", {"strategy_carried"})


def test_the_award_needs_the_carried_tender_award_and_a_completed_evaluation():
    with pytest.raises(LifecycleError, match="carried tender award"):
        PROCUREMENT.require("evaluated", "award", ())
    with pytest.raises(LifecycleError, match="Complete the evaluation before the award"):
        PROCUREMENT.require("evaluating", "award", {"award_carried"})


@pytest.mark.parametrize(
    ("state", "facts", "words"),
    [
        ("standstill", (), "The standstill period has not ended"),
        ("challenged", {"standstill_over"}, "A challenge recorded during the standstill is open"),
        ("awarded", {"standstill_over"}, "after the award notice and the standstill"),
    ],
)
def test_signing_is_refused_during_standstill_or_with_an_open_challenge(state, facts, words):
    with pytest.raises(LifecycleError, match=words):
        PROCUREMENT.require(state, "sign", facts)


def test_the_signature_follows_the_standstill_and_a_resolved_challenge():
    state = PROCUREMENT.require("standstill", "challenge").next_state
    state = PROCUREMENT.require(state, "resolve_challenge").next_state
    assert PROCUREMENT.require(state, "sign", {"standstill_over"}).next_state == "signed"


def test_scores_are_given_only_during_the_evaluation():
    with pytest.raises(LifecycleError, match="once the tender has closed"):
        PROCUREMENT.require("open", "score")
    with pytest.raises(LifecycleError, match="evaluation is evaluated"):
        PROCUREMENT.require("evaluated", "score")


# ---------------------------------------------------------------- standstill


def test_each_regime_says_its_source_and_whether_it_is_verified():
    assert set(REGIMES) == {"pa2023", "pcr2006_part_b"}
    assert PA2023.standstill.working_days == 8
    assert PA2023.standstill.verified
    assert "s51" in PA2023.standstill.source
    assert PA2023.standstill.light_touch_may_opt_out
    # reference.md has no verified rule for the 2006 Regulations: none, marked so.
    assert PCR2006_PART_B.standstill.working_days is None
    assert not PCR2006_PART_B.standstill.verified
    assert "Part B" in PCR2006_PART_B.standstill.note


def test_the_act_counts_its_working_days_with_a_holiday_anywhere_in_the_kingdom_until_checked():
    assert PA2023.standstill.holidays == "united-kingdom"
    assert not PA2023.standstill.holidays_verified
    assert "s123" in PA2023.standstill.holidays_note


@pytest.mark.parametrize(
    ("published", "closed", "last_day"),
    [
        # docs/working-days.md: published Tuesday 24 December 2024 (day 1), England and
        # Wales: standstill to Tuesday 7 January 2025.
        (D(2024, 12, 24), ENGLAND_XMAS_2024, D(2025, 1, 7)),
        # With Scotland's 2 January out too, one day later.
        (D(2024, 12, 24), UK_XMAS_2024, D(2025, 1, 8)),
        # Published on a Saturday: none of the eight is the day of publication.
        (D(2025, 1, 4), frozenset(), D(2025, 1, 15)),
        # Published on a Monday with no holidays: Monday to the next Wednesday.
        (D(2025, 3, 3), frozenset(), D(2025, 3, 12)),
    ],
)
def test_the_standstill_begins_with_the_day_the_award_notice_is_published(
    published, closed, last_day
):
    assert standstill_last_day(published, 8, closed=closed) == last_day


def test_the_contract_may_be_signed_from_the_day_after_the_standstill():
    last = D(2025, 1, 7)
    assert not standstill_over(last, last)
    assert standstill_over(last, D(2025, 1, 8))
    assert first_day_to_sign(D(2025, 1, 10)) == D(2025, 1, 13)  # a Friday: Monday
    assert standstill_over(None, last)  # no standstill (2006 Part B)
    assert standstill_over(D(2030, 1, 1), last, opted_out=True)  # light touch, opted out


# ---------------------------------------------------------------- evaluation


@pytest.mark.parametrize(
    ("weights", "problem"),
    [
        ([60, 40], ""),
        ([60, 30], "The weights add up to 90, not 100"),
        ([100, 0], "Each criterion's weight must be more than 0"),
        ([], "Add the evaluation criteria"),
    ],
)
def test_the_weights_add_up_to_100(weights, problem):
    assert weights_problem(weights).startswith(problem) if problem else not weights_problem(weights)


def test_price_is_scored_by_the_lowest_price_over_this_price_times_the_weight():
    assert price_score(Decimal("90000"), Decimal("90000"), 40) == Decimal("40.00")
    assert price_score(Decimal("90000"), Decimal("120000"), 40) == Decimal("30.00")
    with pytest.raises(EvaluationError):
        price_score(Decimal("0"), Decimal("0"), 40)


def test_the_totals_and_the_ranking_are_computed_from_the_moderated_scores_and_prices():
    criteria = [
        Criterion(1, QUALITY, 40, 10),
        Criterion(2, QUALITY, 20, 5),
        Criterion(3, PRICE, 40),
    ]
    prices = {101: Decimal("120000.00"), 102: Decimal("90000.00"), 103: Decimal("100000.00")}
    moderated = {
        (101, 1): Decimal(9), (101, 2): Decimal(5),
        (102, 1): Decimal(6), (102, 2): Decimal(3),
        (103, 1): Decimal(7), (103, 2): Decimal(4),
    }  # fmt: skip
    results = evaluate(criteria, prices, moderated)
    assert [(r.bid, r.total, r.rank) for r in results] == [
        (101, Decimal("86.00"), 1),  # 36 + 20 + 30
        (103, Decimal("80.00"), 2),  # 28 + 16 + 36
        (102, Decimal("76.00"), 3),  # 24 + 12 + 40
    ]


def test_equal_totals_share_a_rank_and_a_missing_moderation_is_refused():
    criteria = [Criterion(1, QUALITY, 50, 10), Criterion(2, PRICE, 50)]
    prices = {1: Decimal(100), 2: Decimal(100)}
    results = evaluate(criteria, prices, {(1, 1): Decimal(5), (2, 1): Decimal(5)})
    assert [r.rank for r in results] == [1, 1]
    with pytest.raises(EvaluationError, match="moderated score"):
        evaluate(criteria, prices, {(1, 1): Decimal(5)})


def test_a_headings_points_are_its_sub_criteria_and_it_is_never_scored():
    """Quality 60 = 1: delivery 25 (/10) + 2: outcomes 20 (/10) + 3: involvement 15 (/5);
    price 40. Bid 101 at 120,000: 22.50 + 16.00 + 15.00 = 53.50, price 30.00, 83.50;
    bid 102 at 90,000: 15.00 + 10.00 + 9.00 = 34.00, price 40.00, 74.00."""
    criteria = [
        Criterion(9, QUALITY, 60, 10),
        Criterion(1, QUALITY, 25, 10, parent=9),
        Criterion(2, QUALITY, 20, 10, parent=9),
        Criterion(3, QUALITY, 15, 5, parent=9),
        Criterion(4, PRICE, 40),
    ]
    prices = {101: Decimal("120000.00"), 102: Decimal("90000.00")}
    moderated = {
        (101, 1): Decimal(9), (101, 2): Decimal(8), (101, 3): Decimal(5),
        (102, 1): Decimal(6), (102, 2): Decimal(5), (102, 3): Decimal(3),
    }  # fmt: skip
    first, second = evaluate(criteria, prices, moderated)  # no score of the heading (9)
    assert (first.bid, first.total, second.bid, second.total) == (
        101, Decimal("83.50"), 102, Decimal("74.00")
    )  # fmt: skip
    assert first.parts[9] == Decimal("53.50") == first.parts[1] + first.parts[2] + first.parts[3]
    assert [c.key for c in leaves(criteria)] == [1, 2, 3]
    # The sub-criteria add up to the heading's weight, and price has none.
    short = [c for c in criteria if c.key != 3]
    assert criteria_problem(short).endswith(
        "its sub-criteria's weights add up to 45, not its weight 60"
    )
    with pytest.raises(EvaluationError):
        evaluate(short, prices, moderated)
    priced = [*criteria[:4], Criterion(4, PRICE, 40), Criterion(5, QUALITY, 1, 5, parent=4)]
    assert (
        criteria_problem(priced) == "A sub-criterion belongs to a quality criterion of the strategy"
    )
