"""Pages of an open tender's clarification questions (issue 16) and of a provider's own
bids: the same services, selectors and policy actions as the API (clarifications_api.py,
bids_api.py).

The published questions and answers are open to anyone, and never say who asked; the
programme team sees every question with its asker, a provider's people their own
providers' questions. The bids page lists the bids of the providers the person signs in
for (the programme team: every bid), never a score, with the tenders open for bids.
"""

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.commissioning.models import Provider
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, paginate, partnership_page, posted
from accord.rules.lifecycle import PROCUREMENT, LifecycleError

from . import selectors, services
from .clarification_forms import AnswerForm, AskForm
from .models import ClarificationChannel, Procurement

TEMPLATES = "procurement/clarifications"


def providers_seen(request: HttpRequest, partnership: Partnership) -> frozenset[int] | None:
    """None for the programme team (every question and bid); else the person's providers."""
    if policy.may(request.user, "clarification.answer", partnership):
        return None
    return policy.provider_ids(request.user, on=timezone.localdate())


def asking_refused(procurement: Procurement) -> str:
    """Why a question cannot be asked now ("" when it can): the lifecycle's words."""
    now = timezone.now()
    facts = selectors.procurement_facts(procurement, now=now, on=timezone.localdate(now))
    try:
        PROCUREMENT.require(procurement.state, "ask", facts)
    except LifecycleError as error:
        return str(error)
    return ""


def list_url(partnership: Partnership, procurement: Procurement) -> str:
    return reverse("procurement:clarification-list", args=[partnership.slug, procurement.pk])


@require_GET
@partnership_page("clarification.view")
def clarification_list(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.published_procurement(partnership, pk)
    seen = providers_seen(request, partnership)
    received = None
    if policy.may(request.user, "clarification.view_received", partnership):
        received = list(selectors.clarifications_received(procurement, seen))
    return render(
        request,
        f"{TEMPLATES}/clarification_list.html",
        {
            "partnership": partnership,
            "procurement": procurement,
            "published": selectors.clarifications_published(procurement),
            "received": received,
            "team": seen is None,
            "may_ask": policy.may(request.user, "clarification.ask", partnership),
            "asking_refused": asking_refused(procurement),
            "may_answer": policy.may(request.user, "clarification.answer", partnership)
            and PROCUREMENT.allows(procurement.state, "answer"),
        },
    )


def askers(request: HttpRequest, partnership: Partnership) -> QuerySet[Provider]:
    seen = providers_seen(request, partnership)
    rows = Provider.objects.filter(partnership=partnership).order_by("name")
    return rows if seen is None else rows.filter(pk__in=seen)


@require_http_methods(["GET", "POST"])
@partnership_page("clarification.ask")
def clarification_ask(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.published_procurement(partnership, pk)
    team = providers_seen(request, partnership) is None
    form = AskForm(posted(request), partnership=partnership, providers=askers(request, partnership))
    deadline = timezone.localtime(procurement.deadline) if procurement.deadline else None
    return form_page(
        request,
        form,
        save=lambda data: services.clarification_ask(
            actor=request.user,
            procurement=procurement,
            provider=form.asker(),
            question=data["question"],
            channel=ClarificationChannel.EMAIL if team else ClarificationChannel.ACCORD,
        ),
        title=(
            f"Record a question received by e-mail: {procurement.reference}"
            if team
            else f"Ask a clarification question: {procurement.reference}"
        ),
        lead=(
            "Questions are taken while the tender is open, until the deadline for bids"
            + (f" ({deadline:%-d %B %Y, %H:%M})" if deadline else "")
            + ". The programme team answers, and publishes the question and its answer to "
            "every bidder and on the tender's public page, never saying who asked."
        ),
        summary=[("Tender", procurement.title)],
        done="Question sent: it is published with its answer once answered",
        back=list_url(partnership, procurement),
        button="Record the question" if team else "Send the question",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("clarification.answer")
def clarification_answer(
    request: HttpRequest, partnership: Partnership, pk: int, clarification_pk: int
) -> HttpResponse:
    procurement = selectors.published_procurement(partnership, pk)
    clarification = selectors.clarification_get(procurement, clarification_pk)
    form = AnswerForm(
        posted(request), partnership=partnership, initial={"question": clarification.question}
    )
    asked_by = (
        clarification.asked_by.get_username() if clarification.asked_by else "no one signed in"
    )
    return form_page(
        request,
        form,
        save=lambda data: services.clarification_answer(
            actor=request.user,
            clarification=clarification,
            answer=data["answer"],
            question=data["question"],
        ),
        title=f"Answer question {clarification.number}: {procurement.reference}",
        lead="Publishing sends the question, in the words below, and its answer to every "
        "bidder and shows them on the tender's public page. Who asked is never shown.",
        summary=[
            ("Asked by (not published)", f"{clarification.provider.name} ({asked_by})"),
            ("How", clarification.get_channel_display()),
            ("Asked", f"{timezone.localtime(clarification.asked_at):%-d %B %Y, %H:%M}"),
            ("Question as asked", clarification.question),
        ],
        done=f"Question {clarification.number} answered and published to every bidder",
        back=list_url(partnership, procurement),
        button="Publish the answer",
    )


@require_GET
@partnership_page("bid.view_own")
def own_bids(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """A provider's people's bids in the partnership's procurements (the programme team:
    every bid), with the tenders open for bids, whose questions they may read and ask."""
    everything = policy.may(request.user, "procurement.view_bids", partnership)
    providers = None if everything else policy.provider_ids(request.user, on=timezone.localdate())
    return render(
        request,
        f"{TEMPLATES}/own_bids.html",
        {
            "partnership": partnership,
            "page": paginate(request, selectors.bids_seen(partnership, providers)),
            "open_tenders": selectors.open_tenders(
                frozenset({partnership.pk}), now=timezone.now()
            ).order_by("deadline", "reference"),
            "everything": everything,
        },
    )
