"""Procurement's pages: the procurements, one procurement with the steps its lifecycle
offers (``accord.rules.lifecycle.PROCUREMENT``, the table the API refuses from), and the
forms of two of its steps. Members and the programme team read; bids and scores are the
programme team's (accord.policy)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, paginate, partnership_page, posted
from accord.rules.lifecycle import PROCUREMENT

from . import notice_selectors, selectors, services
from .forms import OpenForm, SignForm
from .models import Bid, Evaluator, Lot

# The steps that have a page of their own (the others are the API's for now).
STEP_PAGES = {
    "open": "procurement:procurement-open",
    "sign": "procurement:procurement-sign",
    # The tender's steps (tender_views.py).
    "change_strategy": "procurement:procurement-update",
    "add_lot": "procurement:lot-add",
    "add_criterion": "procurement:criterion-add",
    "receive_bid": "procurement:bid-receive",
    "close": "procurement:procurement-close",
    "appoint_evaluator": "procurement:evaluator-add",
    "cancel": "procurement:procurement-cancel",
    # The evaluation's (evaluation_views.py); an evaluator's own steps are on "My evaluation".
    "moderate": "procurement:moderation",
    "complete_evaluation": "procurement:evaluation-complete",
    "award": "procurement:procurement-award",
    "publish_award_notice": "procurement:award-notice",
    "challenge": "procurement:challenge-record",
    "resolve_challenge": "procurement:challenge-resolve",
}


@require_GET
@partnership_page("procurement.view")
def procurement_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "procurement/procurement_list.html",
        {
            "partnership": partnership,
            "page": paginate(request, selectors.procurement_list(partnership)),
            "may_start": policy.may(request.user, "procurement.change", partnership),
        },
    )


@require_GET
@partnership_page("procurement.view")
def procurement_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    may_change = policy.may(request.user, "procurement.change", procurement)
    may_see_bids = policy.may(request.user, "procurement.view_bids", procurement)
    # The steps whose form chooses the board's decision are offered when there is one.
    facts = selectors.offered_facts(procurement, now=timezone.now(), on=timezone.localdate())
    steps = [
        (
            row,
            allowed,
            reverse(STEP_PAGES[row.trigger], args=[partnership.slug, pk]),
            PROCUREMENT.guards.get(row.guard or "", ""),
        )
        for row, allowed in PROCUREMENT.available(procurement.state, facts)
        if row.trigger in STEP_PAGES
    ]
    criteria = selectors.criteria_of(procurement)  # each sub-criterion under its criterion
    headings = selectors.heading_keys(criteria)
    # The ranking once the evaluation is complete (a procurement cancelled before then may
    # have no criteria to rank by), for those who see the bids.
    ranked = selectors.ranking(procurement) if may_see_bids else []
    return render(
        request,
        "procurement/procurement_detail.html",
        {
            "partnership": partnership,
            "procurement": procurement,
            # Each criterion with its sub-criteria's weights added up (None: it has none).
            "criteria": [
                (
                    c,
                    sum(s.weight for s in criteria if s.parent_id == c.pk)
                    if c.pk in headings
                    else None,
                )
                for c in criteria
            ],
            "weights": sum(
                criterion.weight for criterion in criteria if criterion.parent_id is None
            ),
            "lots": Lot.objects.filter(procurement=procurement),
            "panel": (
                Evaluator.objects.filter(procurement=procurement).select_related("user")
                if may_change
                else None
            ),
            "standstill": procurement.rules.standstill,
            "steps": steps if may_change else [],
            "bids": (
                Bid.objects.filter(procurement=procurement).select_related("provider")
                if may_see_bids
                else None
            ),
            "ranked": ranked,
            # The evaluation's report: the programme team's; the board's once awarded.
            "may_read_evaluation": policy.may(
                request.user, "procurement.view_evaluation", procurement
            ),
            # A member of the panel reaches their own scoring (evaluation_views.py).
            "on_panel": selectors.evaluator_of(procurement, request.user) is not None,
        },
    )


@require_GET
@partnership_page("procurement.view")
def evaluation_report(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The evaluation, read-only: the bids received, the moderated scores with their
    rationale, the weighted totals and the ranking. The programme team's at any time; the
    partnership's members' once the contract is awarded (403 before, as the bids are)."""
    procurement = selectors.procurement_get(partnership, pk)
    report = notice_selectors.evaluation_report_for(procurement, request.user)
    return render(
        request,
        "procurement/evaluation/report.html",
        {
            "partnership": partnership,
            "procurement": procurement,
            "report": report,
            "rows": [(line, line.cells(report.criteria)) for line in report.lines],
            "ranked": any(line.rank is not None for line in report.lines),
        },
    )


def back_to(partnership: Partnership, pk: int) -> str:
    return reverse("procurement:procurement-detail", args=[partnership.slug, pk])


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def procurement_open(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    return form_page(
        request,
        OpenForm(posted(request), partnership=partnership),
        save=lambda data: services.procurement_open(
            actor=request.user, procurement=procurement, decision=data["decision"]
        ),
        title=f"Publish the tender {procurement.reference}",
        lead="The tender opens only on the board's carried decision approving its tendering "
        "strategy, with criteria whose weights add up to 100 and a deadline for bids.",
        done="Tender published",
        back=back_to(partnership, pk),
        button="Publish the tender",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def contract_sign(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    return form_page(
        request,
        SignForm(posted(request), partnership=partnership),
        save=lambda data: services.contract_sign(
            actor=request.user, procurement=procurement, **data
        ),
        title=f"Sign the contract of {procurement.reference}",
        lead="Refused during the standstill and while a challenge is open. The contract is "
        "entered in the contracts register as let, on the tender award.",
        done="Contract signed and entered in the register",
        back=back_to(partnership, pk),
        button="Sign the contract",
    )
