"""The notices and the assessment summaries in the JSON API (issue 16 item 7), as their
pages show them (notice_views.py): a published procurement's notices are open to anyone;
an assessment summary to the people who sign in for its bidder and to the programme team,
never to another bidder, a member or the public (404 for a summary or a procurement that
is not the caller's to know of). Amounts and points are strings, exact."""

import datetime
from decimal import Decimal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema

from accord.partnerships.endpoints import SIGNED_IN, Router, partnership_from, replies

from . import notice_selectors, selectors
from .models import CriterionKind, Regime
from .notice_models import AssessmentSummary, Notice, NoticeKind

router = Router(tags=["procurement"])


class NoticeOut(Schema):
    id: int
    procurement_id: int
    contract_id: int | None = Field(description="The contract, for the notices that follow it")
    kind: NoticeKind = Field(description="The step it follows")
    regime: Regime
    name: str = Field(description="The notice's name under its regime")
    number: str = Field(description='Its number where the reference verifies one ("UK4"), or ""')
    verified: bool = Field(description="Whether the regime's notice is sourced (see source)")
    source: str
    published_on: datetime.date
    text: str = Field(description="The notice in plain words, built from the data")


class CriterionFigureOut(Schema):
    criterion: str
    kind: CriterionKind
    weight: int
    score: str = Field(description="This bid's weighted points on the criterion")
    winning_score: str = Field(description="The winning bid's weighted points")
    max_score: int | None = Field(None, description="A quality criterion's top of the scale")
    agreed: int | None = Field(None, description="The moderated score of this bid")
    winning_agreed: int | None = Field(None, description="The moderated score of the winner")
    price: str | None = Field(None, description="This bid's price (the price criterion)")
    winning_price: str | None = Field(None, description="The winning price")
    reasons: str = Field(description="The panel's moderation rationale, or the price formula")
    parent: str = Field(
        "", description='A sub-criterion\'s criterion, by name ("" for a criterion of its own)'
    )
    subcriteria: bool = Field(
        False,
        description="A criterion with sub-criteria: not scored itself, its points are the "
        "sum of its sub-criteria's (listed after it)",
    )


class SummaryOut(Schema):
    id: int
    procurement_id: int
    procurement: str
    bid_id: int
    provider_id: int
    provider: str
    sent_on: datetime.date
    excluded_reason: str = Field(description='Why the bid was excluded and not assessed, or ""')
    rank: int | None = Field(description="Its rank (bids with equal totals share one)")
    bidders_ranked: int
    total: str | None = Field(description="Its weighted total out of 100")
    winning_total: str | None
    winning_price: str | None
    standstill_last_day: datetime.date | None
    criteria: list[CriterionFigureOut]
    text: str = Field(description="The summary as sent, in plain words")

    @staticmethod
    def resolve_procurement(row: AssessmentSummary) -> str:
        return row.procurement.reference

    @staticmethod
    def resolve_provider_id(row: AssessmentSummary) -> int:
        return row.bid.provider_id

    @staticmethod
    def resolve_provider(row: AssessmentSummary) -> str:
        return row.bid.provider.name

    @staticmethod
    def resolve_total(row: AssessmentSummary) -> str | None:
        return text_of(row.total)

    @staticmethod
    def resolve_winning_total(row: AssessmentSummary) -> str | None:
        return text_of(row.winning_total)

    @staticmethod
    def resolve_winning_price(row: AssessmentSummary) -> str | None:
        return text_of(row.winning_price)

    @staticmethod
    def resolve_criteria(row: AssessmentSummary) -> list[dict[str, object]]:
        return list(row.figures)


def text_of(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/notices",
    response=replies({200: list[NoticeOut]}, (403, 404, 422)),
    summary="The notices a published procurement published, oldest first (public)",
)
def notice_list(request: HttpRequest, slug: str, procurement_id: int) -> QuerySet[Notice]:
    partnership = partnership_from(request, slug, "procurement.view_published")
    procurement = selectors.published_procurement(partnership, procurement_id)
    return notice_selectors.notices_of(procurement)


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/notices/{notice_id}",
    response=replies({200: NoticeOut}, (403, 404, 422)),
    summary="One published notice (public)",
)
def notice_detail(request: HttpRequest, slug: str, procurement_id: int, notice_id: int) -> Notice:
    partnership = partnership_from(request, slug, "procurement.view_published")
    return notice_selectors.published_notice(partnership, procurement_id, notice_id)


@router.get(
    "/partnerships/{slug}/assessment-summaries",
    response=replies({200: list[SummaryOut]}),
    auth=SIGNED_IN,
    summary="The assessment summaries the caller may see: a bidder's people their own "
    "providers' only; the programme team every bidder's",
)
def summary_list(request: HttpRequest, slug: str) -> QuerySet[AssessmentSummary]:
    partnership = partnership_from(request, slug, "bid.view_own")
    return notice_selectors.summaries_seen(partnership, request.user)


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/summaries",
    response=replies({200: list[SummaryOut]}),
    auth=SIGNED_IN,
    summary="A procurement's assessment summaries the caller may see (404 for a provider's "
    "people whose provider did not bid in it)",
)
def procurement_summary_list(
    request: HttpRequest, slug: str, procurement_id: int
) -> QuerySet[AssessmentSummary]:
    partnership = partnership_from(request, slug, "bid.view_own")
    procurement = notice_selectors.bidder_procurement(partnership, procurement_id, request.user)
    return notice_selectors.summaries_of(procurement, request.user)


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/bids/{bid_id}/summary",
    response=replies({200: SummaryOut}),
    auth=SIGNED_IN,
    summary="The assessment summary sent for a bid (404 before the contract award notice, "
    "or for a bid that is not the caller's)",
)
def summary_detail(
    request: HttpRequest, slug: str, procurement_id: int, bid_id: int
) -> AssessmentSummary:
    partnership = partnership_from(request, slug, "bid.view_own")
    return notice_selectors.summary_of(partnership, procurement_id, bid_id, request.user)
