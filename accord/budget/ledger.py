"""Reading the administering authority's ledger: a CSV of actual spend per contract per
month or quarter of one pool's financial year, checked cell by cell before anything is
stored (issue 17 item 3). docs/budget-ledger.md documents the format for the financial
manager.

The file is UTF-8 text (a byte-order mark, as spreadsheets write it, is allowed) with one
heading row naming the columns ``COLUMNS`` and one row per contract and period:

- ``contract``: the reference of one of the partnership's contracts (any case);
- ``period``: a calendar month of the pool's financial year written ``2009-04`` (April
  2009 to March 2010 for 2009/10), or a quarter of it, ``Q1`` (April to June) to ``Q4``
  (January to March), optionally after the year: ``2009/10 Q1``;
- ``amount``: the period's actual spend on the contract in pounds, 0 or more, at most two
  decimal places (``1250.50``; thousands separators allowed: ``1,250.50``). A credit is
  netted off the period's spend: a period's spend is never negative.

A ``description`` column (the ledger's narrative) and an ``illustrative`` column (the
download's) are read past. Two rows for the same contract and period, or a month inside a
quarter given for the same contract, are refused (the second naming the first).

``read_spend`` answers the rows it read, or ``FileRefused`` with every problem found, each
with its row (the file's line as a spreadsheet numbers it: the headings are row 1) and its
column. It reads; it stores nothing (``services.spend_import`` does, all or nothing). The
standard library's ``csv`` module reads the file, as for the needs evidence
(accord.commissioning.evidence, whose reasons against django-import-export hold here too).
"""

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from accord.commissioning.evidence import MAX_PROBLEMS, FileRefused, Problem, decode
from accord.core.money import MONEY_MAX, financial_year_label

from .models import MONTHS_IN_A_QUARTER

COLUMNS = ("contract", "period", "amount")
IGNORED = ("description", "illustrative")
MAX_ROWS = 20_000  # a county's ledger: a few hundred contracts, twelve months each
MONTH = re.compile(r"^([0-9]{4})-([0-9]{1,2})$")
QUARTER = re.compile(r"^(?:([0-9]{4})(?:/[0-9]{2}|/[0-9]{4}|-[0-9]{2})?\s+)?[Qq]([0-9])$")

__all__ = ["COLUMNS", "FileRefused", "LedgerRow", "Problem", "period_text", "read_spend"]


@dataclass(frozen=True)
class LedgerRow:
    """A row read and checked: one contract's spend in one period."""

    row: int
    contract_id: int
    first_month: int  # 1 is April
    months: int  # 1 or 3
    amount: Decimal

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.contract_id, self.first_month, self.months)

    def overlaps(self, contract_id: int, first_month: int, months: int) -> bool:
        return (
            self.contract_id == contract_id
            and self.first_month < first_month + months
            and first_month < self.first_month + self.months
        )


def period_text(year: int, first_month: int, months: int) -> str:
    """A period as the file writes it: ``2009-04`` for a month, ``Q1`` for a quarter."""
    if months == MONTHS_IN_A_QUARTER:
        return f"Q{(first_month - 1) // 3 + 1}"
    calendar = (first_month + 2) % 12 + 1  # 1 (April) is calendar month 4
    return f"{year + (1 if calendar < 4 else 0)}-{calendar:02d}"


def read_period(text: str, year: int) -> tuple[int, int] | str:
    """The period's first month (1 is April) and its length, or what is wrong with it."""
    label = financial_year_label(year)
    cleaned = text.strip()
    if not cleaned:
        return "Enter the period: a month like 2009-04 or a quarter like Q1"
    month = MONTH.match(cleaned)
    if month:
        calendar_year, calendar = int(month.group(1)), int(month.group(2))
        if not 1 <= calendar <= 12:
            return f"{cleaned!r} is not a month: write it as 2009-04"
        first_month = (calendar - 4) % 12 + 1
        expected_year = year if calendar >= 4 else year + 1
        if calendar_year != expected_year:
            return (
                f"{cleaned} is outside the financial year {label} "
                f"(April {year} to March {year + 1})"
            )
        return first_month, 1
    quarter = QUARTER.match(cleaned)
    if quarter:
        if quarter.group(1) and int(quarter.group(1)) != year:
            return f"{cleaned} is outside the financial year {label}"
        number = int(quarter.group(2))
        if not 1 <= number <= 4:
            return f"{cleaned!r} is not a quarter: Q1 (April to June) to Q4 (January to March)"
        return (number - 1) * MONTHS_IN_A_QUARTER + 1, MONTHS_IN_A_QUARTER
    return f"{cleaned!r} is not a period: write a month like 2009-04 or a quarter like Q1"


def read_amount(text: str) -> Decimal | str:
    """The cell's amount of pounds and pence, or what is wrong with it."""
    cleaned = text.strip().replace(",", "")
    if not cleaned:
        return "Enter the amount spent, 0 or more"
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return f"{text.strip()!r} is not an amount in pounds, like 1250.50"
    if not value.is_finite() or "e" in cleaned.lower():
        return f"{text.strip()!r} is not an amount in pounds, like 1250.50"
    if value < 0:
        return "Spend cannot be negative: net a credit off the period's spend"
    if value > MONEY_MAX:
        return "The amount is too large"
    if value != value.quantize(Decimal("0.01")):
        return "An amount has at most two decimal places (pounds and pence)"
    return value.quantize(Decimal("0.01"))


def contract_key(reference: str) -> str:
    return " ".join(reference.split()).casefold()


def read_spend(content: bytes, *, year: int, contracts: Mapping[str, int]) -> list[LedgerRow]:
    """The spend of a file for the pool of ``year``, checked; or ``FileRefused`` with every
    problem found. ``contracts`` maps each contract's ``contract_key`` to its id."""
    text = decode(content)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise FileRefused([Problem(f"The file is not a CSV file: {error}")]) from None
    headings = [heading.strip().lower() for heading in rows[0]] if rows else []
    problems: list[Problem] = []
    missing = [column for column in COLUMNS if column not in headings]
    unknown = [h for h in headings if h and h not in COLUMNS and h not in IGNORED]
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
        raise FileRefused([Problem("The file has headings but no spend")])
    if len(body) > MAX_ROWS:
        raise FileRefused([Problem(f"The file has more than {MAX_ROWS:,} rows")])
    position = {column: headings.index(column) for column in COLUMNS}
    found: list[LedgerRow] = []
    by_contract: dict[int, list[LedgerRow]] = {}
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
        read = read_row(number, cells, year=year, contracts=contracts)
        if isinstance(read, LedgerRow):
            earlier = next(
                (
                    other
                    for other in by_contract.get(read.contract_id, [])
                    if other.overlaps(read.contract_id, read.first_month, read.months)
                ),
                None,
            )
            if earlier is not None:
                problems.append(
                    Problem(
                        f"The same contract and period as row {earlier.row}"
                        if earlier.key == read.key
                        else f"The period overlaps row {earlier.row}'s for the same contract",
                        row=number,
                        column="period",
                    )
                )
            found.append(read)
            by_contract.setdefault(read.contract_id, []).append(read)
        else:
            problems.extend(read)
        if len(problems) >= MAX_PROBLEMS:
            problems.append(Problem(f"More problems follow: the first {MAX_PROBLEMS} are listed"))
            break
    if problems:
        raise FileRefused(problems)
    return found


def read_row(
    number: int, cells: Mapping[str, str], *, year: int, contracts: Mapping[str, int]
) -> LedgerRow | list[Problem]:
    """One row's spend, or each problem of its cells."""
    problems = []
    reference = cells["contract"].strip()
    contract_id = contracts.get(contract_key(reference)) if reference else None
    if not reference:
        problems.append(Problem("Enter the contract's reference", row=number, column="contract"))
    elif contract_id is None:
        problems.append(
            Problem(
                f"{reference!r} is not a contract of this partnership",
                row=number,
                column="contract",
            )
        )
    period = read_period(cells["period"], year)
    if isinstance(period, str):
        problems.append(Problem(period, row=number, column="period"))
    amount = read_amount(cells["amount"])
    if isinstance(amount, str):
        problems.append(Problem(amount, row=number, column="amount"))
    if problems or contract_id is None or isinstance(period, str) or isinstance(amount, str):
        return problems
    return LedgerRow(number, contract_id, period[0], period[1], amount)
