"""``accord complaints erase-expired [--apply]`` and ``accord complaints subject-access``.

Erasure is the operator's act on the data protection officer's decision, as for the audit
trail's personal data (docs/personal-data.md): it is a command, not a page. Without
``--apply`` it only lists what it would erase.
"""

import datetime
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accord.calendar.management.commands.working_days import iso_date
from accord.complaints import services
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership


class Command(BaseCommand):
    help = (
        "Complaints' personal data. 'erase-expired' lists the closed complaints whose "
        "complainant's details are past their partnership's retention period (six years "
        "after closure unless the partnership set another); with --apply it erases them "
        "(from the complaint and from the audit trail's personal rows), keeping the "
        "anonymised complaint. 'subject-access SLUG --email ADDRESS' prints, as JSON, "
        "everything held about one complainant. Each erasure and export is audited."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(
            dest="action", required=True, metavar="erase-expired|subject-access"
        )
        erase = actions.add_parser("erase-expired", help="list (or --apply: erase) expired details")
        erase.add_argument("--apply", action="store_true", help="erase them")
        erase.add_argument("--partnership", metavar="SLUG", help="only this partnership")
        erase.add_argument(
            "--today", metavar="DATE", type=iso_date, help="YYYY-MM-DD; default today"
        )
        access = actions.add_parser("subject-access", help="one complainant's data, as JSON")
        access.add_argument("partnership", metavar="SLUG")
        access.add_argument("--email", default="", help="the complainant's e-mail address")
        access.add_argument("--name", default="", help="or their name, exactly")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "subject-access":
            partnership = self.partnership(options["partnership"])
            try:
                export = services.subject_access_export(
                    actor=None,
                    partnership=partnership,
                    email=options["email"],
                    name=options["name"],
                )
            except AccordError as refusal:
                raise CommandError(refusal.message) from refusal
            self.stdout.write(json.dumps(export, indent=2, ensure_ascii=False))
            return
        today: datetime.date = options["today"] or timezone.localdate()
        if options["partnership"]:
            partnerships = [self.partnership(options["partnership"])]
        else:
            partnerships = list(Partnership.objects.order_by("slug"))
        count = 0
        for partnership in partnerships:
            for complaint in services.expired(partnership, today=today):
                count += 1
                self.stdout.write(
                    f"{partnership.slug}: complaint {complaint.pk}, received "
                    f"{complaint.received_on.isoformat()}, closed {complaint.closed_on}"
                )
                if options["apply"]:
                    services.complaint_erase_personal(actor=None, complaint=complaint, on=today)
        verb = "erased" if options["apply"] else "would be erased (run with --apply to erase them)"
        self.stdout.write(f"{count} complainants' details {verb}")

    def partnership(self, slug: str) -> Partnership:
        found = Partnership.objects.filter(slug=slug).first()
        if found is None:
            raise CommandError(f"no partnership {slug!r}")
        return found
