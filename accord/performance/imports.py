"""Reading a file of quarterly returns (docs/performance.md): the whole file is checked
before anything is stored, and every problem is reported as a spreadsheet shows it,
``row N, column: problem`` (the header is row 1).

A file is CSV, or the same columns on the first sheet of an XLSX workbook (a name ending
in ``.xlsx``). Either is read into rows of text cells (``parse_table``), and one checker
(``check``) judges them: the workbook's numbers and dates are written as text first
(``cell_text``), so a figure means the same whichever form it came in."""

import csv
import datetime
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from accord import policy
from accord.commissioning.models import Service
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership

from .figures import NOT_APPLICABLE, blank_columns, number_problem, read_figures
from .models import FIGURES, QuarterlyReturn
from .periods import PeriodError, Quarter
from .selectors import services_by_reference
from .services import ReturnRow

HEADER = ("service", "period", *FIGURES)


class FileError(Exception):
    """A file that cannot be read as returns at all: missing, unreadable, or whose
    header is not the format's (the command exits 2)."""


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.problem}"


@dataclass
class Checked:
    rows: list[ReturnRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_table(path: Path) -> list[list[str]]:
    """The file's rows of cells; FileError if it cannot be read."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileError(f"{path}: no such file") from None
    except OSError as error:
        raise FileError(f"{path}: cannot be read ({error.strerror})") from None
    return parse_table(data, name=str(path))


def is_workbook(name: str) -> bool:
    return name.lower().endswith(".xlsx")


def parse_table(data: bytes, *, name: str) -> list[list[str]]:
    """A file's rows of text cells, read as a workbook if its name ends in ``.xlsx``,
    else as CSV; FileError (naming the file) if it cannot be read as that."""
    return read_workbook(data, name=name) if is_workbook(name) else read_csv(data, name=name)


def read_csv(data: bytes, *, name: str) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(f"{name}: not a UTF-8 CSV file") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileError(f"{name}: not a CSV file ({error})") from None


# What a file that is not a workbook (or a damaged one) makes openpyxl raise.
UNREADABLE_WORKBOOK = (
    zipfile.BadZipFile,
    InvalidFileException,
    ParseError,
    KeyError,
    ValueError,
    TypeError,
    OSError,
    EOFError,
)


# A workbook is compressed: a small file may hold millions of rows. More than this many
# filled rows is refused before they are all held (a national quarter is some 20,000).
WORKBOOK_MAX_ROWS = 200_000


def read_workbook(data: bytes, *, name: str) -> list[list[str]]:
    """The first sheet's rows as text cells, every row from row 1 (an empty row in the
    middle stays, so rows keep the numbers the spreadsheet shows), trailing empty cells
    dropped. Read-only, values only: a formula gives the value the workbook last saved."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            if not workbook.worksheets:
                raise FileError(f"{name}: the workbook has no sheet")
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # read every row, whatever size the file claims
            table: list[list[str]] = []
            filled = 0
            for values in sheet.iter_rows(values_only=True):
                cells = [cell_text(value) for value in values]
                while cells and not cells[-1]:
                    cells.pop()
                table.append(cells)
                filled += bool(cells)
                if filled > WORKBOOK_MAX_ROWS:
                    raise FileError(
                        f"{name}: more than {WORKBOOK_MAX_ROWS:,} rows: split the workbook"
                    )
            while table and not table[-1]:
                table.pop()  # empty rows at the end (formatted, never filled)
            return table
        finally:
            workbook.close()
    except UNREADABLE_WORKBOOK:
        raise FileError(f"{name}: not an XLSX workbook, or a damaged one") from None


def cell_text(value: Any) -> str:
    """A workbook cell as the CSV would hold it. Excel keeps every number as a float: one
    with no fraction (12.0) is the whole number 12, one with a fraction stays 12.5 (which
    the checker refuses). A date is written as a date (the checker refuses it in a number
    column, naming the column); a true/false cell as TRUE or FALSE."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def check(
    table: list[list[str]],
    *,
    today: datetime.date,
    replacing: bool,
    progress: Callable[[list[list[str]]], Iterable[list[str]]] = lambda rows: rows,
    partnership: Partnership | None = None,
    replace_hint: str = " (to replace it: --replace --reason TEXT)",
    may_submit: Callable[[Service], bool] = lambda service: True,
) -> Checked:
    """Every problem of the table's rows, or the rows to store when there is none. With a
    partnership (an upload on its pages or API), only its services are known; a service
    the person may not send a return for (``may_submit``, the policy's answer: a provider's
    people send their own services' only) is a problem of its row."""
    if not table or tuple(cell.strip() for cell in table[0]) != HEADER:
        raise FileError(f"the header row is not the format's: {','.join(HEADER)}")
    body = table[1:]
    services = services_by_reference(
        (cells[0].strip() for cells in body if cells), partnership=partnership
    )
    existing = existing_returns(services.values())
    checked = Checked()
    first_row: dict[tuple[int, Quarter], int] = {}
    for number, cells in enumerate(progress(body), start=2):
        if not any(cell.strip() for cell in cells):
            continue  # an empty line between rows
        problems = check_row(number, cells, services, today=today)
        if isinstance(problems, list):
            checked.problems.extend(sorted(problems, key=lambda one: HEADER.index(one.column)))
            continue
        row = problems
        if not may_submit(row.service):
            checked.problems.append(
                Problem(
                    number,
                    "service",
                    f"{row.service.reference} is not one of your services: you may send "
                    "returns only for the services your organisation provides",
                )
            )
            continue
        key = (row.service.pk, row.period)
        if key in first_row:
            checked.problems.append(
                Problem(
                    number,
                    "service",
                    f"{row.service.reference} {row.period} is also in row {first_row[key]}",
                )
            )
            continue
        first_row[key] = number
        if key in existing and not replacing:
            checked.problems.append(
                Problem(
                    number,
                    "service",
                    f"{row.service.reference} already has a return for {row.period}" + replace_hint,
                )
            )
            continue
        checked.rows.append(row)
    return checked


def check_row(
    number: int,
    cells: list[str],
    services: dict[str, Service],
    *,
    today: datetime.date,
) -> ReturnRow | list[Problem]:
    problems: list[Problem] = []
    if len(cells) > len(HEADER):
        problems.append(
            Problem(
                number,
                HEADER[-1],
                f"the row has {len(cells)} cells; the format has {len(HEADER)}",
            )
        )
    named = dict(zip(HEADER, [cell.strip() for cell in cells], strict=False))
    reference = named.get("service", "")
    service = services.get(reference)
    if service is None:
        problems.append(
            Problem(number, "service", f"no service has the reference {reference!r}")
            if reference
            else Problem(number, "service", "enter the service's reference")
        )
    period: Quarter | None = None
    try:
        period = Quarter.parse(named.get("period", ""))
    except PeriodError as error:
        problems.append(Problem(number, "period", str(error)))
    if period is not None and not period.ended(today):
        problems.append(Problem(number, "period", f"{period} has not ended yet"))
    if service is None:
        # The figures' rules depend on the service; without one, only their form is checked.
        for column in FIGURES:
            text = named.get(column, "")
            if text and text.lower() != NOT_APPLICABLE and (problem := number_problem(text)):
                problems.append(Problem(number, column, problem))
        return problems
    figures, figure_problems = read_figures(service, named)
    problems.extend(Problem(number, column, problem) for column, problem in figure_problems)
    if problems or period is None:
        return problems
    return ReturnRow(service=service, period=period, figures=figures)


def existing_returns(services: Iterable[Service]) -> set[tuple[int, Quarter]]:
    """(service, quarter) of every return the services have (one query)."""
    return {
        (service_id, Quarter(year, number))
        for service_id, year, number in QuarterlyReturn.objects.filter(
            service__in=list(services)
        ).values_list("service_id", "financial_year", "quarter")
    }


# The largest file of returns the pages and the API take (a national quarter goes through
# the command): some 40,000 rows of CSV.
UPLOAD_MAX_BYTES = 5_000_000
UPLOAD_REPLACE_HINT = " (to replace it, replace that return on its page)"


class FileRefused(AccordError):
    """An uploaded file of returns not imported: the file's own fault (unreadable, not the
    format's header) in the message, or every row's problem in ``problems`` (the API
    answers 422 with them; the page lists them). Nothing from it is stored."""

    def __init__(self, message: str, problems: Iterable[Problem] = ()) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        if count:
            message = (
                f"The file was not imported: {count} problem{'s' if count != 1 else ''} "
                f"({self.problems[0]}{'; ...' if count > 1 else ''}). Nothing was stored."
            )
        super().__init__(message, field="file", code="invalid_file")


def refuse_too_large(size: int) -> None:
    """FileRefused for an upload over the limit (asked before it is read, where its size
    is known)."""
    if size > UPLOAD_MAX_BYTES:
        raise FileRefused(
            f"The file is larger than {UPLOAD_MAX_BYTES // 1_000_000} MB: split it, or ask "
            "an administrator to import it with the command"
        )


def checked_upload(
    content: bytes,
    *,
    name: str,
    partnership: Partnership,
    today: datetime.date,
    may_submit: Callable[[Service], bool] = lambda service: True,
) -> list[ReturnRow]:
    """An uploaded file's returns (CSV, or XLSX by its name), checked as the command checks
    a file but knowing only the partnership's services, and of those only the ones the
    person may send returns for (``may_submit``); FileRefused with every problem."""
    refuse_too_large(len(content))
    try:
        checked = check(
            parse_table(content, name=name or "the file"),
            today=today,
            replacing=False,
            partnership=partnership,
            replace_hint=UPLOAD_REPLACE_HINT,
            may_submit=may_submit,
        )
    except FileError as error:
        raise FileRefused(f"The file was not imported: {error}. Nothing was stored.") from None
    if checked.problems:
        raise FileRefused("", checked.problems)
    if not checked.rows:
        raise FileRefused("The file was not imported: it has no returns, only the header")
    return checked.rows


def template_rows(services: Iterable[Service], period: Quarter) -> list[list[str]]:
    """The template: the header, then a row per service with ``service`` and ``period``
    filled, the columns to fill empty, and ``n/a`` in each that must stay blank."""
    rows = [list(HEADER)]
    for service in services:
        blank = blank_columns(service)
        rows.append(
            [
                service.reference,
                str(period),
                *(NOT_APPLICABLE if column in blank else "" for column in FIGURES),
            ]
        )
    return rows


def template_workbook(rows: list[list[str]], *, title: str) -> bytes:
    """The template as an XLSX workbook: the same rows on its one sheet, the header in
    row 1, every cell text (``n/a`` where a column must stay blank), so it reads back as
    the CSV does."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Sender:
    """Who sends an uploaded file decides what it may hold and how it is stored: a return
    for each row's service only where the policy lets them submit one (a provider's people:
    their own services'), stored validated where they are the programme team (who validate
    returns), else submitted for the team to query or validate."""

    may_submit: Callable[[Service], bool]
    validated: bool


def sender(user: Any, partnership: Partnership) -> Sender:
    def may_submit(service: Service) -> bool:
        return policy.may(
            user, "return.submit", QuarterlyReturn(partnership=partnership, service=service)
        )

    return Sender(may_submit, policy.may(user, "return.review", partnership))
