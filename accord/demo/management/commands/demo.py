import datetime
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from tqdm import tqdm

from accord.demo.national import NATIONAL, YEARS, national_load
from accord.demo.national_returns import national_returns_load
from accord.demo.national_services import national_services_load
from accord.demo.services import demo_load


def scale(value: str) -> int:
    """'national' (every administering authority of England) or a number of partnerships."""
    if value == "national":
        return NATIONAL
    if value.isdigit() and 1 <= int(value) <= NATIONAL:
        return int(value)
    raise ValueError(value)


scale.__name__ = "scale ('national' or a number of partnerships from 1 to 152)"


class Command(BaseCommand):
    help = (
        "Load the demo partnerships and accounts from the seed documents. "
        "Idempotent: adds what is missing and changes nothing that exists. "
        "With --scale, also generate made-up partnerships for a whole country "
        "(152 with 'national'), ten years of meetings and votes each, a services directory "
        "and ten years of its quarterly returns, through bulk inserts. "
        "Examples: accord demo; accord demo --scale national --seed 1; accord demo --scale 5"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            type=scale,
            help="'national' for 152 partnerships, or a number of partnerships (1-152)",
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="the random seed of the generated data (0)"
        )
        parser.add_argument("--years", type=int, default=YEARS, help=f"years of meetings ({YEARS})")
        parser.add_argument(
            "--on",
            type=datetime.date.fromisoformat,
            help="the day the generated history leads up to (today); the same seed on the "
            "same day generates the same data",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = demo_load()
        kinds = sorted(set(report.created) | set(report.present))
        for kind in kinds:
            self.stdout.write(
                f"{kind}: {report.created.get(kind, 0)} created, "
                f"{report.present.get(kind, 0)} already present"
            )
        if options["scale"] is None:
            return
        if not 1 <= options["years"] <= 30:
            raise CommandError("--years must be between 1 and 30")
        self.national(options["scale"], options["seed"], options["years"], options["on"])

    def national(self, count: int, seed: int, years: int, on: datetime.date | None) -> None:
        bar = tqdm(total=count, unit=" partnerships", file=sys.stderr)
        rows = 0

        def progress(index: int, added: Any) -> None:
            nonlocal rows
            rows += sum(added.values())
            rate = rows / bar.format_dict["elapsed"] if bar.format_dict["elapsed"] else 0
            bar.set_postfix_str(f"{rows:,} rows, {rate:,.0f} rows/s", refresh=False)
            bar.update()

        with bar:
            report = national_load(
                partnerships=count,
                seed=seed,
                today=on or timezone.localdate(),
                years=years,
                progress=progress,
            )
        for table, added in sorted(report.rows.items()):
            self.stdout.write(f"{table}: {added:,} created")
        self.stdout.write(
            f"{count - report.partnerships_skipped} partnerships generated "
            f"({report.partnerships_skipped} already present): {report.total:,} rows in "
            f"{report.seconds:.1f} s, {report.rows_per_second:,.0f} rows per second"
        )
        directories = national_services_load(seed=seed)
        for table, added in sorted(directories.items()):
            self.stdout.write(f"{table}: {added:,} created (services directories)")
        started = time.perf_counter()
        returns = national_returns_load(seed=seed)
        for table, added in sorted(returns.items()):
            self.stdout.write(
                f"{table}: {added:,} created (ten years of quarterly returns, "
                f"{time.perf_counter() - started:.1f} s)"
            )
