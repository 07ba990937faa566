"""Loading the demo data: idempotent, and never overwriting what users have changed."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction

from accord.audit.services import audit_record, created
from accord.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accord.governance.models import Partnership, ProgrammeOfficer
from accord.governance.services import partnership_create, programme_officer_appoint

from .data import PARTNERSHIPS

# seed 004: "Nationally, the Supporting People programme began on 1 April 2003".
PROGRAMME_START = datetime.date(2003, 4, 1)


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    present: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, *, was_created: bool) -> None:
        tally = self.created if was_created else self.present
        tally[kind] = tally.get(kind, 0) + 1


@transaction.atomic
def demo_load() -> DemoReport:
    """Create whatever demo rows are missing; leave existing rows exactly as they are.

    Running it again loses nothing: a demo user who changed a password, or an officer
    who edited a partnership, keeps the change.
    """
    report = DemoReport()
    existing = set(Partnership.objects.values_list("slug", flat=True))
    for partnership in PARTNERSHIPS:
        missing = partnership["slug"] not in existing
        if missing:
            partnership_create(actor=None, **partnership)
        report.count("partnerships", was_created=missing)

    users = get_user_model().objects
    existing = set(users.values_list("username", flat=True))
    for account in DEMO_ACCOUNTS:
        missing = account.username not in existing
        if missing:
            user = users.model(
                username=account.username,
                first_name=account.first_name,
                last_name=account.last_name,
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
            audit_record(actor=None, action="user.create", obj=user, changes=created(user))
        report.count("demo accounts", was_created=missing)

    # The demo programme officer runs Oxfordshire's programme team.
    officer = users.get(username="officer")
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    missing = not ProgrammeOfficer.objects.filter(user=officer, partnership=oxfordshire).exists()
    if missing:
        programme_officer_appoint(
            actor=None, partnership=oxfordshire, user=officer, start_date=PROGRAMME_START
        )
    report.count("programme officers", was_created=missing)
    return report
