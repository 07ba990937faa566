"""The public record of decisions: the register (a page, CSV and Popolo vote events) and
each decision's page (its outcome as it took effect, the route it took, the flag when a
step was outside the constitution, its audit record), open to anyone once the meeting's
agenda is published, exempt items aside ("not found", as if they did not exist); and the
call-in that scrutiny records within the call-in period."""

import json
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.core.models import IllustrativeLine
from accord.core.ratelimit import expensive
from accord.core.scope import Scope
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, paginate, partnership_page, posted

from .. import selectors, services
from ..exports import CSV_HEADER, csv_rows, popolo_vote_events, unit_votes
from ..forms import StepForm
from ..models import Ballot, Proposal, ProposalKind, ProposalState


def decision_url(proposal: Proposal) -> str:
    return reverse("decisions:decision-detail", args=[proposal.partnership.slug, proposal.pk])


def register_for(request: HttpRequest, partnership: Partnership) -> QuerySet[Proposal]:
    """The register as this reader may read it: all of it for the partnership's members
    and programme team, the published decisions for everyone else."""
    everything = policy.may(request.user, "decision.view", partnership)
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    return selectors.decision_register(
        partnership,
        published_only=not everything,
        state=state if state in ProposalState.values else "",
        kind=kind if kind in ProposalKind.values else "",
    )


def decision_seen(request: HttpRequest, partnership: Partnership, pk: int) -> Proposal:
    """The decision, if the reader may read its record ("not found" otherwise)."""
    proposal = selectors.decision_get(partnership, pk=pk)
    scope = Scope(
        partnership.pk,
        body_id=proposal.deciding_body_id,
        public=True,
        published=selectors.is_published(proposal),
    )
    policy.require(request.user, "decision.view_record", scope, not_found="No such decision")
    proposal.partnership = partnership
    return proposal


def site_of(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
@partnership_page("partnership.view")
def decision_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The decisions register, 50 a page, with its downloads."""
    page = paginate(request, register_for(request, partnership))
    for proposal in page:
        proposal.partnership = partnership
    return render(
        request,
        "decisions/decision_list.html",
        {
            "partnership": partnership,
            "page": page,
            "state": request.GET.get("state", ""),
            "kind": request.GET.get("kind", ""),
            "states": ProposalState.choices,
            "kinds": ProposalKind.choices,
            "sees_proposals": policy.may(request.user, "decision.view", partnership),
        },
    )


@expensive
@require_GET
@partnership_page("partnership.view")
def decision_csv(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The register as CSV: one row per decision, every cell safe to open in a spreadsheet."""
    decisions = list(register_for(request, partnership))
    for proposal in decisions:
        proposal.partnership = partnership
    rows = csv_rows(
        decisions, selectors.decision_audit(decisions), site=site_of(request), url=decision_url
    )
    response = HttpResponse(csv_text(CSV_HEADER, rows), content_type="text/csv; charset=utf-8")
    filename = f"accord-{partnership.slug}-decisions-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@expensive
@require_GET
@partnership_page("partnership.view")
def decision_popolo(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The register as Popolo motions and vote events, with each partner's vote."""
    decisions = list(register_for(request, partnership))
    for proposal in decisions:
        proposal.partnership = partnership
    data = popolo_vote_events(partnership, decisions, site=site_of(request), url=decision_url)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    filename = f"accord-{partnership.slug}-vote-events.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@partnership_page(None)
def decision_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A decision's public record."""
    proposal = decision_seen(request, partnership, pk)
    today = timezone.localdate()
    may_call_in = policy.may(request.user, "decision.call_in", partnership)
    audit = selectors.decision_audit([proposal])
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "partnership": partnership,
            "proposal": proposal,
            "route": selectors.decision_route(proposal),
            "audit": audit.get(proposal.pk),
            "ballots": [(ballot, votes_in_words(ballot)) for ballot in proposal.ballots.all()],
            "may_call_in": may_call_in,
            "call_in": selectors.call_in_window(proposal, on=today) if may_call_in else None,
            "sees_proposals": policy.may(request.user, "decision.view", partnership),
            "today": today,
        },
    )


WORDS = {"yes": "For", "no": "Against", "abstain": "Abstained", "absent": "Absent"}


@dataclass(frozen=True)
class VoteLine(IllustrativeLine):
    """A voting unit's line on the decision's page: its label and its vote in words."""

    label: str
    vote: str
    illustrative: tuple[str, ...] = ()


def votes_in_words(ballot: Ballot) -> list[VoteLine]:
    """Each voting unit's label and vote in words ("Absent" with none), the vote marked
    when it is illustrative."""
    return [
        VoteLine(unit["label"], WORDS[option], ("vote",) if illustrative else ())
        for unit, option, illustrative in unit_votes(ballot)
    ]


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def decision_call_in(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Scrutiny calls the decision in within its call-in period (the service refuses
    outside it, saying why)."""
    proposal = decision_seen(request, partnership, pk)
    policy.require(request.user, "decision.call_in", partnership)
    today = timezone.localdate()
    window = selectors.call_in_window(proposal, on=today)
    return form_page(
        request,
        StepForm(posted(request), partnership=partnership, step="call_in", initial={"on": today}),
        save=lambda data: services.decision_call_in(
            actor=request.user, proposal=proposal, body=None, **data
        ),
        title="Call the decision in",
        done="The call-in is recorded: the decision does not take effect and returns to "
        f"the {proposal.deciding_body.name}",
        back=decision_url(proposal),
        button="Call the decision in",
        lead=proposal.title,
        summary=[
            ("Decided", f"{proposal.decided_on:%-d %B %Y}" if proposal.decided_on else "not yet"),
            (
                "Call-in period",
                f"Until {window.ends_on:%-d %B %Y}"
                if window.open and window.ends_on
                else window.reason,
            ),
        ],
    )
