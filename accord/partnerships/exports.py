"""A partnership's data in the open standards, as the apps that hold it register it.

``accord export FORMAT SLUG`` writes any registered format: the governance register as
Popolo (accord.governance), and each new app its own (Open Contracting, Open Referral,
360Giving...), registered from its ``AppConfig.ready``::

    exports.register(Exporter("popolo", "the register as Popolo 1.0.1", popolo_export_audited))

An exporter takes the partnership and the actor and returns data that ``json.dumps`` can
write. An exporter whose data names people records the export in the audit trail itself,
in the transaction the command opens (as the Popolo exporter does).
"""

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Actor = AbstractBaseUser | AnonymousUser | None


@dataclass(frozen=True)
class Exporter:
    name: str  # the format on the command line, e.g. "popolo"
    help: str  # what it writes, for ``accord export --help``
    # Called with the partnership, the actor and, by keyword, each of ``flags`` (True when
    # given on the command line, e.g. ``accord export ocds oxfordshire --records``).
    export: Callable[..., Any]
    flags: tuple[tuple[str, str], ...] = ()  # (name, help) of each on/off option


class ExportRefused(Exception):
    """An exporter's data fails its own checks: ``accord export`` prints each problem on
    standard error and exits with status 1, printing no data."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    """Offer a format to ``accord export`` (once per name: two apps cannot claim one)."""
    if exporter.name in EXPORTERS:
        raise ValueError(f"an exporter named {exporter.name!r} is already registered")
    EXPORTERS[exporter.name] = exporter


# ---------------------------------------------------------------- CSV

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection,
# OWASP), the full-width forms included, which some spreadsheets read as the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
LINE_BREAKS = re.compile(r"\r\n?|\n")


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text, never runs.

    Every line of it is checked, not only the first: a spreadsheet that splits a cell at a
    bare carriage return (``name\\r=HYPERLINK(...)``) would otherwise start a new cell
    with a formula. Line breaks become ``\\n``, and a line that starts like a formula gets
    a leading apostrophe, which shows it as text.
    """
    text = "" if value is None else str(value)
    lines = LINE_BREAKS.split(text)
    return "\n".join(f"'{line}" if line.startswith(FORMULA_STARTS) else line for line in lines)


def csv_lines(header: Iterable[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The header and rows as lines of CSV, every cell through ``csv_cell``: the one CSV
    writer of every download and command (the register's, the decisions register's, the
    audit trail's), streamed a row at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in itertools.chain([list(header)], ([csv_cell(v) for v in row] for row in rows)):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """The header and rows as CSV text (``csv_lines``)."""
    return "".join(csv_lines(header, rows))
