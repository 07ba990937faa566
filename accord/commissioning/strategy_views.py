"""The strategy's pages: the strategies, each with its target outcomes and their progress
read from the register, its commissioning intentions per client group, and its annual
plan for each year. An adopted (or superseded) strategy is a published council document,
open to anyone; drafts are for the partnership's members and programme team; the
programme team changes them (accord.policy: strategy.view, strategy.change)."""

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.core.dates import date_problem
from accord.core.money import financial_year_label, pounds
from accord.core.ratelimit import expensive
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, paginate, partnership_page, posted

from . import measures, selectors, services
from .models import AnnualPlanAction, Strategy, TargetOutcome
from .services import OUTCOME_FIELDS
from .strategy_forms import ActionForm, IntentionForm, OutcomeForm, StrategyForm


def visible_strategy(request: HttpRequest, partnership: Partnership, pk: int) -> Strategy:
    """The strategy, if this reader may see it (a draft seems not to exist to others)."""
    strategy = selectors.strategy_get(partnership, pk)
    policy.require(request.user, "strategy.view", strategy, not_found="No such strategy")
    return strategy


def as_of(request: HttpRequest, strategy: Strategy) -> datetime.date:
    """The day progress is read on: ``?on=YYYY-MM-DD``, or today (or the strategy's end,
    once it has ended)."""
    asked = request.GET.get("on", "")
    try:
        day = datetime.date.fromisoformat(asked) if asked else None
    except ValueError:
        day = None
    if day is not None and not date_problem(day):
        return day
    return min(timezone.localdate(), strategy.ends_on)


def figure(value: Any, outcome: TargetOutcome) -> str:
    """A figure as people read it: pounds for money, a whole number for a count."""
    if value is None:
        return ""
    measure = measures.get(outcome.measure)
    if measure is not None and measure.money:
        return pounds(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,}"


def strategy_links(strategy: Strategy) -> dict[str, Any]:
    """What the strategy's pages link to: its years' annual plans."""
    return {
        "years": [(year, financial_year_label(year)) for year in strategy.years],
    }


@require_GET
@partnership_page("partnership.view")
def strategy_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    drafts = policy.may(request.user, "strategy.view", partnership)
    return render(
        request,
        "commissioning/strategy_list.html",
        {
            "partnership": partnership,
            "page": paginate(request, selectors.strategy_list(partnership, drafts=drafts)),
            "may_change": policy.may(request.user, "strategy.change", partnership),
        },
    )


@require_GET
@partnership_page(None)
def strategy_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    strategy = visible_strategy(request, partnership, pk)
    on = as_of(request, strategy)
    readings = measures.readings(partnership, list(selectors.outcome_list(strategy)), on)
    rows = [
        {
            "reading": reading,
            "outcome": reading.outcome,
            "measure": measures.get(reading.outcome.measure),
            "of": measures.Filters.of(reading.outcome).words(),
            "baseline": figure(reading.progress.baseline, reading.outcome),
            "target": figure(reading.progress.target, reading.outcome),
            "current": figure(reading.progress.current, reading.outcome),
        }
        for reading in readings
    ]
    return render(
        request,
        "commissioning/strategy_detail.html",
        {
            "partnership": partnership,
            "strategy": strategy,
            "on": on,
            "rows": rows,
            "may_change": policy.may(request.user, "strategy.change", strategy),
            **strategy_links(strategy),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def strategy_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    def save(data: dict[str, Any]) -> str:
        strategy = services.strategy_create(actor=request.user, partnership=partnership, **data)
        return reverse("commissioning:strategy-detail", args=[partnership.slug, strategy.pk])

    return form_page(
        request,
        StrategyForm(posted(request), partnership=partnership),
        save=save,
        title="Add a strategy",
        done="Strategy added",
        back=reverse("commissioning:strategy-list", args=[partnership.slug]),
        button="Add strategy",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def strategy_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    strategy = selectors.strategy_get(partnership, pk)
    fields = ("title", "summary", "first_year", "last_year", "status", "decision")
    return form_page(
        request,
        StrategyForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(strategy, name) for name in fields},
        ),
        save=lambda data: services.strategy_update(actor=request.user, strategy=strategy, **data),
        title=f"Change {strategy.title}",
        done="Strategy changed",
        back=reverse("commissioning:strategy-detail", args=[partnership.slug, strategy.pk]),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def outcome_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    strategy = selectors.strategy_get(partnership, pk)
    return form_page(
        request,
        OutcomeForm(posted(request), partnership=partnership),
        save=lambda data: services.outcome_create(actor=request.user, strategy=strategy, **data),
        title=f"Add a target outcome to {strategy.title}",
        done="Target outcome added",
        back=reverse("commissioning:strategy-detail", args=[partnership.slug, strategy.pk]),
        button="Add target outcome",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def outcome_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    outcome = selectors.outcome_get(partnership, pk)
    initial = {name: getattr(outcome, name) for name in OUTCOME_FIELDS}
    return form_page(
        request,
        OutcomeForm(posted(request), partnership=partnership, initial=initial),
        save=lambda data: services.outcome_update(actor=request.user, outcome=outcome, **data),
        title=f"Change the target outcome: {outcome.title}",
        done="Target outcome changed",
        back=reverse("commissioning:strategy-detail", args=[partnership.slug, outcome.strategy_id]),
        button="Save changes",
    )


@require_GET
@partnership_page(None)
def intention_list(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    strategy = visible_strategy(request, partnership, pk)
    return render(
        request,
        "commissioning/intention_list.html",
        {
            "partnership": partnership,
            "strategy": strategy,
            "intentions": selectors.intention_list(strategy),
            "may_change": policy.may(request.user, "strategy.change", strategy),
            **strategy_links(strategy),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def intention_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    strategy = selectors.strategy_get(partnership, pk)
    back = reverse("commissioning:intention-list", args=[partnership.slug, strategy.pk])
    return form_page(
        request,
        IntentionForm(posted(request), partnership=partnership),
        save=lambda data: services.intention_create(actor=request.user, strategy=strategy, **data),
        title=f"Add a commissioning intention to {strategy.title}",
        done="Commissioning intention added",
        back=back,
        button="Add intention",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def intention_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    intention = selectors.intention_get(partnership, pk)
    initial = {
        name: getattr(intention, name) for name in ("client_group", "direction", "rationale")
    }
    return form_page(
        request,
        IntentionForm(posted(request), partnership=partnership, initial=initial),
        save=lambda data: services.intention_update(
            actor=request.user, intention=intention, **data
        ),
        title=f"Change the intention for {intention.get_client_group_display()}",
        done="Commissioning intention changed",
        back=reverse(
            "commissioning:intention-list", args=[partnership.slug, intention.strategy_id]
        ),
        button="Save changes",
    )


def plan_year(strategy: Strategy, year: int) -> int:
    if year not in strategy.years:
        raise Http404(f"{strategy.title} has no annual plan for {year}")
    return year


@require_GET
@partnership_page(None)
def plan_detail(request: HttpRequest, partnership: Partnership, pk: int, year: int) -> HttpResponse:
    strategy = visible_strategy(request, partnership, pk)
    plan_year(strategy, year)
    return render(
        request,
        "commissioning/plan_detail.html",
        {
            "partnership": partnership,
            "strategy": strategy,
            "year": year,
            "year_label": financial_year_label(year),
            "actions": selectors.action_list(strategy, year=year),
            "may_change": policy.may(request.user, "strategy.change", strategy),
            **strategy_links(strategy),
        },
    )


def action_initial(action: AnnualPlanAction) -> dict[str, Any]:
    return {
        "financial_year": action.financial_year,
        "text": action.text,
        "due_date": action.due_date,
        "status": action.status,
        "proposals": list(action.proposals.all()),
        "services": list(action.services.all()),
        "contracts": list(action.contracts.all()),
    }


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def action_create(
    request: HttpRequest, partnership: Partnership, pk: int, year: int
) -> HttpResponse:
    strategy = selectors.strategy_get(partnership, pk)
    plan_year(strategy, year)
    back = reverse("commissioning:plan-detail", args=[partnership.slug, strategy.pk, year])
    return form_page(
        request,
        ActionForm(posted(request), partnership=partnership, initial={"financial_year": year}),
        save=lambda data: services.action_create(actor=request.user, strategy=strategy, **data),
        title=f"Add an action to the annual plan {financial_year_label(year)}",
        done="Action added",
        back=back,
        button="Add action",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("strategy.change")
def action_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    action = selectors.action_get(partnership, pk)

    def save(data: dict[str, Any]) -> str:
        changed = services.action_update(actor=request.user, action=action, **data)
        return reverse(
            "commissioning:plan-detail",
            args=[partnership.slug, changed.strategy_id, changed.financial_year],
        )

    return form_page(
        request,
        ActionForm(posted(request), partnership=partnership, initial=action_initial(action)),
        save=save,
        title="Change an action of the annual plan",
        done="Action changed",
        back=reverse(
            "commissioning:plan-detail",
            args=[partnership.slug, action.strategy_id, action.financial_year],
        ),
        button="Save changes",
    )


OUTCOME_HEADER = [
    "id",
    "outcome",
    "measure",
    "of",
    "unit",
    "baseline_date",
    "baseline",
    "baseline_from_register",
    "target_date",
    "target",
    "read_on",
    "current",
    "progress_percent",
    "expected_percent",
    "standing",
    "illustrative",
]


@expensive
@require_GET
@partnership_page(None)
def outcome_export(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The strategy's target outcomes with their progress as read from the register."""
    strategy = visible_strategy(request, partnership, pk)
    on = as_of(request, strategy)
    rows = []
    for reading in measures.readings(partnership, list(selectors.outcome_list(strategy)), on):
        outcome, made = reading.outcome, reading.progress
        rows.append(
            [
                outcome.pk,
                outcome.title,
                outcome.measure,
                measures.Filters.of(outcome).words(),
                reading.unit,
                outcome.baseline_date.isoformat(),
                made.baseline,
                "yes" if reading.baseline_measured else "no",
                outcome.target_date.isoformat(),
                made.target,
                reading.on.isoformat(),
                made.current,
                "" if made.percent is None else made.percent,
                made.expected,
                made.standing,
                " ".join(sorted(outcome.illustrative or [])),
            ]
        )
    response = HttpResponse(csv_text(OUTCOME_HEADER, rows), content_type="text/csv; charset=utf-8")
    name = f"accord-{partnership.slug}-strategy-{strategy.pk}-outcomes-{on.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


PLAN_HEADER = [
    "id",
    "financial_year",
    "action",
    "due_date",
    "status",
    "proposals",
    "services",
    "contracts",
    "illustrative",
]


@expensive
@require_GET
@partnership_page(None)
def plan_export(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The strategy's annual plans, every year's actions with what they are linked to."""
    strategy = visible_strategy(request, partnership, pk)
    rows = [
        [
            action.pk,
            financial_year_label(action.financial_year),
            action.text,
            action.due_date.isoformat(),
            action.status,
            "; ".join(proposal.title for proposal in action.proposals.all()),
            "; ".join(service.reference for service in action.services.all()),
            "; ".join(contract.reference for contract in action.contracts.all()),
            " ".join(sorted(action.illustrative or [])),
        ]
        for action in selectors.action_list(strategy)
    ]
    response = HttpResponse(csv_text(PLAN_HEADER, rows), content_type="text/csv; charset=utf-8")
    name = f"accord-{partnership.slug}-strategy-{strategy.pk}-annual-plans.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
