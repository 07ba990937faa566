"""Reads of partnerships and their programme teams, and the one way to fetch a tenant's row."""

import datetime
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Partnership, PartnershipOwned, ProgrammeOfficer

User = AbstractBaseUser | AnonymousUser
Owned = TypeVar("Owned", bound=PartnershipOwned)


def partnership_list() -> QuerySet[Partnership]:
    """Every partnership of the installation, by name. Partnership names are public."""
    return Partnership.objects.order_by("name")


def partnership_get(*, slug: str) -> Partnership:
    return get_object_or_404(Partnership, slug=slug)


def get_in(
    partnership: Partnership,
    rows: type[Owned] | QuerySet[Owned],
    pk: object,
    *,
    field: str | None = None,
) -> Owned:
    """One row of this partnership by id, and never another partnership's.

    ``rows`` is a model or a queryset of it (to add ``select_related``). A row named in the
    address that is not there is "not found" (404); with ``field``, a row named in the input
    is a refusal naming that field (422 in the API, the field's error on a form).
    """
    queryset = rows if isinstance(rows, QuerySet) else rows._default_manager.all()
    found = None
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit()):
        found = queryset.filter(partnership=partnership, pk=pk).first()
    if found is None:
        if field is None:
            raise Http404(f"No {queryset.model._meta.verbose_name} {pk} in {partnership}")
        raise ValidationError(
            {field: f"No {queryset.model._meta.verbose_name} {pk} in {partnership.name}"}
        )
    found.partnership = partnership  # already known: saves a query wherever it is read
    return found


def same_partnership(partnership: Partnership, **related: object) -> None:
    """Refuse a row that points into another partnership, naming the argument: for the
    relations a service checks before it builds any row (models check their own foreign
    keys when cleaned, see ``PartnershipOwned.clean``)."""
    for field, value in related.items():
        if value is not None and getattr(value, "partnership_id", None) != partnership.pk:
            raise ValidationError({field: f"Choose a {field} of {partnership.name}"})


def partnerships_administered_by(user: User, *, on: datetime.date) -> QuerySet[Partnership]:
    """The partnerships whose programme team the user is on, on that date."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    terms = ProgrammeOfficer.objects.current(on=on).filter(user=user)
    return Partnership.objects.filter(pk__in=terms.values("partnership_id"))


def administered_partnership_ids(user: User, on: datetime.date) -> list[int]:
    """Ids of the partnerships whose programme team the user is on, on that date (the
    policy's source for the programme officer's role)."""
    if not user.is_authenticated:
        return []
    return list(
        ProgrammeOfficer.objects.current(on=on)
        .filter(user=user)
        .order_by()
        .values_list("partnership_id", flat=True)
    )
