"""`accord rules evaluate` and `accord rules simulate`: JSON in, JSON or a table out, and
bad input as one line on stderr with status 2."""

import io
import json
import sys
from typing import Any

import pytest

from accord.cli import main

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
ROUTE = ["compromise", "escalate", "second_meeting", "call_in"]


def seven_for(dissenting: str) -> dict[str, str]:
    return {partner: "against" if partner == dissenting else "for" for partner in PARTNERS}


SIMULATION: dict[str, Any] = {
    "constitutions": [
        # seed 000, para 11: the Memorandum of Understanding
        {"name": "MoU (2003)", "rule": {"kind": "unanimity"}, "route": ROUTE, "call_in_days": 10},
        # seed 000, para 19: the officers' recommendation
        {
            "name": "Officers (2009)",
            "rule": {"kind": "unanimity"},
            "fallback_rule": {"kind": "majority", "base": "all", "threshold": "1/2"},
            "route": ROUTE,
        },
        # seed 000, para 22: the county council's variant
        {
            "name": "County (2009)",
            "rule": {"kind": "unanimity"},
            "fallback_rule": {
                "kind": "majority",
                "base": "all",
                "threshold": "1/2",
                "strict": True,
                "max_against": 1,
            },
            "route": ROUTE,
        },
    ],
    "cases": [
        # seed 000, paras 12-14: 6 October 2005, Cherwell DC against; escalated; unanimous later
        {
            "name": "Young people 2005",
            "units": PARTNERS,
            "rounds": [
                {"label": "6 October 2005", "votes": seven_for("cherwell"), "after": "escalate"},
                {"label": "amended proposal", "votes": dict.fromkeys(PARTNERS, "for")},
            ],
        },
        # seed 000, paras 12, 16-17: 11 July 2008, West Oxfordshire DC against; no change
        {
            "name": "Wardens 2008",
            "units": PARTNERS,
            "rounds": [
                {
                    "label": "11 July 2008",
                    "votes": seven_for("west-oxfordshire"),
                    "after": "escalate",
                }
            ],
        },
    ],
}


def write(tmp_path, data, name="input.json"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def test_evaluate_prints_the_outcome_as_json(tmp_path, capsys):
    assert main(["rules", "evaluate", write(tmp_path, EXAMPLE)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    # Four units' weight in all (the county weighs 2), so a quorum of 5 cannot be met.
    assert json.loads(captured.out) == {
        "outcome": "inquorate",
        "for": 1,
        "against": 2,
        "abstain": 0,
        "absent": 1,
        "base": 4,
        "required": "more than 2 of 4 for; no more than 1 against; quorum 5 present",
        "reason": "Inquorate: 3 present, 5 required.",
    }


def test_evaluate_exits_0_when_not_carried(tmp_path, capsys):
    # seed 000, para 12: 11 July 2008, West Oxfordshire DC against under the MoU's unanimity
    data = {
        "rule": {"kind": "unanimity"},
        "units": PARTNERS,
        "votes": seven_for("west-oxfordshire"),
    }
    assert main(["rules", "evaluate", write(tmp_path, data)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["outcome"] == "not_carried"
    assert "1 (west-oxfordshire) voted against" in result["reason"]


def test_evaluate_reads_standard_input_from_a_dash(monkeypatch, capsys):
    data = {"rule": {"kind": "consensus", "max_against": 1}, "units": PARTNERS}
    data["votes"] = seven_for("cherwell")
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(data)))
    assert main(["rules", "evaluate", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "carried"


def with_change(**change):
    return {**EXAMPLE, **change}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "input.json: not JSON: Expecting property name enclosed in double quotes"),
        ({"units": ["cherwell"]}, "rule: is missing"),
        ({"rule": {"kind": "unanimity"}}, "units: is missing"),
        (
            with_change(votes={"cherwell": "yes"}),
            "votes.cherwell: 'yes' is not one of for, against, abstain",
        ),
        (with_change(votes={"nobody": "for"}), "votes.nobody: not one of the units"),
        (
            with_change(units=["cherwell", "oxford-city", "cherwell"]),
            "units[2]: 'cherwell' appears twice",
        ),
        (
            with_change(rule={"kind": "majority", "threshold": "3/2"}),
            "rule.threshold: must be above 0 and at most 1",
        ),
        (
            with_change(rule={"kind": "majority", "threshold": "half"}),
            'rule.threshold: \'half\' is not a fraction such as "1/2" or "2/3"',
        ),
        (
            with_change(units=["cherwell", "oxford-city", {"id": "county", "weight": -2}]),
            "units[2].weight: cannot be negative",
        ),
        (
            with_change(units=["cherwell", 42]),
            "units[1]: must be a unit id (a non-empty string) or an object with an id",
        ),
        ([1, 2], "input: must be an object with a rule, units and votes"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_status_2(tmp_path, capsys, content, message):
    assert main(["rules", "evaluate", write(tmp_path, content)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("accord: rules: ")
    assert message in captured.err


def test_an_unreadable_file_is_one_line_with_status_2(tmp_path, capsys):
    missing = str(tmp_path / "missing.json")
    assert main(["rules", "evaluate", missing]) == 2
    assert capsys.readouterr().err == (
        f"accord: rules: {missing}: cannot read: No such file or directory\n"
    )


def test_a_file_that_is_not_utf8_is_one_line_with_status_2(tmp_path, capsys):
    path = tmp_path / "latin1.json"
    path.write_bytes('{"units": ["caf\u00e9"]}'.encode("latin-1"))
    assert main(["rules", "evaluate", str(path)]) == 2
    assert capsys.readouterr().err == f"accord: rules: {path}: not UTF-8 text\n"


def test_bad_json_on_standard_input_names_standard_input(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["rules", "evaluate", "-"]) == 2
    assert capsys.readouterr().err.startswith("accord: rules: standard input: not JSON: ")


def test_simulate_prints_every_result_as_json(tmp_path, capsys):
    assert main(["rules", "simulate", write(tmp_path, SIMULATION)]) == 0
    cases = json.loads(capsys.readouterr().out)
    assert [case["case"] for case in cases] == ["Young people 2005", "Wardens 2008"]
    wardens = cases[1]["results"]
    assert [result["outcome"] for result in wardens] == ["not_carried", "carried", "carried"]
    assert wardens[1]["assumed"] == "positions unchanged at a second meeting"
    assert wardens[1]["route"] == ["escalate", "second_meeting", "call_in"]


def test_simulate_with_table_prints_the_seed_cases_side_by_side(tmp_path, capsys):
    assert main(["rules", "simulate", "--table", write(tmp_path, SIMULATION)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [cell.strip() for cell in lines[0].split(" | ")] == [
        "Case",
        "MoU (2003)",
        "Officers (2009)",
        "County (2009)",
    ]
    assert [cell.strip() for cell in lines[2].split(" | ")] == [
        "Young people 2005",
        "carried, round 2",
        "carried, round 2 (fallback)",
        "carried, round 2 (fallback)",
    ]
    assert [cell.strip() for cell in lines[3].split(" | ")] == [
        "Wardens 2008",
        "not carried",
        "carried, round 2 (fallback, assumed)",
        "carried, round 2 (fallback, assumed)",
    ]


def test_simulate_reads_standard_input_and_names_the_field_at_fault(monkeypatch, capsys):
    bad = {**SIMULATION, "cases": [{**SIMULATION["cases"][1], "rounds": [{"votes": {"x": "for"}}]}]}
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(bad)))
    assert main(["rules", "simulate", "-"]) == 2
    assert capsys.readouterr().err == (
        "accord: rules: cases[0].rounds[0].votes.x: not one of the units\n"
    )


def test_rules_without_an_action_is_one_line_with_status_2(capsys):
    assert main(["rules"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "evaluate|simulate" in err
