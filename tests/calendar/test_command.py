"""`accord working-days add DATE N` and `accord working-days between DATE DATE`: one line
out, and bad input as one line on stderr with status 2."""

import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from accord.calendar.services import closure_day_add
from accord.cli import main

ACCORD = Path(sys.executable).parent / "accord"


@pytest.mark.parametrize(
    ("arguments", "output"),
    [
        # ten working days from Thursday 18 December 2008, over Christmas and New Year
        (["add", "2008-12-18", "10"], "2009-01-06\n"),
        # N=0: the date itself, even a bank holiday
        (["add", "2008-12-25", "0"], "2008-12-25\n"),
        # Maundy Thursday 2011, five: Easter, the royal wedding and May Day pass over
        (["add", "2011-04-21", "5"], "2011-05-04\n"),
        (["between", "2008-12-18", "2009-01-06"], "10\n"),
        # equal dates: none
        (["between", "2008-12-25", "2008-12-25"], "0\n"),
    ],
)
def test_the_command_prints_the_date_or_the_count(capsys, arguments, output):
    assert main(["working-days", *arguments]) == 0
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (output, "")


@pytest.mark.django_db
def test_closure_days_count_only_with_the_flag(capsys):
    for day in (29, 30, 31):
        closure_day_add(actor=None, date=datetime.date(2008, 12, day), reason="Closed")
    assert main(["working-days", "add", "2008-12-18", "10"]) == 0
    assert main(["working-days", "add", "2008-12-18", "10", "--with-closures"]) == 0
    assert main(["working-days", "between", "--with-closures", "2008-12-18", "2009-01-06"]) == 0
    assert capsys.readouterr().out == "2009-01-06\n2009-01-09\n7\n"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["add", "18/12/2008", "10"], "not a date in the form YYYY-MM-DD: '18/12/2008'"),
        (["add", "2008-02-30", "10"], "not a date in the form YYYY-MM-DD: '2008-02-30'"),
        (["add", "20081218", "10"], "not a date in the form YYYY-MM-DD: '20081218'"),
        (["add", "2008-12-18", "-1"], "not a whole number of 0 or more: '-1'"),
        (["add", "2008-12-18", "1.5"], "not a whole number of 0 or more: '1.5'"),
        (["add", "2008-12-18", "ten"], "not a whole number of 0 or more: 'ten'"),
        (["between", "2008-12-18", "2008-13-01"], "not a date in the form YYYY-MM-DD"),
        (
            ["between", "2009-01-06", "2008-12-18"],
            "the second date (2008-12-18) is before the first (2009-01-06)",
        ),
        (["add", "2008-12-18"], "the following arguments are required: N"),
        (["subtract", "2008-12-18", "1"], "invalid choice: 'subtract'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_with_status_2(capsys, arguments, message):
    assert main(["working-days", *arguments]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("accord: working-days: ")
    assert message in captured.err


def test_the_console_script_lists_the_command_and_refuses_bad_input_in_one_line():
    listed = subprocess.run(
        [ACCORD, "help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert "[calendar]\n    working-days\n" in listed.stdout
    result = subprocess.run(
        [ACCORD, "working-days", "add", "2008-12-18", "-1"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "accord: working-days: argument N: not a whole number of 0 or more: '-1'\n"
    )
