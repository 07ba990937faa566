import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accord.partnerships.exports import EXPORTERS, ExportRefused
from accord.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Export a partnership's data in an open standard, as UTF-8 JSON on standard output, "
        "e.g. 'accord export popolo oxfordshire > register.json' (its partners, bodies, "
        "people, seats and memberships as Popolo 1.0.1). Each app registers its formats; an "
        "export that names people is recorded in the audit trail."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        names = sorted(EXPORTERS)
        formats = parser.add_subparsers(dest="standard", required=True, metavar="|".join(names))
        for name in names:
            standard = formats.add_parser(name, help=EXPORTERS[name].help)
            standard.add_argument("slug", help="the partnership's short name, e.g. oxfordshire")
            for flag, text in EXPORTERS[name].flags:
                standard.add_argument(f"--{flag}", action="store_true", help=text)

    def handle(self, *args: Any, standard: str, slug: str, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=slug).first()
        if partnership is None:
            raise CommandError(f"no partnership with slug {slug!r}")
        exporter = EXPORTERS[standard]
        flags = {flag: bool(options.get(flag)) for flag, _ in exporter.flags}
        try:
            with transaction.atomic():
                data = exporter.export(partnership, None, **flags)
        except ExportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(f"export {standard}: {problem}")
            raise SystemExit(1) from None
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
