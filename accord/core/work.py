"""A signed-in person's work: what the home page lists for them ("your work").

Core knows no domain. Each app whose records ask something of a person registers one
``WorkSource`` when Django starts (``register``, from its ``AppConfig.ready``): meetings
lists the meetings coming up, the minutes awaiting approval and, for the programme team,
what needs doing next on each meeting; decisions the votes open for the person's partner
and the decisions in their call-in period; governance the amendments awaiting their
partner's signature. A source answers in a constant number of queries, whatever the data,
so the home page costs the same for a person with one meeting or fifty.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class WorkItem:
    """One thing to see or do: its title (linked to its page), what to know of it, and
    links straight to the actions it asks for."""

    title: str
    url: str
    detail: str = ""
    actions: Sequence[Link] = field(default_factory=tuple)


@dataclass(frozen=True)
class WorkList:
    """A heading and its items; ``order`` places it on the page (smallest first)."""

    key: str
    heading: str
    order: int
    items: Sequence[WorkItem]
    empty: str = ""  # said when there are no items ("" leaves the list out)


class WorkSource(Protocol):
    def lists(self, user: User, *, on: datetime.date) -> Sequence[WorkList]:
        """The person's lists on the date, in a constant number of queries."""
        ...


SOURCES: list[WorkSource] = []


def register(source: WorkSource) -> None:
    """Add an app's source (once: registering the same source twice is a programming error)."""
    if any(type(existing) is type(source) for existing in SOURCES):
        raise ValueError(f"{type(source).__name__} is already registered")
    SOURCES.append(source)


def your_work(user: User, *, on: datetime.date) -> list[WorkList]:
    """Every source's lists for the person, in order; lists with nothing to say left out."""
    if not user.is_authenticated:
        return []
    found = [found for source in SOURCES for found in source.lists(user, on=on)]
    return sorted((w for w in found if w.items or w.empty), key=lambda w: (w.order, w.heading))
