"""The quarterly performance report of a partnership (issue 18, "The reports people read")
and a service's trend over the last eight quarters. Reads only (no policy, no service).

The report is what goes to the Core Strategy Group: the matrix of the partnership's
services by indicator, each value with its RAG and quartile exactly as ``accord
performance export`` gives them (``selectors.benchmark_export``), exceptions first; the
administering authority's own measures (returns validated on time, returns outstanding,
and reviews done on schedule, from the quality reviews); two charts, each with its table.
Other partnerships' services are never named: they are only in the comparison groups'
sizes and the quartiles.

Direction of travel (docs/performance.md, "Direction of travel") compares two quarters'
exact values by the indicator's polarity: ``improving`` when it moved the better way by
at least one percentage point, ``declining`` when it moved the worse way by at least one,
``steady`` when it moved by less (so a return that is a day better is not "improving").
The long-term direction compares the latest quarter with the same quarter a year before
(seasons alike, as Barnet reports it); the short-term one with the quarter before
(Maidstone's short trend). Either is unknown (None) where either quarter has no validated
value. The one-point band is Accord's choice: no reference gives one.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string

from accord.commissioning.models import Service
from accord.core.charts import Series, bar_chart, line_chart
from accord.meetings.packs import pdf_from_html
from accord.partnerships.models import Partnership

from . import selectors
from .indicators import QUARTILE_METHOD, RED, Indicator, Polarity, percentage, value_of
from .models import FIGURES, QuarterlyReturn, ReturnStatus
from .periods import Quarter

IMPROVING, DECLINING, STEADY = "improving", "declining", "steady"
# A change smaller than this (either way) is steady: one percentage point, exactly.
STEADY_WITHIN = Fraction(1, 100)
TREND_QUARTERS = 8
RAGS = ("green", "amber", "red")
QUARTILE_LABELS = {
    "top": "top quartile",
    "upper_middle": "upper middle quartile",
    "lower_middle": "lower middle quartile",
    "bottom": "bottom quartile",
    "too_few": "too few to compare",
}


def travel(earlier: Fraction | None, later: Fraction | None, *, polarity: Polarity) -> str | None:
    """``improving``, ``declining`` or ``steady`` from ``earlier`` to ``later`` (exact
    values, fractions of 1), by polarity; None where either is unknown."""
    if earlier is None or later is None:
        return None
    better_by = later - earlier if polarity == "higher" else earlier - later
    if abs(better_by) < STEADY_WITHIN:
        return STEADY
    return IMPROVING if better_by > 0 else DECLINING


def last_quarters(period: Quarter, count: int = TREND_QUARTERS) -> list[Quarter]:
    """The ``count`` quarters ending with ``period``, oldest first."""
    quarters = [period]
    while len(quarters) < count:
        quarters.insert(0, quarters[0].previous())
    return quarters


# ---------------------------------------------------------------- the matrix


@dataclass(frozen=True)
class Cell:
    """One service's value of one indicator: as the export gives it, with the size of the
    comparison group its quartile was taken in."""

    value: str | None
    target: str
    rag: str | None
    quartile: str | None
    group: int

    @property
    def quartile_label(self) -> str:
        return QUARTILE_LABELS.get(self.quartile or "", "")


@dataclass(frozen=True)
class MatrixRow:
    pk: int  # the service's
    reference: str
    name: str
    service_type: str
    cells: list[Cell]

    @property
    def exception(self) -> str | None:
        """``red`` when any indicator is red, else ``amber`` when any is amber, else None."""
        rags = {cell.rag for cell in self.cells}
        return next((rag for rag in (RED, "amber") if rag in rags), None)


def exception_order(row: MatrixRow) -> int:
    return {RED: 0, "amber": 1}.get(row.exception or "", 2)


# ---------------------------------------------------------------- the authority's measures


@dataclass(frozen=True)
class ReturnMeasures:
    """The administering authority's handling of the quarter's returns.

    ``due``: services due a return (in service on any day of the quarter). A return is
    validated on time when it is validated and its ``validated_on`` is on or before the
    due day (15 working days after the quarter). The return keeps only its latest
    validation date: a return replaced after validation is judged by its validation since
    (its history, ``ReturnRevision``, keeps the earlier figures, status and submission
    date, not when they were validated)."""

    due_on: datetime.date
    due: int
    validated_on_time: int
    validated_late: int
    awaiting_validation: int
    outstanding: list[selectors.Outstanding]

    @property
    def on_time_percentage(self) -> str | None:
        return percentage(Fraction(self.validated_on_time, self.due)) if self.due else None


def return_measures(
    partnership: Partnership, period: Quarter, *, today: datetime.date
) -> ReturnMeasures:
    due_on = selectors.due_on(period)
    due = selectors.services_due(partnership, period).count()
    counts = QuarterlyReturn.objects.filter(
        partnership=partnership, financial_year=period.year, quarter=period.number
    ).aggregate(
        on_time=Count("pk", filter=Q(status=ReturnStatus.VALIDATED, validated_on__lte=due_on)),
        late=Count("pk", filter=Q(status=ReturnStatus.VALIDATED, validated_on__gt=due_on)),
        awaiting=Count("pk", filter=~Q(status=ReturnStatus.VALIDATED)),
    )
    return ReturnMeasures(
        due_on=due_on,
        due=due,
        validated_on_time=counts["on_time"],
        validated_late=counts["late"],
        awaiting_validation=counts["awaiting"],
        outstanding=selectors.returns_outstanding(partnership, period, today=today),
    )


# ---------------------------------------------------------------- the report


@dataclass(frozen=True)
class QuarterlyReport:
    partnership: Partnership
    period: Quarter
    indicators: list[Indicator]
    rows: list[MatrixRow]  # exceptions first: any red, then any amber, then the rest
    returns: ReturnMeasures
    reviews: selectors.ReviewsOnSchedule
    rag_counts: dict[str, dict[str, int]]  # indicator code -> rag -> services

    @property
    def exceptions(self) -> list[MatrixRow]:
        return [row for row in self.rows if row.exception]

    @property
    def rag_rows(self) -> list[tuple[Indicator, dict[str, int]]]:
        return [(one, self.rag_counts[one.code]) for one in self.indicators]

    @property
    def title(self) -> str:
        return f"Quarterly performance report, {self.period}"

    def rag_chart(self) -> Any:
        return bar_chart(
            title=f"Services by RAG rating and indicator, {self.period}",
            description=(
                "For each indicator, how many of the partnership's services with a validated "
                "return were green (at or above the target), amber (up to 5 percentage "
                "points below) and red (further below); the table beside it gives each "
                "number."
            ),
            labels=[one.label for one in self.indicators],
            series=[
                Series(
                    rag.capitalize(), [self.rag_counts[one.code][rag] for one in self.indicators]
                )
                for rag in RAGS
            ],
            unit="Services",
            ident="report-rag",
        )

    def returns_chart(self) -> Any:
        measures = self.returns
        return bar_chart(
            title=f"The quarter's returns, {self.period}",
            description=(
                f"Of {measures.due} services due a return by {measures.due_on:%d %B %Y}: "
                "validated on time, validated late, awaiting validation, and not yet "
                "received; the table beside it gives each number."
            ),
            labels=[label for label, _ in self.returns_table()],
            series=[Series("Returns", [count for _, count in self.returns_table()])],
            unit="Returns",
            ident="report-returns",
        )

    def returns_table(self) -> list[tuple[str, int]]:
        measures = self.returns
        return [
            ("Validated on time", measures.validated_on_time),
            ("Validated late", measures.validated_late),
            ("Awaiting validation", measures.awaiting_validation),
            ("Not yet received", len(measures.outstanding)),
        ]


def quarterly_report(
    partnership: Partnership, period: Quarter, *, today: datetime.date
) -> QuarterlyReport:
    """The partnership's report for the quarter, in a fixed number of queries whatever the
    number of services, partnerships or quarters."""
    indicators = selectors.current_indicators(period)
    exported = selectors.benchmark_export(partnership, period)
    sizes = selectors.group_sizes(period)
    names = {
        reference: (pk, name)
        for reference, pk, name in Service.objects.filter(
            partnership=partnership, reference__in=[entry["service"] for entry in exported]
        ).values_list("reference", "pk", "name")
    }
    rows = [
        MatrixRow(
            pk=names[entry["service"]][0],
            reference=entry["service"],
            name=names[entry["service"]][1],
            service_type=entry["service_type"],
            cells=[
                Cell(
                    **entry[one.code],
                    group=sizes.get((one.code, entry["service_type"]), 0),
                )
                for one in indicators
            ],
        )
        for entry in exported
    ]
    rows.sort(key=exception_order)  # stable: by reference within each group
    rag_counts = {
        one.code: {rag: sum(1 for row in rows if row.cells[index].rag == rag) for rag in RAGS}
        for index, one in enumerate(indicators)
    }
    return QuarterlyReport(
        partnership=partnership,
        period=period,
        indicators=indicators,
        rows=rows,
        returns=return_measures(partnership, period, today=today),
        reviews=selectors.reviews_on_schedule(partnership, period),
        rag_counts=rag_counts,
    )


# ---------------------------------------------------------------- a service's trend


@dataclass(frozen=True)
class IndicatorTrend:
    indicator: Indicator
    values: list[Fraction | None]  # one per quarter, oldest first

    @property
    def percentages(self) -> list[str | None]:
        return [percentage(value) for value in self.values]

    @property
    def direction(self) -> str | None:
        """Long term: the latest quarter against the same quarter a year before."""
        if len(self.values) < 5:
            return None
        return travel(self.values[-5], self.values[-1], polarity=self.indicator.polarity)

    @property
    def direction_short(self) -> str | None:
        """Short term: the latest quarter against the quarter before."""
        if len(self.values) < 2:
            return None
        return travel(self.values[-2], self.values[-1], polarity=self.indicator.polarity)


@dataclass(frozen=True)
class ServiceTrend:
    service: Service
    quarters: list[Quarter]
    lines: list[IndicatorTrend]  # the indicators that apply to the service

    def chart(self) -> Any:
        return line_chart(
            title=f"{self.service.reference}: indicators over {len(self.quarters)} quarters, "
            f"{self.quarters[0]} to {self.quarters[-1]}",
            description=(
                "One line per indicator that applies to the service, its value in per cent "
                "each quarter from validated returns only (a gap where there is none); the "
                "table beside it gives each value and the direction of travel."
            ),
            labels=[str(quarter) for quarter in self.quarters],
            series=[
                Series(
                    line.indicator.label,
                    [None if value is None else value_decimal(value) for value in line.values],
                )
                for line in self.lines
            ],
            unit="Per cent",
            ident=f"trend-{self.service.pk}",
        )


def value_decimal(value: Fraction) -> Decimal:
    """The value as the rounded percentage the table shows, for the chart."""
    return Decimal(percentage(value) or "0")


def service_trend(
    service: Service, period: Quarter, *, quarters: int = TREND_QUARTERS
) -> ServiceTrend:
    """The service's validated values of each indicator that applies to it over the
    ``quarters`` quarters to ``period`` (one query, whatever the number of quarters)."""
    periods = last_quarters(period, quarters)
    wanted = set(periods)
    indicators = [
        one
        for one in selectors.current_indicators(period)
        if one.applies(support_only=service.support_only, term=service.term)
    ]
    found: dict[Quarter, dict[str, int | None]] = {}
    rows = QuarterlyReturn.objects.filter(
        service=service,
        status=ReturnStatus.VALIDATED,
        financial_year__gte=periods[0].year,
        financial_year__lte=periods[-1].year,
    ).values_list("financial_year", "quarter", *FIGURES)
    for year, number, *numbers in rows:
        quarter = Quarter(year, number)
        if quarter in wanted:
            found[quarter] = dict(zip(FIGURES, numbers, strict=True))
    lines = []
    for one in indicators:
        values = []
        for quarter in periods:
            figures = found.get(quarter)
            values.append(None if figures is None else value_of(figures, one))
        lines.append(IndicatorTrend(indicator=one, values=values))
    return ServiceTrend(service=service, quarters=periods, lines=lines)


# ---------------------------------------------------------------- the document


def report_html(built: QuarterlyReport) -> str:
    """The report as the standalone HTML document the PDF is drawn from."""
    return render_to_string(
        "performance/pdf/report.html",
        {"partnership": built.partnership, "report": built, "method": QUARTILE_METHOD},
    )


def report_pdf(built: QuarterlyReport) -> bytes:
    """The report as PDF (WeasyPrint, as the agenda packs are drawn: nothing fetched)."""
    return pdf_from_html(report_html(built))


def report_filename(partnership: Partnership, period: Quarter) -> str:
    return f"accord-{partnership.slug}-performance-{period.year}-q{period.number}.pdf"
