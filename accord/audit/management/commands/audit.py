import datetime
import ipaddress
import json
import re
import sys
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accord.audit.exports import EXPORT_FIELDS, event_row
from accord.audit.selectors import (
    ChainHead,
    Quote,
    audit_chain_head,
    audit_chain_verify,
    audit_events,
    quotes_in_database,
)
from accord.audit.services import audit_record, personal_erase
from accord.core.errors import AccordError
from accord.partnerships.exports import csv_lines

PUBLISHED = re.compile(r"^(\d+):([0-9a-f]{64})$")
# One anchor per line: "SEQUENCE:HASH WHEN", as `accord audit anchor` appends it.
ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})(?:\s+(\S+))?\s*$")


def anchors_read(path: Path) -> list[Quote]:
    """The anchors kept in a file, each a quote of the chain head when it was written."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise CommandError(f"--anchors: cannot read {path}: {error.strerror}") from error
    quotes = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = ANCHOR.match(line.strip())
        if not match:
            raise CommandError(
                f"--anchors: line {number} of {path} is not SEQUENCE:HASH WHEN: {line[:80]!r}"
            )
        when = f" of {match[3]}" if match[3] else ""
        quotes.append(
            Quote(
                f"the anchor{when} ({path.name}, line {number})", ChainHead(int(match[1]), match[2])
            )
        )
    return quotes


def days(text: str) -> int:
    """A number of days for --older-than: a whole number, 0 or more."""
    if not text.isdigit():
        raise ArgumentTypeError(f"must be a whole number of days, not {text!r}")
    return int(text)


def address(text: str) -> str:
    """An IP address for --address, written as Accord records it."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        raise ArgumentTypeError(f"{text!r} is not an IP address") from None


class Command(BaseCommand):
    help = (
        "The audit trail. 'accord audit verify' recomputes the hash chain, checks it against "
        "every hash the database quotes (closed votes' records) and exits 1 naming the first "
        "broken event; '--published 42:<hash>' also checks a hash quoted on a published "
        "record, '--anchors FILE' the anchors kept outside the database; 'accord audit "
        "anchor' appends the chain's head to the anchor file (and e-mails it, if an address "
        "is configured); 'accord audit export --format csv' prints events; 'accord audit erase "
        "--older-than 365' erases the addresses and user agents (and other personal data) "
        "of events older than a year, '--user NAME' or '--address IP' those of one person's "
        "events (docs/personal-data.md)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        verbs = parser.add_subparsers(
            dest="verb", required=True, metavar="verify|anchor|export|erase"
        )
        verify = verbs.add_parser("verify", help="recompute the hash chain")
        verify.add_argument(
            "--published",
            metavar="SEQUENCE:HASH",
            help="a chain head quoted on a published record, e.g. 42:9f86d0...",
        )
        verify.add_argument(
            "--anchors",
            metavar="FILE",
            action="append",
            default=[],
            type=Path,
            help="a file of anchors written by 'accord audit anchor' (repeatable)",
        )
        anchor = verbs.add_parser("anchor", help="keep the chain's head outside the database")
        anchor.add_argument(
            "--file",
            type=Path,
            default=None,
            help="the append-only file to add it to (default: ACCORD_AUDIT_ANCHOR_FILE)",
        )
        export = verbs.add_parser("export", help="print events as CSV or JSON")
        export.add_argument("--format", choices=["csv", "json"], default="csv")
        export.add_argument("--partnership-id", type=int, help="only this partnership's events")
        erase = verbs.add_parser(
            "erase",
            help="erase the personal data of events (every criterion given must match)",
        )
        erase.add_argument(
            "--older-than",
            metavar="DAYS",
            type=days,
            help="events recorded more than DAYS days ago (the retention period), e.g. 365",
        )
        erase.add_argument("--user", metavar="USERNAME", help="events done by this user")
        erase.add_argument(
            "--address", metavar="IP", type=address, help="events made from this address"
        )

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "verify":
            self.verify(options.get("published"), options.get("anchors") or [])
        elif verb == "anchor":
            self.anchor(options.get("file") or Path(settings.ACCORD_AUDIT_ANCHOR_FILE))
        elif verb == "erase":
            self.erase(options.get("older_than"), options.get("user"), options.get("address"))
        else:
            self.export(options["format"], options.get("partnership_id"))

    def anchor(self, path: Path) -> None:
        """Append the head (``SEQUENCE:HASH WHEN``) to the anchor file, which should live
        where the database's owner cannot rewrite it (another host, write-once storage),
        and send it to ``ACCORD_AUDIT_ANCHOR_EMAIL`` if set: a trail rewritten or cut short
        after an anchor no longer matches it (``accord audit verify --anchors FILE``)."""
        head = audit_chain_head()
        if head is None:
            raise CommandError("The audit trail is empty: there is nothing to anchor")
        line = f"{head.sequence}:{head.hash} {timezone.now().isoformat(timespec='seconds')}"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as anchors:
            anchors.write(line + "\n")
        address = settings.ACCORD_AUDIT_ANCHOR_EMAIL
        if address:
            send_mail(
                f"Accord audit anchor {head.sequence}",
                f"The head of Accord's audit trail at {settings.ACCORD_SITE_URL}:\n\n{line}\n",
                None,
                [address],
            )
        self.stdout.write(
            f"anchored {line} in {path}" + (f" and sent to {address}" if address else "")
        )

    def verify(self, published_text: str | None, anchor_files: list[Path]) -> None:
        published = None
        if published_text:
            match = PUBLISHED.match(published_text)
            if not match:
                raise CommandError(
                    "--published must be SEQUENCE:HASH, e.g. 42: and 64 lowercase hex digits"
                )
            published = ChainHead(int(match[1]), match[2])
        quotes = [quote for path in anchor_files for quote in anchors_read(path)]
        quotes += quotes_in_database()
        report = audit_chain_verify(published=published, quotes=quotes)
        if not report.intact:
            self.stderr.write(f"audit chain broken at event {report.broken_at}: {report.problem}")
            sys.exit(1)
        head = f"; head {report.head.sequence}:{report.head.hash}" if report.head else ""
        checked = f"; {len(quotes)} quoted hashes match" if quotes else ""
        erased = f"; {report.erased} events' personal data erased" if report.erased else ""
        self.stdout.write(f"audit chain intact: {report.events} events{head}{checked}{erased}")

    def erase(
        self, older_than: int | None, username: str | None, client_address: str | None
    ) -> None:
        """Erase the personal data of the events matching every criterion given, and
        record the erasure (``personal_erase``)."""
        user_id = None
        if username is not None:
            user = get_user_model().objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"--user: there is no user {username!r}")
            user_id = user.pk
        before = None
        if older_than is not None:
            before = timezone.now() - datetime.timedelta(days=older_than)
        try:
            event = personal_erase(
                actor=None, user_id=user_id, client_address=client_address or "", before=before
            )
        except AccordError as error:
            raise CommandError(
                "say what to erase: --older-than DAYS, --user USERNAME or --address IP"
            ) from error
        erased = event.changes["events"][1]
        self.stdout.write(
            f"erased the personal data of {erased} events; the erasure is event {event.sequence}"
        )

    def export(self, fmt: str, partnership_id: int | None) -> None:
        events = audit_events(partnership_ids=None if partnership_id is None else [partnership_id])
        rows = (event_row(event) for event in events.reverse().iterator(chunk_size=2000))
        if fmt == "json":
            self.stdout.write(json.dumps(list(rows), ensure_ascii=False, indent=1))
        else:
            cells = ([row[field] for field in EXPORT_FIELDS] for row in rows)
            for line in csv_lines(EXPORT_FIELDS, cells):
                self.stdout.write(line, ending="")
        audit_record(
            actor=None,
            action="audit.export",
            object_type="audit.auditevent",
            partnership_id=partnership_id,
            changes={"format": [None, fmt], "via": [None, "command"]},
        )
