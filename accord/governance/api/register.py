"""The partnership and its register in the JSON API: partners, bodies, people, and the
terms they hold on the bodies (the register pages and their CSV downloads)."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Schema, Status
from pydantic import StringConstraints, WithJsonSchema

from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NAME, NOTE
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    IllustrativeFields,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
    send_version,
)
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.selectors import partnership_list as all_partnerships

from .. import selectors, services
from ..models import (
    Body,
    BodyKind,
    Membership,
    MembershipRole,
    Partner,
    PartnerKind,
    Person,
)
from ..selectors import SeatVotes
from . import router


class PartnershipOut(Schema):
    slug: str
    name: str
    description: str


class PartnerIn(Schema):
    model_config = example(
        {"name": "West Oxfordshire District Council", "kind": "district_council"}
    )
    name: Annotated[str, Text(NAME, blank=False)]
    kind: PartnerKind


class PartnerOut(Schema):
    id: int
    name: Annotated[str, Text(NAME, blank=False)]
    kind: PartnerKind
    illustrative: IllustrativeFields


class BodyIn(Schema):
    model_config = example(
        {
            "name": "Supporting People Commissioning Body",
            "kind": "deciding_board",
            "purpose": "Decides the programme's strategy and spending",
        }
    )
    name: Annotated[str, Text(NAME, blank=False)]
    kind: BodyKind
    purpose: Annotated[str, Text(NOTE)] = ""


class BodyOut(Schema):
    id: int
    name: str
    kind: BodyKind
    purpose: str


class PersonIn(Schema):
    model_config = example({"name": "Lead Member, West Oxfordshire District Council"})
    name: Annotated[str, Text(NAME, blank=False)]
    agreed_to_be_named: bool = Field(
        False,
        description="A service user representative agreed to be named in published "
        "attendance (otherwise shown by role only)",
    )


class PersonOut(Schema):
    id: int
    name: Annotated[str, Text(NAME, blank=False)]
    agreed_to_be_named: bool
    illustrative: IllustrativeFields


class MembershipIn(Schema):
    model_config = example(
        {
            "body_id": 1,
            "person_id": 17,
            "partner_id": 4,
            "role": "voting_representative",
            "start_date": "2003-04-01",
        }
    )
    body_id: int
    person_id: int
    partner_id: int | None = None
    role: MembershipRole
    seat: Annotated[str, Text(NAME)] = ""
    start_date: PlausibleDate
    end_date: PlausibleDate | None = None


class MembershipOut(Schema):
    id: int
    body_id: int
    person_id: int
    partner_id: int | None
    role: MembershipRole
    seat: str
    start_date: datetime.date
    end_date: datetime.date | None
    delegated_limit: str | None = Field(
        description="The sum the person may commit for the partner, set by the partner's own "
        "organisation (pounds and pence, as a string); null where none is recorded"
    )
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_delegated_limit(membership: Membership) -> str | None:
        limit = membership.delegated_limit
        return None if limit is None else f"{limit:.2f}"


class MembershipEndIn(Schema):
    model_config = example({"end_date": "2011-03-31"})
    end_date: PlausibleDate


class SeatOut(Schema):
    membership_id: int
    person_id: int
    person: str
    role: MembershipRole
    partner_id: int | None
    partner: str | None
    seat: str
    votes: SeatVotes
    illustrative: IllustrativeFields


class TermOut(MembershipOut):
    """A term on a body, as the body page's history lists it (with the names)."""

    person: str
    partner: str | None

    @staticmethod
    def resolve_person(membership: Membership) -> str:
        return membership.person.name

    @staticmethod
    def resolve_partner(membership: Membership) -> str | None:
        return membership.partner.name if membership.partner else None

    @staticmethod
    def resolve_illustrative(membership: Membership) -> list[str]:
        return [
            *illustrative_in(TermOut, membership),
            *illustrative_in(TermOut, membership.person, name="person"),
            *illustrative_in(TermOut, membership.partner, name="partner"),
        ]


@router.get(
    "/partnerships", response=replies({200: list[PartnershipOut]}), summary="List partnerships"
)
def partnership_list(request: HttpRequest) -> QuerySet[Partnership]:
    return all_partnerships()


@router.get(
    "/partnerships/{slug}", response=replies({200: PartnershipOut}), summary="One partnership"
)
def partnership_detail(request: HttpRequest, slug: str) -> PartnershipOut:
    partnership = partnership_from(request, slug, "partnership.view")
    return PartnershipOut.model_validate(partnership, from_attributes=True)


@router.get(
    "/partnerships/{slug}/partners",
    response=replies({200: list[PartnerOut]}),
    auth=SIGNED_IN,
    summary="List a partnership's partners",
)
def partner_list(request: HttpRequest, slug: str) -> QuerySet[Partner]:
    return selectors.partner_list(partnership_from(request, slug, "register.view"))


@router.post(
    "/partnerships/{slug}/partners",
    response=replies({201: PartnerOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a partner",
)
def partner_create(request: HttpRequest, slug: str, payload: PartnerIn) -> Status[Partner]:
    partnership = partnership_from(request, slug, "register.change")
    return Status(
        201,
        services.partner_create(
            actor=request.user, partnership=partnership, **payload.model_dump()
        ),
    )


@router.get(
    "/partnerships/{slug}/bodies",
    response=replies({200: list[BodyOut]}),
    auth=SIGNED_IN,
    summary="List a partnership's bodies",
)
def body_list(request: HttpRequest, slug: str) -> QuerySet[Body]:
    return selectors.body_list(partnership_from(request, slug, "register.view"))


@router.post(
    "/partnerships/{slug}/bodies",
    response=replies({201: BodyOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a body",
)
def body_create(request: HttpRequest, slug: str, payload: BodyIn) -> Status[Body]:
    partnership = partnership_from(request, slug, "register.change")
    return Status(
        201,
        services.body_create(actor=request.user, partnership=partnership, **payload.model_dump()),
    )


@router.get(
    "/partnerships/{slug}/bodies/{body_id}/seats",
    response=replies({200: list[SeatOut]}),
    auth=SIGNED_IN,
    summary="Who sat on a body on a date (default today), and whether they could vote",
)
def body_seats(
    request: HttpRequest, slug: str, body_id: int, on: PlausibleDate | None = None
) -> list[SeatOut]:
    partnership = partnership_from(request, slug, "register.view")
    body = selectors.body_get(partnership, pk=body_id)
    return [
        SeatOut(
            membership_id=seat.membership.pk,
            person_id=seat.membership.person_id,
            person=seat.membership.person.name,
            role=MembershipRole(seat.membership.role),
            partner_id=seat.membership.partner_id,
            partner=seat.membership.partner.name if seat.membership.partner else None,
            seat=seat.membership.seat,
            votes=seat.votes,
            illustrative=[
                *illustrative_in(SeatOut, seat.membership),
                *illustrative_in(SeatOut, seat.membership.person, name="person"),
                *illustrative_in(SeatOut, seat.membership.partner, name="partner"),
            ],
        )
        for seat in selectors.body_seats_on(body, on=on or timezone.localdate())
    ]


@router.get(
    "/partnerships/{slug}/people",
    response=replies({200: list[PersonOut]}),
    auth=SIGNED_IN,
    summary="List a partnership's people",
)
def person_list(request: HttpRequest, slug: str) -> QuerySet[Person]:
    return selectors.person_choices(partnership_from(request, slug, "register.view"))


@router.post(
    "/partnerships/{slug}/people",
    response=replies({201: PersonOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a person",
)
def person_create(request: HttpRequest, slug: str, payload: PersonIn) -> Status[Person]:
    partnership = partnership_from(request, slug, "register.change")
    return Status(
        201,
        services.person_create(
            actor=request.user,
            partnership=partnership,
            name=payload.name,
            agreed_to_be_named=payload.agreed_to_be_named,
        ),
    )


@router.get(
    "/partnerships/{slug}/memberships",
    response=replies({200: list[MembershipOut]}),
    auth=SIGNED_IN,
    summary="List every term on the partnership's bodies",
)
def membership_list(request: HttpRequest, slug: str) -> QuerySet[Membership]:
    return selectors.membership_list(partnership_from(request, slug, "register.view"))


@router.post(
    "/partnerships/{slug}/memberships",
    response=replies({201: MembershipOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add a membership (refused with 422 naming the field when the register's rules "
    "forbid it)",
)
def membership_create(
    request: HttpRequest, slug: str, payload: MembershipIn
) -> Status[MembershipOut]:
    partnership = partnership_from(request, slug, "register.change")
    membership = services.membership_create(
        actor=request.user,
        partnership=partnership,
        body=get_in(partnership, Body, payload.body_id, field="body_id"),
        person=get_in(partnership, Person, payload.person_id, field="person_id"),
        partner=(
            None
            if payload.partner_id is None
            else get_in(partnership, Partner, payload.partner_id, field="partner_id")
        ),
        role=payload.role,
        seat=payload.seat,
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    return Status(201, MembershipOut.model_validate(membership, from_attributes=True))


@router.get(
    "/partnerships/{slug}/memberships/{membership_id}",
    response=replies({200: MembershipOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One term on a body, with its version (ETag)",
)
def membership_detail(
    request: HttpRequest, response: HttpResponse, slug: str, membership_id: int
) -> Membership:
    partnership = partnership_from(request, slug, "register.view")
    membership = selectors.membership_get(partnership, pk=membership_id)
    send_version(response, membership)
    return membership


@router.post(
    "/partnerships/{slug}/memberships/{membership_id}/end",
    response=replies({200: MembershipOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="End a term on a date (its last day in the seat)",
)
def membership_end(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    membership_id: int,
    payload: MembershipEndIn,
) -> Membership:
    partnership = partnership_from(request, slug, "register.change")
    membership = selectors.membership_get(partnership, pk=membership_id)
    with transaction.atomic():
        require_version(request, membership)
        membership = services.membership_end(
            actor=request.user, membership=membership, end_date=payload.end_date
        )
    send_version(response, membership)
    return membership


@router.get(
    "/partnerships/{slug}/bodies/{body_id}",
    response=replies({200: BodyOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One body, with its version (ETag); its seats and history are its sub-resources",
)
def body_detail(request: HttpRequest, response: HttpResponse, slug: str, body_id: int) -> Body:
    partnership = partnership_from(request, slug, "register.view")
    body = selectors.body_get(partnership, pk=body_id)
    send_version(response, body)
    return body


@router.get(
    "/partnerships/{slug}/bodies/{body_id}/memberships",
    response=replies({200: list[TermOut]}),
    auth=SIGNED_IN,
    summary="Every term anyone held on a body, newest first",
)
def body_history(request: HttpRequest, slug: str, body_id: int) -> QuerySet[Membership]:
    partnership = partnership_from(request, slug, "register.view")
    return selectors.body_history(selectors.body_get(partnership, pk=body_id))


LIMIT_PATTERN = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"


class MembershipLimitIn(Schema):
    model_config = example({"delegated_limit": "500000.00"})
    delegated_limit: (
        Annotated[
            str,
            StringConstraints(strip_whitespace=True, max_length=15, pattern=LIMIT_PATTERN),
            WithJsonSchema(
                {
                    "type": "string",
                    "pattern": LIMIT_PATTERN,
                    "minLength": 1,
                    "maxLength": 15,
                    "description": "Pounds and pence, 0 or more, as a string",
                    "example": "500000.00",
                }
            ),
        ]
        | None
    ) = Field(description="The limit, or null to record none")


@router.put(
    "/partnerships/{slug}/memberships/{membership_id}/limit",
    response=replies({200: MembershipOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Set the delegated financial limit the partner's organisation sets for a seat "
    "(a decision committing more counts the vote for only subject to ratification)",
)
def membership_limit(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    membership_id: int,
    payload: MembershipLimitIn,
) -> Membership:
    partnership = partnership_from(request, slug, "register.change")
    membership = selectors.membership_get(partnership, pk=membership_id)
    limit = payload.delegated_limit
    with transaction.atomic():
        require_version(request, membership)
        membership = services.membership_limit_set(
            actor=request.user,
            membership=membership,
            delegated_limit=None if limit is None else Decimal(limit),
        )
    send_version(response, membership)
    return membership
