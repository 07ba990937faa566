"""`accord performance import`: the whole file is checked first; any bad row stores
nothing and prints `row N, column: problem` on stderr, exit 1; exit 2 for a file that
cannot be read as returns; a replaced return keeps its history and its reason."""

import pytest

from accord.audit.models import AuditEvent
from accord.cli import main
from accord.performance.imports import HEADER
from accord.performance.models import QuarterlyReturn, ReturnRevision, ReturnStatus

HEADER_LINE = ",".join(HEADER)
TODAY = "2009-11-02"  # 2009/10 Q2 has ended; Q3 has not
# GLOS-0001: sheltered, long-term, with units (KPI 1; no KPI 2)
SHELTERED = "GLOS-0001,2009/10 Q2,2760,2738,2760,2590,27,28,n/a,n/a"
# GLOS-0002: floating support, short-term, support only (no SPI 1, no KPI 1)
FLOATING = "GLOS-0002,2009/10 Q2,,,4600,4301,,,9,12"
# GLOS-0003: a hostel, short-term, with units
HOSTEL = "GLOS-0003,2009/10 Q2,1380,1200,1380,1150,n/a,n/a,7,10"


def run(capsys, tmp_path, *lines, options=(), name="returns.csv", content=None):
    path = tmp_path / name
    if content is None:
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        path.write_bytes(content)
    status = main(["performance", "import", str(path), "--today", TODAY, *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_good_file_stores_every_return_validated_as_the_command_line(
    capsys, tmp_path, glos_services
):
    status, out, err = run(capsys, tmp_path, HEADER_LINE, SHELTERED, FLOATING, HOSTEL)
    assert (status, out, err) == (0, "3 returns stored, validated\n", "")
    stored = {r.service.reference: r for r in QuarterlyReturn.objects.select_related("service")}
    assert set(stored) == {"GLOS-0001", "GLOS-0002", "GLOS-0003"}
    assert all(r.status == ReturnStatus.VALIDATED for r in stored.values())
    floating = stored["GLOS-0002"]
    assert floating.unit_days_contracted is None
    assert floating.kpi1_numerator is None
    assert (floating.support_days_used, floating.kpi2_numerator) == (4301, 9)
    events = AuditEvent.objects.filter(action="return.import")
    assert events.count() == 3
    assert {e.actor_id for e in events} == {None}  # the command line, not a person
    assert {e.partnership_id for e in events} == {glos_services["sheltered"].partnership_id}


def test_a_dry_run_checks_and_stores_nothing(capsys, tmp_path, glos_services):
    status, out, err = run(capsys, tmp_path, HEADER_LINE, SHELTERED, options=["--dry-run"])
    assert (status, err) == (0, "")
    assert "1 returns checked: none stored" in out
    assert not QuarterlyReturn.objects.exists()


def test_n_a_or_empty_where_a_column_must_stay_blank(capsys, tmp_path, glos_services):
    floating = "GLOS-0002,2009/10 Q2,n/a,N/A,4600,4301,,n/a,9,12"
    assert run(capsys, tmp_path, HEADER_LINE, floating)[0] == 0


BAD_ROWS = [
    # (row, the problem's line)
    (
        "NOPE-0001,2009/10 Q2,1,1,1,1,1,1,,",
        "row 2, service: no service has the reference 'NOPE-0001'",
    ),
    (
        "GLOS-0001,2009-10 Q2,2760,2738,2760,2590,27,28,,",
        "row 2, period: Enter a financial-year quarter, for example 2009/10 Q2",
    ),
    (
        "GLOS-0001,2009/10 Q3,2760,2738,2760,2590,27,28,,",
        "row 2, period: 2009/10 Q3 has not ended yet",
    ),
    (
        "GLOS-0001,2009/10 Q2,2760,27.5,2760,2590,27,28,,",
        "row 2, unit_days_available: '27.5' is not a whole number",
    ),
    (
        "GLOS-0001,2009/10 Q2,2760,2738,2760,-3,27,28,,",
        "row 2, support_days_used: -3 is negative: enter 0 or more",
    ),
    (
        "GLOS-0001,2009/10 Q2,2760,2738,2760,2590,,27,,",
        "row 2, kpi1_numerator: enter a whole number, 0 or more",
    ),
    (
        "GLOS-0001,2009/10 Q2,2760,2761,2760,2590,27,28,,",
        "row 2, unit_days_available: 2761 is more than unit_days_contracted (2760)",
    ),
    (
        "GLOS-0001,2009/10 Q2,2760,2738,2760,2590,27,28,3,2",
        "row 2, kpi2_numerator: must be blank or n/a: "
        "KPI 2 is for short-term services; this one is long-term",
    ),
    (
        "GLOS-0002,2009/10 Q2,100,90,4600,4301,,,9,12",
        "row 2, unit_days_contracted: must be blank or n/a: "
        "a support-only service has no unit days",
    ),
    (
        "GLOS-0002,2009/10 Q2,,,4600,4301,5,5,9,12",
        "row 2, kpi1_numerator: must be blank or n/a: "
        "KPI 1 is for long-term services; this one is short-term",
    ),
]


@pytest.mark.parametrize(("row", "line"), BAD_ROWS)
def test_a_bad_row_stores_nothing_and_names_its_row_and_column(
    capsys, tmp_path, glos_services, row, line
):
    # A good row first: it is not stored either.
    status, out, err = run(capsys, tmp_path, HEADER_LINE, row, HOSTEL)
    assert status == 1
    assert out == ""
    assert line in err.splitlines()
    assert "Traceback" not in err
    assert not QuarterlyReturn.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="return.").exists()


def test_every_problem_of_the_file_is_reported_rows_numbered_as_a_spreadsheet_shows(
    capsys, tmp_path, glos_services
):
    status, _, err = run(
        capsys,
        tmp_path,
        HEADER_LINE,
        SHELTERED,
        "GLOS-0003,2009/10 Q2,10,11,x,1,n/a,n/a,1,2",
        "",
        SHELTERED,
    )
    assert status == 1
    assert err.splitlines() == [
        "row 3, unit_days_available: 11 is more than unit_days_contracted (10)",
        "row 3, support_days_contracted: 'x' is not a whole number",
        "row 5, service: GLOS-0001 2009/10 Q2 is also in row 2",
    ]


def test_a_return_that_exists_is_refused_without_replace(capsys, tmp_path, glos_services):
    assert run(capsys, tmp_path, HEADER_LINE, SHELTERED)[0] == 0
    status, _, err = run(capsys, tmp_path, HEADER_LINE, SHELTERED)
    assert status == 1
    assert err.splitlines() == [
        "row 2, service: GLOS-0001 already has a return for 2009/10 Q2 "
        "(to replace it: --replace --reason TEXT)"
    ]


def test_replacing_keeps_the_earlier_return_in_its_history_with_the_reason(
    capsys, tmp_path, glos_services
):
    assert run(capsys, tmp_path, HEADER_LINE, SHELTERED)[0] == 0
    corrected = SHELTERED.replace(",2590,", ",2600,")
    status, out, err = run(
        capsys,
        tmp_path,
        HEADER_LINE,
        corrected,
        options=["--replace", "--reason", "The provider miscounted September's support days"],
    )
    assert (status, out, err) == (0, "1 returns stored, validated\n", "")
    current = QuarterlyReturn.objects.get()
    assert (current.support_days_used, current.status) == (2600, ReturnStatus.VALIDATED)
    revision = ReturnRevision.objects.get()
    assert revision.quarterly_return == current
    assert revision.figures["support_days_used"] == 2590
    assert revision.reason == "The provider miscounted September's support days"
    assert AuditEvent.objects.filter(action="return.replace").count() == 1


@pytest.mark.parametrize(
    "options", [["--replace"], ["--replace", "--reason", "  "], ["--reason", "why"]]
)
def test_replace_without_a_reason_exits_2(capsys, tmp_path, glos_services, options):
    status, _out, err = run(capsys, tmp_path, HEADER_LINE, SHELTERED, options=options)
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith("accord: performance: ")
    assert not QuarterlyReturn.objects.exists()


def test_a_missing_file_exits_2(capsys, tmp_path, glos_services):
    status = main(["performance", "import", str(tmp_path / "none.csv"), "--today", TODAY])
    err = capsys.readouterr().err
    assert status == 2
    assert err == f"accord: performance: {tmp_path / 'none.csv'}: no such file\n"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"service,period\nGLOS-0001,2009/10 Q2\n",
        b"service;period;unit_days_contracted\n",
        (",".join(reversed(HEADER)) + "\n").encode(),
        b"\xff\xfe\x00s\x00e\x00r",  # UTF-16: not the format
    ],
)
def test_a_header_that_is_not_the_formats_or_an_unreadable_file_exits_2(
    capsys, tmp_path, glos_services, content
):
    status, out, err = run(capsys, tmp_path, content=content)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert not QuarterlyReturn.objects.exists()


def test_a_spreadsheets_byte_order_mark_and_crlf_lines_are_read(capsys, tmp_path, glos_services):
    content = ("\ufeff" + "\r\n".join([HEADER_LINE, SHELTERED]) + "\r\n").encode("utf-8")
    assert run(capsys, tmp_path, content=content)[0] == 0
    assert QuarterlyReturn.objects.count() == 1


def test_a_row_with_too_many_cells_is_a_problem(capsys, tmp_path, glos_services):
    status, _, err = run(capsys, tmp_path, HEADER_LINE, SHELTERED + ",extra")
    assert status == 1
    assert err.splitlines() == ["row 2, kpi2_denominator: the row has 11 cells; the format has 10"]
