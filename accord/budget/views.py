"""The pooled budget's pages: the pools year by year, each with its sources, the
agreement's risk-share terms and, once the outturn is known, the variance shared between
the partners to the penny. Members and the programme team read; the programme team keeps
the figures (accord.policy)."""

from decimal import Decimal

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.commissioning.evidence import MAX_BYTES
from accord.core.charts import Series, line_chart
from accord.core.money import financial_year_label
from accord.core.money import pounds as pounds_text
from accord.core.ratelimit import expensive
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, paginate, partnership_page, posted

from . import selectors, services
from .forms import (
    ContributionForm,
    LedgerForm,
    PlanApproveForm,
    PlanLineForm,
    PoolForm,
    VirementForm,
)
from .ledger import COLUMNS as LEDGER_COLUMNS
from .ledger import FileRefused, Problem, period_text
from .services import PLAN_LINE_FIELDS, POOL_CHANGE_FIELDS
from .share import plain
from .story import Row as StoryRow
from .story import Story as StoryFigures
from .story import story_of


@require_GET
@partnership_page("budget.view")
def pool_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "budget/pool_list.html",
        {
            "partnership": partnership,
            "page": paginate(request, selectors.pool_list(partnership)),
            "span": selectors.pool_change(partnership),
            "may_change": policy.may(request.user, "budget.change", partnership),
        },
    )


@require_GET
@partnership_page("budget.view")
def pool_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    return render(
        request,
        "budget/pool_detail.html",
        {
            "partnership": partnership,
            "pool": pool,
            "figures": selectors.pool_figures(pool),
            "forecast": selectors.pool_forecast(pool),
            "may_change": policy.may(request.user, "budget.change", pool),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def pool_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    def save(data: dict[str, object]) -> str:
        pool = services.pool_create(
            actor=request.user,
            partnership=partnership,
            **data,  # type: ignore[arg-type]
        )
        return reverse("budget:pool-detail", args=[partnership.slug, pool.pk])

    return form_page(
        request,
        PoolForm(posted(request), partnership=partnership),
        save=save,
        title="Open a year's pooled budget",
        done="Pooled budget opened",
        back=reverse("budget:pool-list", args=[partnership.slug]),
        button="Open the pooled budget",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def pool_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    return form_page(
        request,
        PoolForm(
            posted(request),
            partnership=partnership,
            changing=True,
            initial={name: getattr(pool, name) for name in POOL_CHANGE_FIELDS},
        ),
        save=lambda data: services.pool_update(actor=request.user, pool=pool, **data),
        title=f"Change the pooled budget {pool.year_label}",
        done="Pooled budget changed",
        back=reverse("budget:pool-detail", args=[partnership.slug, pool.pk]),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def contribution_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    return form_page(
        request,
        ContributionForm(posted(request), partnership=partnership),
        save=lambda data: services.contribution_add(actor=request.user, pool=pool, **data),
        title=f"Add a partner's contribution to {pool.year_label}",
        done="Contribution added",
        back=reverse("budget:pool-detail", args=[partnership.slug, pool.pk]),
        button="Add contribution",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def contribution_update(
    request: HttpRequest, partnership: Partnership, pk: int, contribution_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    contribution = selectors.contribution_get(pool, contribution_pk)
    return form_page(
        request,
        ContributionForm(
            posted(request),
            partnership=partnership,
            changing=True,
            initial={"amount": contribution.amount, "risk_share": contribution.risk_share},
        ),
        save=lambda data: services.contribution_update(
            actor=request.user, contribution=contribution, **data
        ),
        title=f"Change {contribution.partner.name}'s contribution to {pool.year_label}",
        done="Contribution changed",
        back=reverse("budget:pool-detail", args=[partnership.slug, pool.pk]),
        button="Save changes",
    )


def back_to(partnership: Partnership, pk: int) -> str:
    return reverse("budget:pool-detail", args=[partnership.slug, pk]) + "#plan"


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def plan_line_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    return form_page(
        request,
        PlanLineForm(posted(request), partnership=partnership),
        save=lambda data: services.plan_line_add(actor=request.user, pool=pool, **data),
        title=f"Add a line to the annual financial plan {pool.year_label}",
        done="Line added",
        back=back_to(partnership, pool.pk),
        button="Add line",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def plan_line_update(
    request: HttpRequest, partnership: Partnership, pk: int, line_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    line = selectors.plan_line_get(pool, line_pk)
    return form_page(
        request,
        PlanLineForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(line, name) for name in PLAN_LINE_FIELDS},
        ),
        save=lambda data: services.plan_line_update(actor=request.user, line=line, **data),
        title=f"Change the line {line.description}",
        done="Line changed",
        back=back_to(partnership, pool.pk),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def plan_approve(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    return form_page(
        request,
        PlanApproveForm(posted(request), partnership=partnership),
        save=lambda data: services.plan_approve(actor=request.user, pool=pool, **data),
        title=f"Record the approval of the annual financial plan {pool.year_label}",
        lead="Once approved the plan is locked: a change is then a virement between its "
        "lines, recorded with the decision that approves it.",
        done="Annual financial plan approved",
        back=back_to(partnership, pool.pk),
        button="Record the approval",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def virement_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    return form_page(
        request,
        VirementForm(posted(request), partnership=partnership, pool=pool),
        save=lambda data: services.virement_record(actor=request.user, pool=pool, **data),
        title=f"Record a virement in the annual financial plan {pool.year_label}",
        done="Virement recorded",
        back=back_to(partnership, pool.pk),
        button="Record the virement",
    )


POOL_CSV_HEADER = [
    "financial_year",
    "source",
    "partner",
    "amount",
    "risk_share_percent",
    "year_end_share",
    "illustrative",
]


@expensive
@require_GET
@partnership_page("budget.view")
def pool_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Every year's sources as CSV: the grant, each contribution with its risk-share term
    and its part of the year-end variance, and the year's total, one row each."""
    rows: list[list[object]] = []
    for figures in selectors.year_ends(partnership):
        pool = figures.pool
        year = financial_year_label(pool.financial_year)
        shares = {line.partner.pk: line.amount for line in figures.shares}
        authority = pool.administering_authority.name if pool.administering_authority else ""
        marked = " ".join(sorted(pool.illustrative or []))
        rows.append([year, "grant", authority, pool.grant, "", "", marked])
        for c in figures.contributions:
            rows.append(
                [
                    year,
                    "contribution",
                    c.partner.name,
                    c.amount,
                    plain(c.risk_share),
                    shares.get(c.partner.pk, ""),
                    " ".join(sorted(c.illustrative or [])),
                ]
            )
        rows.append([year, "total", "", figures.total, "", figures.variance or "", ""])
    response = HttpResponse(csv_text(POOL_CSV_HEADER, rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    filename = f"accord-{partnership.slug}-pooled-budget-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------
# Commitments, spend and forecast (issue 17 item 3)


@require_GET
@partnership_page("budget.view")
def spend_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The year's plan against its commitments, spend to date and forecast outturn, the
    lines drifting most first."""
    pool = selectors.pool_get(partnership, pk)
    return render(
        request,
        "budget/spend_detail.html",
        {
            "partnership": partnership,
            "pool": pool,
            "forecast": selectors.pool_forecast(pool),
            "may_import": policy.may(request.user, "budget.change", pool),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def spend_import(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Upload the administering authority's ledger as CSV: stored all at once, or not at
    all with every problem listed by row and column."""
    pool = selectors.pool_get(partnership, pk)
    back = reverse("budget:spend-detail", args=[partnership.slug, pool.pk])
    form = LedgerForm(posted(request), request.FILES or None, partnership=partnership)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            problems = [Problem(f"The file is larger than {MAX_BYTES // 1_000_000} MB")]
        else:
            try:
                imported = services.spend_import(
                    actor=request.user, pool=pool, content=upload.read(), name=upload.name or ""
                )
            except FileRefused as refusal:
                problems = refusal.problems
            else:
                messages.success(request, imported_text(imported))
                return redirect(back)
        form.add_error("file", "The file was not imported: nothing from it was stored")
    return render(
        request,
        "budget/spend_import.html",
        {
            "partnership": partnership,
            "pool": pool,
            "form": form,
            "problems": problems,
            "columns": LEDGER_COLUMNS,
            "back": back,
        },
    )


def imported_text(imported: services.SpendImported) -> str:
    if not imported.changed_anything:
        return (
            f"The file's {imported.rows} rows were already held: nothing changed "
            f"in {imported.pool.year_label}"
        )
    parts = [f"{imported.added} added"]
    if imported.changed:
        parts.append(f"{imported.changed} changed")
    if imported.replaced:
        parts.append(f"{imported.replaced} replaced")
    if imported.unchanged:
        parts.append(f"{imported.unchanged} unchanged")
    return f"Spend imported for {imported.pool.year_label}: {', '.join(parts)}"


FORECAST_CSV_HEADER = [
    "financial_year",
    "line",
    "planned",
    "committed",
    "spent_to_date",
    "forecast_outturn",
    "variance",
]


@expensive
@require_GET
@partnership_page("budget.view")
def spend_export(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The year's forecast as CSV: one row per line, the lines drifting most first, then the
    contracts outside the plan's lines and the total."""
    pool = selectors.pool_get(partnership, pk)
    forecast = selectors.pool_forecast(pool)
    rows: list[list[object]] = [
        [
            pool.year_label,
            line.label,
            line.planned,
            line.committed,
            line.spent,
            line.forecast,
            line.variance,
        ]
        for line in forecast.every_line
    ]
    rows.append(
        [
            pool.year_label,
            "Total",
            forecast.planned,
            forecast.committed,
            forecast.spent,
            forecast.forecast,
            forecast.variance,
        ]
    )
    return attachment(
        csv_text(FORECAST_CSV_HEADER, rows), f"{partnership.slug}-forecast-{pool.financial_year}"
    )


@expensive
@require_GET
@partnership_page("budget.view")
def ledger_export(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The year's ledger rows as CSV in the import's columns (a file that imports again as
    it is, changing nothing), with each row's illustrative mark."""
    pool = selectors.pool_get(partnership, pk)
    rows = [
        [
            spend.contract.reference,
            period_text(pool.financial_year, spend.first_month, spend.months),
            spend.amount,
            " ".join(sorted(spend.illustrative or [])),
        ]
        for spend in selectors.pool_spend(pool)
    ]
    return attachment(
        csv_text([*LEDGER_COLUMNS, "illustrative"], rows),
        f"{partnership.slug}-ledger-{pool.financial_year}",
    )


def attachment(text: str, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="accord-{name}-{stamp}.csv"'
    return response


# ---------------------------------------------------------------------------------------
# The story in figures (issue 17 item 7)

# Lines a chart draws at most; the table beside it gives every row.
MOST_LINES = 6


def millions(value: Decimal | int | float) -> str:
    """An axis tick in millions of pounds: 29200000 -> "£29.2m" (a label, not a sum)."""
    return f"£{(Decimal(str(value)) / 1_000_000).quantize(Decimal('0.1'))}m"


def story_sections(story: StoryFigures) -> list[dict[str, object]]:
    """Each section's heading, chart (title, description) and table of rows."""
    labels = story.labels
    if not labels:
        return []
    span = f"{labels[0]} to {labels[-1]}"
    note = (
        " The figures are illustrative: invented for the demonstration, not from the source "
        "documents."
        if story.illustrative
        else ""
    )
    contributed = [
        sum((row.values[i] or Decimal(0) for row in story.sources[1:]), Decimal(0))
        for i in range(len(labels))
    ]
    change = story.change
    said = ""
    if change is not None:
        said = (
            f" The pool was {pounds_text(change.first.total)} in {change.first.year_label} "  # type: ignore[attr-defined]
            f"and {pounds_text(change.last.total)} in {change.last.year_label}."  # type: ignore[attr-defined]
        )
    sections: list[dict[str, object]] = []

    def section(
        ident: str, heading: str, title: str, description: str, series: list[Series], rows: list
    ) -> None:
        chart = line_chart(
            title=title,
            description=f"{description} The table below gives every figure.{note}",
            labels=labels,
            series=series,
            unit="Pounds",
            number=millions,
        )
        sections.append(
            {"id": ident, "heading": heading, "title": title, "chart": chart, "rows": rows}
        )

    section(
        "sources",
        "The pool by source",
        f"The pooled budget by source, {span}",
        f"A line chart of the pool, the grant and the partners' contributions each financial "
        f"year from {span}.{said}",
        [
            Series("The pool", story.totals),
            Series("Grant", story.sources[0].values),
            Series("Partners' contributions", contributed),
        ],
        [*story.sources, StoryRow("The pool", list(story.totals))],
    )
    if story.client_groups:
        shown = story.client_groups[:MOST_LINES]
        section(
            "client-groups",
            "By client group",
            f"The contracts' values by client group, {span}",
            f"A line chart of the contracts' values for the {len(shown)} largest client "
            f"groups each financial year from {span}.",
            [Series(row.label, row.values) for row in shown],
            story.client_groups,
        )
    section(
        "spend",
        "Spend against plan",
        f"The pool, the plan and the outturn, {span}",
        f"A line chart of the pool, the annual financial plan and the outturn each financial "
        f"year from {span}, where each is recorded.",
        [Series(row.label, row.values) for row in story.spend[:3]],
        story.spend,
    )
    if story.redesign:
        section(
            "redesign",
            "The redesign: floating support and accommodation-based services",
            f"Floating support against accommodation-based services, {span}",
            f"A line chart of the contracts' values by where the support is delivered, each "
            f"financial year from {span}.",
            [Series(row.label, row.values) for row in story.redesign[:MOST_LINES]],
            story.redesign,
        )
    return sections


@require_GET
@partnership_page("budget.view")
def story(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The pooled budget's story in figures: charts with their tables beside them."""
    figures = story_of(partnership)
    return render(
        request,
        "budget/story.html",
        {
            "partnership": partnership,
            "story": figures,
            "sections": story_sections(figures),
        },
    )


STORY_CSV_HEADER = ["figure", "row", "financial_year", "amount", "illustrative"]


def story_rows(figures: StoryFigures) -> list[list[object]]:
    mark = "illustrative" if figures.illustrative else ""
    rows: list[list[object]] = []
    groups = [
        ("source", [*figures.sources, StoryRow("The pool", list(figures.totals))]),
        ("client_group", figures.client_groups),
        ("spend_against_plan", figures.spend),
        ("delivery_model", figures.redesign),
    ]
    for name, table in groups:
        for row in table:
            for label, value in zip(figures.labels, row.values, strict=True):
                if value is not None:
                    rows.append([name, row.label, label, f"{value:.2f}", mark])
    if figures.change is not None:
        first, last = figures.change.first, figures.change.last
        rows.append(
            [
                "reduction",
                f"{first.year_label} to {last.year_label}",
                last.year_label,
                f"{figures.change.reduction:.2f}",
                mark,
            ]
        )
    return rows


@expensive
@require_GET
@partnership_page("budget.view")
def story_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The story's figures as CSV, one amount a row, with the reduction computed."""
    return attachment(
        csv_text(STORY_CSV_HEADER, story_rows(story_of(partnership))),
        f"{partnership.slug}-story-in-figures",
    )
