"""``accord performance template|import|export``: quarterly returns on the console
(docs/performance.md). Exit 2 for a usage error (a bad period, an unknown partnership, a
missing or unreadable file, a header that is not the format's, ``--replace`` without
``--reason``); exit 1 when a file's rows have problems, one ``row N, column: problem``
line each on standard error, with nothing stored."""

import csv
import datetime
import json
import sys
from argparse import ArgumentParser
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from accord.calendar.management.commands.working_days import iso_date
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership
from accord.performance import selectors, services
from accord.performance.imports import FileError, check, read_table, template_rows
from accord.performance.periods import PeriodError, Quarter

PROBLEMS = 1
# A file this long shows a progress bar while it is checked (on a terminal only).
LONG_FILE = 2_000


class Command(BaseCommand):
    help = (
        "Quarterly returns. 'template SLUG --period \"2009/10 Q2\"' prints the CSV to fill "
        "for the partnership's services due a return; 'import FILE [--dry-run] [--replace "
        "--reason TEXT]' checks the whole file and stores its returns, validated, all or "
        "none (problems on stderr as 'row N, column: problem', exit 1); 'export SLUG "
        "--period \"2009/10 Q2\"' prints each validated return's indicators as JSON, with "
        "RAG and quartile, e.g. accord performance export gloucestershire --period "
        '"2009/10 Q2"; \'remind SLUG [--period "2009/10 Q2"] [--today DATE]\' e-mails the '
        "provider of each service whose return is late, once per service and quarter; "
        "without --period, for the latest quarter whose returns are late (for a daily cron)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="template|import|export|remind"
        )
        template = actions.add_parser("template", help="print the CSV of returns to fill")
        template.add_argument("partnership", metavar="SLUG")
        template.add_argument("--period", required=True, help='a quarter: "2009/10 Q2"')
        imported = actions.add_parser("import", help="check and store a file of returns")
        imported.add_argument("file", metavar="FILE", type=Path)
        imported.add_argument("--dry-run", action="store_true", help="only check the file")
        imported.add_argument(
            "--replace", action="store_true", help="replace returns that exist (needs --reason)"
        )
        imported.add_argument("--reason", default=None, help="why the returns are replaced")
        imported.add_argument(
            "--today", metavar="DATE", type=iso_date, help="YYYY-MM-DD; default today"
        )
        exported = actions.add_parser("export", help="the quarter's indicators, as JSON")
        exported.add_argument("partnership", metavar="SLUG")
        exported.add_argument("--period", required=True, help='a quarter: "2009/10 Q2"')
        reminded = actions.add_parser(
            "remind", help="e-mail a reminder of each late return (once per service and quarter)"
        )
        reminded.add_argument("partnership", metavar="SLUG")
        reminded.add_argument(
            "--period",
            default=None,
            help='a quarter: "2009/10 Q2"; default the latest whose returns are late',
        )
        reminded.add_argument(
            "--today", metavar="DATE", type=iso_date, help="YYYY-MM-DD; default today"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "import":
            self.import_file(options)
            return
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"no partnership {options['partnership']!r}")
        today = options.get("today") or timezone.localdate()
        try:
            if action == "remind" and options["period"] is None:
                period = selectors.latest_late_quarter(today)
            else:
                period = Quarter.parse(options["period"])
        except PeriodError as error:
            raise CommandError(f"--period: {error}") from None
        if action == "remind":
            self.remind(partnership, period, today)
        elif action == "template":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerows(template_rows(selectors.services_due(partnership, period), period))
        else:
            exported = selectors.benchmark_export(partnership, period)
            self.stdout.write(json.dumps(exported, indent=2))

    def import_file(self, options: dict[str, Any]) -> None:
        reason: str | None = options["reason"]
        if options["replace"] and not (reason or "").strip():
            raise CommandError("--replace needs --reason TEXT: why the returns are replaced")
        if reason is not None and not options["replace"]:
            raise CommandError("--reason is for --replace")
        path: Path = options["file"]
        today: datetime.date = options["today"] or timezone.localdate()
        try:
            table = read_table(path)
            checked = check(
                table, today=today, replacing=options["replace"], progress=self.progress
            )
        except FileError as error:
            raise CommandError(str(error)) from None
        if checked.problems:
            for problem in checked.problems:
                self.stderr.write(str(problem))
            raise SystemExit(PROBLEMS)
        count = len(checked.rows)
        if options["dry_run"]:
            self.stdout.write(f"{count} returns checked: none stored (--dry-run)")
            return
        try:
            services.returns_import(
                actor=None,  # the administrator at the command line
                rows=checked.rows,
                today=today,
                replace_reason=reason if options["replace"] else None,
            )
        except AccordError as refusal:
            self.stderr.write(f"{refusal.field or 'file'}: {refusal.message}")
            raise SystemExit(PROBLEMS) from None
        self.stdout.write(f"{count} returns stored, validated")

    def remind(self, partnership: Partnership, period: Quarter, today: datetime.date) -> None:
        try:
            done = services.returns_remind(
                actor=None,  # the administrator at the command line (or cron)
                partnership=partnership,
                period=period,
                today=today,
            )
        except AccordError as refusal:
            raise CommandError(f"--{refusal.field or 'period'}: {refusal.message}") from None
        for reminder in done.reminders:
            self.stdout.write(f"{reminder.service.reference}: reminded")
        for service in done.already_reminded:
            self.stdout.write(f"{service.reference}: already reminded for {period}")
        for service in done.without_contact:
            self.stderr.write(
                f"{service.reference}: not reminded: its provider has no contact e-mail address"
            )
        self.stdout.write(
            f"{len(done.reminders)} reminders sent for {period} "
            f"(returns were due by {done.due_on:%-d %B %Y})"
        )

    def progress(self, rows: list[list[str]]) -> Iterable[list[str]]:
        if len(rows) < LONG_FILE or not sys.stderr.isatty():
            return rows
        return tqdm(rows, desc="Checking", unit=" rows", file=sys.stderr)
