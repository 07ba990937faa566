"""Reads of the notices (public, once published) and of the assessment summaries, which
are confidential: a bidder's people see their own bid's only, the programme team all, the
public none. The routes ask the policy (``procurement.view_published``, ``bid.view_own``);
these decide which rows, and answer 404 for a summary or a procurement that is not the
caller's to know of."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accord import policy
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.policy import User

from . import selectors
from .models import Bid, Procurement
from .notice_models import AssessmentSummary, Notice


def notices_of(procurement: Procurement) -> QuerySet[Notice]:
    return Notice.objects.filter(procurement=procurement).order_by("published_on", "id")


def published_notice(partnership: Partnership, pk: object, notice_pk: object) -> Notice:
    """A notice of a published procurement, or 404."""
    procurement = selectors.published_procurement(partnership, pk)
    return get_in(partnership, notices_of(procurement).select_related("procurement"), notice_pk)


def providers_seen(user: User, partnership: Partnership) -> frozenset[int] | None:
    """None: the caller sees every bidder's summaries (the programme team); else the
    providers whose summaries they see (those they sign in for)."""
    if policy.may(user, "procurement.view_bids", partnership):
        return None
    return policy.provider_ids(user, on=timezone.localdate())


def summaries_seen(partnership: Partnership, user: User) -> QuerySet[AssessmentSummary]:
    """The partnership's summaries the caller may see, newest procurement first (one query)."""
    rows = AssessmentSummary.objects.filter(partnership=partnership).select_related(
        "procurement", "bid__provider"
    )
    providers = providers_seen(user, partnership)
    if providers is not None:
        rows = rows.filter(bid__provider_id__in=providers)
    return rows.order_by("-sent_on", "procurement_id", "rank", "id")


def bidder_procurement(partnership: Partnership, pk: object, user: User) -> Procurement:
    """A procurement whose summaries the caller may see: any for the programme team; for a
    provider's people one their provider bid in (404 otherwise)."""
    procurement = selectors.procurement_get(partnership, pk)
    providers = providers_seen(user, partnership)
    if providers is not None and not (
        Bid.objects.filter(procurement=procurement, provider_id__in=providers).exists()
    ):
        raise Http404("No such procurement")
    return procurement


def summaries_of(procurement: Procurement, user: User) -> QuerySet[AssessmentSummary]:
    rows = AssessmentSummary.objects.filter(procurement=procurement).select_related(
        "procurement", "bid__provider"
    )
    providers = providers_seen(user, procurement.partnership)
    if providers is not None:
        rows = rows.filter(bid__provider_id__in=providers)
    return rows.order_by("rank", "id")


def summary_of(
    partnership: Partnership, pk: object, bid_pk: object, user: User
) -> AssessmentSummary:
    """The summary sent for a bid, if the caller may see it; 404 otherwise, or if none was
    sent yet (it is sent with the contract award notice)."""
    procurement = bidder_procurement(partnership, pk, user)
    bid = get_in(partnership, Bid.objects.filter(procurement=procurement), bid_pk)
    try:
        return summaries_of(procurement, user).get(bid=bid)
    except AssessmentSummary.DoesNotExist:
        raise Http404(
            "No assessment summary for this bid: one is sent to each bidder when the contract "
            "award notice is published"
        ) from None


def evaluation_report_for(procurement: Procurement, user: User) -> selectors.EvaluationReport:
    """The evaluation's report for the page and the API: ``procurement.view_evaluation``
    (the programme team; the partnership's members once awarded). A member who also signs
    in for a provider that bid (a provider's representative seated on a body) is refused
    as a bidder is, unless they are of the programme team: a bidder reads its own
    assessment summary only, never the other bids' scores."""
    policy.require(user, "procurement.view_evaluation", procurement)
    providers = policy.provider_ids(user, on=timezone.localdate())
    if (
        providers
        and Bid.objects.filter(procurement=procurement, provider_id__in=providers).exists()
    ):
        policy.require(user, "procurement.view_bids", procurement)
    return selectors.evaluation_report(procurement)
