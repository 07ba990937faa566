"""Decision pages: the register, a proposal's story, a vote, and the rule simulator."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord import policy
from accord.governance.selectors import people_of
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import paginate, partnership_page
from accord.rules import Constitution, parse_rule, simulate

from .. import effects, selectors, services
from ..forms import CandidateForm, VoteForm
from ..models import Ballot, ProposalKind, ProposalState


@require_GET
@partnership_page("decision.view")
def proposal_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The decisions register: every proposal, filtered by state or type, 50 a page."""
    state = request.GET.get("state", "")
    kind = request.GET.get("kind", "")
    state = state if state in ProposalState.values else ""
    kind = kind if kind in ProposalKind.values else ""
    page = paginate(request, selectors.proposal_list(partnership, state=state, kind=kind))
    return render(
        request,
        "decisions/proposal_list.html",
        {
            "partnership": partnership,
            "page": page,
            "state": state,
            "kind": kind,
            "states": ProposalState.choices,
            "kinds": ProposalKind.choices,
            "may_change": policy.may(request.user, "decision.change", partnership),
        },
    )


# Steps the "under the constitution in force" sentence leaves out: a determination comes
# with the escalation's result, and withdrawing is always open to the programme team.
UNDESCRIBED = frozenset({"determination", "withdraw"})


@require_GET
@partnership_page("decision.view")
def proposal_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A proposal's story: pathway, every vote with its rule, counts and reason, every step
    of a dispute (flagged when outside the constitution), and what may happen next."""
    proposal = selectors.proposal_get(partnership, pk=pk)
    today = timezone.localdate()
    may_change = policy.may(request.user, "decision.change", partnership)
    tabling = selectors.last_tabling(proposal)
    tabled_item = tabling.item if tabling else None
    open_ballot = next((b for b in proposal.ballots.all() if b.is_open), None)
    steps = selectors.next_steps(proposal, on=today) if may_change else []
    # A step has a button unless it is recorded elsewhere (a determination, with the
    # escalation's result) or cannot be taken here (a vote with no meeting to hold it at);
    # the sentence names only the steps a constitution provides for or not.
    offered = [
        (row, within)
        for row, within in steps
        if row.trigger != "determination" and (row.trigger != "open_ballot" or tabled_item)
    ]
    described = [(row, within) for row, within in steps if row.trigger not in UNDESCRIBED]
    return render(
        request,
        "decisions/proposal_detail.html",
        {
            "partnership": partnership,
            "proposal": proposal,
            "story": selectors.proposal_story(proposal),
            "next_steps": offered,
            "described_steps": described,
            "has_next": bool(open_ballot or offered),
            "may_change": may_change,
            "tabled_item": tabled_item,
            "open_ballot": open_ballot,
            "today": today,
            "effects": effects.effects_of(proposal, user=request.user, on=today),
        },
    )


def ballot_page(
    request: HttpRequest, partnership: Partnership, ballot: Ballot, form: VoteForm | None = None
) -> HttpResponse:
    officer = policy.may(request.user, "decision.change", partnership)
    votes = list(ballot.votes.select_related("cast_by").order_by("created_at"))
    current = {vote.unit: vote for vote in votes if vote.current}
    if form is None and ballot.is_open and policy.may(request.user, "decision.vote", partnership):
        form = VoteForm(
            partnership=partnership,
            ballot=ballot,
            casters=services.vote_casters(ballot),
            people=None if officer else people_of(partnership, request.user),
        )
    return render(
        request,
        "decisions/ballot_detail.html",
        {
            "partnership": partnership,
            "ballot": ballot,
            "rows": [(unit, current.get(unit["key"])) for unit in ballot.units],
            "history": [vote for vote in votes if not vote.current],
            "rule_text": parse_rule(ballot.rule).describe(),
            "form": form if ballot.is_open else None,
            "officer": officer,
        },
    )


@require_GET
@partnership_page("decision.view")
def ballot_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A vote: the votes so far per voting member, and the form to cast one while open."""
    ballot = get_in(partnership, Ballot.objects.select_related("proposal", "meeting__body"), pk)
    return ballot_page(request, partnership, ballot)


@require_GET
@partnership_page("decision.view")
def simulator(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Replay the partnership's disputes under every version of its constitution, and a
    rule the user types: the question before the Commissioning Body on 11 December 2009."""
    constitutions = selectors.simulator_constitutions(partnership)
    cases = selectors.simulator_cases(partnership)
    form = CandidateForm(request.GET if "rule" in request.GET else None)
    if form.is_bound and form.is_valid() and form.cleaned_data["rule_data"] is not None:
        constitutions.append(
            Constitution(
                name=form.cleaned_data["name"] or "Your rule",
                rule=parse_rule(form.cleaned_data["rule_data"]),
                fallback_rule=parse_rule(form.cleaned_data["fallback_data"])
                if form.cleaned_data["fallback_data"]
                else None,
                route=("compromise", "escalate", "second_meeting", "call_in"),
            )
        )
    return render(
        request,
        "decisions/simulator.html",
        {
            "partnership": partnership,
            "constitutions": constitutions,
            "results": simulate(constitutions, cases),
            "form": form,
            "illustrative_votes": selectors.has_illustrative_votes(partnership),
        },
    )
