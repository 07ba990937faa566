"""Adding and removing closure days, each audited in its own transaction."""

import datetime

from django.db import transaction

from accord.audit.services import Actor, delete_audited, save_audited

from .models import ClosureDay


@transaction.atomic
def closure_day_add(*, actor: Actor, date: datetime.date, reason: str) -> ClosureDay:
    """Close the offices on a weekday: periods counted with closures pass over it."""
    closure_day = ClosureDay(date=date, reason=reason)
    return save_audited(closure_day, actor=actor, action="closure_day.add")


@transaction.atomic
def closure_day_remove(*, actor: Actor, closure_day: ClosureDay) -> None:
    """Open the offices again on that day. Dates already computed keep their value."""
    delete_audited(closure_day, actor=actor, action="closure_day.remove")
