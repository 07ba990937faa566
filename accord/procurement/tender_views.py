"""The tender's pages, the first half of a procurement's path, for the programme team
(``procurement.change``): start a procurement by drafting its tendering strategy, change
it and add its lots and criteria while it is planned, record the bids, close the tender,
add evaluators and cancel. Each page calls one service, which refuses from the lifecycle
table (``accord.rules.lifecycle.PROCUREMENT``); the procurement page draws the buttons
from the same table (``views.STEP_PAGES``). The API does the same through the same
services (accord/procurement/api.py)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

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
from .models import Bid, Procurement
from .tender_forms import BidForm, CancelForm, CriterionForm, EvaluatorForm, LotForm, StrategyForm


def detail_of(procurement: Procurement) -> str:
    return reverse(
        "procurement:procurement-detail", args=[procurement.partnership.slug, procurement.pk]
    )


def heading(procurement: Procurement) -> list[tuple[str, str]]:
    return [
        ("Procurement", f"{procurement.reference} {procurement.title}"),
        ("Stage", procurement.get_state_display()),
    ]


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def procurement_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = StrategyForm(posted(request), partnership=partnership)

    def save(data: dict[str, Any]) -> str:
        procurement = services.procurement_create(
            actor=request.user, partnership=partnership, **form.strategy()
        )
        return detail_of(procurement)

    return form_page(
        request,
        form,
        save=save,
        title="Start a procurement",
        lead="Draft the tendering strategy: what is to be bought, its estimated value and "
        "term, the procedure, the rules it runs under and the timetable. Add its lots and "
        "evaluation criteria next; the board approves the strategy before the tender opens.",
        done="Tendering strategy drafted",
        back=reverse("procurement:procurement-list", args=[partnership.slug]),
        button="Save the tendering strategy",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def procurement_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    form = StrategyForm(
        posted(request),
        partnership=partnership,
        with_services=False,
        initial=StrategyForm.initial_of(procurement),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.procurement_update(
            actor=request.user, procurement=procurement, **form.strategy()
        ),
        title=f"Change the tendering strategy of {procurement.reference}",
        lead="The strategy changes only while the procurement is being planned: once the "
        "tender is published it is fixed.",
        done="Tendering strategy changed",
        back=detail_of(procurement),
        button="Save changes",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def lot_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    return form_page(
        request,
        LotForm(posted(request), partnership=partnership),
        save=lambda data: services.lot_add(actor=request.user, procurement=procurement, **data),
        title=f"Add a lot to {procurement.reference}",
        lead="A lot is a part of what is bought that can be let on its own.",
        summary=heading(procurement),
        done="Lot added",
        back=detail_of(procurement),
        button="Add the lot",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def criterion_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    criteria = selectors.criteria_of(procurement)
    total = sum(criterion.weight for criterion in criteria if criterion.parent_id is None)
    return form_page(
        request,
        CriterionForm(posted(request), partnership=partnership, procurement=procurement),
        save=lambda data: services.criterion_add(
            actor=request.user, procurement=procurement, **data
        ),
        title=f"Add an evaluation criterion to {procurement.reference}",
        lead="Quality criteria are scored by each evaluator on their scale, then moderated; "
        "price is scored by the formula. The weights add up to 100 before the tender opens; "
        "there is one price criterion at most. A quality criterion may be split into "
        "sub-criteria, which the evaluators score instead of it: their weights add up to its "
        "weight.",
        summary=[
            *heading(procurement),
            (
                "Criteria so far",
                "; ".join(
                    (f"{c.parent.name}: " if c.parent else "") + f"{c.name} ({c.weight})"
                    for c in criteria
                )
                or "None yet",
            ),
            ("Weights so far", f"{total} of 100"),
        ],
        done="Criterion added",
        back=detail_of(procurement),
        button="Add the criterion",
    )


def late_warning(request: HttpRequest, bid: Bid) -> None:
    """Say on the procurement's page that a bid just recorded is late and excluded."""
    if bid.late:
        messages.warning(
            request,
            f"The bid of {bid.provider.name} is recorded as late and excluded from the "
            f"evaluation. {bid.excluded_reason}.",
        )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def bid_receive(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    form = BidForm(posted(request), partnership=partnership)

    def save(data: dict[str, Any]) -> str:
        bid = services.bid_receive(
            actor=request.user,
            procurement=procurement,
            provider=data["provider"],
            price=data["price"],
            received_at=form.received_at(),
        )
        late_warning(request, bid)
        return detail_of(procurement)

    deadline = procurement.deadline
    return form_page(
        request,
        form,
        save=save,
        title=f"Record a bid for {procurement.reference}",
        lead="Record each bid with the moment it was received. A bid received after the "
        "deadline is kept: it is recorded as late and excluded from the evaluation, with the "
        "reason.",
        summary=[
            *heading(procurement),
            (
                "Deadline for bids",
                timezone.localtime(deadline).strftime("%-d %B %Y, %H:%M")
                if deadline
                else "Not set",
            ),
        ],
        done="Bid recorded",
        back=detail_of(procurement),
        button="Record the bid",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def procurement_close(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=lambda data: services.procurement_close(actor=request.user, procurement=procurement),
        title=f"Close the tender {procurement.reference}?",
        follows=[
            "The tender closes once its deadline for bids has passed, and the evaluation "
            "begins: the panel declares its conflicts and scores the bids.",
            "A bid that arrives later can still be recorded: as late, and excluded.",
        ],
        summary=heading(procurement),
        done="Tender closed: the evaluation has begun",
        back=detail_of(procurement),
        button="Close the tender",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def evaluator_add(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    form = EvaluatorForm(posted(request), partnership=partnership)
    return form_page(
        request,
        form,
        save=lambda data: services.evaluator_add(
            actor=request.user, procurement=procurement, user=form.person_user()
        ),
        title=f"Add an evaluator to {procurement.reference}",
        lead="Each evaluator scores the bids on their own and sees the panel's scores only "
        "once theirs are submitted. Evaluators are added before the evaluation is complete.",
        summary=heading(procurement),
        done="Evaluator added to the panel",
        back=detail_of(procurement),
        button="Add to the panel",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def procurement_cancel(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    return confirm_page(
        request,
        CancelForm(confirmed(request), partnership=partnership),
        save=lambda data: services.procurement_cancel(
            actor=request.user, procurement=procurement, reason=data["reason"]
        ),
        title=f"Cancel the procurement {procurement.reference}?",
        follows=[
            "The procurement stops where it is: no further bids, scores or award.",
            "It stays in the list as cancelled, with its reason in the audit trail.",
        ],
        warning="This cannot be undone.",
        summary=heading(procurement),
        done="Procurement cancelled",
        back=detail_of(procurement),
        button="Cancel the procurement",
    )
