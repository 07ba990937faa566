"""The governance register in the JSON API."""

from django.http import HttpRequest
from ninja import Router, Schema

from accord import policy

from . import selectors

router = Router(tags=["governance"])


class PartnershipOut(Schema):
    slug: str
    name: str
    description: str


@router.get("/partnerships", response=list[PartnershipOut], summary="List partnerships")
def partnership_list(request: HttpRequest) -> list[PartnershipOut]:
    return [
        PartnershipOut.model_validate(p, from_attributes=True) for p in selectors.partnership_list()
    ]


@router.get("/partnerships/{slug}", response=PartnershipOut, summary="One partnership")
def partnership_detail(request: HttpRequest, slug: str) -> PartnershipOut:
    partnership = selectors.partnership_get(slug=slug)
    policy.require(request.user, "partnership.view", partnership)
    return PartnershipOut.model_validate(partnership, from_attributes=True)
