"""Reads of the closure days."""

import datetime

from django.db.models import QuerySet

from .models import ClosureDay


def closure_day_list() -> QuerySet[ClosureDay]:
    """Every closure day, earliest first."""
    return ClosureDay.objects.order_by("date")


def closure_dates() -> frozenset[datetime.date]:
    """The dates of every closure day, in one query."""
    return frozenset(ClosureDay.objects.values_list("date", flat=True))
