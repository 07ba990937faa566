"""Reads of performance monitoring. The benchmark reads every validated return of a
quarter across the installation (every partnership) in one query: comparators of other
partnerships leave here only as values in a distribution, never by name."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

from accord.calendar.working_days import WorkingDays
from accord.commissioning.models import Service
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from . import qaf
from .indicators import (
    CODES,
    INDICATORS,
    Indicator,
    direction,
    indicator,
    percentage,
    quartile,
    rag,
    value_of,
)
from .models import FIGURES, IndicatorTarget, QuarterlyReturn, ReturnReminder, ReturnStatus
from .periods import Quarter
from .review_models import ActionPlanItem, ObjectiveGrade, Review


def services_due(partnership: Partnership, period: Quarter) -> QuerySet[Service]:
    """The partnership's services due a return for the quarter: those in service on any
    day of it, by reference."""
    return (
        Service.objects.filter(partnership=partnership, start_date__lte=period.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start))
        .order_by("reference")
    )


def services_by_reference(
    references: Iterable[str], *, partnership: Partnership | None = None
) -> dict[str, Service]:
    """The installation's services with those references, or only the partnership's
    (one query)."""
    rows = Service.objects.filter(reference__in=set(references))
    if partnership is not None:
        rows = rows.filter(partnership=partnership)
    return {service.reference: service for service in rows}


def returns_of(partnership: Partnership, period: Quarter) -> QuerySet[QuarterlyReturn]:
    return (
        QuarterlyReturn.objects.filter(
            partnership=partnership, financial_year=period.year, quarter=period.number
        )
        .select_related("service")
        .order_by("service__reference")
    )


def current_indicators(period: Quarter) -> list[Indicator]:
    """Each indicator's definition in force at the quarter's start (the first, for a
    quarter before any was)."""
    found = []
    for code in CODES:
        try:
            found.append(indicator(code, on=period.start))
        except KeyError:
            found.append(min((one for one in INDICATORS if one.code == code), key=version))
    return found


def version(one: Indicator) -> int:
    return one.version


def targets_for(partnership: Partnership, indicators: Iterable[Indicator]) -> dict[str, Fraction]:
    """The partnership's target for each indicator (its own, or the default), as a fraction."""
    own = {
        row.indicator: Fraction(row.target) / 100
        for row in IndicatorTarget.objects.filter(partnership=partnership)
    }
    return {one.code: own.get(one.code, one.target) for one in indicators}


def comparison_groups(
    period: Quarter, indicators: Iterable[Indicator]
) -> dict[tuple[str, str], list[Fraction]]:
    """For each (indicator, service type): the exact values of every validated return of
    the quarter across the installation (one query)."""
    groups: dict[tuple[str, str], list[Fraction]] = defaultdict(list)
    rows = QuarterlyReturn.objects.filter(
        financial_year=period.year, quarter=period.number, status=ReturnStatus.VALIDATED
    ).values_list("service__service_type", *FIGURES)
    indicators = list(indicators)
    for service_type, *numbers in rows.iterator(chunk_size=2000):
        figures = dict(zip(FIGURES, numbers, strict=True))
        for one in indicators:
            value = value_of(figures, one)
            if value is not None:
                groups[(one.code, service_type)].append(value)
    return groups


def benchmark_export(partnership: Partnership, period: Quarter) -> list[dict[str, Any]]:
    """``accord performance export``: one object per service of the partnership with a
    validated return for the quarter, by reference, each indicator's value, target, RAG
    and quartile (docs/performance.md)."""
    indicators = current_indicators(period)
    targets = targets_for(partnership, indicators)
    groups = comparison_groups(period, indicators)
    exported = []
    for quarterly_return in returns_of(partnership, period).filter(status=ReturnStatus.VALIDATED):
        service = quarterly_return.service
        figures = quarterly_return.figures()
        entry: dict[str, Any] = {"service": service.reference, "service_type": service.service_type}
        for one in indicators:
            value = value_of(figures, one)
            entry[one.code] = {
                "value": percentage(value),
                "target": percentage(targets[one.code]),
                "rag": rag(
                    value, target=targets[one.code], band=one.amber_band, polarity=one.polarity
                ),
                "quartile": quartile(
                    value, groups.get((one.code, service.service_type), []), polarity=one.polarity
                ),
            }
        exported.append(entry)
    return exported


def return_get(
    partnership: Partnership, pk: object, *, field: str | None = None
) -> QuarterlyReturn:
    """One return with its service and its history (two queries)."""
    rows = QuarterlyReturn.objects.select_related("service").prefetch_related("revisions")
    return get_in(partnership, rows, pk, field=field)


def return_list(
    partnership: Partnership, *, period: Quarter | None = None, status: str = ""
) -> QuerySet[QuarterlyReturn]:
    """The partnership's returns, newest quarter first, by service reference."""
    rows = QuarterlyReturn.objects.filter(partnership=partnership).select_related("service")
    if period is not None:
        rows = rows.filter(financial_year=period.year, quarter=period.number)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("-financial_year", "-quarter", "service__reference")


# Returns are due 15 working days after the quarter ends (NIHE's practice, reference.md
# §2), counted with the council's closure days: the period is the authority's own.
DUE_WORKING_DAYS = 15


def due_on(period: Quarter, calendar: WorkingDays | None = None) -> datetime.date:
    """The day a quarter's returns are due."""
    return (calendar or WorkingDays(with_closures=True)).after(period.end, DUE_WORKING_DAYS)


def latest_late_quarter(today: datetime.date, calendar: WorkingDays | None = None) -> Quarter:
    """The latest quarter whose returns are late on ``today`` (their due day is past): the
    one a daily reminder run (cron) means when it names no quarter."""
    calendar = calendar or WorkingDays(with_closures=True)
    quarter = Quarter.of(today).previous()
    while today <= due_on(quarter, calendar):
        quarter = quarter.previous()
    return quarter


@dataclass(frozen=True)
class Outstanding:
    """A service due a return for the quarter that has none yet."""

    service: Service
    due_on: datetime.date
    late: bool
    reminded_on: datetime.date | None = None  # when its provider was reminded, if it was


def returns_outstanding(
    partnership: Partnership, period: Quarter, *, today: datetime.date
) -> list[Outstanding]:
    """The services due a return for the quarter without one, by reference, each late once
    its due day has passed, with the day its provider was reminded (one query, and the
    calendar's)."""
    due = due_on(period)
    returned = QuarterlyReturn.objects.filter(
        partnership=partnership, financial_year=period.year, quarter=period.number
    ).values("service_id")
    reminded = ReturnReminder.objects.filter(
        service=OuterRef("pk"), financial_year=period.year, quarter=period.number
    ).values("reminded_on")[:1]
    rows = (
        services_due(partnership, period)
        .exclude(pk__in=returned)
        .select_related("provider")
        .annotate(reminded_on=Subquery(reminded))
    )
    return [
        Outstanding(service=service, due_on=due, late=today > due, reminded_on=service.reminded_on)
        for service in rows
    ]


def reminders_of(partnership: Partnership, period: Quarter) -> dict[int, ReturnReminder]:
    """The quarter's reminders of late returns, by service id (one query)."""
    return {
        reminder.service_id: reminder
        for reminder in ReturnReminder.objects.filter(
            partnership=partnership, financial_year=period.year, quarter=period.number
        )
    }


@dataclass(frozen=True)
class Trend:
    """One service's values of one indicator over the last quarters (oldest first), and its
    direction of travel since the quarter before the last."""

    service: str
    values: list[str | None]
    direction: str | None


def validated_values(
    partnership: Partnership, periods: list[Quarter], indicators: list[Indicator]
) -> dict[tuple[str, Quarter, str], Fraction | None]:
    """(service reference, quarter, indicator code) -> the exact value, for the
    partnership's validated returns in those quarters (one query)."""
    years = {period.year for period in periods}
    wanted = set(periods)
    found: dict[tuple[str, Quarter, str], Fraction | None] = {}
    rows = QuarterlyReturn.objects.filter(
        partnership=partnership, status=ReturnStatus.VALIDATED, financial_year__in=years
    ).values_list("service__reference", "financial_year", "quarter", *FIGURES)
    for reference, year, number, *numbers in rows:
        period = Quarter(year, number)
        if period not in wanted:
            continue
        figures = dict(zip(FIGURES, numbers, strict=True))
        for one in indicators:
            found[(reference, period, one.code)] = value_of(figures, one)
    return found


def trends(
    partnership: Partnership, period: Quarter, *, quarters: int = 8
) -> tuple[list[Quarter], dict[str, list[Trend]]]:
    """The last ``quarters`` quarters to ``period`` and, for each indicator, each service's
    values over them with its direction of travel (by the indicator's polarity)."""
    periods = [period]
    while len(periods) < quarters:
        periods.insert(0, periods[0].previous())
    indicators = current_indicators(period)
    values = validated_values(partnership, periods, indicators)
    references = sorted({reference for reference, _, _ in values})
    found: dict[str, list[Trend]] = {}
    for one in indicators:
        rows = []
        for reference in references:
            series = [values.get((reference, quarter, one.code)) for quarter in periods]
            if all(value is None for value in series):
                continue
            rows.append(
                Trend(
                    service=reference,
                    values=[percentage(value) for value in series],
                    direction=direction(series[-2], series[-1], polarity=one.polarity),
                )
            )
        found[one.code] = rows
    return periods, found


def group_sizes(period: Quarter) -> dict[tuple[str, str], int]:
    """(indicator code, service type) -> how many services compare that quarter."""
    groups = comparison_groups(period, current_indicators(period))
    return {key: len(values) for key, values in groups.items()}


# ---------------------------------------------------------------------------------------
# What a provider's own people see (issue 18). ``providers`` is None for the programme team
# (every service of the partnership), else the ids of the providers the person signs in for
# (the view asks the policy): the same reads as above, cut to those providers' services.
# Benchmarks still compare against every validated return of the installation.

Providers = frozenset[int] | None


def services_due_seen(
    partnership: Partnership, period: Quarter, providers: Providers
) -> QuerySet[Service]:
    rows = services_due(partnership, period)
    return rows if providers is None else rows.filter(provider_id__in=providers)


def return_list_seen(
    partnership: Partnership,
    providers: Providers,
    *,
    period: Quarter | None = None,
    status: str = "",
) -> QuerySet[QuarterlyReturn]:
    rows = return_list(partnership, period=period, status=status)
    return rows if providers is None else rows.filter(service__provider_id__in=providers)


def returns_outstanding_seen(
    partnership: Partnership, period: Quarter, providers: Providers, *, today: datetime.date
) -> list[Outstanding]:
    rows = returns_outstanding(partnership, period, today=today)
    if providers is None:
        return rows
    return [row for row in rows if row.service.provider_id in providers]


def references_seen(partnership: Partnership, providers: frozenset[int]) -> set[str]:
    """The references of the partnership's services of those providers (one query)."""
    return set(
        Service.objects.filter(partnership=partnership, provider_id__in=providers).values_list(
            "reference", flat=True
        )
    )


def benchmark_export_seen(
    partnership: Partnership, period: Quarter, providers: Providers
) -> list[dict[str, Any]]:
    rows = benchmark_export(partnership, period)
    if providers is None:
        return rows
    seen = references_seen(partnership, providers)
    return [row for row in rows if row["service"] in seen]


def trends_seen(
    partnership: Partnership, period: Quarter, providers: Providers
) -> tuple[list[Quarter], dict[str, list[Trend]]]:
    quarters, found = trends(partnership, period)
    if providers is None:
        return quarters, found
    seen = references_seen(partnership, providers)
    return quarters, {
        code: [row for row in rows if row.service in seen] for code, rows in found.items()
    }


def services_seen(partnership: Partnership, providers: frozenset[int]) -> QuerySet[Service]:
    """The partnership's services of those providers, by reference (the form's choices)."""
    return Service.objects.filter(partnership=partnership, provider_id__in=providers).order_by(
        "reference"
    )


# Service quality reviews (issue 18). A review is flagged when any core objective's grade
# that stands (the validated one, else the provider's own) is below the minimum (D); a
# service is flagged when its latest review is.


def _failing_grades() -> Q:
    return Q(validated=qaf.D) | (Q(validated="") & Q(self_assessed=qaf.D))


def _flagged() -> Exists:
    return Exists(ObjectiveGrade.objects.filter(review=OuterRef("pk")).filter(_failing_grades()))


def review_list(
    partnership: Partnership,
    *,
    today: datetime.date,
    status: str = "",
    flagged: bool | None = None,
    service: Service | None = None,
) -> QuerySet[Review]:
    """The partnership's reviews, latest due first, each with ``flagged`` and its number of
    ``overdue_actions`` on the day (three queries whatever their number: none per row)."""
    rows = (
        Review.objects.filter(partnership=partnership)
        .select_related("service", "service__provider", "proposal")
        .annotate(
            flagged=_flagged(),
            overdue_actions=Count(
                "actions", filter=Q(actions__done_on__isnull=True, actions__due_on__lt=today)
            ),
        )
        .order_by("-due_on", "-pk")
    )
    if status:
        rows = rows.filter(status=status)
    if flagged is not None:
        rows = rows.filter(flagged=flagged)
    if service is not None:
        rows = rows.filter(service=service)
    return rows


def review_get(partnership: Partnership, pk: object) -> Review:
    """One review of the partnership, with its grades and action plan."""
    return get_in(
        partnership,
        Review.objects.select_related("service", "service__provider", "proposal")
        .annotate(flagged=_flagged())
        .prefetch_related(
            Prefetch("grades", queryset=ObjectiveGrade.objects.order_by("objective")),
            Prefetch("actions", queryset=ActionPlanItem.objects.order_by("due_on", "pk")),
        ),
        pk,
    )


def action_get(partnership: Partnership, review: Review, pk: object) -> ActionPlanItem:
    return get_in(partnership, ActionPlanItem.objects.filter(review=review), pk)


def actions_overdue(partnership: Partnership, *, today: datetime.date) -> QuerySet[ActionPlanItem]:
    """The partnership's actions whose due date has passed undone, the most overdue first:
    the officer's follow-up list."""
    return (
        ActionPlanItem.objects.filter(
            partnership=partnership, done_on__isnull=True, due_on__lt=today
        )
        .select_related("review", "review__service")
        .order_by("due_on", "pk")
    )


def grades_of(review: Review) -> list[dict[str, Any]]:
    """Each core objective of the review's framework with its two grades and whether it
    is below the minimum, in the framework's order (from the prefetched grades)."""
    by_code = {row.objective: row for row in review.grades.all()}
    found = []
    for objective in review.qaf.objectives:
        row = by_code.get(objective.code)
        self_assessed = row.self_assessed if row else ""
        validated = row.validated if row else ""
        found.append(
            {
                "objective": objective.code,
                "title": objective.title,
                "statement": objective.statement,
                "self_assessed": self_assessed,
                "validated": validated,
                "below_minimum": qaf.below_minimum(validated or self_assessed),
            }
        )
    return found


def review_facts(review: Review, grades: list[dict[str, Any]]) -> set[str]:
    """The facts the review's lifecycle guards ask (``accord.rules.lifecycle.REVIEW``),
    from its prefetched grades and actions, as the services decide them."""
    facts = set()
    failing = any(grade["validated"] == qaf.D for grade in grades)
    if not failing or review.actions.all():
        facts.add("planned_for_failures")
    if review.proposal_id is None:
        facts.add("not_proposed")
    return facts


def flagged_services(partnership: Partnership) -> QuerySet[Service]:
    """The partnership's services whose latest review (by due date) is below the minimum
    (D) on any objective, by reference."""
    latest = Review.objects.filter(service=OuterRef("pk")).order_by("-due_on", "-pk")
    return (
        Service.objects.filter(partnership=partnership)
        .annotate(latest_review=Subquery(latest.values("pk")[:1]))
        .filter(
            Exists(
                ObjectiveGrade.objects.filter(review=OuterRef("latest_review")).filter(
                    _failing_grades()
                )
            )
        )
        .select_related("provider")
        .order_by("reference")
    )


@dataclass(frozen=True)
class ReviewsOnSchedule:
    """The reviews of a partnership due in a period, and how many were done (validated)
    by their due date: the administering authority's own measure in the quarterly report
    ("reviews done on schedule", issue 18)."""

    period: Quarter
    due: int  # reviews due in the period
    on_schedule: int  # validated on or before their due date
    late: int  # validated after their due date
    not_done: int  # not validated (yet)

    @property
    def percent(self) -> str | None:
        """On schedule, as a percentage of those due (two decimals); None when none due."""
        return percentage(Fraction(self.on_schedule, self.due)) if self.due else None


def reviews_on_schedule(partnership: Partnership, period: Quarter) -> ReviewsOnSchedule:
    """How many of the partnership's reviews due in the quarter (their due date in it) were
    done on schedule: validated on or before the due date. One query."""
    counts = Review.objects.filter(
        partnership=partnership, due_on__gte=period.start, due_on__lte=period.end
    ).aggregate(
        due=Count("pk"),
        on_schedule=Count(
            "pk", filter=Q(validated_on__isnull=False, validated_on__lte=F("due_on"))
        ),
        late=Count("pk", filter=Q(validated_on__gt=F("due_on"))),
    )
    return ReviewsOnSchedule(
        period=period,
        due=counts["due"],
        on_schedule=counts["on_schedule"],
        late=counts["late"],
        not_done=counts["due"] - counts["on_schedule"] - counts["late"],
    )
