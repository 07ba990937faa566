"""The savings scenarios' pages (issue 17 item 5): what if the pool falls by a percentage
next year; the reductions proposed, their effect on capacity and on each partner's
contribution; scenarios side by side; the chosen one taken to the board and approved.
Members and the programme team read; the programme team builds them (accord.policy)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import (
    ConfirmForm,
    confirm_page,
    confirmed,
    form_page,
    partnership_page,
    posted,
)

from . import selectors, services
from .models import Pool, Scenario
from .scenario_forms import ReductionForm, ScenarioApproveForm, ScenarioForm, ScenarioProposeForm
from .services import SCENARIO_FIELDS

# At most this many scenarios side by side (a wider table is not readable).
COMPARE_AT_MOST = 4


def scenarios_url(pool: Pool) -> str:
    return reverse("budget:scenario-list", args=[pool.partnership.slug, pool.pk])


def scenario_url(scenario: Scenario) -> str:
    return reverse(
        "budget:scenario-detail",
        args=[scenario.pool.partnership.slug, scenario.pool_id, scenario.pk],
    )


@require_GET
@partnership_page("budget.view")
def scenario_list(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    return render(
        request,
        "budget/scenario_list.html",
        {
            "partnership": partnership,
            "pool": pool,
            "scenarios": list(selectors.scenario_list(pool)),
            "may_change": policy.may(request.user, "budget.change", pool),
        },
    )


@require_GET
@partnership_page("budget.view")
def scenario_compare(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Scenarios of one pool side by side: those ticked (``?scenario=1&scenario=2``), or
    all of them."""
    pool = selectors.pool_get(partnership, pk)
    chosen = {text for text in request.GET.getlist("scenario") if text.isdigit()}
    scenarios = [
        scenario
        for scenario in selectors.scenario_list(pool)
        if not chosen or str(scenario.pk) in chosen
    ][:COMPARE_AT_MOST]
    figures = selectors.scenarios_figures(pool, scenarios)
    return render(
        request,
        "budget/scenario_compare.html",
        {
            "partnership": partnership,
            "pool": pool,
            "figures": figures,
            "sections": compare_sections(figures),
            "at_most": COMPARE_AT_MOST,
        },
    )


SCENARIO_CSV_HEADER = ["scenario", "fall_percent", "status", "section", "item", "value"]


@require_GET
@partnership_page("budget.view")
def scenario_export(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Every scenario of the pool as CSV, one figure a row: the money (the pool, its fall,
    next year's pool, what the reductions save and what is still to find), each reduction,
    the capacity lost by unit, client group and district, and each source next year. The
    same figures as the pages, computed by the same selector."""
    pool = selectors.pool_get(partnership, pk)
    rows: list[list[object]] = []
    for f in selectors.scenarios_figures(pool, list(selectors.scenario_list(pool))):
        s = f.scenario

        def row(section: str, item: str, value: object, s: Scenario = s) -> None:
            rows.append([s.title, s.fall_percent, s.status_label, section, item, value])

        row("money", "the pool", f.pool_total)
        row("money", "the fall", f.target)
        row("money", "next year's pool", f.next_pool)
        row("money", "saved by the reductions", f.saved)
        row("money", "still to find", f.left_to_find)
        for line in f.lines:
            reduction = line.reduction
            what = str(reduction.contract or line.contract or reduction.plan_line or "")
            verb = "decommissioned" if reduction.decommission else "reduced"
            row("reduction", f"{what} ({verb})", reduction.amount)
        for section, losses in (
            ("capacity lost", f.lost_by_unit),
            ("capacity lost by client group", f.lost_by_client_group),
            ("capacity lost by district", f.lost_by_district),
        ):
            for loss in losses:
                row(section, f"{loss.where} ({loss.unit})" if loss.where else loss.unit, loss.lost)
        for effect in f.sources:
            row("source next year", effect.source, effect.after)
    response = HttpResponse(
        csv_text(SCENARIO_CSV_HEADER, rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    name = f"accord-{partnership.slug}-savings-scenarios-{pool.financial_year}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


Row = tuple[str, list[object]]


def compare_sections(figures: list[selectors.ScenarioFigures]) -> list[tuple[str, list[Row], bool]]:
    """The side-by-side table's sections: a title, rows (a label and one value per
    scenario) and whether the values are money."""

    def by(attribute: str) -> list[Row]:
        keys = sorted({(loss.where, loss.unit) for f in figures for loss in getattr(f, attribute)})
        return [
            (
                f"{where} ({unit.lower()})" if where else unit,
                [
                    next(
                        (
                            loss.lost
                            for loss in getattr(f, attribute)
                            if (loss.where, loss.unit) == (where, unit)
                        ),
                        0,
                    )
                    for f in figures
                ],
            )
            for where, unit in keys
        ]

    partners = sorted({effect.source for f in figures for effect in f.sources})
    return [
        ("Capacity lost", by("lost_by_unit"), False),
        ("Capacity lost by client group", by("lost_by_client_group"), False),
        (
            "Capacity lost by district (a service covering several counts in each)",
            by("lost_by_district"),
            False,
        ),
        (
            "Each source next year",
            [
                (
                    source,
                    [
                        next((e.after for e in f.sources if e.source == source), None)
                        for f in figures
                    ],
                )
                for source in partners
            ],
            True,
        ),
    ]


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def scenario_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)

    def save(data: dict[str, object]) -> str:
        scenario = services.scenario_create(actor=request.user, pool=pool, **data)  # type: ignore[arg-type]
        return scenario_url(scenario)

    return form_page(
        request,
        ScenarioForm(posted(request), partnership=partnership),
        save=save,
        title=f"Start a savings scenario for {pool.year_label}",
        lead="What if next year's pool falls by a percentage of this year's: propose the "
        "reductions that meet it and see what they cost in capacity.",
        done="Scenario started",
        back=scenarios_url(pool),
        button="Start the scenario",
    )


@require_GET
@partnership_page("budget.view")
def scenario_detail(
    request: HttpRequest, partnership: Partnership, pk: int, scenario_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    scenario = selectors.scenario_get(pool, scenario_pk)
    return render(
        request,
        "budget/scenario_detail.html",
        {
            "partnership": partnership,
            "pool": pool,
            "scenario": scenario,
            "figures": selectors.scenarios_figures(pool, [scenario])[0],
            "may_change": policy.may(request.user, "budget.change", pool),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def scenario_update(
    request: HttpRequest, partnership: Partnership, pk: int, scenario_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    scenario = selectors.scenario_get(pool, scenario_pk)
    return form_page(
        request,
        ScenarioForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(scenario, name) for name in SCENARIO_FIELDS},
        ),
        save=lambda data: services.scenario_update(actor=request.user, scenario=scenario, **data),
        title=f"Change the scenario {scenario.title}",
        done="Scenario changed",
        back=scenario_url(scenario),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def reduction_create(
    request: HttpRequest, partnership: Partnership, pk: int, scenario_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    scenario = selectors.scenario_get(pool, scenario_pk)
    return form_page(
        request,
        ReductionForm(posted(request), partnership=partnership, pool=pool),
        save=lambda data: services.reduction_add(actor=request.user, scenario=scenario, **data),
        title=f"Propose a reduction in {scenario.title}",
        lead="Take an amount off one of the plan's lines or off a contract, or decommission "
        "a contract.",
        done="Reduction proposed",
        back=scenario_url(scenario),
        button="Propose the reduction",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def reduction_remove(
    request: HttpRequest, partnership: Partnership, pk: int, scenario_pk: int, reduction_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    scenario = selectors.scenario_get(pool, scenario_pk)
    reduction = selectors.reduction_get(scenario, reduction_pk)
    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=lambda data: services.reduction_remove(actor=request.user, reduction=reduction),
        title="Take the reduction out of the scenario",
        follows=["The scenario's savings and capacity figures are worked out again without it."],
        summary=[("Reduction", str(reduction))],
        done="Reduction taken out",
        back=scenario_url(scenario),
        button="Take it out",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def scenario_propose(
    request: HttpRequest, partnership: Partnership, pk: int, scenario_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    scenario = selectors.scenario_get(pool, scenario_pk)

    def save(data: dict[str, object]) -> str:
        proposal = services.scenario_propose(
            actor=request.user,
            scenario=scenario,
            on=timezone.localdate(),
            **data,  # type: ignore[arg-type]
        )
        return reverse("decisions:proposal-detail", args=[partnership.slug, proposal.pk])

    return form_page(
        request,
        ScenarioProposeForm(posted(request), partnership=partnership),
        save=save,
        title=f"Take {scenario.title} to the board",
        lead="A proposal of the kind savings scenario is drafted with its pathway; the "
        "scenario then stays as the board sees it. When the board carries it, record the "
        "approval here.",
        done="Proposal drafted: table it at the board's meeting",
        back=scenario_url(scenario),
        button="Draft the proposal",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("budget.change")
def scenario_approve(
    request: HttpRequest, partnership: Partnership, pk: int, scenario_pk: int
) -> HttpResponse:
    pool = selectors.pool_get(partnership, pk)
    scenario = selectors.scenario_get(pool, scenario_pk)
    return form_page(
        request,
        ScenarioApproveForm(
            posted(request), partnership=partnership, initial={"decision": scenario.proposal_id}
        ),
        save=lambda data: services.scenario_approve(actor=request.user, scenario=scenario, **data),
        title=f"Record the board's approval of {scenario.title}",
        done="Scenario approved",
        back=scenario_url(scenario),
        button="Record the approval",
    )
