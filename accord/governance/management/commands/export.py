import json
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accord.audit.services import audit_record
from accord.governance.models import Partnership
from accord.governance.popolo import popolo_export

# One entry per standard; its subparser is added below.
EXPORTERS: dict[str, Callable[[Partnership], Any]] = {"popolo": popolo_export}


class Command(BaseCommand):
    help = (
        "Export a partnership's register in an open standard, as UTF-8 JSON on standard "
        "output. 'accord export popolo oxfordshire > register.json' writes its partners, "
        "bodies, people, seats and memberships as Popolo 1.0.1. The export holds people's "
        "names, so it is recorded in the audit trail."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        formats = parser.add_subparsers(dest="standard", required=True, metavar="popolo")
        popolo = formats.add_parser(
            "popolo", help="organizations, persons, posts and memberships (Popolo 1.0.1)"
        )
        popolo.add_argument("slug", help="the partnership's short name, e.g. oxfordshire")

    def handle(self, *args: Any, standard: str, slug: str, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"no partnership with slug {slug!r}")
        with transaction.atomic():
            data = EXPORTERS[standard](partnership)
            audit_record(
                actor=None,
                action="register.export",
                partnership_id=partnership.pk,
                object_type="governance.partnership",
                object_id=str(partnership.pk),
                changes={"format": [None, standard], "via": [None, "command"]},
            )
        self.write_utf8(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")

    def write_utf8(self, text: str) -> None:
        """UTF-8 whatever the locale: bytes to the stream's buffer where it has one."""
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is None:
            self.stdout.write(text, ending="")
            return
        self.stdout.flush()
        buffer.write(text.encode("utf-8"))
        buffer.flush()
