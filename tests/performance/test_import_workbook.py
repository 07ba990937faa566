"""`accord performance import FILE.xlsx`: the same columns on the first sheet of a
workbook, checked as the CSV is (one checker), with the workbook's own kinds of cell: a
number Excel keeps as 12.0 is the whole number 12, 12.5 is not; a date or text in a number
column is refused naming it. The workbooks are real ones, written by openpyxl here."""

import datetime
import zipfile

import pytest
from openpyxl import Workbook

from accord.audit.models import AuditEvent
from accord.cli import main
from accord.performance.imports import HEADER
from accord.performance.models import QuarterlyReturn, ReturnStatus

TODAY = "2009-11-02"  # 2009/10 Q2 has ended; Q3 has not
Q2 = "2009/10 Q2"
# GLOS-0001 sheltered (long-term, units): no KPI 2. Excel keeps numbers as floats.
SHELTERED = ["GLOS-0001", Q2, 2760.0, 2738.0, 2760, 2590, 27, 28, "n/a", "n/a"]
# GLOS-0002 floating support (short-term, support only): no SPI 1, no KPI 1.
FLOATING = ["GLOS-0002", Q2, None, None, 4600, 4301, None, None, 9, 12]
# GLOS-0003 a hostel (short-term, units): no KPI 1.
HOSTEL = ["GLOS-0003", Q2, 1380, 1200, 1380, 1150, "N/A", None, 7.0, 10.0]


def workbook(tmp_path, *rows, header=HEADER, name="returns.xlsx", first_sheet=None):
    book = Workbook()
    sheet = book.active
    if first_sheet is not None:
        sheet.title = "Returns"
        for row in first_sheet:
            sheet.append(row)
        sheet = book.create_sheet("Notes")
        sheet.append(["The returns are on the first sheet"])
    else:
        sheet.append(list(header))
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def run(capsys, path, *options):
    status = main(["performance", "import", str(path), "--today", TODAY, *options])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_a_good_workbook_stores_every_return_validated(capsys, tmp_path, glos_services):
    path = workbook(tmp_path, SHELTERED, FLOATING, HOSTEL)
    assert run(capsys, path) == (0, "3 returns stored, validated\n", "")
    stored = {r.service.reference: r for r in QuarterlyReturn.objects.select_related("service")}
    assert {r.status for r in stored.values()} == {ReturnStatus.VALIDATED}
    sheltered = stored["GLOS-0001"]
    assert (sheltered.unit_days_contracted, sheltered.kpi2_numerator) == (2760, None)
    assert (stored["GLOS-0003"].kpi2_numerator, stored["GLOS-0003"].kpi2_denominator) == (7, 10)
    assert stored["GLOS-0002"].unit_days_contracted is None
    assert AuditEvent.objects.filter(action="return.import", actor_id=None).count() == 3


def test_the_first_sheet_is_read_whatever_its_name(capsys, tmp_path, glos_services):
    path = workbook(tmp_path, first_sheet=[list(HEADER), SHELTERED])
    assert run(capsys, path)[0] == 0
    assert QuarterlyReturn.objects.count() == 1


def test_a_dry_run_reads_the_workbook_and_stores_nothing(capsys, tmp_path, glos_services):
    path = workbook(tmp_path, SHELTERED, FLOATING)
    status, out, err = run(capsys, path, "--dry-run")
    assert (status, out, err) == (0, "2 returns checked: none stored (--dry-run)\n", "")
    assert not QuarterlyReturn.objects.exists()


def with_cell(row, column, value):
    changed = list(row)
    changed[HEADER.index(column)] = value
    return changed


BAD_CELLS = [
    # (column, cell, the problem's line)
    ("unit_days_available", 2737.5, "row 2, unit_days_available: '2737.5' is not a whole number"),
    (
        "support_days_used",
        datetime.date(2009, 10, 1),
        "row 2, support_days_used: 2009-10-01 is a date: enter a whole number",
    ),
    (
        "support_days_used",
        datetime.datetime(2009, 10, 1, 9, 30),  # noqa: DTZ001 (a workbook's dates are naive)
        "row 2, support_days_used: 2009-10-01 09:30:00 is a date: enter a whole number",
    ),
    ("kpi1_numerator", "twenty", "row 2, kpi1_numerator: 'twenty' is not a whole number"),
    ("kpi1_denominator", True, "row 2, kpi1_denominator: 'TRUE' is not a whole number"),
    ("support_days_used", -3.0, "row 2, support_days_used: -3 is negative: enter 0 or more"),
    (
        "unit_days_available",
        2761.0,
        "row 2, unit_days_available: 2761 is more than unit_days_contracted (2760)",
    ),
    (
        "kpi2_numerator",
        3,
        "row 2, kpi2_numerator: must be blank or n/a: "
        "KPI 2 is for short-term services; this one is long-term",
    ),
    ("service", "GLOS-9999", "row 2, service: no service has the reference 'GLOS-9999'"),
    ("period", "2009/10 Q3", "row 2, period: 2009/10 Q3 has not ended yet"),
]


@pytest.mark.parametrize(("column", "cell", "line"), BAD_CELLS)
def test_a_bad_cell_stores_nothing_and_names_its_row_and_column(
    capsys, tmp_path, glos_services, column, cell, line
):
    path = workbook(tmp_path, with_cell(SHELTERED, column, cell), HOSTEL)
    status, out, err = run(capsys, path)
    assert (status, out) == (1, "")
    assert err.splitlines() == [line]
    assert not QuarterlyReturn.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="return.").exists()


def test_rows_are_numbered_as_the_spreadsheet_shows_them_and_empty_ones_skipped(
    capsys, tmp_path, glos_services
):
    book = Workbook()
    sheet = book.active
    sheet.append(list(HEADER))
    sheet.append(SHELTERED)
    # Row 3 left empty; row 4 has a problem; rows after it only formatted, never filled.
    for column, value in enumerate(with_cell(HOSTEL, "support_days_used", 12.25), start=1):
        sheet.cell(row=4, column=column, value=value)
    for row in range(5, 40):
        sheet.cell(row=row, column=1).number_format = "0"
        sheet.cell(row=row, column=12).number_format = "@"
    path = tmp_path / "returns.xlsx"
    book.save(path)
    status, _, err = run(capsys, path)
    assert status == 1
    assert err.splitlines() == ["row 4, support_days_used: '12.25' is not a whole number"]


def test_empty_trailing_rows_and_cells_are_skipped(capsys, tmp_path, glos_services):
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, None, None])
    sheet.append([*SHELTERED, None])
    sheet.append([None] * 12)
    sheet.cell(row=30, column=15, value=None).number_format = "0.00"
    path = tmp_path / "returns.xlsx"
    book.save(path)
    assert run(capsys, path) == (0, "1 returns stored, validated\n", "")


def test_a_service_and_period_twice_names_the_second_row(capsys, tmp_path, glos_services):
    path = workbook(tmp_path, SHELTERED, HOSTEL, SHELTERED)
    status, _, err = run(capsys, path)
    assert status == 1
    assert err.splitlines() == ["row 4, service: GLOS-0001 2009/10 Q2 is also in row 2"]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"PK\x03\x04 not really a zip",
        b"service,period\nGLOS-0001,2009/10 Q2\n",  # a CSV named .xlsx
        b"\x00" * 64,
    ],
)
def test_a_corrupt_or_not_xlsx_file_exits_2_with_one_line(capsys, tmp_path, glos_services, content):
    path = tmp_path / "returns.xlsx"
    path.write_bytes(content)
    status, out, err = run(capsys, path)
    assert (status, out) == (2, "")
    assert err == f"accord: performance: {path}: not an XLSX workbook, or a damaged one\n"
    assert not QuarterlyReturn.objects.exists()


def test_a_zip_that_is_not_a_workbook_exits_2(capsys, tmp_path, glos_services):
    path = tmp_path / "returns.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    status, _, err = run(capsys, path)
    assert status == 2
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    "header",
    [
        HEADER[:-1],
        tuple(reversed(HEADER)),
        ("Service", *HEADER[1:]),
    ],
)
def test_a_workbook_with_a_wrong_header_exits_2(capsys, tmp_path, glos_services, header):
    path = workbook(tmp_path, SHELTERED, header=header)
    status, out, err = run(capsys, path)
    assert (status, out) == (2, "")
    assert err == (
        "accord: performance: the header row is not the format's: " + ",".join(HEADER) + "\n"
    )
    assert not QuarterlyReturn.objects.exists()


def test_a_workbook_with_an_empty_first_sheet_exits_2(capsys, tmp_path, glos_services):
    path = tmp_path / "returns.xlsx"
    Workbook().save(path)
    status, _, err = run(capsys, path)
    assert status == 2
    assert "the header row is not the format's" in err


def test_a_workbook_with_too_many_rows_is_refused_before_they_are_held(
    capsys, tmp_path, glos_services, monkeypatch
):
    from accord.performance import imports

    monkeypatch.setattr(imports, "WORKBOOK_MAX_ROWS", 3)
    path = workbook(tmp_path, SHELTERED, FLOATING, HOSTEL)  # the header and 3 rows: 4
    status, _, err = run(capsys, path)
    assert status == 2
    assert err == f"accord: performance: {path}: more than 3 rows: split the workbook\n"
