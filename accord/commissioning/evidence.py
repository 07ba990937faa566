"""Reading a needs-evidence file: a CSV of figures, checked cell by cell before anything is
stored (issue 15 item 4).

The file is UTF-8 text (a byte-order mark, as spreadsheets write it, is allowed) with one
heading row naming the columns ``COLUMNS`` and one row per figure:

- ``financial_year``: ``2004/05`` (or ``2004-05``, ``2004/2005``, ``2004``);
- ``district``: the name of one of the partnership's district council partners, or empty
  for the whole area;
- ``client_group``: a client-group code, 1 to 21 (the Client Record's list), or empty;
- ``category``: words of the dataset's own (a priority need, "Acceptances", a
  projection's scenario), or empty;
- ``value``: a number of at most two decimal places, never negative; a whole number when
  the dataset counts people, households or units.

An ``illustrative`` column (the download's) is read past.

``read_figures`` answers the rows it read, or every problem it found: each with the row
(the file's line as a spreadsheet numbers it: the headings are row 1) and the column.
It reads; it stores nothing (``services.dataset_import`` does, all or nothing).

The standard library's ``csv`` module reads the file. django-import-export was weighed and
not taken: it imports into one model through a resource declared per model, reports a
row's errors by field of that model, and brings tablib and an admin integration Accord does
not use; what the evidence needs (a district named by its partner, codes checked against
the Client Record's list, whole numbers for counts, duplicates across the file) would be
written as hooks around it anyway. tablib alone is a container of rows, not a validator.
"""

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from accord.core.errors import AccordError
from accord.core.money import parse_financial_year

from .models import CATEGORY, FIGURE_MAX, ClientGroup, DatasetKind

COLUMNS = ("financial_year", "district", "client_group", "category", "value")
# Columns read past: the download's mark of the demo's invented figures (an import is of
# figures someone stands behind; only the demo's loader marks them illustrative).
IGNORED = ("illustrative",)
# The largest file read (bytes) and the most rows: far above a county's evidence (eight
# years, seven districts, 21 client groups and a few categories is under 5,000 rows).
MAX_BYTES = 2_000_000
MAX_ROWS = 20_000
# Problems reported at most: a file wrong throughout says so without a report of 20,000
# lines.
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (row and column, where there is one) and what."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class FigureRow:
    """A row read and checked: the values of one figure."""

    row: int
    financial_year: int
    district_id: int | None
    client_group: int | None
    category: str
    value: Decimal

    @property
    def key(self) -> tuple[int, int | None, int | None, str]:
        return (self.financial_year, self.district_id, self.client_group, self.category.lower())


class FileRefused(AccordError):
    """The file is not read: every problem found, each with its row and column (the API
    answers 422 with them; the page lists them in its error summary)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"The file was not imported: {count} problem{'s' if count != 1 else ''} "
            f"({self.problems[0]}{'; ...' if count > 1 else ''}). Nothing was stored.",
            field="file",
            code="invalid_file",
        )


def district_key(name: str) -> str:
    """A district's name as the file may write it: any case, spaces collapsed."""
    return " ".join(name.split()).casefold()


def decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise FileRefused(
            [Problem(f"The file is larger than {MAX_BYTES // 1_000_000} MB: split it by year")]
        )
    if not content.strip():
        raise FileRefused([Problem("The file is empty")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused(
            [
                Problem(
                    "The file is not UTF-8 text: save it from the spreadsheet as "
                    "CSV UTF-8 (comma delimited)"
                )
            ]
        ) from None
    if "\x00" in text:
        raise FileRefused([Problem("The file is not a CSV file: it holds binary data")])
    return text


def read_value(text: str, *, whole: bool) -> Decimal | str:
    """The cell's number, or what is wrong with it."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return "Enter a value"
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return f"{text.strip()!r} is not a number"
    if not value.is_finite():
        return f"{text.strip()!r} is not a number"
    if value < 0:
        return "A value cannot be negative"
    if value > FIGURE_MAX:
        return "The value is too large"
    if value != value.quantize(Decimal("0.01")):
        return "A value has at most two decimal places"
    if whole and value != value.to_integral_value():
        return "This dataset counts people, households or units: enter a whole number"
    return value.quantize(Decimal("0.01"))


def read_figures(
    content: bytes,
    *,
    kind: str,
    whole: bool,
    districts: Mapping[str, int],
) -> list[FigureRow]:
    """The figures of a file, checked; or ``FileRefused`` with every problem found.

    ``districts`` maps each district's ``district_key`` to its partner's id; ``whole``:
    the dataset counts (values must be whole numbers); ``kind``: the dataset's kind (usage
    needs a client group on every row, homelessness a category)."""
    text = decode(content)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        rows = list(reader)
    except csv.Error as error:
        raise FileRefused([Problem(f"The file is not a CSV file: {error}")]) from None
    headings = [heading.strip().lower() for heading in rows[0]] if rows else []
    missing = [column for column in COLUMNS if column not in headings]
    unknown = [h for h in headings if h and h not in COLUMNS and h not in IGNORED]
    problems = []
    if missing:
        problems.append(
            Problem(
                f"The headings lack {', '.join(missing)}: the first row must name the "
                f"columns {', '.join(COLUMNS)}",
                row=1,
            )
        )
    if unknown:
        problems.append(Problem(f"Unknown column headings: {', '.join(unknown)}", row=1))
    repeated = sorted({h for h in headings if h in COLUMNS and headings.count(h) > 1})
    if repeated:
        problems.append(Problem(f"Headings named twice: {', '.join(repeated)}", row=1))
    if problems:
        raise FileRefused(problems)
    body = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(row)]
    if not body:
        raise FileRefused([Problem("The file has headings but no figures")])
    if len(body) > MAX_ROWS:
        raise FileRefused([Problem(f"The file has more than {MAX_ROWS:,} rows: split it by year")])
    position = {column: headings.index(column) for column in COLUMNS}
    figures: list[FigureRow] = []
    seen: dict[tuple[int, int | None, int | None, str], int] = {}
    for number, row in body:
        if len(row) != len(headings):
            problems.append(
                Problem(
                    f"The row has {len(row)} cells where the headings name {len(headings)}",
                    row=number,
                )
            )
            continue
        cells = {column: row[position[column]] for column in COLUMNS}
        found = read_row(number, cells, kind=kind, whole=whole, districts=districts)
        if isinstance(found, FigureRow):
            first = seen.setdefault(found.key, number)
            if first != number:
                problems.append(
                    Problem(
                        f"The same year, district, client group and category as row {first}",
                        row=number,
                    )
                )
            figures.append(found)
        else:
            problems.extend(found)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(f"More problems follow: the first {MAX_PROBLEMS} are listed"))
            break
    if problems:
        raise FileRefused(problems)
    return figures


def read_row(
    number: int,
    cells: Mapping[str, str],
    *,
    kind: str,
    whole: bool,
    districts: Mapping[str, int],
) -> FigureRow | list[Problem]:
    """One row's figure, or each problem of its cells."""
    problems = []

    def wrong(column: str, message: str) -> None:
        problems.append(Problem(message, row=number, column=column))

    year_text = cells["financial_year"].strip()
    year = parse_financial_year(year_text) if year_text else None
    if year is None:
        wrong(
            "financial_year",
            f"{year_text!r} is not a financial year: write it as 2004/05"
            if year_text
            else "Enter the financial year, for example 2004/05",
        )
    district_text = cells["district"].strip()
    district_id = None
    if district_text:
        district_id = districts.get(district_key(district_text))
        if district_id is None:
            wrong("district", f"{district_text!r} is not a district of this partnership")
    group_text = cells["client_group"].strip()
    client_group = None
    if group_text:
        if group_text.isdigit() and int(group_text) in ClientGroup.values:
            client_group = int(group_text)
        else:
            wrong("client_group", f"{group_text!r} is not a client group code (1 to 21)")
    elif kind == DatasetKind.USAGE:
        wrong("client_group", "Enter the client group code: usage is counted by client group")
    category = " ".join(cells["category"].split())
    if len(category) > CATEGORY:
        wrong("category", f"A category has at most {CATEGORY} characters")
    elif not category and kind == DatasetKind.HOMELESSNESS:
        wrong("category", "Enter the category, for example Acceptances or a priority need")
    value = read_value(cells["value"], whole=whole)
    if isinstance(value, str):
        wrong("value", value)
    if problems or year is None or isinstance(value, str):
        return problems
    return FigureRow(number, year, district_id, client_group, category, value)


def template_rows(kind: str, districts: Iterable[str]) -> list[list[str]]:
    """Example rows of a file for a dataset of this kind, for the downloadable template."""
    names = list(districts)[:2] or [""]
    if kind == DatasetKind.USAGE:
        return [["2010/11", name, "1", "", "0"] for name in names] + [["2010/11", "", "7", "", "0"]]
    if kind == DatasetKind.HOMELESSNESS:
        return [["2010/11", name, "", "Acceptances", "0"] for name in names]
    return [["2011/12", "", "", "Projected", "0"], ["2012/13", "", "", "Projected", "0"]]
