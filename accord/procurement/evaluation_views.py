"""The evaluation's pages, from the closed tender to the award and its standstill.

An evaluator (``procurement.evaluate``, and on the procurement's panel: anyone else gets
404, as in the API) has "My evaluation": the bids they may score and the criteria with
their scale, a form per bid, conflicts, and the submission; the panel's scores only once
their own are submitted (``selectors.panel_scores`` refuses before). The programme team
(``procurement.change``) moderates, completes the evaluation, awards on the board's
carried decision (the winner is computed by ``selectors.evaluation``), publishes the award
notice and records challenges. Each form calls its service; a refusal is the service's
words on the field and nothing changes."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.core.errors import AccordError
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import (
    ConfirmForm,
    confirm_page,
    confirmed,
    form_page,
    partnership_page,
    posted,
)
from accord.rules.lifecycle import PROCUREMENT

from . import selectors, services
from .evaluation_forms import (
    AwardForm,
    AwardNoticeForm,
    ChallengeForm,
    ConflictForm,
    ModerationForm,
    ResolveForm,
    ScoreForm,
    comment_name,
    rationale_name,
    score_name,
)
from .models import Bid, Criterion, Evaluator, Procurement
from .views import back_to


def mine_url(partnership: Partnership, pk: int) -> str:
    return reverse("procurement:evaluation-mine", args=[partnership.slug, pk])


def moderation_url(partnership: Partnership, pk: int) -> str:
    return reverse("procurement:moderation", args=[partnership.slug, pk])


def panel_member(request: HttpRequest, procurement: Procurement) -> Evaluator:
    """The signed-in person's place on the panel; 404 for anyone not on it (the API's)."""
    evaluator = selectors.evaluator_of(procurement, request.user)
    if evaluator is None:
        raise Http404("You are not on this procurement's evaluation panel")
    return evaluator


def bid_of(partnership: Partnership, procurement: Procurement, pk: int) -> Bid:
    return get_in(partnership, Bid.objects.filter(procurement=procurement), pk)


@contextmanager
def on_fields(criterion: Criterion, names: dict[str, str]) -> Iterator[None]:
    """A service's refusal about ``score`` (or ``rationale``) named for the form's field
    of this criterion (``score_12``)."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {names.get(name, name): problems for name, problems in error.error_dict.items()}
        ) from None
    except AccordError as error:
        raise AccordError(
            error.message, field=names.get(error.field or "", error.field), code=error.code
        ) from None


def each_criterion(
    criteria: list[Criterion], record: Callable[[Criterion], object]
) -> Callable[[dict[str, Any]], None]:
    """A form's save calling a service once per criterion, all or nothing."""

    def save(_data: dict[str, Any]) -> None:
        with transaction.atomic():
            for criterion in criteria:
                record(criterion)

    return save


def quality_criteria(procurement: Procurement) -> list[Criterion]:
    """The criteria scored and moderated: the quality leaves (a criterion with
    sub-criteria is scored by them), each sub-criterion under its criterion."""
    return selectors.scored_criteria(selectors.criteria_of(procurement))


# ---------------------------------------------------------------- the evaluator's


@require_GET
@partnership_page("procurement.evaluate")
def evaluation_mine(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    evaluator = panel_member(request, procurement)
    mine = selectors.my_evaluation(evaluator)
    panel: Any = None
    if evaluator.submitted_at is not None:
        panel = selectors.panel_grid(procurement, evaluator=evaluator)
    return render(
        request,
        "procurement/evaluation/mine.html",
        {
            "partnership": partnership,
            "procurement": procurement,
            "mine": mine,
            "rows": [
                (bid, [(c, mine.scores.get((bid.pk, c.pk))) for c in mine.criteria])
                for bid in mine.bids
            ],
            "scoring": evaluator.submitted_at is None
            and PROCUREMENT.allows(procurement.state, "score"),
            # Prices are the programme team's (procurement.view_bids), not a member's.
            "show_prices": policy.may(request.user, "procurement.view_bids", procurement),
            "panel": panel,
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.evaluate")
def score_record(
    request: HttpRequest, partnership: Partnership, pk: int, bid_pk: int
) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    evaluator = panel_member(request, procurement)
    bid = bid_of(partnership, procurement, bid_pk)
    criteria = quality_criteria(procurement)
    given = {s.criterion_id: s for s in selectors.own_scores(evaluator).filter(bid=bid)}
    initial: dict[str, Any] = {}
    for criterion in criteria:
        if criterion.pk in given:
            initial[score_name(criterion)] = given[criterion.pk].score
            initial[comment_name(criterion)] = given[criterion.pk].comment
    form = ScoreForm(posted(request), partnership=partnership, criteria=criteria, initial=initial)

    def record(criterion: Criterion) -> object:
        data = form.cleaned_data
        with on_fields(criterion, {"score": score_name(criterion)}):
            return services.score_record(
                actor=request.user,
                evaluator=evaluator,
                bid=bid,
                criterion=criterion,
                score=data[score_name(criterion)],
                comment=data[comment_name(criterion)],
            )

    return form_page(
        request,
        form,
        save=each_criterion(criteria, record),
        title=f"Score the bid of {bid.provider.name}",
        lead="Your own scores, on each criterion's scale: no one else on the panel sees "
        "them until they have submitted theirs. You can change them until you submit.",
        done=f"Scores of {bid.provider.name}'s bid recorded",
        back=mine_url(partnership, pk),
        button="Save the scores",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.evaluate")
def conflict_declare(
    request: HttpRequest, partnership: Partnership, pk: int, bid_pk: int
) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    evaluator = panel_member(request, procurement)
    bid = bid_of(partnership, procurement, bid_pk)
    return form_page(
        request,
        ConflictForm(posted(request), partnership=partnership),
        save=lambda data: services.conflict_declare(
            actor=request.user, evaluator=evaluator, bid=bid, interest=data["interest"]
        ),
        title=f"Declare a conflict of interest in the bid of {bid.provider.name}",
        lead="You will not score this bid, and any scores you gave it are withdrawn. "
        "The declaration is recorded in the audit trail.",
        done="Conflict of interest declared",
        back=mine_url(partnership, pk),
        button="Declare the conflict",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.evaluate")
def scores_submit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    evaluator = panel_member(request, procurement)
    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=lambda _data: services.scores_submit(actor=request.user, evaluator=evaluator),
        title="Submit your scores",
        follows=[
            "Your scores can no longer change.",
            "You then see the other evaluators' scores, side by side with yours.",
            "The programme team moderates the panel's scores once everyone has submitted.",
        ],
        done="Your scores are submitted",
        back=mine_url(partnership, pk),
        button="Submit my scores",
        lead=f"{procurement.reference} {procurement.title}",
    )


# ---------------------------------------------------------------- the programme team's


@require_GET
@partnership_page("procurement.change")
def moderation(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    refused, panel = "", None
    try:
        # A programme officer on the panel sees it once their own scores are submitted.
        panel = selectors.panel_grid(
            procurement, evaluator=selectors.evaluator_of(procurement, request.user)
        )
    except AccordError as error:
        refused = error.message
    facts = selectors.procurement_facts(procurement, now=timezone.now(), on=timezone.localdate())
    agreed = selectors.moderations_of(procurement)
    evaluators, rows = panel if panel is not None else ([], [])
    return render(
        request,
        "procurement/evaluation/moderation.html",
        {
            "partnership": partnership,
            "procurement": procurement,
            "evaluators": evaluators,
            "rows": [
                (bid, [(c, scores, agreed.get((bid.pk, c.pk))) for c, scores in lines])
                for bid, lines in rows
            ],
            "refused": refused,
            "moderating": PROCUREMENT.allows(procurement.state, "moderate"),
            "complete": "complete_evaluation" in PROCUREMENT.triggers(procurement.state, facts),
            "ranked": selectors.ranking(procurement),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def moderation_record(
    request: HttpRequest, partnership: Partnership, pk: int, bid_pk: int
) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    bid = bid_of(partnership, procurement, bid_pk)
    criteria = quality_criteria(procurement)
    agreed = selectors.moderations_of(procurement)
    initial: dict[str, Any] = {}
    for criterion in criteria:
        row = agreed.get((bid.pk, criterion.pk))
        if row is not None:
            initial[score_name(criterion)] = row.score
            initial[rationale_name(criterion)] = row.rationale
    form = ModerationForm(
        posted(request), partnership=partnership, criteria=criteria, initial=initial
    )

    def record(criterion: Criterion) -> object:
        data = form.cleaned_data
        names = {"score": score_name(criterion), "rationale": rationale_name(criterion)}
        with on_fields(criterion, names):
            return services.moderation_record(
                actor=request.user,
                bid=bid,
                criterion=criterion,
                score=data[score_name(criterion)],
                rationale=data[rationale_name(criterion)],
            )

    return form_page(
        request,
        form,
        save=each_criterion(criteria, record),
        title=f"Moderate the bid of {bid.provider.name}",
        lead="The panel's agreed score on each quality criterion, with why it was agreed. "
        "The panel's own scores are on the moderation page.",
        done=f"Agreed scores of {bid.provider.name}'s bid recorded",
        back=moderation_url(partnership, pk),
        button="Save the agreed scores",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def evaluation_complete(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    return confirm_page(
        request,
        ConfirmForm(confirmed(request), partnership=partnership),
        save=lambda _data: services.evaluation_complete(
            actor=request.user, procurement=procurement
        ),
        title="Complete the evaluation",
        follows=[
            "The agreed scores can no longer change.",
            "The ranking is computed from the agreed scores and the prices, by the "
            "declared weights and price formula.",
            "The contract can then be awarded, on the board's carried tender award.",
        ],
        done="Evaluation complete",
        back=moderation_url(partnership, pk),
        button="Complete the evaluation",
        lead=f"{procurement.reference} {procurement.title}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def procurement_award(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    ranked = selectors.ranking(procurement)
    return confirm_page(
        request,
        AwardForm(confirmed(request), partnership=partnership),
        save=lambda data: services.procurement_award(
            actor=request.user, procurement=procurement, decision=data["decision"]
        ),
        title=f"Award the contract of {procurement.reference}",
        follows=[
            "The contract is awarded to the bid ranked first by the evaluation: computed, "
            "never chosen.",
            "The contract award notice follows, and with it the standstill.",
        ],
        done="Contract awarded",
        back=back_to(partnership, pk),
        button="Award the contract",
        lead=procurement.title,
        template="procurement/evaluation/award.html",
        extra={"ranked": ranked},
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def award_notice_publish(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    standstill = procurement.rules.standstill
    awarded = procurement.awarded_bid
    opt_out = bool(procurement.light_touch and standstill.light_touch_may_opt_out)
    voluntary = standstill.working_days is None and standstill.voluntary_allowed
    if standstill.working_days:
        rule = (
            f"The standstill is {standstill.working_days} working days beginning with the day "
            f"the notice is published, computed from that date. Source: {standstill.source}."
        )
    else:
        rule = f"This regime sets no standstill. Source: {standstill.source}."
    return form_page(
        request,
        AwardNoticeForm(
            posted(request), partnership=partnership, opt_out=opt_out, voluntary=voluntary
        ),
        save=lambda data: services.award_notice_publish(
            actor=request.user,
            procurement=procurement,
            on=data["on"],
            opt_out_reason=data["opt_out_reason"] or "",
            voluntary_days=data["voluntary_days"],
        ),
        title=f"Publish the contract award notice of {procurement.reference}",
        lead=rule,
        summary=[("Awarded to", awarded.provider.name if awarded else "not yet awarded")],
        done="Award notice published: the standstill has begun",
        back=back_to(partnership, pk),
        button="Publish the award notice",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def challenge_record(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    return form_page(
        request,
        ChallengeForm(
            posted(request),
            partnership=partnership,
            bids=Bid.objects.filter(procurement=procurement)
            .select_related("provider")
            .order_by("id"),
        ),
        save=lambda data: services.challenge_record(
            actor=request.user,
            procurement=procurement,
            bid=data["bid"],
            received_on=data["received_on"],
            grounds=data["grounds"],
        ),
        title=f"Record a challenge to the award of {procurement.reference}",
        lead="A challenge received during the standstill holds the signature until it is resolved.",
        done="Challenge recorded: the contract cannot be signed until it is resolved",
        back=back_to(partnership, pk),
        button="Record the challenge",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("procurement.change")
def challenge_resolve(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.procurement_get(partnership, pk)
    challenge = selectors.open_challenge(procurement)

    def save(data: dict[str, Any]) -> object:
        if challenge is None:  # the table's words: nothing to resolve
            raise AccordError(
                PROCUREMENT.refusal(procurement.state, "resolve_challenge"), field="resolved_on"
            )
        return services.challenge_resolve(
            actor=request.user,
            challenge=challenge,
            resolved_on=data["resolved_on"],
            resolution=data["resolution"],
        )

    summary = []
    if challenge is not None:
        summary = [
            ("From", challenge.bid.provider.name),
            ("Received", f"{challenge.received_on:%-d %B %Y}"),
            ("Grounds", challenge.grounds),
        ]
    return form_page(
        request,
        ResolveForm(posted(request), partnership=partnership),
        save=save,
        title=f"Record the outcome of the challenge to {procurement.reference}",
        summary=summary,
        done="Challenge resolved",
        back=back_to(partnership, pk),
        button="Record the outcome",
    )
