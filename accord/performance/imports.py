"""Reading a file of quarterly returns (docs/performance.md): the whole file is checked
before anything is stored, and every problem is reported as a spreadsheet shows it,
``row N, column: problem`` (the header is row 1)."""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from accord.commissioning.models import Service

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
    """The file's rows of cells; FileError if it cannot be read as CSV."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileError(f"{path}: no such file") from None
    except OSError as error:
        raise FileError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileError(f"{path}: not a UTF-8 CSV file") from None
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise FileError(f"{path}: not a CSV file ({error})") from None


def check(
    table: list[list[str]],
    *,
    today: datetime.date,
    replacing: bool,
    progress: Callable[[list[list[str]]], Iterable[list[str]]] = lambda rows: rows,
) -> Checked:
    """Every problem of the table's rows, or the rows to store when there is none."""
    if not table or tuple(cell.strip() for cell in table[0]) != HEADER:
        raise FileError(f"the header row is not the format's: {','.join(HEADER)}")
    body = table[1:]
    services = services_by_reference(cells[0].strip() for cells in body if cells)
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
                    f"{row.service.reference} already has a return for {row.period} "
                    "(to replace it: --replace --reason TEXT)",
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
