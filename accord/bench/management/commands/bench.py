from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from accord.bench import budget, contracts, pages, report, returns, simulator, votes
from accord.bench.measure import Result
from accord.budget.models import PlanLine, Pool
from accord.commissioning.models import Contract, ContractValue, Service
from accord.decisions.models import Ballot, Proposal, Vote
from accord.demo.management.commands.demo import scale
from accord.meetings.models import AgendaItem, Meeting
from accord.partnerships.models import Partnership
from accord.performance.models import QuarterlyReturn

OPERATIONS = ("pages", "votes", "simulator", "returns")


class Command(BaseCommand):
    help = (
        "Benchmark Accord on national-scale data on PostgreSQL, each operation against the "
        "fastest the database itself can do (its floor). Creates the database named by "
        "DATABASE_URL if it is missing, migrates it, generates the data if it is not there "
        "(accord demo --scale national), then writes a Markdown table and JSON to "
        "var/bench/. Every measurement stops by itself. Example: accord bench"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=scale, default=152, help="as accord demo --scale")
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument(
            "--seconds",
            type=float,
            default=20.0,
            help="the time each measurement may take, at most (20)",
        )
        parser.add_argument(
            "--only", choices=OPERATIONS, action="append", help="run only these benchmarks"
        )
        parser.add_argument(
            "--out", type=Path, default=settings.VAR_DIR / "bench", help="where to write"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "accord bench measures PostgreSQL: set DATABASE_URL, e.g. "
                "postgres://postgres@127.0.0.1:5432/accord_bench (make bench does)"
            )
        # A load run is one address sending far more than people do: no rate limits, here
        # and in the servers it starts (accord.bench.votes).
        settings.ACCORD_RATE_LIMITS = {}
        self.create_database()
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        call_command("demo", scale=options["scale"], seed=options["seed"], stdout=self.stdout)
        self.stderr.write("The contracts register of every partnership...")
        contracts.ensure_contracts()
        self.stderr.write("The pooled budget of every partnership...")
        budget.ensure_budgets()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        today = timezone.localdate()
        seconds = options["seconds"]
        only = set(options["only"] or OPERATIONS)
        results: list[Result] = []
        if "pages" in only:
            self.stderr.write("Pages against their SQL floor...")
            results += pages.page_benchmarks(today, seconds=seconds)
        if "votes" in only:
            self.stderr.write("Casting votes through the API from 32 clients on loopback...")
            cast = votes.vote_benchmark(today, seconds=seconds)
            results.append(cast)
            self.stderr.write("Appending to the audit chain from 32 transactions...")
            results.append(votes.audit_benchmark(seconds=seconds / 2, floor=cast.floor))
        if "simulator" in only:
            self.stderr.write("The rule simulator on every split vote of the country...")
            results.append(simulator.simulator_benchmark(seconds=seconds))
        if "returns" in only:
            self.stderr.write("Importing one national quarter of returns against COPY...")
            results.append(returns.import_benchmark(seconds=seconds))
            self.stderr.write("The quartiles of a quarter against percentile_cont...")
            results.append(returns.quartiles_benchmark(seconds=seconds))
        data = {
            "partnerships": Partnership.objects.count(),
            "meetings": Meeting.objects.count(),
            "agenda items": AgendaItem.objects.count(),
            "proposals": Proposal.objects.count(),
            "ballots": Ballot.objects.count(),
            "votes": Vote.objects.count(),
            "services": Service.objects.count(),
            "contracts": Contract.objects.count(),
            "contract values": ContractValue.objects.count(),
            "pooled budgets": Pool.objects.count(),
            "plan lines": PlanLine.objects.count(),
            "quarterly returns": QuarterlyReturn.objects.count(),
        }
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            (version,) = cursor.fetchone()
        machine = report.machine_facts(f"PostgreSQL {version}")
        md, js = report.write(options["out"], results, machine, data)
        self.stdout.write(report.markdown(results, machine, data))
        self.stdout.write(f"Written to {md} and {js}")

    def create_database(self) -> None:
        """Create the benchmark database when it does not exist yet."""
        name = connection.settings_dict["NAME"]
        server = pages.dsn().replace(f"dbname={name}", "dbname=postgres")
        with psycopg.connect(server, autocommit=True) as db:
            found = db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if not found:
                db.execute(f'CREATE DATABASE "{name}"')  # the name comes from DATABASE_URL
