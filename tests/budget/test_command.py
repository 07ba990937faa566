"""`accord budget share`: the financial manager's check of the risk share on the console."""

import pytest

from accord.cli import main


def run(capsys, *arguments):
    status = main(["budget", "share", *arguments])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_prints_one_line_per_partner_in_the_order_given(capsys):
    status, out, err = run(capsys, "100", "county=2", "cheltenham=1")
    assert (status, out, err) == (0, "county 66.67\ncheltenham 33.33\n", "")


def test_a_tie_gives_the_odd_penny_to_the_partner_listed_first(capsys):
    assert run(capsys, "100", "b=1", "a=1", "c=1")[1] == "b 33.34\na 33.33\nc 33.33\n"


def test_an_overspend_shares_as_the_negative_with_no_minus_zero(capsys):
    assert run(capsys, "-0.01", "a=1", "b=1") == (0, "a -0.01\nb 0.00\n", "")
    assert run(capsys, "-100", "a=1", "b=1", "c=1")[1] == "a -33.34\nb -33.33\nc -33.33\n"


def test_decimal_weights_and_whole_pounds(capsys):
    assert run(capsys, "10", "county=12.5", "cherwell=3")[1] == "county 8.06\ncherwell 1.94\n"
    assert run(capsys, "7", "only=1")[1] == "only 7.00\n"


@pytest.mark.parametrize(
    "arguments",
    [
        ["1,000", "a=1"],
        ["£5", "a=1"],
        ["1e3", "a=1"],
        ["1.234", "a=1"],
        ["1.", "a=1"],
        ["5", "a=0"],
        ["5", "a=-1"],
        ["5", "a=1e3"],
        ["5", "a=x"],
        ["5", "a=1", "a=2"],
        ["5"],
        ["5", "west oxon=1"],
        ["5", "a=b=1"],
        ["5", "a"],
        [],
    ],
)
def test_bad_input_exits_2_with_one_line_on_stderr(capsys, arguments):
    status, out, err = run(capsys, *arguments)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("accord: budget")
    assert "Traceback" not in err
