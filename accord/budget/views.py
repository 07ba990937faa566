"""The pooled budget's pages: the pools year by year, each with its sources, the
agreement's risk-share terms and, once the outturn is known, the variance shared between
the partners to the penny. Members and the programme team read; the programme team keeps
the figures (accord.policy)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.core.money import financial_year_label
from accord.core.ratelimit import expensive
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, paginate, partnership_page, posted

from . import selectors, services
from .forms import ContributionForm, PlanApproveForm, PlanLineForm, PoolForm, VirementForm
from .services import PLAN_LINE_FIELDS, POOL_CHANGE_FIELDS
from .share import plain


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
