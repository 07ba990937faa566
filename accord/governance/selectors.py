"""Reads of the governance register."""

import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Partnership, ProgrammeOfficer


def partnership_list() -> QuerySet[Partnership]:
    """Every partnership of the installation, by name. Partnership names are public."""
    return Partnership.objects.order_by("name")


def partnership_get(*, slug: str) -> Partnership:
    return get_object_or_404(Partnership, slug=slug)


def partnerships_administered_by(
    user: AbstractBaseUser | AnonymousUser, *, on: datetime.date
) -> QuerySet[Partnership]:
    """The partnerships whose programme team the user is on, on that date."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    terms = ProgrammeOfficer.objects.current(on=on).filter(user=user)
    return Partnership.objects.filter(pk__in=terms.values("partnership_id"))


def user_requires_two_factor(user: AbstractBaseUser | AnonymousUser, *, on: datetime.date) -> bool:
    """Programme officers and installation administrators must use two-factor sign-in."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return ProgrammeOfficer.objects.current(on=on).filter(user=user).exists()
