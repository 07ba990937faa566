"""The meeting's lifecycle table, as the services ask it."""

from collections.abc import Collection

from accord.core.errors import AccordError
from accord.rules.lifecycle import MEETING, LifecycleError, Transition

from ..models import Meeting


def allowed(
    meeting: Meeting,
    trigger: str,
    *,
    facts: Collection[str] | None = None,
    field: str | None = None,
) -> Transition:
    """The table's row for the trigger in the meeting's state, or the refusal in words
    (naming ``field`` where the refusal concerns one). Given ``facts``, the row's guard
    must hold as well (the meeting's date has come)."""
    try:
        if facts is None:
            return MEETING.transition(meeting.status, trigger)
        return MEETING.require(meeting.status, trigger, facts)
    except LifecycleError as error:
        raise AccordError(str(error), field=field) from error
