"""Marking the values the seeds do not give as illustrative, through one audited service.

The demo records what the source documents say; to make meetings, votes and seats whole it
adds values they do not give (the dates of compromises and escalations, places, times,
attendance, the votes of partners other than the dissenting one, seat start dates, officer
titles). Each such value is named in its record's ``illustrative`` list (``Illustrative``,
accord/core/models.py), which pages, PDFs and exports show as "Illustrative: not from the
source documents".
"""

from collections.abc import Iterable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited
from accord.core.models import Illustrative

Row = TypeVar("Row", bound=Illustrative)


@transaction.atomic
def illustrative_mark(*, actor: Actor, row: Row, fields: Iterable[str]) -> Row:
    """Add fields to the row's illustrative values, audited; marking twice changes nothing."""
    names = set(fields)
    concrete = {field.name for field in row._meta.concrete_fields}
    unknown = sorted(names - concrete)
    if unknown:
        raise ValidationError({"illustrative": f"No such field: {', '.join(unknown)}"})
    marked = sorted(set(row.illustrative or []) | names)
    if marked == sorted(row.illustrative or []):
        return row
    action = f"{row._meta.model_name}.mark_illustrative"
    with audited(row, actor=actor, action=action, check="fields"):
        row.illustrative = marked
    return row
