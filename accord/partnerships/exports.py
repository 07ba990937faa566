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
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import Partnership

Actor = AbstractBaseUser | AnonymousUser | None


@dataclass(frozen=True)
class Exporter:
    name: str  # the format on the command line, e.g. "popolo"
    help: str  # what it writes, for ``accord export --help``
    export: Callable[[Partnership, Actor], Any]


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    """Offer a format to ``accord export`` (once per name: two apps cannot claim one)."""
    if exporter.name in EXPORTERS:
        raise ValueError(f"an exporter named {exporter.name!r} is already registered")
    EXPORTERS[exporter.name] = exporter


# ---------------------------------------------------------------- CSV

# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A value as a CSV cell a spreadsheet shows as text, never runs: a leading
    apostrophe neutralises a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable[str], rows: Iterable[Iterable[object]]) -> str:
    """The header and rows as CSV text, every cell through ``csv_cell``: the one CSV
    writer of every download (the register's, the decisions register's)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue()
