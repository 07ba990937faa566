"""The governance register in the JSON API."""

from ninja import Router, Schema

from . import selectors

router = Router(tags=["governance"])


class PartnershipOut(Schema):
    slug: str
    name: str
    description: str


@router.get("/partnerships", response=list[PartnershipOut], summary="List partnerships")
def partnership_list(request: object) -> list[PartnershipOut]:
    return [
        PartnershipOut.model_validate(p, from_attributes=True) for p in selectors.partnership_list()
    ]


@router.get("/partnerships/{slug}", response=PartnershipOut, summary="One partnership")
def partnership_detail(request: object, slug: str) -> PartnershipOut:
    return PartnershipOut.model_validate(selectors.partnership_get(slug=slug), from_attributes=True)
