"""Delegated authority (issue 17 item 6): a partner's representatives act within a
financial limit their own organisation sets; a vote for a decision committing more than
that counts only subject to ratification by the partner's own body.

Seed 004: the board approves the strategy "in the context of each Partner's delegated
level of authority". Plain values only: the sums are ``Decimal`` pounds, ``None`` where
none is recorded (a proposal that commits no stated sum, a representative with no limit
recorded), and then nothing is beyond the limit.
"""

from decimal import Decimal


def beyond_delegated_limit(commits: Decimal | None, limit: Decimal | None) -> bool:
    """Whether a decision committing ``commits`` goes beyond a delegated ``limit``: only
    when both are known and the sum is strictly more (a sum equal to the limit is within)."""
    return commits is not None and limit is not None and commits > limit


def subject_to_ratification(
    value: str, *, asked: bool, commits: Decimal | None, limit: Decimal | None
) -> bool:
    """Whether a vote counts only subject to ratification: a vote for, when the caster
    says so or when the decision commits more than the caster's delegated limit. A vote
    against or an abstention commits nothing, so the limit never touches it."""
    return value == "for" and (asked or beyond_delegated_limit(commits, limit))
