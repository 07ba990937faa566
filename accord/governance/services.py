"""Writes to the governance register."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from .models import Partnership


@transaction.atomic
def partnership_create(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    slug: str,
    name: str,
    description: str = "",
) -> Partnership:
    """Create a partnership (a tenant). Raises ValidationError naming the field at fault."""
    partnership = Partnership(slug=slug, name=name, description=description)
    partnership.full_clean()
    partnership.save()
    return partnership
