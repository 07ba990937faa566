"""Delegated authority in the rule layer (issue 17 item 6): seed 004, the board decides
"in the context of each Partner's delegated level of authority"; a vote for a decision
committing more than the caster's limit counts only subject to ratification."""

from decimal import Decimal

import pytest

from accord.rules import beyond_delegated_limit, subject_to_ratification


@pytest.mark.parametrize(
    ("commits", "limit", "beyond"),
    [
        (Decimal("1500000.00"), Decimal("1000000.00"), True),
        # a sum equal to the limit is within it
        (Decimal("1000000.00"), Decimal("1000000.00"), False),
        (Decimal("999999.99"), Decimal("1000000.00"), False),
        # a proposal committing no stated sum, or a seat with no limit recorded: nothing to apply
        (None, Decimal("1000000.00"), False),
        (Decimal("1500000.00"), None, False),
        # a limit of nothing: any sum is beyond it
        (Decimal("0.01"), Decimal("0.00"), True),
    ],
)
def test_a_sum_is_beyond_a_limit_only_when_both_are_known_and_it_is_more(commits, limit, beyond):
    assert beyond_delegated_limit(commits, limit) is beyond


@pytest.mark.parametrize(
    ("value", "asked", "expected"),
    [
        ("for", False, True),
        ("for", True, True),
        ("against", False, False),
        ("abstain", False, False),
    ],
)
def test_only_a_vote_for_beyond_the_limit_awaits_ratification(value, asked, expected):
    assert (
        subject_to_ratification(value, asked=asked, commits=Decimal("2"), limit=Decimal("1"))
        is expected
    )
