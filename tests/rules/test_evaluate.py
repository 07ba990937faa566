"""Evaluating a rule: exact weighted counts, the quorum first, and a reason in words."""

import json
from fractions import Fraction

import pytest

from accord.rules import JUDGES, Rule, RuleError, Unit, evaluate, parse_evaluation, parse_rule
from accord.rules.rule import KINDS

# Oxfordshire's eight commissioning partners (seed 000, paras 11 and 22; the eighth is
# the probation service).
PARTNERS = [
    "oxfordshire-county",
    "cherwell",
    "oxford-city",
    "south-oxfordshire",
    "vale-of-white-horse",
    "west-oxfordshire",
    "oxfordshire-pct",
    "thames-valley-probation",
]
EIGHT = [Unit(partner) for partner in PARTNERS]

MOU = {"kind": "unanimity"}  # seed 000, para 11: active consent of all eight partners
OFFICERS = {"kind": "majority", "base": "all", "threshold": "1/2", "strict": True}  # para 19
COUNTY = {
    "kind": "majority",
    "base": "all",
    "threshold": "1/2",
    "strict": True,
    "max_against": 1,
}  # para 22: minority against limited to one


def ballot(**exceptions: str) -> dict[str, str]:
    """Every partner for, except those named (underscores for hyphens)."""
    votes = dict.fromkeys(PARTNERS, "for")
    for partner, vote in exceptions.items():
        votes[partner.replace("_", "-")] = vote
    return votes


def votes_of(for_: int = 0, against: int = 0, abstain: int = 0) -> dict[str, str]:
    """The first partners for, the next against, the next abstaining; the rest absent."""
    values = ["for"] * for_ + ["against"] * against + ["abstain"] * abstain
    return dict(zip(PARTNERS, values, strict=False))


def outcome_of(rule: dict, votes: dict[str, str], units: list[Unit] = EIGHT) -> str:
    return evaluate(parse_rule(rule), units, votes).outcome


@pytest.mark.parametrize(
    ("rule", "votes", "outcome"),
    [
        # seed 000, para 12: 24 November 2004 and again 11 July 2008, West Oxfordshire DC
        # against, the seven other partners for
        (MOU, ballot(west_oxfordshire="against"), "not_carried"),
        (OFFICERS, ballot(west_oxfordshire="against"), "carried"),
        (COUNTY, ballot(west_oxfordshire="against"), "carried"),
        # seed 000, para 12: 6 October 2005, Cherwell DC against, the seven others for
        (MOU, ballot(cherwell="against"), "not_carried"),
        (OFFICERS, ballot(cherwell="against"), "carried"),
        (COUNTY, ballot(cherwell="against"), "carried"),
        # seed 000, para 14: "a unanimous vote at a subsequent meeting" on the amended proposal
        (MOU, ballot(), "carried"),
        (OFFICERS, ballot(), "carried"),
        (COUNTY, ballot(), "carried"),
    ],
)
def test_the_seed_cases_under_the_three_candidate_rules(rule, votes, outcome):
    assert outcome_of(rule, votes) == outcome


def test_the_2008_dissent_is_explained_naming_the_partner():
    # seed 000, para 12: 11 July 2008, West Oxfordshire DC against
    result = evaluate(parse_rule(MOU), EIGHT, ballot(west_oxfordshire="against"))
    assert result.required == "8 of 8 for"
    assert result.reason == (
        "Not carried: unanimity needs all 8 voting members to vote for; "
        "7 voted for and 1 (west-oxfordshire) voted against."
    )
    officers = evaluate(parse_rule(OFFICERS), EIGHT, ballot(west_oxfordshire="against"))
    assert officers.required == "more than 4 of 8 for"
    assert officers.reason == "Carried: 7 of 8 voted for, more than half of all 8."


@pytest.mark.parametrize(
    ("rule", "votes", "outcome"),
    [
        # seed 000, para 11: "active consent": abstaining or absent blocks under base all
        ({"kind": "unanimity"}, ballot(cherwell="abstain"), "not_carried"),
        ({"kind": "unanimity"}, votes_of(for_=7), "not_carried"),
        # ... but under base present an absent partner does not, an abstaining one does
        ({"kind": "unanimity", "base": "present"}, votes_of(for_=7), "carried"),
        ({"kind": "unanimity", "base": "present"}, ballot(cherwell="abstain"), "not_carried"),
        # ... and under base cast only a vote against blocks
        ({"kind": "unanimity", "base": "cast"}, votes_of(for_=6, abstain=1), "carried"),
        ({"kind": "unanimity", "base": "cast"}, votes_of(for_=6, against=1), "not_carried"),
        # consensus: nobody against, absent and abstaining partners do not block
        ({"kind": "consensus"}, votes_of(for_=3, abstain=2), "carried"),
        ({"kind": "consensus"}, votes_of(for_=7, against=1), "not_carried"),
        # seed 000, para 22: the county council's limit of one against
        ({"kind": "consensus", "max_against": 1}, votes_of(for_=6, against=2), "not_carried"),
        # majority of all: the absent count in the base
        ({"kind": "majority", "base": "all"}, votes_of(for_=4, against=1), "not_carried"),
        ({"kind": "majority", "base": "all"}, votes_of(for_=5, against=3), "carried"),
        # majority of those present: 3 of 5 present is more than half
        ({"kind": "majority", "base": "present"}, votes_of(for_=3, abstain=2), "carried"),
        (
            {"kind": "majority", "base": "present"},
            votes_of(for_=2, against=1, abstain=1),
            "not_carried",
        ),
        # majority of votes cast: abstentions do not count
        ({"kind": "majority", "base": "cast"}, votes_of(for_=2, against=1, abstain=4), "carried"),
        (
            {"kind": "majority", "base": "cast"},
            votes_of(for_=1, against=1, abstain=5),
            "not_carried",
        ),
    ],
)
def test_each_kind_against_each_base(rule, votes, outcome):
    assert outcome_of(rule, votes) == outcome


@pytest.mark.parametrize(
    ("strict", "for_", "outcome"),
    [
        # seed 000, para 19: "a majority decision": 4 of 8 is exactly half
        (True, 4, "not_carried"),
        (False, 4, "carried"),
        (True, 5, "carried"),
        (False, 3, "not_carried"),
    ],
)
def test_strict_majority_needs_more_than_the_threshold_and_non_strict_reaches_it(
    strict, for_, outcome
):
    rule = {"kind": "majority", "threshold": "1/2", "strict": strict}
    assert outcome_of(rule, votes_of(for_=for_, against=8 - for_)) == outcome


def test_a_two_thirds_majority_of_nine_needs_six():
    units = [*EIGHT, Unit("service-users")]
    rule = {"kind": "majority", "threshold": "2/3", "strict": False}
    votes = votes_of(for_=6, against=2)
    result = evaluate(parse_rule(rule), units, votes)
    assert result.required == "at least 6 of 9 for"
    assert result.outcome == "carried"
    assert outcome_of(rule, votes_of(for_=5, against=3), units) == "not_carried"


def test_a_majority_of_seven_with_a_fractional_share_is_stated_in_whole_votes():
    # Half of 7 is 7/2; more than that is at least 4.
    seven = EIGHT[:7]
    result = evaluate(parse_rule({"kind": "majority"}), seven, votes_of(for_=4, against=3))
    assert result.required == "at least 4 of 7 for"
    assert result.outcome == "carried"


@pytest.mark.parametrize(
    ("against", "outcome"),
    [
        # seed 000, para 22: "limiting the minority against to one vote"
        (1, "carried"),
        (2, "not_carried"),
    ],
)
def test_max_against_limits_a_majority(against, outcome):
    rule = {"kind": "majority", "threshold": "1/2", "max_against": 1}
    result = evaluate(parse_rule(rule), EIGHT, votes_of(for_=6, against=against))
    assert result.outcome == outcome
    assert result.required == "more than 4 of 8 for; no more than 1 against"


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [
        # seed 000, para 22: the county's "majority voting ... limiting the minority against
        # to one vote" is a majority first: one for, one against and six absent is not one
        ({"oxfordshire-county": "for", "cherwell": "against"}, "not_carried"),
        (votes_of(for_=4, against=1), "not_carried"),
        (votes_of(for_=5, against=1), "carried"),
        (votes_of(for_=6, against=2), "not_carried"),
    ],
)
def test_the_county_variant_needs_a_majority_of_all_eight_and_at_most_one_against(votes, outcome):
    assert evaluate(parse_rule(COUNTY), EIGHT, votes).outcome == outcome


def test_a_limit_exceeded_names_the_partners_against():
    rule = parse_rule({"kind": "consensus", "max_against": 1})
    votes = ballot(west_oxfordshire="against", cherwell="against")
    result = evaluate(rule, EIGHT, votes)
    assert result.reason == (
        "Not carried: no more than 1 may vote against; "
        "2 (cherwell, west-oxfordshire) voted against."
    )


def test_many_blocking_partners_are_counted_not_named():
    result = evaluate(parse_rule(MOU), EIGHT, votes_of(for_=4, against=2, abstain=1))
    assert result.reason == (
        "Not carried: unanimity needs all 8 voting members to vote for; "
        "4 voted for, 2 voted against, 1 abstained and 1 was absent."
    )


@pytest.mark.parametrize(
    ("quorum", "present", "outcome"),
    [
        ("5", 4, "inquorate"),
        (5, 5, "carried"),
        # a fraction of all units, rounded up: half of 8 is 4
        ("1/2", 3, "inquorate"),
        ("1/2", 4, "carried"),
    ],
)
def test_a_quorum_is_a_count_or_a_fraction_of_all_units(quorum, present, outcome):
    rule = {"kind": "majority", "base": "present", "quorum": quorum}
    assert outcome_of(rule, votes_of(for_=present)) == outcome


def test_a_fractional_quorum_of_seven_is_rounded_up_to_four():
    seven = EIGHT[:7]
    rule = parse_rule({"kind": "consensus", "quorum": "1/2"})
    short = evaluate(rule, seven, votes_of(for_=3))
    assert short.outcome == "inquorate"
    assert short.reason == "Inquorate: 3 present, 4 required."
    assert short.required.endswith("; quorum 4 present")
    assert evaluate(rule, seven, votes_of(for_=4)).outcome == "carried"


def test_the_quorum_is_checked_before_the_rule():
    rule = parse_rule({"kind": "majority", "quorum": 5})
    result = evaluate(rule, EIGHT, votes_of(for_=3, against=1))
    assert result.outcome == "inquorate"
    assert result.reason == "Inquorate: 4 present, 5 required."


COUNTY_AND_THREE = ["oxfordshire-county", "cherwell", "oxford-city", "south-oxfordshire"]
THE_OTHER_FOUR = PARTNERS[4:]


@pytest.mark.parametrize(
    ("votes", "outcome"),
    [
        # The county council weighted 2 (9 in all): the county and three districts for,
        # four against, is 5 of 9, more than half; unweighted it would be 4 of 8, not carried.
        (
            {**dict.fromkeys(COUNTY_AND_THREE, "for"), **dict.fromkeys(THE_OTHER_FOUR, "against")},
            "carried",
        ),
        (
            {**dict.fromkeys(COUNTY_AND_THREE, "against"), **dict.fromkeys(THE_OTHER_FOUR, "for")},
            "not_carried",
        ),
    ],
)
def test_weighted_votes_count_by_weight(votes, outcome):
    units = [Unit("oxfordshire-county", Fraction(2)), *EIGHT[1:]]
    result = evaluate(parse_rule({"kind": "majority"}), units, votes)
    assert result.outcome == outcome
    assert result.tally.all_units == 9


def test_fractional_weights_are_exact_and_reported_as_fractions():
    units = [Unit("a", Fraction(3, 2)), Unit("b", Fraction(1, 2)), Unit("c")]
    votes = {"a": "for", "b": "against", "c": "for"}
    result = evaluate(parse_rule({"kind": "majority"}), units, votes)
    assert result.outcome == "carried"
    assert result.to_json()["for"] == "5/2"
    assert result.to_json()["against"] == "1/2"
    assert result.to_json()["base"] == 3


def test_a_fractional_weight_at_exactly_half_does_not_carry_a_strict_majority():
    units = [Unit("a", Fraction(3, 2)), Unit("b", Fraction(1, 2)), Unit("c")]
    result = evaluate(parse_rule({"kind": "majority"}), units, {"a": "for", "c": "against"})
    assert result.outcome == "not_carried"
    assert result.required == "more than 3/2 of 3 for"


def test_a_fractional_quorum_with_fractional_weights_can_be_met_by_everyone():
    # Rounding 3/2 up to 2 would make the quorum unreachable; the exact share is required.
    units = [Unit("a", Fraction(1, 2)), Unit("b")]
    rule = parse_rule({"kind": "unanimity", "quorum": "1"})
    assert evaluate(rule, units, {"a": "for", "b": "for"}).outcome == "carried"


def test_a_unit_of_weight_zero_neither_counts_nor_blocks():
    units = [*EIGHT, Unit("observer", Fraction(0))]
    result = evaluate(parse_rule(MOU), units, {**ballot(), "observer": "against"})
    assert result.outcome == "carried"
    assert result.tally.against == 0


@pytest.mark.parametrize(
    ("rule", "units", "votes", "reason"),
    [
        (MOU, [], {}, "there are no voting members"),
        (OFFICERS, [], {}, "there are no voting members"),
        (COUNTY, [], {}, "there are no voting members"),
        (
            {"kind": "unanimity", "base": "cast"},
            EIGHT,
            votes_of(abstain=8),
            "nobody voted for or against",
        ),
        (
            {"kind": "majority", "base": "cast"},
            EIGHT,
            votes_of(abstain=3),
            "nobody voted for or against",
        ),
        ({"kind": "majority", "base": "present"}, EIGHT, {}, "nobody was present"),
        ({"kind": "unanimity", "base": "present"}, EIGHT, {}, "nobody was present"),
    ],
)
def test_an_empty_base_never_carries_and_never_raises(rule, units, votes, reason):
    result = evaluate(parse_rule(rule), units, votes)
    assert result.outcome == "not_carried"
    assert result.reason == f"Not carried: nobody counted towards the base: {reason}."


def test_a_consensus_with_nobody_voting_for_is_not_carried():
    result = evaluate(parse_rule({"kind": "consensus"}), EIGHT, votes_of(abstain=5))
    assert result.outcome == "not_carried"
    assert "nobody voted for" in result.reason


def test_a_consensus_built_without_the_parser_still_allows_nobody_against():
    assert evaluate(Rule(kind="consensus"), EIGHT, votes_of(for_=7, against=1)).outcome == (
        "not_carried"
    )


def test_the_outcome_as_json_has_exactly_the_documented_fields():
    result = evaluate(parse_rule(OFFICERS), EIGHT, ballot(cherwell="against"))
    assert result.to_json() == {
        "outcome": "carried",
        "for": 7,
        "against": 1,
        "abstain": 0,
        "absent": 0,
        "base": 8,
        "required": "more than 4 of 8 for",
        "reason": "Carried: 7 of 8 voted for, more than half of all 8.",
    }
    json.dumps(result.to_json())  # no Fraction escapes into the JSON


def test_every_kind_of_rule_has_a_judge():
    assert set(JUDGES) == set(KINDS)


@pytest.mark.parametrize(
    ("units", "votes", "field", "problem"),
    [
        (EIGHT, {"cherwell": "yes"}, "votes.cherwell", "'yes' is not one of for, against, abstain"),
        (EIGHT, {"nobody": "for"}, "votes.nobody", "not one of the units"),
        ([*EIGHT, Unit("cherwell")], {}, "units[8]", "'cherwell' appears twice"),
    ],
)
def test_a_bad_ballot_is_refused_naming_the_field(units, votes, field, problem):
    with pytest.raises(RuleError) as refused:
        evaluate(parse_rule(MOU), units, votes)
    assert (refused.value.field, refused.value.problem) == (field, problem)


def test_a_negative_weight_is_refused():
    with pytest.raises(RuleError, match="cannot be negative"):
        Unit("cherwell", Fraction(-1))


# ---------------------------------------------------------------- the input format

EXAMPLE = {
    "rule": {
        "kind": "majority",
        "base": "all",
        "threshold": "1/2",
        "strict": True,
        "max_against": 1,
        "quorum": 5,
    },
    "units": ["cherwell", "oxford-city", {"id": "county", "weight": 2}],
    "votes": {"cherwell": "for", "county": "against"},
}


def test_the_documented_example_parses_into_rule_units_and_votes():
    rule, units, votes = parse_evaluation(EXAMPLE)
    assert rule == parse_rule(EXAMPLE["rule"])
    assert units == [Unit("cherwell"), Unit("oxford-city"), Unit("county", Fraction(2))]
    assert votes == {"cherwell": "for", "county": "against"}


def test_votes_may_be_left_out_when_nobody_voted():
    _, _, votes = parse_evaluation({"rule": MOU, "units": ["cherwell"]})
    assert votes == {}


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"rule": None}, "rule", "must be an object"),
        ({"units": None}, "units", "must be a list"),
        (
            {"votes": {"cherwell": "yes"}},
            "votes.cherwell",
            "'yes' is not one of for, against, abstain",
        ),
        ({"votes": {"nobody": "for"}}, "votes.nobody", "not one of the units"),
        ({"votes": ["cherwell"]}, "votes", "must be an object"),
        ({"units": ["cherwell", "county", "cherwell"]}, "units[2]", "'cherwell' appears twice"),
        ({"units": ["cherwell", 7]}, "units[1]", "must be a unit id"),
        ({"units": [{"id": 7}]}, "units[0].id", "must be a unit id"),
        (
            {"units": ["a", "b", {"id": "county", "weight": -2}]},
            "units[2].weight",
            "cannot be negative",
        ),
        ({"units": [{"id": "county", "weight": "-1/2"}]}, "units[0].weight", "cannot be negative"),
        (
            {"units": [{"id": "county", "weight": 1.5}]},
            "units[0].weight",
            "whole number or a fraction",
        ),
        ({"units": [{"id": "county", "weight": "two"}]}, "units[0].weight", "is not a fraction"),
        ({"units": [{"id": "county", "seats": 2}]}, "units[0].seats", "is not part of a unit"),
        (
            {"rule": {"kind": "majority", "threshold": "3/2"}},
            "rule.threshold",
            "above 0 and at most 1",
        ),
        (
            {"rule": {"kind": "majority", "threshold": "0"}},
            "rule.threshold",
            "above 0 and at most 1",
        ),
        (
            {"rule": {"kind": "majority", "threshold": "1//2"}},
            "rule.threshold",
            "is not a fraction",
        ),
        ({"rule": {"kind": "vote"}}, "rule.kind", "must be one of"),
        ({"ballot": {}}, "ballot", "is not part of the input"),
    ],
)
def test_bad_input_is_refused_naming_the_field(change, field, problem):
    with pytest.raises(RuleError) as refused:
        parse_evaluation({**EXAMPLE, **change})
    assert refused.value.field == field
    assert problem in refused.value.problem


@pytest.mark.parametrize(("missing", "field"), [("rule", "rule"), ("units", "units")])
def test_a_missing_rule_or_units_is_refused(missing, field):
    data = {key: value for key, value in EXAMPLE.items() if key != missing}
    with pytest.raises(RuleError) as refused:
        parse_evaluation(data)
    assert (refused.value.field, refused.value.problem) == (field, "is missing")


def test_input_that_is_not_an_object_is_refused():
    with pytest.raises(RuleError) as refused:
        parse_evaluation(["rule"])
    assert refused.value.field == "input"
