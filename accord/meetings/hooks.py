"""What the apps built above meetings say about agenda items.

Meetings knows nothing of the records discussed at them (a proposal, later a contract or a
complaint). An app whose records come to meetings registers one ``AgendaHook`` when Django
starts (``register``, from its ``AppConfig.ready``); the meeting page, the minutes, the
forward plan, the API and the cancelling of a meeting then show and respect what the hooks
answer. A hook answers for a whole list of items at once, in a constant number of queries,
so a page of fifteen items costs what a page of two does.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import AgendaItem, Meeting

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class ItemNote:
    """What one app says about one agenda item.

    ``kind`` and ``id`` name the record the item concerns (the API lists them as the item's
    ``about``); ``title`` is its name. ``expected`` is the decision the item is expected to
    take, as the forward plan lists it ("" when none). ``vote_taken`` says a vote was taken on
    the item (the minutes then say a barred member's substitute cast the partner's vote).
    The templates are included on the meeting page (``page_about`` under the item's summary,
    ``page_record`` under its declarations) and in the minutes (``minutes_record``), each
    with the note as ``note``; ``context`` carries what they read.
    """

    kind: str
    id: int
    title: str
    expected: str = ""
    vote_taken: bool = False
    page_about: str = ""
    page_record: str = ""
    minutes_record: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)


class AgendaHook(Protocol):
    def notes(
        self, items: Sequence[AgendaItem], *, user: User, on: datetime.date, records: bool
    ) -> Mapping[int, Sequence[ItemNote]]:
        """Notes on the items (all of one partnership), by item id, for this reader on this
        date: a hook shows a reader only what the policy lets them see of its records.
        Without ``records`` the caller shows only what each item concerns and is expected to
        decide (the forward plan): the hook may leave out what was recorded at the meeting
        (``vote_taken``, ``page_record``, ``minutes_record``) and save its queries."""
        ...

    def holds(self, meeting: Meeting) -> str:
        """Why the meeting must stand and can no longer be cancelled ("" when it can)."""
        ...


class MoveHook(Protocol):
    def moved(self, meeting: Meeting, moved_from: datetime.date, *, actor: Any) -> None:
        """The meeting (locked, saved) has moved from ``moved_from`` to its date, in the
        same transaction: dates the app derived from the meeting's follow it, audited."""
        ...


HOOKS: list[AgendaHook] = []


def register(hook: AgendaHook) -> None:
    """Add an app's hook (once: registering the same hook twice is a programming error)."""
    if any(type(existing) is type(hook) for existing in HOOKS):
        raise ValueError(f"{type(hook).__name__} is already registered")
    HOOKS.append(hook)


def item_notes(
    items: Sequence[AgendaItem], *, user: User, on: datetime.date, records: bool = True
) -> dict[int, list[ItemNote]]:
    """Every hook's notes on the items, by item id (an item no hook speaks of has none)."""
    notes: dict[int, list[ItemNote]] = {item.pk: [] for item in items}
    if not items:
        return notes
    for hook in HOOKS:
        for item_id, found in hook.notes(items, user=user, on=on, records=records).items():
            notes[item_id].extend(found)
    return notes


def annotate(items: Sequence[AgendaItem], *, user: User, on: datetime.date) -> None:
    """Set ``item.notes`` on each item (what the templates read)."""
    notes = item_notes(items, user=user, on=on)
    for item in items:
        item.notes = notes[item.pk]  # type: ignore[attr-defined]


def moved(meeting: Meeting, moved_from: datetime.date, *, actor: Any) -> None:
    """Tell the hooks that follow a meeting's date (those with a ``moved``) that it moved."""
    for hook in HOOKS:
        follow = getattr(hook, "moved", None)
        if follow is not None:
            follow(meeting, moved_from, actor=actor)


def item_holding_reason(item: AgendaItem, *, removing: bool) -> str:
    """Why an item cannot be withdrawn (``removing``: taken off an unpublished agenda), from
    the hooks that have a ``holds_item``; "" when it can."""
    for hook in HOOKS:
        holds_item = getattr(hook, "holds_item", None)
        reason = holds_item(item, removing=removing) if holds_item is not None else ""
        if reason:
            return str(reason)
    return ""


def holding_reason(meeting: Meeting) -> str:
    """The first reason a hook gives why the meeting must stand, or ""."""
    for hook in HOOKS:
        reason = hook.holds(meeting)
        if reason:
            return reason
    return ""
