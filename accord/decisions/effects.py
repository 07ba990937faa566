"""What the apps built above decisions say a decision authorised.

Decisions knows nothing of the records its decisions stand behind (a contract let on a
tender award or an instruction to contract; later a service remodelled, a strategy
adopted). An app whose records carry the decision behind them registers one
``EffectSource`` when Django starts (``register``, from its ``AppConfig.ready``), as apps
plug into meetings' agenda hook (``accord.meetings.hooks``); a proposal's page then lists,
under "What it authorised", what each source answers, showing a reader only what the
policy lets them see. A source answers in a constant number of queries.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import Proposal

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Effect:
    """One record the decision authorised: its name (linked to its page) and a detail."""

    text: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class EffectList:
    """A heading and its records; ``order`` places it on the page (smallest first)."""

    heading: str
    order: int
    items: Sequence[Effect] = field(default_factory=tuple)


class EffectSource(Protocol):
    def effects(self, proposal: Proposal, *, user: User, on: datetime.date) -> Sequence[EffectList]:
        """What the decision authorised that this reader may see, on the date."""
        ...


SOURCES: list[EffectSource] = []


def register(source: EffectSource) -> None:
    """Add an app's source (once: registering the same source twice is a programming error)."""
    if any(type(existing) is type(source) for existing in SOURCES):
        raise ValueError(f"{type(source).__name__} is already registered")
    SOURCES.append(source)


def effects_of(proposal: Proposal, *, user: User, on: datetime.date) -> list[EffectList]:
    """Every source's lists for the decision, in order; empty lists left out."""
    found = [found for source in SOURCES for found in source.effects(proposal, user=user, on=on)]
    return sorted((f for f in found if f.items), key=lambda f: (f.order, f.heading))
