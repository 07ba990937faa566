"""``accord working-days add DATE N`` and ``accord working-days between DATE DATE``."""

import argparse
import datetime
import re
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.calendar.working_days import WorkingDays

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(text: str) -> datetime.date:
    """A date written YYYY-MM-DD, and nothing else."""
    try:
        if ISO_DATE.fullmatch(text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {text!r}")


def day_count(text: str) -> int:
    """A whole number of days, 0 or more."""
    if not text.isdecimal() or not text.isascii():
        raise argparse.ArgumentTypeError(f"not a whole number of 0 or more: {text!r}")
    return int(text)


class Command(BaseCommand):
    # A computation: bank holidays are offline, closure days one query when asked for.
    requires_system_checks: list[str] = []
    help = (
        "Count working days in England and Wales: Monday to Friday, less bank holidays. "
        "'accord working-days add 2008-12-18 10' prints the date 10 working days after "
        "18 December 2008 (that day is day 0): 2009-01-06. 'accord working-days between "
        "2008-12-18 2009-01-06' prints how many working days there are after the first date, "
        "up to and including the second: 10. With --with-closures, the closure days an "
        "administrator has added are not working days either. docs/working-days.md explains."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="add|between")
        add = actions.add_parser("add", help="the date N working days after DATE (day 0)")
        add.add_argument("start", metavar="DATE", type=iso_date, help="YYYY-MM-DD, day 0")
        add.add_argument("days", metavar="N", type=day_count, help="working days, 0 or more")
        between = actions.add_parser(
            "between", help="the working days after the first DATE, up to and including the second"
        )
        between.add_argument("first", metavar="DATE", type=iso_date, help="YYYY-MM-DD")
        between.add_argument(
            "second", metavar="DATE", type=iso_date, help="YYYY-MM-DD, not before the first"
        )
        for action in (add, between):
            action.add_argument(
                "--with-closures",
                action="store_true",
                help="the administrator's closure days are not working days either",
            )

    def handle(self, *args: Any, action: str, with_closures: bool, **options: Any) -> None:
        calendar = WorkingDays(with_closures=with_closures)
        if action == "add":
            self.stdout.write(calendar.after(options["start"], options["days"]).isoformat())
            return
        first, second = options["first"], options["second"]
        if second < first:
            raise CommandError(
                f"the second date ({second.isoformat()}) is before the first ({first.isoformat()})"
            )
        self.stdout.write(str(calendar.between(first, second)))
