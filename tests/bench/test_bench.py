"""The benchmarks' own machinery: the vote check that must catch a lost or doubled vote, the
counting floor of the simulator, the report, and a short real run of each benchmark on
PostgreSQL (the loopback load included)."""

from types import SimpleNamespace

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from accord.audit.selectors import audit_chain_verify
from accord.bench import pages, report, simulator, votes
from accord.bench.management.commands import bench as bench_command
from accord.bench.measure import Result, Timing, interleaved
from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Vote
from accord.demo import national
from accord.governance.models import Person
from accord.rules import Case, Round, Unit


def cast_through_services(voters: list[votes.Voter], rounds: int = 2) -> None:
    """What the clients do, without HTTP: vote on every ballot, twice."""
    for n in range(rounds):
        for voter in voters:
            person = Person.objects.get(pk=voter.person_id)
            for ballot_id in voter.ballots:
                value = ("for", "against")[n % 2]
                vote = decisions.vote_cast(
                    actor=None,
                    ballot=Ballot.objects.get(pk=ballot_id),
                    unit=voter.unit,
                    cast_by=person,
                    value=value,
                    for_the_record=True,
                )
                voter.accepted.append((ballot_id, vote.pk, value))


@pytest.fixture
def voters(db):
    today = timezone.localdate()
    national.national_load(partnerships=1, today=today, years=1)
    return votes.prepare(today, clients=4)


def test_the_check_finds_nothing_wrong_when_every_accepted_vote_is_there_once(voters):
    cast_through_services(voters)
    assert votes.check(voters) == (0, 0, [])
    ballot = Ballot.objects.get(pk=voters[0].ballots[0])
    assert ballot.votes.filter(current=True).count() == 4


def test_the_check_counts_a_lost_vote_and_a_doubled_one(voters):
    cast_through_services(voters)
    _, vote_id, _ = voters[0].accepted[0]
    Vote.objects.filter(pk=vote_id).delete()
    extra = Vote.objects.filter(pk=voters[1].accepted[-1][1]).get()
    extra.pk, extra.current = None, False
    extra.save()
    lost, doubled, problems = votes.check(voters)
    assert (lost, doubled) == (1, 1)
    assert problems == []


def test_the_check_finds_a_current_vote_that_is_not_the_last(voters):
    cast_through_services(voters)
    ballot_id, last_id, _ = voters[2].accepted[-1]
    Vote.objects.filter(pk=last_id).update(current=False)
    earlier = next(vid for b, vid, _ in voters[2].accepted if b == ballot_id and vid != last_id)
    Vote.objects.filter(pk=earlier).update(current=True)
    assert len(votes.check(voters)[2]) == 1


def test_the_counting_floor_counts_carried_cases_under_each_rule():
    units = tuple(Unit(id=x) for x in ("a", "b", "c"))
    cases = [
        Case(
            "split then agreed",
            units,
            (Round("1", {"a": "for", "b": "against"}), Round("2", dict.fromkeys("abc", "for"))),
        ),
        Case("two of three", units, (Round("1", {"a": "for", "b": "for", "c": "against"}),)),
    ]
    unanimity, majority = simulator.CONSTITUTIONS[0], simulator.CONSTITUTIONS[2]
    assert simulator.count_only([unanimity], cases) == 1
    assert simulator.count_only([majority], cases) == 2  # two thirds count as more than half


def test_timings_give_the_median_and_the_95th_percentile_and_stop_in_time():
    timing = Timing([float(n) for n in range(1, 101)])
    assert (timing.median, timing.p95) == (50.5, 95.0)
    ran = interleaved({"a": lambda: None, "b": lambda: None}, seconds=0.0, at_most=1000)
    assert len(ran["a"].samples) == len(ran["b"].samples) == 1


def test_the_report_states_each_ratio_and_which_targets_were_missed(tmp_path):
    results = [
        Result("Page", "ms", 6.0, 7.0, "SQL", 2.0, 2.5, "at most 3x", True, 10),
        Result("Votes", "votes/s", 50.0, None, "INSERT", 1000.0, None, "at least 50%", False, 9),
    ]
    machine = {"when": "2026-12-01 09:00 UTC", "description": "a test machine"}
    md, js = report.write(tmp_path, results, machine, {"votes": 3})
    text = md.read_text()
    assert (
        "| Page | 6.00 ms (7.00 ms) | SQL | 2.00 ms (2.50 ms) | 3.00 | at most 3x | yes |" in text
    )
    assert "| Votes | 50 votes/s | INSERT | 1,000 votes/s | 0.05 | at least 50% | **no** |" in text
    assert (tmp_path / "latest.json").read_text() == js.read_text()


def test_the_bench_command_refuses_a_database_other_than_postgresql(monkeypatch):
    monkeypatch.setattr(bench_command, "connection", SimpleNamespace(vendor="sqlite"))
    with pytest.raises(CommandError, match="accord bench measures PostgreSQL"):
        call_command("bench")


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_short_run_of_every_benchmark_on_postgresql():
    """The pages answer 200 with their floors, the simulator replays every split vote, and
    the loopback load loses and doubles nothing (a real gunicorn on 127.0.0.1)."""
    from accord.demo.national_services import national_services_load

    today = timezone.localdate()
    national.national_load(partnerships=2, today=today, years=3)
    national_services_load(seed=0)  # as `accord demo --scale` does
    results = pages.page_benchmarks(today, seconds=0.2)
    # Every page of the bench, in its order (the contracts register joins them when the
    # bench's contracts are loaded: see the contracts register test below).
    prefixes = (
        "Services directory API",
        "Open Referral services",
        "Decisions register",
        "Meeting page",
        "Forward plan",
        "Body membership",
    )
    assert all(r.name.startswith(p) for r, p in zip(results, prefixes, strict=True))
    assert all(r.value > 0 and r.floor > 0 and 5 < r.extra["queries"] < 40 for r in results)
    sim = simulator.simulator_benchmark(seconds=0.2)
    assert sim.extra["cases"] == Ballot.objects.filter(round=1, outcome="not_carried").count()
    load = votes.vote_benchmark(today, seconds=2.0, clients=8)
    assert load.runs > 0
    assert (load.extra["lost"], load.extra["doubled"], load.extra["wrong_current"]) == (0, 0, [])
    assert load.extra["refused"] == 0
    assert load.floor > 0
    assert load.extra["bare_rows_left"] == 0  # the floor's rows are removed afterwards
    chain = votes.audit_benchmark(seconds=0.5, floor=load.floor)
    assert chain.runs > 0
    assert audit_chain_verify().intact  # 32 concurrent appenders, and the chain never forks


@pytest.mark.django_db
def test_every_national_partnership_gets_a_contracts_register_once():
    from accord.bench import contracts
    from accord.commissioning.models import Contract, ContractValue
    from accord.commissioning.selectors import transparency_register

    national.national_load(partnerships=2, today=timezone.localdate(), years=1)
    assert contracts.ensure_contracts(per_partnership=30) == 60
    assert contracts.ensure_contracts(per_partnership=30) == 0  # loaded once
    assert ContractValue.objects.count() == 60 * len(contracts.YEARS)
    measured = contracts.measured()
    assert measured is not None
    for contract in Contract.objects.filter(partnership=measured)[:5]:
        contract.full_clean()
    assert transparency_register(measured).count() == 30  # every one is over 5,000 pounds


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_contracts_register_is_measured_against_its_floors_on_postgresql():
    from accord.bench import contracts

    today = timezone.localdate()
    national.national_load(partnerships=1, today=today, years=2)
    contracts.ensure_contracts(per_partnership=120)
    results = pages.page_benchmarks(today, seconds=0.2)
    register = [r for r in results if r.name.startswith("Contracts register")]
    assert len(register) == 3
    assert all(r.value > 0 and r.floor > 0 and r.extra["queries"] < 20 for r in register)


@pytest.mark.django_db
def test_every_national_partnership_with_contracts_gets_a_budget_once_adding_up_exactly():
    from decimal import Decimal

    from accord.bench import budget, contracts
    from accord.budget import selectors
    from accord.budget.models import PlanLine, Pool

    national.national_load(partnerships=2, today=timezone.localdate(), years=1)
    contracts.ensure_contracts(per_partnership=30)
    assert budget.ensure_budgets() == 2 * len(contracts.YEARS)
    assert budget.ensure_budgets() == 0  # loaded once
    for pool in Pool.objects.all():
        figures = selectors.pool_figures(selectors.pool_get(pool.partnership, pool.pk))
        assert figures.planned == figures.total  # the plan adds up to the pool, exactly
        assert figures.risk_share_total == Decimal(100)
        assert len(figures.lines) == 31  # a line a contract, and the reserve
        if pool.outturn is not None:  # a closed year: its variance shared to the penny
            assert sum(line.amount for line in figures.shares) == figures.variance
    assert Pool.objects.filter(outturn__isnull=True).count() == 2  # each latest year is open
    measured = budget.measured()
    assert measured is not None
    assert measured.financial_year == max(contracts.YEARS) - 1
    for row in [measured, *PlanLine.objects.filter(pool=measured)[:5]]:
        row.full_clean()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_pooled_budget_is_measured_against_floors_that_share_as_the_page_does():
    from accord.bench import budget, contracts
    from accord.budget import selectors

    today = timezone.localdate()
    national.national_load(partnerships=1, today=today, years=2)
    contracts.ensure_contracts(per_partnership=120)
    budget.ensure_budgets()
    pool = budget.measured()
    assert pool is not None
    with psycopg.connect(pages.dsn(), autocommit=True) as db:
        floor_shares, lines = budget.pool_floor(pool.partnership_id, pool.pk, pool.financial_year)(
            db
        )
    figures = selectors.pool_figures(selectors.pool_get(pool.partnership, pool.pk))
    assert floor_shares == [line.amount for line in figures.shares]
    assert len(lines) == len(figures.lines) == 121
    forecast = selectors.pool_forecast(pool)
    assert forecast.months_reported == 9  # three quarters of the ledger
    assert sum(line.planned for line in forecast.lines) == figures.total
    results = pages.page_benchmarks(today, seconds=0.2)
    measured = [r for r in results if r.name.startswith("Pooled budget")]
    assert len(measured) == 4
    assert all(r.value > 0 and r.floor > 0 and r.extra["queries"] < 30 for r in measured)
