"""Reads of the governance register."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Partnership


def partnership_list() -> QuerySet[Partnership]:
    """Every partnership of the installation, by name. Partnership names are public."""
    return Partnership.objects.order_by("name")


def partnership_get(*, slug: str) -> Partnership:
    return get_object_or_404(Partnership, slug=slug)
