import csv
import json
import re
import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.audit.exports import EXPORT_FIELDS, event_row
from accord.audit.selectors import ChainHead, audit_chain_verify, audit_events
from accord.audit.services import audit_record

PUBLISHED = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = (
        "The audit trail. 'accord audit verify' recomputes the hash chain and exits 1 naming "
        "the first broken event; 'accord audit verify --published 42:<hash>' also checks a "
        "hash quoted on a published decision; 'accord audit export --format csv' prints events."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="verify|export")
        verify = verbs.add_parser("verify", help="recompute the hash chain")
        verify.add_argument(
            "--published",
            metavar="SEQUENCE:HASH",
            help="a chain head quoted on a published record, e.g. 42:9f86d0...",
        )
        export = verbs.add_parser("export", help="print events as CSV or JSON")
        export.add_argument("--format", choices=["csv", "json"], default="csv")
        export.add_argument("--partnership-id", type=int, help="only this partnership's events")

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "verify":
            self.verify(options.get("published"))
        else:
            self.export(options["format"], options.get("partnership_id"))

    def verify(self, published_text: str | None) -> None:
        published = None
        if published_text:
            match = PUBLISHED.match(published_text)
            if not match:
                raise CommandError(
                    "--published must be SEQUENCE:HASH, e.g. 42: and 64 lowercase hex digits"
                )
            published = ChainHead(int(match[1]), match[2])
        report = audit_chain_verify(published=published)
        if not report.intact:
            self.stderr.write(f"audit chain broken at event {report.broken_at}: {report.problem}")
            sys.exit(1)
        head = f"; head {report.head.sequence}:{report.head.hash}" if report.head else ""
        self.stdout.write(f"audit chain intact: {report.events} events{head}")

    def export(self, fmt: str, partnership_id: int | None) -> None:
        events = audit_events(partnership_ids=None if partnership_id is None else [partnership_id])
        rows = (event_row(event) for event in events.reverse().iterator(chunk_size=2000))
        if fmt == "json":
            self.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=1))
        else:
            writer = csv.DictWriter(self.stdout, fieldnames=EXPORT_FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        audit_record(
            actor=None,
            action="audit.export",
            object_type="audit.auditevent",
            partnership_id=partnership_id,
            changes={"format": [None, fmt], "via": [None, "command"]},
        )
