"""A provider's own bids in the JSON API (issue 16: "including a provider who bid"): the
people who sign in for a provider see its bids in the partnership's procurements (price,
when received, whether late and why excluded), never another provider's, nor any score;
the programme team sees every bid. No page yet: a provider's people have no procurement
pages (the procurement's own are for the partnership's members)."""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema

from accord import policy
from accord.partnerships.endpoints import SIGNED_IN, Router, partnership_from, replies

from . import selectors
from .models import Bid

router = Router(tags=["procurement"])


class OwnBidOut(Schema):
    id: int
    procurement_id: int
    procurement: str
    title: str
    provider_id: int
    provider: str
    price: str
    received_at: datetime.datetime
    late: bool
    excluded_reason: str

    @staticmethod
    def resolve_procurement(row: Bid) -> str:
        return row.procurement.reference

    @staticmethod
    def resolve_title(row: Bid) -> str:
        return row.procurement.title

    @staticmethod
    def resolve_provider(row: Bid) -> str:
        return row.provider.name

    @staticmethod
    def resolve_price(row: Bid) -> str:
        return str(row.price)


@router.get(
    "/partnerships/{slug}/bids",
    response=replies({200: list[OwnBidOut]}),
    auth=SIGNED_IN,
    summary="The bids the caller may see in the partnership's procurements: a provider's "
    "people their own providers' bids only (no scores); the programme team every bid",
)
def bid_own_list(request: HttpRequest, slug: str) -> QuerySet[Bid]:
    partnership = partnership_from(request, slug, "bid.view_own")
    everything = policy.may(request.user, "procurement.view_bids", partnership)
    providers = None if everything else policy.provider_ids(request.user, on=timezone.localdate())
    return selectors.bids_seen(partnership, providers)
