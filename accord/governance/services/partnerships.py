"""Writes to the governance register."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction

from accord.audit.services import Actor, save_audited
from accord.partnerships.models import Partnership, ProgrammeOfficer


@transaction.atomic
def partnership_create(
    *,
    actor: Actor,
    slug: str,
    name: str,
    description: str = "",
    voters_use_two_factor: bool = True,
) -> Partnership:
    """Create a partnership (a tenant). Raises ValidationError naming the field at fault.

    ``voters_use_two_factor``: whether those who may cast its votes must use two-factor
    sign-in (on unless the partnership decides otherwise; the admin changes it later)."""
    partnership = Partnership(
        slug=slug,
        name=name,
        description=description,
        voters_use_two_factor=voters_use_two_factor,
    )
    return save_audited(partnership, actor=actor, action="partnership.create")


@transaction.atomic
def programme_officer_appoint(
    *,
    actor: Actor,
    partnership: Partnership,
    user: User,
    start_date: datetime.date,
    end_date: datetime.date | None = None,
) -> ProgrammeOfficer:
    """Put a person on a partnership's programme team for a term: a permission change."""
    term = ProgrammeOfficer(
        partnership=partnership, user=user, start_date=start_date, end_date=end_date
    )
    return save_audited(term, actor=actor, action="programme_officer.appoint")
