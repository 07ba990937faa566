"""Forms and buttons that move a proposal: the programme team, and members casting their
own partner's vote. Each calls one service; refusals are shown, nothing is saved."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accord import policy
from accord.core.errors import AccordError, refusal_text
from accord.governance.selectors import people_of
from accord.meetings.models import Meeting
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import (
    ConfirmForm,
    add_service_error,
    confirm_page,
    confirmed,
    form_page,
    partnership_page,
    posted,
)

from .. import services
from ..forms import (
    ProposalCommitsForm,
    ProposalForm,
    RatificationForm,
    StageCompleteForm,
    StageForm,
    StepForm,
    TableForm,
    VoteForm,
)
from ..models import Ballot, Proposal, Stage, Vote
from .pages import ballot_page

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


def proposal_in(partnership: Partnership, pk: int) -> Proposal:
    return get_in(partnership, Proposal.objects.select_related("deciding_body"), pk)


def refused(request: HttpRequest, error: AccordError | ValidationError) -> None:
    messages.error(request, refusal_text(error))


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def proposal_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
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
        back=reverse("decisions:proposal-list", args=[partnership.slug]),
        button="Draft proposal",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def proposal_table(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    proposal = proposal_in(partnership, pk)
    return form_page(
        request,
        TableForm(posted(request), partnership=partnership, proposal=proposal),
        save=lambda data: services.proposal_table(actor=request.user, proposal=proposal, **data),
        title="Table the proposal at a meeting",
        done="Proposal added to the meeting's agenda",
        back=proposal_url(proposal),
        button="Table proposal",
        lead=proposal.title,
    )


@require_POST
@partnership_page("decision.change")
def ballot_open(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    proposal = proposal_in(partnership, pk)
    meeting = get_in(partnership, Meeting, request.POST.get("meeting", ""))
    try:
        ballot = services.ballot_open(actor=request.user, proposal=proposal, meeting=meeting)
    except (AccordError, ValidationError) as error:
        refused(request, error)
        return redirect(proposal_url(proposal))
    messages.success(request, "The vote is open")
    return redirect("decisions:ballot-detail", partnership.slug, ballot.pk)


@require_http_methods(["POST"])
@partnership_page("decision.vote")
def vote_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Cast a vote: the programme team records the vote of anyone entitled, as cast in the
    meeting, naming the caster; a member casts their own partner's vote as its caster."""
    ballot = get_in(partnership, Ballot, pk)
    officer = policy.may(request.user, "decision.change", partnership)
    form = VoteForm(
        request.POST,
        partnership=partnership,
        ballot=ballot,
        casters=services.vote_casters(ballot),
        people=None if officer else people_of(partnership, request.user),
    )
    back = reverse("decisions:ballot-detail", args=[partnership.slug, ballot.pk])
    if not form.is_valid():
        return ballot_page(request, partnership, ballot, form)
    try:
        services.vote_cast(
            actor=request.user, ballot=ballot, for_the_record=officer, **form.cleaned_data
        )
    except ValidationError as error:
        add_service_error(form, error)
        return ballot_page(request, partnership, ballot, form)
    except AccordError as error:
        refused(request, error)
    else:
        messages.success(request, "Vote recorded")
    return redirect(back)


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def ballot_close(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Confirm, then close the vote: the outcome is final and public."""
    ballot = get_in(partnership, Ballot.objects.select_related("proposal", "meeting"), pk)
    ballot.proposal.partnership = partnership

    def save(data: dict[str, Any]) -> str:
        closed = services.ballot_close(actor=request.user, ballot=ballot)
        messages.info(request, f"Outcome: {closed.get_outcome_display().lower()}")
        return proposal_url(ballot.proposal)

    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=save,
        title="Close the vote",
        follows=[
            "The rule fixed when the vote opened is applied to the votes cast now; a partner "
            "that has not voted counts as absent.",
            "The outcome, its counts and its reason are recorded in the audit trail and "
            "shown on the proposal's page and in the minutes, to everyone who can see the "
            "item.",
            "Nobody can cast or change a vote afterwards.",
            "Closing cannot be undone: a decision not carried follows the constitution's "
            "route (a compromise, an escalation, a later meeting).",
        ],
        done="The vote is closed",
        back=reverse("decisions:ballot-detail", args=[partnership.slug, ballot.pk]),
        button="Close the vote",
        lead=f"{ballot.proposal.title}: {ballot.meeting}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def vote_ratify(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    vote = get_in(partnership, Vote.objects.select_related("ballot__proposal", "partner"), pk)
    vote.ballot.proposal.partnership = partnership
    return form_page(
        request,
        RatificationForm(posted(request), partnership=partnership),
        save=lambda data: services.vote_ratify(actor=request.user, vote=vote, **data),
        title="Record the partner's ratification",
        done="Ratification recorded",
        back=proposal_url(vote.ballot.proposal),
        button="Record",
        lead=f"{vote.partner or vote.cast_by}: {vote.ballot.proposal.title}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def step_create(request: HttpRequest, partnership: Partnership, pk: int, step: str) -> HttpResponse:
    if step not in STEPS:
        raise PermissionDenied("No such step")
    proposal = proposal_in(partnership, pk)
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
            partnership=partnership,
            step=step,
            initial={"on": timezone.localdate()},
        ),
        save=save,
        title=title,
        done="Recorded",
        back=proposal_url(proposal),
        button=title,
        lead=proposal.title,
    )


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def stage_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Add a stage to the pathway, e.g. ratification by a partner's cabinet, or a
    Secretary of State's consent."""
    proposal = proposal_in(partnership, pk)
    return form_page(
        request,
        StageForm(posted(request), partnership=partnership),
        save=lambda data: services.stage_add(actor=request.user, proposal=proposal, **data),
        title="Add a stage to the pathway",
        done="Stage added",
        back=proposal_url(proposal),
        button="Add stage",
        lead=proposal.title,
    )


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def stage_complete(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    stage = get_in(partnership, Stage.objects.select_related("proposal", "body"), pk)
    stage.proposal.partnership = partnership
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
        lead=f"{stage.proposal.title}: {stage}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("decision.change")
def proposal_commits(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Record the sum the decision commits, before its vote opens (issue 17 item 6)."""
    proposal = proposal_in(partnership, pk)
    return form_page(
        request,
        ProposalCommitsForm(
            posted(request), partnership=partnership, initial={"commits": proposal.commits}
        ),
        save=lambda data: services.proposal_commits_set(
            actor=request.user, proposal=proposal, **data
        ),
        title="Record the sum the decision commits",
        lead="Where a partner's representative may commit less than this sum (their "
        "delegated limit), the partner's vote for counts only subject to ratification by "
        "its own body.",
        done="Sum recorded",
        back=proposal_url(proposal),
        button="Save the sum",
        summary=[("Proposal", proposal.title)],
    )
