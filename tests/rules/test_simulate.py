"""The simulator: the seed cases replayed under the three rules before the Commissioning
Body on 11 December 2009, side by side."""

import json
from typing import Any

import pytest

from accord.rules import (
    Case,
    Constitution,
    Round,
    RuleError,
    Unit,
    parse_rule,
    parse_simulation,
    simulate,
    table,
)

from .test_evaluate import PARTNERS

ROUTE = ["compromise", "escalate", "second_meeting", "call_in"]
CONSTITUTIONS: list[dict[str, Any]] = [
    # seed 000, para 11: the Memorandum of Understanding, "active consent of all eight"
    {
        "name": "Memorandum of Understanding (2003)",
        "rule": {"kind": "unanimity"},
        "fallback_rule": None,
        "route": ROUTE,
        "call_in_days": 10,
    },
    # seed 000, para 19: a majority decision if unanimity fails again at a second meeting
    {
        "name": "Officers' recommendation (December 2009)",
        "rule": {"kind": "unanimity"},
        "fallback_rule": {"kind": "majority", "base": "all", "threshold": "1/2", "strict": True},
        "route": ROUTE,
        "call_in_days": 10,
    },
    # seed 000, para 22: the county council, "limiting the minority against to one vote"
    {
        "name": "County council's variant (December 2009)",
        "rule": {"kind": "unanimity"},
        "fallback_rule": {
            "kind": "majority",
            "base": "all",
            "threshold": "1/2",
            "strict": True,
            "max_against": 1,
        },
        "route": ROUTE,
        "call_in_days": 10,
    },
]


def all_for(**exceptions: str) -> dict[str, str]:
    votes = dict.fromkeys(PARTNERS, "for")
    votes.update({partner.replace("_", "-"): vote for partner, vote in exceptions.items()})
    return votes


CASES: list[dict[str, Any]] = [
    # seed 000, paras 12-14: 24 November 2004, West Oxfordshire DC against; a compromise,
    # then a unanimous vote on the amended proposal at a subsequent meeting
    {
        "name": "Strategy 2004-09: resident wardens",
        "units": PARTNERS,
        "rounds": [
            {
                "label": "Commissioning Body, 24 November 2004",
                "votes": all_for(west_oxfordshire="against"),
                "after": "compromise",
            },
            {"label": "Commissioning Body, amended proposal", "votes": all_for()},
        ],
    },
    # seed 000, paras 12-14: 6 October 2005, Cherwell DC against; escalated to the chief
    # executives, who found a compromise; unanimous at a subsequent meeting
    {
        "name": "Amendment of Strategy 2004-09: services for young people",
        "units": PARTNERS,
        "rounds": [
            {
                "label": "Commissioning Body, 6 October 2005",
                "votes": all_for(cherwell="against"),
                "after": "escalate",
            },
            {"label": "Commissioning Body, amended proposal", "votes": all_for()},
        ],
    },
    # seed 000, paras 12, 16-17: 11 July 2008, West Oxfordshire DC against; escalated,
    # no change in positions; no second vote was ever held
    {
        "name": "Strategy 2008-11: resident wardens",
        "units": PARTNERS,
        "rounds": [
            {
                "label": "Commissioning Body, 11 July 2008",
                "votes": all_for(west_oxfordshire="against"),
                "after": "escalate",
            }
        ],
    },
]


@pytest.fixture(scope="module")
def results():
    return simulate(*parse_simulation({"constitutions": CONSTITUTIONS, "cases": CASES}))


@pytest.mark.parametrize(
    ("case", "cells"),
    [
        # seed 000, para 14: 2004, unanimous at the later meeting under every constitution
        (0, ["carried, round 2", "carried, round 2 (fallback)", "carried, round 2 (fallback)"]),
        # seed 000, para 13: 2005, likewise after escalation
        (1, ["carried, round 2", "carried, round 2 (fallback)", "carried, round 2 (fallback)"]),
        # seed 000, paras 16-17: 2008, the MoU offers no way to decide; both proposals
        # would have decided at a second meeting with positions unchanged
        (
            2,
            [
                "not carried",
                "carried, round 2 (fallback, assumed)",
                "carried, round 2 (fallback, assumed)",
            ],
        ),
    ],
)
def test_the_seed_cases_side_by_side(results, case, cells):
    assert [result.cell() for result in results[case].results] == cells


def test_the_2004_case_under_the_memorandum_carried_at_round_2_after_a_compromise(results):
    # seed 000, para 14: "a unanimous vote at a subsequent meeting ... on an amended proposal"
    mou = results[0].results[0]
    assert (mou.outcome, mou.round_number, mou.rule_used) == ("carried", 2, "decision rule")
    assert mou.round_label == "Commissioning Body, amended proposal"
    assert mou.route == ("compromise", "second_meeting", "call_in")
    assert mou.outside_route == ()
    assert mou.assumed is None
    assert mou.summary == (
        "Carried at the second meeting (round 2) by the decision rule after a compromise; "
        "then call-in (10 days)."
    )


def test_the_2005_case_carried_at_round_2_after_escalation(results):
    # seed 000, para 13: escalated to the chief executives, who found a compromise
    for result in results[1].results:
        assert result.outcome == "carried"
        assert result.round_number == 2
        assert result.route == ("escalate", "second_meeting", "call_in")
    officers = results[1].results[1]
    assert officers.summary == (
        "Carried at the second meeting (round 2) by the fallback rule after escalation; "
        "then call-in (10 days)."
    )


def test_the_2008_case_under_the_memorandum_has_no_way_to_decide(results):
    # seed 000, paras 16-17: escalated, "no change in positions"
    mou = results[2].results[0]
    assert (mou.outcome, mou.round_number, mou.rule_used) == ("not_carried", 1, "decision rule")
    assert mou.route == ("escalate",)
    assert mou.assumed is None
    assert mou.evaluation.outcome == "not_carried"
    assert "offers no way to decide" in mou.summary
    assert "positions unchanged" in mou.summary


@pytest.mark.parametrize(
    ("column", "rule_text", "reason"),
    [
        # seed 000, para 19: the officers' majority at a second meeting
        (
            1,
            "majority: more than half of all voting members must vote for",
            "Carried: 7 of 8 voted for, more than half of all 8.",
        ),
        # seed 000, para 22: the county council's limit of one vote against
        (
            2,
            "majority: more than half of all voting members must vote for, with at most 1 against",
            "Carried: 7 of 8 voted for, more than half of all 8; 1 (west-oxfordshire) voted "
            "against, within the 1 allowed.",
        ),
    ],
)
def test_the_2008_case_carries_at_an_assumed_second_meeting_under_each_proposal(
    results, column, rule_text, reason
):
    result = results[2].results[column]
    assert result.outcome == "carried"
    assert result.round_number == 2
    assert result.rule_used == "fallback rule"
    assert result.rule_text == rule_text
    assert result.assumed == "positions unchanged at a second meeting"
    assert result.route == ("escalate", "second_meeting", "call_in")
    assert result.evaluation.reason == reason
    assert result.summary.startswith("Carried at an assumed second meeting")


def test_a_case_carried_at_round_1_needs_no_route_but_call_in(results):
    units = tuple(Unit(partner) for partner in PARTNERS)
    case = Case("Annual Plan 2009-10", units, (Round("Commissioning Body", all_for()),))
    constitutions, _ = parse_simulation({"constitutions": CONSTITUTIONS, "cases": CASES})
    for result in simulate(constitutions, [case])[0].results:
        assert (result.outcome, result.round_number, result.rule_used) == (
            "carried",
            1,
            "decision rule",
        )
        assert result.route == ("call_in",)
        assert result.assumed is None
        assert result.cell() == "carried, round 1"


def test_without_call_in_in_the_route_a_carried_case_needs_no_route_at_all():
    units = tuple(Unit(partner) for partner in PARTNERS)
    case = Case("Annual Plan 2009-10", units, (Round("Commissioning Body", all_for()),))
    bare = Constitution("Unanimity, no route", parse_rule({"kind": "unanimity"}))
    [result] = simulate([bare], [case])[0].results
    assert result.route == ()
    assert result.summary == "Carried at the first meeting (round 1) by the decision rule."


def test_a_step_outside_the_constitutions_route_is_flagged_but_still_simulated():
    # seed 000, para 17: things done outside the constitution are recorded and flagged
    units = tuple(Unit(partner) for partner in PARTNERS)
    rounds = (
        Round("First vote", all_for(west_oxfordshire="against"), after="escalate"),
        Round("Second vote", all_for(west_oxfordshire="against")),
    )
    narrow = Constitution(
        "Majority at a second meeting, no escalation",
        parse_rule({"kind": "unanimity"}),
        fallback_rule=parse_rule({"kind": "majority"}),
        route=("second_meeting",),
    )
    [result] = simulate([narrow], [Case("Strategy", units, rounds)])[0].results
    assert result.outcome == "carried"
    assert result.route == ("escalate", "second_meeting")
    assert result.outside_route == ("escalate",)
    assert result.cell() == "carried, round 2 (fallback, outside route)"
    assert "escalation outside this constitution's route" in result.summary


def test_a_fallback_that_fails_again_is_not_carried_at_the_assumed_second_meeting():
    units = tuple(Unit(partner) for partner in PARTNERS)
    votes = all_for(west_oxfordshire="against", cherwell="against")
    case = Case("Strategy", units, (Round("First vote", votes, after="escalate"),))
    county = Constitution(
        "County council's variant",
        parse_rule({"kind": "unanimity"}),
        fallback_rule=parse_rule(
            {
                "kind": "majority",
                "base": "all",
                "threshold": "1/2",
                "strict": True,
                "max_against": 1,
            }
        ),
        route=tuple(ROUTE),
    )
    [result] = simulate([county], [case])[0].results
    assert result.outcome == "not_carried"
    assert result.round_number == 2
    assert result.assumed == "positions unchanged at a second meeting"
    assert result.route == ("escalate", "second_meeting")
    assert result.summary.startswith("Not carried, even by the fallback rule")


def test_an_inquorate_round_does_not_carry_and_counts_as_a_round():
    units = tuple(Unit(partner) for partner in PARTNERS)
    rounds = (
        Round("Poorly attended", {"cherwell": "for", "oxford-city": "for"}, after="compromise"),
        Round("Full meeting", all_for()),
    )
    quorate = Constitution("Quorum five", parse_rule({"kind": "majority", "quorum": 5}))
    [result] = simulate([quorate], [Case("Plan", units, rounds)])[0].results
    assert (result.outcome, result.round_number) == ("carried", 2)
    assert result.outside_route == ("compromise", "second_meeting")


def test_several_rounds_that_never_carry_without_a_fallback_are_not_carried():
    units = tuple(Unit(partner) for partner in PARTNERS)
    votes = all_for(west_oxfordshire="against")
    rounds = (Round("One", votes, after="escalate"), Round("Two", votes), Round("Three", votes))
    mou = Constitution("MoU", parse_rule({"kind": "unanimity"}), route=tuple(ROUTE))
    [result] = simulate([mou], [Case("Strategy", units, rounds)])[0].results
    assert (result.outcome, result.round_number, result.round_label) == ("not_carried", 3, "Three")
    assert result.route == ("escalate", "second_meeting", "second_meeting")
    assert result.summary == (
        "Not carried in any of 3 rounds under the decision rule after escalation, and the "
        "constitution offers no way to decide."
    )


def test_results_are_json_with_one_result_per_constitution_in_input_order(results):
    data = json.loads(json.dumps([case.to_json() for case in results]))
    assert [case["case"] for case in data] == [case["name"] for case in CASES]
    assert [result["constitution"] for result in data[2]["results"]] == [
        constitution["name"] for constitution in CONSTITUTIONS
    ]
    assumed = data[2]["results"][1]
    assert set(assumed) == {
        "constitution",
        "outcome",
        "round_number",
        "round_label",
        "rule_used",
        "rule_text",
        "route",
        "outside_route",
        "assumed",
        "evaluation",
        "summary",
    }
    assert assumed["route"] == ["escalate", "second_meeting", "call_in"]
    assert assumed["evaluation"]["for"] == 7


def test_the_table_puts_cases_in_rows_and_constitutions_in_columns(results):
    lines = table(results).splitlines()
    assert lines[0].split(" | ") == [
        "Case                                                    ",
        "Memorandum of Understanding (2003)",
        "Officers' recommendation (December 2009)",
        "County council's variant (December 2009)",
    ]
    assert set(lines[1]) == {"-", "+"}
    assert [cell.strip() for cell in lines[4].split(" | ")] == [
        "Strategy 2008-11: resident wardens",
        "not carried",
        "carried, round 2 (fallback, assumed)",
        "carried, round 2 (fallback, assumed)",
    ]
    assert len(lines) == 5


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        (
            {
                "constitutions": [
                    {**CONSTITUTIONS[1], "fallback_rule": {"kind": "majority", "threshold": "3/2"}}
                ]
            },
            "constitutions[0].fallback_rule.threshold",
            "above 0 and at most 1",
        ),
        (
            {"constitutions": [CONSTITUTIONS[0], {**CONSTITUTIONS[1], "route": ["vote_again"]}]},
            "constitutions[1].route[0]",
            "'vote_again' is not one of compromise, escalate, second_meeting, call_in",
        ),
        (
            {"constitutions": [{"rule": {"kind": "unanimity"}}]},
            "constitutions[0].name",
            "is missing",
        ),
        ({"constitutions": [{"name": "MoU"}]}, "constitutions[0].rule", "is missing"),
        (
            {"constitutions": [{**CONSTITUTIONS[0], "rule": "unanimity"}]},
            "constitutions[0].rule",
            "must be an object",
        ),
        (
            {"constitutions": [{**CONSTITUTIONS[0], "call_in_days": -1}]},
            "constitutions[0].call_in_days",
            "0 or more",
        ),
        ({"constitutions": []}, "constitutions", "at least one constitution"),
        ({"cases": [{**CASES[0], "rounds": []}]}, "cases[0].rounds", "at least one round"),
        (
            {"cases": [{**CASES[0], "rounds": [CASES[0]["rounds"][0], {"votes": {"x": "for"}}]}]},
            "cases[0].rounds[1].votes.x",
            "not one of the units",
        ),
        (
            {"cases": [{**CASES[0], "rounds": [{"votes": {"cherwell": "aye"}}]}]},
            "cases[0].rounds[0].votes.cherwell",
            "'aye' is not one of for, against, abstain",
        ),
        (
            {"cases": [{**CASES[0], "rounds": [{"votes": {}, "after": "call_in"}]}]},
            "cases[0].rounds[0].after",
            "is not one of compromise, escalate",
        ),
        (
            {"cases": [{**CASES[0], "units": ["cherwell", "cherwell"]}]},
            "cases[0].units[1]",
            "appears twice",
        ),
        ({"cases": [{**CASES[0], "date": "2008-07-11"}]}, "cases[0].date", "is not part of a case"),
        ({"options": {}}, "options", "is not part of the input"),
    ],
)
def test_bad_simulation_input_is_refused_naming_the_field(change, field, problem):
    with pytest.raises(RuleError) as refused:
        parse_simulation({"constitutions": CONSTITUTIONS, "cases": CASES, **change})
    assert refused.value.field == field
    assert problem in refused.value.problem


def test_route_fallback_and_call_in_are_optional_and_a_round_label_defaults():
    constitutions, cases = parse_simulation(
        {
            "constitutions": [{"name": "Bare", "rule": {"kind": "consensus"}}],
            "cases": [{"name": "Plan", "units": ["a", "b"], "rounds": [{"votes": {"a": "for"}}]}],
        }
    )
    assert constitutions == [Constitution("Bare", parse_rule({"kind": "consensus"}))]
    assert cases[0].rounds == (Round("Round 1", {"a": "for"}),)


@pytest.mark.parametrize("missing", ["constitutions", "cases"])
def test_missing_constitutions_or_cases_are_refused(missing):
    data = {"constitutions": CONSTITUTIONS, "cases": CASES}
    del data[missing]
    with pytest.raises(RuleError) as refused:
        parse_simulation(data)
    assert (refused.value.field, refused.value.problem) == (missing, "is missing")


@pytest.mark.parametrize(
    ("after", "outside"),
    [
        # seed 000, para 14: under the Memorandum (compromise and escalation, no second
        # meeting named) the amended proposal "returns to a subsequent meeting": within it.
        ("compromise", ()),
        ("escalate", ()),
        # A vote taken again with no step in between is a second meeting it does not provide.
        (None, ("second_meeting",)),
    ],
)
def test_a_return_after_a_compromise_or_escalation_is_within_a_route_without_second_meetings(
    after, outside
):
    units = tuple(Unit(partner) for partner in PARTNERS)
    rounds = (
        Round("24 November 2004", all_for(west_oxfordshire="against"), after=after),
        Round("A later meeting", all_for()),
    )
    memorandum = Constitution(
        "Memorandum of Understanding (2003)",
        parse_rule({"kind": "unanimity"}),
        route=("compromise", "escalate", "call_in"),
    )
    [result] = simulate([memorandum], [Case("Strategy 2004-09", units, rounds)])[0].results
    assert result.outcome == "carried"
    assert result.outside_route == outside
