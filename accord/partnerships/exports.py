"""A partnership's data in the open standards, as the apps that hold it register it.

``accord export FORMAT SLUG`` writes any registered format: the governance register as
Popolo (accord.governance), and each new app its own (Open Contracting, Open Referral,
360Giving...), registered from its ``AppConfig.ready``::

    exports.register(Exporter("popolo", "the register as Popolo 1.0.1", popolo_export_audited))

An exporter takes the partnership and the actor and returns data that ``json.dumps`` can
write. An exporter whose data names people records the export in the audit trail itself,
in the transaction the command opens (as the Popolo exporter does).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from .models import Partnership

Actor = AbstractBaseUser | AnonymousUser | None


@dataclass(frozen=True)
class Exporter:
    name: str  # the format on the command line, e.g. "popolo"
    help: str  # what it writes, for ``accord export --help``
    export: Callable[[Partnership, Actor], Any]


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: Exporter) -> None:
    """Offer a format to ``accord export`` (once per name: two apps cannot claim one)."""
    if exporter.name in EXPORTERS:
        raise ValueError(f"an exporter named {exporter.name!r} is already registered")
    EXPORTERS[exporter.name] = exporter
