"""The rule language: parsed into exact values, refused with the field named."""

from fractions import Fraction

import pytest

from accord.rules import Quorum, Rule, RuleError, parse_rule


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # seed 000, para 11: "all decisions require the active consent of all eight partners"
        ({"kind": "unanimity"}, Rule(kind="unanimity")),
        # seed 000, para 19: officers' fallback, a majority decision at a second meeting
        (
            {"kind": "majority", "base": "all", "threshold": "1/2", "strict": True},
            Rule(kind="majority", base="all", threshold=Fraction(1, 2), strict=True),
        ),
        # seed 000, para 22: the county council, "limiting the minority against to one vote"
        ({"kind": "consensus", "max_against": 1}, Rule(kind="consensus", max_against=1)),
        ({"kind": "consensus"}, Rule(kind="consensus", max_against=0)),
        (
            {"kind": "majority", "threshold": "2/3", "strict": False, "quorum": "1/2"},
            Rule(
                kind="majority",
                threshold=Fraction(2, 3),
                strict=False,
                quorum=Quorum(fraction=Fraction(1, 2)),
            ),
        ),
        ({"kind": "unanimity", "quorum": 5}, Rule(kind="unanimity", quorum=Quorum(count=5))),
    ],
)
def test_rules_parse_into_exact_values(data, expected):
    assert parse_rule(data) == expected


@pytest.mark.parametrize(
    ("data", "field", "problem"),
    [
        ({"kind": "plurality"}, "kind", "must be one of unanimity, consensus, majority"),
        ({"base": "all"}, "kind", "must be one of"),
        ({"kind": "majority", "base": "everyone"}, "base", "must be one of all, present, cast"),
        ({"kind": "majority", "threshold": "3/2"}, "threshold", "must be above 0 and at most 1"),
        ({"kind": "majority", "threshold": "0"}, "threshold", "must be above 0 and at most 1"),
        ({"kind": "majority", "threshold": "half"}, "threshold", "is not a fraction"),
        ({"kind": "majority", "threshold": "1/0"}, "threshold", "divides by zero"),
        ({"kind": "majority", "threshold": 0.5}, "threshold", "must be a fraction"),
        ({"kind": "majority", "strict": "yes"}, "strict", "must be true or false"),
        ({"kind": "consensus", "max_against": -1}, "max_against", "0 or more"),
        ({"kind": "majority", "quorum": "3/2"}, "quorum", "at most 1"),
        ({"kind": "majority", "veto": True}, "veto", "is not part of the rule language"),
        ("unanimity", "rule", "must be an object"),
    ],
)
def test_bad_rules_are_refused_naming_the_field(data, field, problem):
    with pytest.raises(RuleError) as refused:
        parse_rule(data)
    assert refused.value.field == field
    assert problem in refused.value.problem


def test_a_fractional_quorum_is_rounded_up():
    # Half of eight partners is four; half of seven is three and a half, so four.
    assert Quorum(fraction=Fraction(1, 2)).required(8) == 4
    assert Quorum(fraction=Fraction(1, 2)).required(7) == 4
    assert Quorum(count=5).required(8) == 5


def test_rules_read_back_as_the_json_they_came_from():
    rule = parse_rule({"kind": "majority", "threshold": "2/3", "max_against": 1, "quorum": 5})
    assert parse_rule(rule.to_json()) == rule


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"kind": "unanimity"}, "unanimity: every one of all voting members must vote for"),
        ({"kind": "consensus", "max_against": 1}, "carried unless more than 1 vote against"),
        (
            {"kind": "majority", "base": "cast", "threshold": "2/3", "strict": False},
            "majority: at least two thirds of the votes cast must vote for",
        ),
    ],
)
def test_rules_are_described_in_plain_words(data, words):
    assert parse_rule(data).describe() == words
