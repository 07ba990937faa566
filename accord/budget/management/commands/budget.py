from argparse import REMAINDER, ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accord.budget.share import ShareError, parse_amount, parse_partners, share


class Command(BaseCommand):
    # Plain arithmetic: no database, so no system checks to run.
    requires_system_checks: list[str] = []
    help = (
        "The pooled budget's calculations, for the financial manager to check. "
        "'accord budget share AMOUNT PARTNER=WEIGHT [PARTNER=WEIGHT ...]' shares AMOUNT "
        "(pounds, e.g. 1000 or -250.75) between the partners by their weights, as the "
        "year-end risk share does: each gets its exact share rounded down to the penny, the "
        "pennies left go to the largest remainders (a tie to the partner given first). It "
        "prints one line per partner, 'NAME AMOUNT', in the order given, summing exactly to "
        "AMOUNT, e.g. accord budget share 100 county=2 cheltenham=1 -> county 66.67, "
        "cheltenham 33.33."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="share")
        share_parser = actions.add_parser(
            "share", help="share AMOUNT between partners by weight, to the penny"
        )
        share_parser.add_argument("amount", help="pounds: -?[0-9]+(.[0-9]{1,2})?")
        # REMAINDER: a partner argument is taken as given, even one starting with '-'.
        share_parser.add_argument(
            "partners", nargs=REMAINDER, help="PARTNER=WEIGHT, one or more (weight above 0)"
        )

    def handle(self, *args: Any, action: str, amount: str, partners: list[str], **_: Any) -> None:
        try:
            total = parse_amount(amount)
            named = parse_partners(partners)
            shares = share(total, [weight for _, weight in named])
        except ShareError as error:
            raise CommandError(f"share: {error}") from None
        for (name, _weight), part in zip(named, shares, strict=True):
            self.stdout.write(f"{name} {part}")
