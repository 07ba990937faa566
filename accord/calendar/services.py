"""Adding and removing closure days, each audited in its own transaction."""

import datetime

from django.db import transaction

from accord.audit.services import Actor, audit_record, created, deleted

from .models import ClosureDay


@transaction.atomic
def closure_day_add(*, actor: Actor, date: datetime.date, reason: str) -> ClosureDay:
    """Close the offices on a weekday: periods counted with closures pass over it."""
    closure_day = ClosureDay(date=date, reason=reason)
    closure_day.full_clean()
    closure_day.save()
    audit_record(
        actor=actor, action="closure_day.add", obj=closure_day, changes=created(closure_day)
    )
    return closure_day


@transaction.atomic
def closure_day_remove(*, actor: Actor, closure_day: ClosureDay) -> None:
    """Open the offices again on that day. Dates already computed keep their value."""
    changes, pk = deleted(closure_day), closure_day.pk
    closure_day.delete()
    audit_record(
        actor=actor,
        action="closure_day.remove",
        object_type=ClosureDay._meta.label_lower,
        object_id=str(pk),
        changes=changes,
    )
