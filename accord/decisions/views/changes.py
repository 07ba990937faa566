"""Forms and buttons that move a proposal: the programme team, and members casting their
own partner's vote. Each calls one service; refusals are shown, nothing is saved."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accord import policy
from accord.core.errors import AccordError, refusal_text
from accord.governance.forms import add_service_error
from accord.governance.views.changes import form_page, posted
from accord.meetings.models import Meeting

from .. import services
from ..forms import (
    ProposalForm,
    RatificationForm,
    StageCompleteForm,
    StageForm,
    StepForm,
    TableForm,
    VoteForm,
)
from ..models import Ballot, Proposal, Stage, Vote
from .pages import ballot_page, partnership_for, people_of

STEPS: dict[str, tuple[str, Callable[..., Proposal]]] = {
    "compromise": ("Seek a compromise", services.proposal_compromise),
    "escalate": ("Escalate the dispute", services.proposal_escalate),
    "escalation_result": ("Record the escalation body's result", services.escalation_result_record),
    "decide_outside": (
        "Record a decision taken outside the constitution",
        services.decision_record_outside_constitution,
    ),
    "call_in": ("Record a call-in", services.decision_call_in),
    "withdraw": ("Withdraw the proposal", services.proposal_withdraw),
}


def proposal_url(proposal: Proposal) -> str:
    return reverse("decisions:proposal-detail", args=[proposal.partnership.slug, proposal.pk])


def changing(request: HttpRequest, slug: str, pk: int) -> Proposal:
    partnership = partnership_for(request, slug, "decision.change")
    return get_object_or_404(
        Proposal.objects.select_related("partnership", "deciding_body"),
        pk=pk,
        partnership=partnership,
    )


def refused(request: HttpRequest, error: AccordError | ValidationError) -> None:
    messages.error(request, refusal_text(error))


@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for(request, slug, "decision.change")

    def save(data: dict[str, Any]) -> str:
        proposal = services.proposal_create(
            actor=request.user, partnership=partnership, on=timezone.localdate(), **data
        )
        return proposal_url(proposal)

    return form_page(
        request,
        ProposalForm(posted(request), partnership=partnership),
        save=save,
        title="Draft a proposal",
        done="Proposal drafted, with its pathway",
        back=reverse("decisions:proposal-list", args=[slug]),
        button="Draft proposal",
    )


@require_http_methods(["GET", "POST"])
def proposal_table(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = changing(request, slug, pk)
    return form_page(
        request,
        TableForm(posted(request), partnership=proposal.partnership, proposal=proposal),
        save=lambda data: services.proposal_table(actor=request.user, proposal=proposal, **data),
        title="Table the proposal at a meeting",
        done="Proposal added to the meeting's agenda",
        back=proposal_url(proposal),
        button="Table proposal",
        context={"lead": proposal.title},
    )


@require_POST
def ballot_open(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = changing(request, slug, pk)
    meeting = get_object_or_404(
        Meeting, pk=request.POST.get("meeting"), partnership=proposal.partnership
    )
    try:
        ballot = services.ballot_open(actor=request.user, proposal=proposal, meeting=meeting)
    except (AccordError, ValidationError) as error:
        refused(request, error)
        return redirect(proposal_url(proposal))
    messages.success(request, "The vote is open")
    return redirect("decisions:ballot-detail", slug, ballot.pk)


@require_http_methods(["POST"])
def vote_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cast a vote: the programme team records any entitled person's vote as cast in the
    meeting; a member casts only as themselves."""
    partnership = partnership_for(request, slug, "decision.vote")
    ballot = get_object_or_404(Ballot, pk=pk, partnership=partnership)
    officer = policy.may(request.user, "decision.change", partnership)
    people = None if officer else people_of(request, partnership)
    form = VoteForm(request.POST, partnership=partnership, ballot=ballot, people=people)
    back = reverse("decisions:ballot-detail", args=[slug, ballot.pk])
    if not form.is_valid():
        return ballot_page(request, partnership, ballot, form)
    try:
        services.vote_cast(actor=request.user, ballot=ballot, **form.cleaned_data)
    except ValidationError as error:
        add_service_error(form, error)
        return ballot_page(request, partnership, ballot, form)
    except AccordError as error:
        refused(request, error)
    else:
        messages.success(request, "Vote recorded")
    return redirect(back)


@require_POST
def ballot_close(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, "decision.change")
    ballot = get_object_or_404(
        Ballot.objects.select_related("proposal__partnership"), pk=pk, partnership=partnership
    )
    try:
        ballot = services.ballot_close(actor=request.user, ballot=ballot)
    except (AccordError, ValidationError) as error:
        refused(request, error)
        return redirect("decisions:ballot-detail", slug, pk)
    messages.success(request, f"The vote is closed: {ballot.get_outcome_display().lower()}")
    return redirect(proposal_url(ballot.proposal))


@require_http_methods(["GET", "POST"])
def vote_ratify(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, "decision.change")
    vote = get_object_or_404(
        Vote.objects.select_related("ballot__proposal__partnership", "partner"),
        pk=pk,
        partnership=partnership,
    )
    return form_page(
        request,
        RatificationForm(posted(request), partnership=partnership),
        save=lambda data: services.vote_ratify(actor=request.user, vote=vote, **data),
        title="Record the partner's ratification",
        done="Ratification recorded",
        back=proposal_url(vote.ballot.proposal),
        button="Record",
        context={"lead": f"{vote.partner or vote.cast_by}: {vote.ballot.proposal.title}"},
    )


@require_http_methods(["GET", "POST"])
def step_create(request: HttpRequest, slug: str, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise PermissionDenied("No such step")
    proposal = changing(request, slug, pk)
    title, service = STEPS[step]

    def save(data: dict[str, Any]) -> None:
        if step in {"decide_outside", "call_in", "withdraw", "escalation_result"}:
            data.pop("as_it_happened", None)
        if step == "call_in":
            data["body"] = None
        service(actor=request.user, proposal=proposal, **data)

    return form_page(
        request,
        StepForm(
            posted(request),
            partnership=proposal.partnership,
            step=step,
            initial={"on": timezone.localdate()},
        ),
        save=save,
        title=title,
        done="Recorded",
        back=proposal_url(proposal),
        button=title,
        context={"lead": proposal.title},
    )


@require_http_methods(["GET", "POST"])
def stage_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Add a stage to the pathway, e.g. ratification by a partner's cabinet, or a
    Secretary of State's consent."""
    proposal = changing(request, slug, pk)
    return form_page(
        request,
        StageForm(posted(request), partnership=proposal.partnership),
        save=lambda data: services.stage_add(actor=request.user, proposal=proposal, **data),
        title="Add a stage to the pathway",
        done="Stage added",
        back=proposal_url(proposal),
        button="Add stage",
        context={"lead": proposal.title},
    )


@require_http_methods(["GET", "POST"])
def stage_complete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = partnership_for(request, slug, "decision.change")
    stage = get_object_or_404(
        Stage.objects.select_related("proposal__partnership", "body"),
        pk=pk,
        partnership=partnership,
    )
    return form_page(
        request,
        StageCompleteForm(
            posted(request), partnership=partnership, initial={"on": timezone.localdate()}
        ),
        save=lambda data: services.stage_complete(actor=request.user, stage=stage, **data),
        title="Record a stage of the pathway",
        done="Stage recorded",
        back=proposal_url(stage.proposal),
        button="Record",
        context={"lead": f"{stage.proposal.title}: {stage}"},
    )
