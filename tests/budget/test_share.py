"""The year-end risk share (issue 17 item 4): to the penny, no penny lost or invented."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.budget.share import (
    ShareError,
    parse_amount,
    parse_partners,
    share,
    share_pence,
)


@pytest.mark.parametrize(
    ("amount", "weights", "expected"),
    [
        # A third each: the odd penny goes to the partner listed first (a tie).
        ("100", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        # Two to one: exact shares 66.666.. and 33.333..; the larger remainder wins.
        ("100", [2, 1], ["66.67", "33.33"]),
        # The largest remainder, not the first partner: 8.0645.. and 1.9354..
        ("10", [Decimal("12.5"), 3], ["8.06", "1.94"]),
        # One penny between two: the first takes it, the other gets 0.00 (never -0.00).
        ("0.01", [1, 1], ["0.01", "0.00"]),
        # Negative: the negative of sharing the absolute value.
        ("-100", [1, 1, 1], ["-33.34", "-33.33", "-33.33"]),
        ("-0.01", [1, 1], ["-0.01", "0.00"]),
        ("0", [3, 1], ["0.00", "0.00"]),
        # A tie after the first: pennies 1 and 2 to partners two and three in order.
        ("0.02", [1, 2, 2], ["0.00", "0.01", "0.01"]),
    ],
)
def test_shares_follow_the_largest_remainder_rule(amount, weights, expected):
    result = share(Decimal(amount), weights)
    assert [str(part) for part in result] == expected
    assert sum(result, Decimal("0.00")) == Decimal(amount)


def test_a_negative_share_is_the_negative_of_the_positive_one():
    weights = [Decimal("0.7"), Decimal("0.2"), Decimal("0.1")]
    assert share_pence(-1001, weights) == [-p for p in share_pence(1001, weights)]


@pytest.mark.parametrize("weights", [[], [0], [1, -1], [Decimal("0.00")]])
def test_no_partner_or_a_weight_not_above_zero_is_refused(weights):
    with pytest.raises(ShareError):
        share(Decimal("10"), weights)


def test_an_amount_in_part_pennies_is_refused():
    with pytest.raises(ShareError):
        share(Decimal("1.005"), [1])


@pytest.mark.parametrize(
    "text", ["1,000", "£5", "1e3", "1.234", "", "1.", ".5", "+5", " 5", "5 ", "٣"]
)
def test_an_amount_in_any_other_form_is_refused(text):
    with pytest.raises(ShareError, match="amount"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["0", "-250", "1234.5", "1234.56", "-0.01"])
def test_amounts_in_the_grammar_are_taken(text):
    assert parse_amount(text) == Decimal(text)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "no partner"),
        (["county=0"], "more than 0"),
        (["county=0.00"], "more than 0"),
        (["county=-1"], "positive"),
        (["county=1e2"], "positive"),
        (["county=1,5"], "positive"),
        (["county=.5"], "positive"),
        (["county="], "positive"),
        (["county"], "PARTNER=WEIGHT"),
        (["=3"], "no partner name"),
        (["a=b=3"], "'='"),
        (["west oxon=3"], "spaces"),
        (["county=1", "city=2", "county=3"], "named twice"),
    ],
)
def test_bad_partners_are_refused_naming_the_problem(arguments, message):
    with pytest.raises(ShareError, match=message):
        parse_partners(arguments)


def test_partners_keep_their_order_and_exact_weights():
    assert parse_partners(["county=12.5", "cherwell=3"]) == [
        ("county", Decimal("12.5")),
        ("cherwell", Decimal("3")),
    ]


weights_strategy = st.lists(
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1000"), places=2),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(amount=st.integers(min_value=-(10**14), max_value=10**14), weights=weights_strategy)
def test_shares_sum_exactly_and_each_is_within_a_penny_of_its_exact_ratio(amount, weights):
    shares = share_pence(amount, weights)
    assert sum(shares) == amount
    total = sum((Fraction(w) for w in weights), Fraction(0))
    for part, weight in zip(shares, weights, strict=True):
        exact = amount * Fraction(weight) / total
        assert abs(part - exact) < 1
        # Its exact share rounded toward zero, plus at most the one penny left over.
        floor = int(abs(exact).__floor__())
        assert floor <= abs(part) <= floor + 1


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(min_value=0, max_value=10**12), weights=weights_strategy)
def test_a_negative_amount_is_shared_as_the_negative_of_its_absolute_value(amount, weights):
    assert share_pence(-amount, weights) == [-part for part in share_pence(amount, weights)]


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(min_value=-(10**9), max_value=10**9), weights=weights_strategy)
def test_pounds_never_print_as_minus_zero(amount, weights):
    for part in share(Decimal(amount) / 100, weights):
        assert str(part) != "-0.00"
        assert part.as_tuple().exponent == -2
