"""How a target outcome's figure is read from the data (issue 15 item 5: "progress against
each target outcome is shown from the data, not typed").

A measure is a named function of a partnership, a date and the outcome's filters (a
delivery model, a service type, a client group, a unit of capacity), registered here by
its key: ``TargetOutcome.measure`` names one. The register's own measures are below;
another source (the needs evidence's datasets, a performance return) registers its own
with ``register(Measure(...))`` from its app's ``ready``, and every page, the API and the
CSV then offer it. A measure reads the data as it stood on the date: a service counts from
its start date until its end date (never while only planned), with its capacity, delivery
model, type, client group and status as its history says they were that day; a contract's
value in the financial year the date falls in (never while only planned).

``progress`` is the arithmetic of the pages: how far the current value has come from the
baseline towards the target, and whether that is on track for the target date.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, Sum

from accord.core.money import financial_year_of
from accord.partnerships.models import Partnership

from .models import (
    COUNT_UNITS,
    CapacityUnit,
    ClientGroup,
    ContractStatus,
    ContractValue,
    DatasetKind,
    DeliveryModel,
    Figure,
    Service,
    ServiceChange,
    ServiceStatus,
    ServiceType,
)

# The filters an outcome may set, by field name: what each narrows a measure to.
FILTERS = ("delivery_model", "service_type", "client_group", "capacity_unit")


@dataclass(frozen=True)
class Filters:
    """The services an outcome is about: empty values narrow nothing."""

    delivery_model: str = ""
    service_type: str = ""
    client_group: int | None = None
    capacity_unit: str = ""

    @classmethod
    def of(cls, row: Any) -> "Filters":
        return cls(
            delivery_model=row.delivery_model or "",
            service_type=row.service_type or "",
            client_group=row.client_group,
            capacity_unit=row.capacity_unit or "",
        )

    def given(self) -> set[str]:
        return {name for name in FILTERS if getattr(self, name) not in ("", None)}

    def words(self) -> str:
        """ "floating support services for older people with support needs"."""
        parts = []
        if self.service_type:
            parts.append(str(ServiceType(self.service_type).label).lower())
        if self.delivery_model:
            parts.append(str(DeliveryModel(self.delivery_model).label).lower())
        noun = f"{' '.join(parts)} services" if parts else "services"
        if self.client_group is not None:
            noun += f" for {str(ClientGroup(self.client_group).label)[0].lower()}"
            noun += str(ClientGroup(self.client_group).label)[1:]
        return noun


# Figures for several (date, filters) questions at once, in the order asked: a page of
# outcomes asks each measure once, whatever the number of outcomes (a constant number of
# queries).
Question = tuple[datetime.date, Filters]
Compute = Callable[[Partnership, Sequence[Question]], list[Decimal]]


@dataclass(frozen=True)
class Measure:
    """A way of reading a figure from the data. ``filters``: the filters it accepts;
    ``required``: those it needs; ``unit``: the figure's unit in words, from the filters;
    ``money``: the figure is an amount of pounds."""

    key: str
    label: str
    compute: Compute
    filters: frozenset[str] = frozenset()
    required: frozenset[str] = frozenset()
    unit: Callable[[Filters], str] = lambda filters: ""
    money: bool = False
    source: str = "the commissioning register"


REGISTRY: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    """Offer a measure to target outcomes. A key is registered once."""
    if measure.key in REGISTRY and REGISTRY[measure.key] is not measure:
        raise ValueError(f"a measure {measure.key!r} is registered already")
    REGISTRY[measure.key] = measure
    return measure


def get(key: str) -> Measure | None:
    return REGISTRY.get(key)


def choices() -> list[tuple[str, str]]:
    """The registered measures as (key, label), for forms."""
    return [(measure.key, measure.label) for measure in REGISTRY.values()]


def check(key: str, filters: Filters) -> dict[str, str]:
    """What is wrong with measuring ``key`` under ``filters``, by field name."""
    measure = REGISTRY.get(key)
    if measure is None:
        return {"measure": "Choose one of the measures offered"}
    errors = {}
    for name in sorted(filters.given() - measure.filters):
        errors[name] = f"{measure.label} cannot be narrowed by this: leave it empty"
    for name in sorted(measure.required - filters.given()):
        errors[name] = f"{measure.label} needs this: choose one"
    return errors


def value(key: str, partnership: Partnership, on: datetime.date, filters: Filters) -> Decimal:
    """The measure's figure for the partnership on the date."""
    return REGISTRY[key].compute(partnership, [(on, filters)])[0]


def values(
    partnership: Partnership, asked: Sequence[tuple[str, datetime.date, Filters]]
) -> list[Decimal]:
    """Many figures, in the order asked: one call of each measure asked about."""
    by_measure: dict[str, list[int]] = {}
    for index, (key, _on, _filters) in enumerate(asked):
        by_measure.setdefault(key, []).append(index)
    answers: list[Decimal] = [Decimal(0)] * len(asked)
    for key, indexes in by_measure.items():
        figures = REGISTRY[key].compute(partnership, [asked[i][1:] for i in indexes])
        for index, figure in zip(indexes, figures, strict=True):
            answers[index] = figure
    return answers


# ---------------------------------------------------------------- the register's measures


# A service's fields whose value on a past day its history gives (each ServiceChange keeps
# a changed field's value before and after): floating support grew, accommodation-based
# services shrank or were remodelled, and a figure of 2005 must count them as they were.
HISTORY_FIELDS = (
    "capacity",
    "capacity_unit",
    "delivery_model",
    "service_type",
    "primary_client_group",
    "status",
)


def service_states(
    partnership: Partnership, days: Sequence[datetime.date]
) -> dict[datetime.date, list[dict[str, Any]]]:
    """Each of the partnership's services as it stood on each day, for those running that
    day (started, not yet ended): its fields as now, with every change made after the day
    undone, newest first. Two queries, whatever the number of days and services."""
    rows = list(
        Service.objects.filter(partnership=partnership).values(
            "pk", "start_date", "end_date", *HISTORY_FIELDS
        )
    )
    history: dict[int, list[tuple[datetime.date, dict[str, Any]]]] = {}
    entries = (
        ServiceChange.objects.filter(partnership=partnership)
        .order_by("-changed_on", "-pk")
        .values_list("service_id", "changed_on", "changes")
    )
    for service_id, changed_on, changes in entries:
        history.setdefault(service_id, []).append((changed_on, changes or {}))
    states: dict[datetime.date, list[dict[str, Any]]] = {}
    for day in set(days):
        found = []
        for row in rows:
            if row["start_date"] > day or (row["end_date"] and row["end_date"] < day):
                continue
            state = dict(row)
            for changed_on, changes in history.get(row["pk"], []):
                if changed_on <= day:
                    break
                for name in HISTORY_FIELDS:
                    before = changes.get(name, [None])[0] if name in changes else None
                    if before is not None:
                        state[name] = before
            found.append(state)
        states[day] = found
    return states


def running(state: dict[str, Any], filters: Filters) -> bool:
    """A service as it stood is counted: commissioned at some point by then (a service
    still only planned is not), of the filters' kind."""
    return (
        state["status"] != ServiceStatus.PLANNED
        and filters.delivery_model in ("", state["delivery_model"])
        and filters.service_type in ("", state["service_type"])
        and filters.client_group in (None, state["primary_client_group"])
        and filters.capacity_unit in ("", state["capacity_unit"])
    )


def _service_figures(
    partnership: Partnership, asked: Sequence[Question], figure: Callable[[dict[str, Any]], int]
) -> list[Decimal]:
    if not asked:
        return []
    states = service_states(partnership, [on for on, _ in asked])
    return [
        Decimal(sum(figure(state) for state in states[on] if running(state, filters)))
        for on, filters in asked
    ]


def capacity(partnership: Partnership, asked: Sequence[Question]) -> list[Decimal]:
    return _service_figures(partnership, asked, lambda state: int(state["capacity"]))


def service_count(partnership: Partnership, asked: Sequence[Question]) -> list[Decimal]:
    return _service_figures(partnership, asked, lambda state: 1)


def contract_value(partnership: Partnership, asked: Sequence[Question]) -> list[Decimal]:
    """The annual value, in the financial year the date falls in, of the contracts let
    (or since ended), narrowed to contracts covering a service of the filters' kind."""
    if not asked:
        return []

    def where(on: datetime.date, filters: Filters) -> Q:
        year = Q(financial_year=financial_year_of(on))
        if not filters.given():
            return year
        covered = Service.contracts.through.objects.filter(contract_id=OuterRef("contract_id"))
        if filters.delivery_model:
            covered = covered.filter(service__delivery_model=filters.delivery_model)
        if filters.service_type:
            covered = covered.filter(service__service_type=filters.service_type)
        if filters.client_group is not None:
            covered = covered.filter(service__primary_client_group=filters.client_group)
        return year & Q(Exists(covered))

    totals = (
        ContractValue.objects.filter(partnership=partnership)
        .exclude(contract__status=ContractStatus.PLANNED)
        .aggregate(
            **{
                f"q{i}": Sum("amount", filter=where(on, filters))
                for i, (on, filters) in enumerate(asked)
            }
        )
    )
    return [Decimal(totals[f"q{i}"] or 0).quantize(Decimal("0.01")) for i in range(len(asked))]


def capacity_unit_words(filters: Filters) -> str:
    return str(CapacityUnit(filters.capacity_unit).label).lower() if filters.capacity_unit else ""


SERVICE_FILTERS = frozenset({"delivery_model", "service_type", "client_group"})

CAPACITY = register(
    Measure(
        key="capacity",
        label="Contracted capacity of the services running",
        compute=capacity,
        filters=SERVICE_FILTERS | {"capacity_unit"},
        required=frozenset({"capacity_unit"}),
        unit=capacity_unit_words,
    )
)
SERVICES = register(
    Measure(
        key="services",
        label="Number of services running",
        compute=service_count,
        filters=SERVICE_FILTERS,
        unit=lambda filters: "services",
    )
)
CONTRACT_VALUE = register(
    Measure(
        key="contract_value",
        label="Annual value of the contracts let, in the financial year",
        compute=contract_value,
        filters=SERVICE_FILTERS,
        unit=lambda filters: "pounds a year",
        money=True,
    )
)


# ---------------------------------------------------------------- the needs evidence


def evidence_total(kind: str) -> Compute:
    """The total of the partnership's public needs-evidence figures of one kind that
    count people, households or units (a percentage or an amount does not add up), in the
    financial year the date falls in; of one client group, when the outcome names one.
    Only public datasets: a strategy's page is public once adopted, and what a dataset
    shows its members only must not reach it through a target."""

    def compute(partnership: Partnership, asked: Sequence[Question]) -> list[Decimal]:
        if not asked:
            return []
        figures = Figure.objects.filter(
            partnership=partnership,
            dataset__kind=kind,
            dataset__is_public=True,
            dataset__unit__in=COUNT_UNITS,
        )

        def where(on: datetime.date, filters: Filters) -> Q:
            year = Q(financial_year=financial_year_of(on))
            if filters.client_group is not None:
                year &= Q(client_group=filters.client_group)
            return year

        totals = figures.aggregate(
            **{
                f"q{i}": Sum("value", filter=where(on, filters))
                for i, (on, filters) in enumerate(asked)
            }
        )
        return [Decimal(totals[f"q{i}"] or 0) for i in range(len(asked))]

    return compute


for evidence_kind in DatasetKind:
    register(
        Measure(
            key=f"evidence_{evidence_kind.value}",
            label=f"Needs evidence: {str(evidence_kind.label)[0].lower()}"
            f"{str(evidence_kind.label)[1:]}, the financial year's total",
            compute=evidence_total(evidence_kind.value),
            filters=frozenset({"client_group"}),
            unit=lambda filters: "people, households or units, as the datasets count",
            source="the needs evidence (public datasets)",
        )
    )


# ---------------------------------------------------------------- progress


class Standing:
    """Where an outcome stands on a date, in words the pages show."""

    NOT_STARTED = "Not started"
    ON_TRACK = "On track"
    BEHIND = "Behind"
    ACHIEVED = "Achieved"
    MISSED = "Missed"


@dataclass(frozen=True)
class Progress:
    """An outcome's figures on a date. ``percent``: how far the current value has come
    from the baseline towards the target (0 at the baseline, 100 at the target; below 0
    when it moved the wrong way), None when baseline and target are the same figure.
    ``expected``: the percentage a straight line from the baseline date to the target
    date reaches on the date; on track when the value has come at least that far."""

    baseline: Decimal
    target: Decimal
    current: Decimal
    percent: Decimal | None
    expected: Decimal
    standing: str

    @property
    def on_track(self) -> bool:
        return self.standing in (Standing.ON_TRACK, Standing.ACHIEVED)


def whole(number: Decimal) -> Decimal:
    return number.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def progress(
    *,
    baseline: Decimal,
    baseline_date: datetime.date,
    target: Decimal,
    target_date: datetime.date,
    current: Decimal,
    on: datetime.date,
) -> Progress:
    """Progress from baseline to target as of ``on`` (pure arithmetic, no data)."""
    span = (target_date - baseline_date).days
    elapsed = min(max((on - baseline_date).days, 0), span)
    expected = whole(Decimal(100) * elapsed / span) if span > 0 else Decimal(100)
    if target == baseline:  # to maintain a figure: met while the value holds at it or above
        percent = None
        met = current >= target
    else:
        percent = whole(Decimal(100) * (current - baseline) / (target - baseline))
        met = percent >= 100
    if on >= target_date:
        standing = Standing.ACHIEVED if met else Standing.MISSED
    elif met:
        standing = Standing.ACHIEVED
    elif on <= baseline_date:
        standing = Standing.NOT_STARTED
    elif percent is None or percent >= expected:
        standing = Standing.ON_TRACK
    else:
        standing = Standing.BEHIND
    return Progress(baseline, target, current, percent, expected, standing)


@dataclass(frozen=True)
class Reading:
    """An outcome read on a date (``read_on``): its baseline (as stated, or from the data on the
    baseline date), whether the baseline came from the data, and its progress."""

    outcome: Any
    on: datetime.date
    baseline_measured: bool
    progress: Progress

    @property
    def unit(self) -> str:
        return unit_of(self.outcome)


def read_on(outcome: Any, on: datetime.date) -> datetime.date:
    """The day an outcome is read on: the day asked, or its target date once that has
    passed (an outcome is judged by its target date)."""
    return min(on, outcome.target_date)


def readings(partnership: Partnership, outcomes: Sequence[Any], on: datetime.date) -> list[Reading]:
    """Each outcome's progress on the date: every figure the data gives read at once, so
    the queries do not grow with the number of outcomes (one or two per measure used).
    The outcomes are the partnership's."""
    if not outcomes:
        return []
    asked: list[tuple[str, datetime.date, Filters]] = []
    for outcome in outcomes:
        filters = Filters.of(outcome)
        asked.append((outcome.measure, read_on(outcome, on), filters))
        asked.append((outcome.measure, outcome.baseline_date, filters))
    figures = values(partnership, asked)
    found = []
    for index, outcome in enumerate(outcomes):
        current, measured = figures[2 * index], figures[2 * index + 1]
        stated = outcome.baseline_figure
        baseline = measured if stated is None else stated
        found.append(
            Reading(
                outcome=outcome,
                on=read_on(outcome, on),
                baseline_measured=stated is None,
                progress=progress(
                    baseline=baseline,
                    baseline_date=outcome.baseline_date,
                    target=outcome.target_figure,
                    target_date=outcome.target_date,
                    current=current,
                    on=read_on(outcome, on),
                ),
            )
        )
    return found


def unit_of(outcome: Any) -> str:
    measure = REGISTRY.get(outcome.measure)
    return measure.unit(Filters.of(outcome)) if measure else ""
