"""Writes to the governance register."""

import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction

from accord.audit.services import audit_record, created

from ..models import Partnership, ProgrammeOfficer

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def partnership_create(
    *,
    actor: Actor,
    slug: str,
    name: str,
    description: str = "",
) -> Partnership:
    """Create a partnership (a tenant). Raises ValidationError naming the field at fault."""
    partnership = Partnership(slug=slug, name=name, description=description)
    partnership.full_clean()
    partnership.save()
    audit_record(
        actor=actor,
        action="partnership.create",
        obj=partnership,
        partnership_id=partnership.pk,
        changes=created(partnership),
    )
    return partnership


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
    term.full_clean()
    term.save()
    audit_record(actor=actor, action="programme_officer.appoint", obj=term, changes=created(term))
    return term
