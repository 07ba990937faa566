"""The register pages of one partnership: partners, bodies, people, the constitution and
positions. Members of the partnership, its programme team and administrators see them."""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord import policy
from accord.partnerships.models import Partnership
from accord.partnerships.web import paginate, partnership_page

from .. import selectors, services
from ..forms import SeatsOnForm


def register_context(request: HttpRequest, partnership: Partnership) -> dict[str, object]:
    return {
        "partnership": partnership,
        "may_change": policy.may(request.user, "register.change", partnership),
    }


def speaks_for(request: HttpRequest, partnership: Partnership) -> bool:
    """Whether the reader represents a partner today (its positions and signatures are
    theirs to give: the governance service's rule)."""
    return bool(
        services.partners_spoken_for(
            selectors.people_of(partnership, request.user), timezone.localdate()
        )
    )


@require_GET
@partnership_page("register.view")
def partner_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "governance/partner_list.html",
        {
            **register_context(request, partnership),
            "partners": selectors.partner_list(partnership),
        },
    )


@require_GET
@partnership_page("register.view")
def body_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "governance/body_list.html",
        {**register_context(request, partnership), "bodies": selectors.body_list(partnership)},
    )


@require_GET
@partnership_page("register.view")
def person_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "governance/person_list.html",
        {
            **register_context(request, partnership),
            "people": selectors.person_list(partnership, on=today),
            "today": today,
        },
    )


@require_GET
@partnership_page("register.view")
def body_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Who sat on the body on a chosen date (today unless the visitor picks another),
    and everyone who ever held a term on it."""
    body = selectors.body_get(partnership, pk=pk)
    today = timezone.localdate()
    form = SeatsOnForm(request.GET if "on" in request.GET else None, initial={"on": today})
    on: datetime.date | None = today
    if form.is_bound:
        on = form.cleaned_data["on"] if form.is_valid() else None
    return render(
        request,
        "governance/body_detail.html",
        {
            **register_context(request, partnership),
            "body": body,
            "form": form,
            "on": on,
            "seats": selectors.body_seats_on(body, on=on) if on else [],
            # Every term anyone held, 50 a page, so the page stays the same size however
            # long the body has existed.
            "history": paginate(request, selectors.body_history(body)),
        },
    )


@require_GET
@partnership_page("register.view")
def constitution_detail(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    versions = selectors.constitution_versions(partnership)
    pages = selectors.constitution_states(partnership, versions, on=today)
    return render(
        request,
        "governance/constitution_detail.html",
        {
            **register_context(request, partnership),
            "versions": pages,
            "today": today,
            "speaks_for": speaks_for(request, partnership),
        },
    )


@require_GET
@partnership_page("register.view")
def question_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return render(
        request,
        "governance/question_list.html",
        {
            **register_context(request, partnership),
            "questions": selectors.question_list(partnership),
        },
    )


@require_GET
@partnership_page("register.view")
def question_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    question = selectors.question_get(partnership, pk=pk)
    partners = list(selectors.partner_list(partnership))
    chosen = request.GET.get("partner", "")
    partner_id = next((p.pk for p in partners if str(p.pk) == chosen), None)
    own = selectors.partners_represented(
        partnership, selectors.people_of(partnership, request.user), on=timezone.localdate()
    )
    return render(
        request,
        "governance/question_detail.html",
        {
            **register_context(request, partnership),
            "question": question,
            "positions": selectors.positions_side_by_side(question, partner_id=partner_id),
            "partners": partners,
            "partner_id": partner_id,
            "own_partners": own,
            "speaks_for": speaks_for(request, partnership),
        },
    )
