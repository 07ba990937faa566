"""The governance register in the JSON API.

Register operations need a signed-in session (``django_auth``; POSTs carry the CSRF
token) and ask the policy: members of the partnership, its programme team and
administrators read; programme officers and administrators write.
"""

import datetime
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.security import django_auth

from accord import policy

from . import selectors, services
from .models import Body, Partner, Partnership, Person

router = Router(tags=["governance"])
M = TypeVar("M", bound=Model)


class PartnershipOut(Schema):
    slug: str
    name: str
    description: str


class PartnerIn(Schema):
    name: str
    kind: str


class PartnerOut(Schema):
    id: int
    name: str
    kind: str


class BodyIn(Schema):
    name: str
    kind: str
    purpose: str = ""


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    purpose: str


class PersonIn(Schema):
    name: str


class PersonOut(Schema):
    id: int
    name: str


class MembershipIn(Schema):
    body_id: int
    person_id: int
    partner_id: int | None = None
    role: str
    seat: str = ""
    start_date: datetime.date
    end_date: datetime.date | None = None


class MembershipOut(Schema):
    id: int
    body_id: int
    person_id: int
    partner_id: int | None
    role: str
    seat: str
    start_date: datetime.date
    end_date: datetime.date | None


class SeatOut(Schema):
    membership_id: int
    person_id: int
    person: str
    role: str
    partner_id: int | None
    partner: str | None
    seat: str
    votes: str


def register_of(request: HttpRequest, slug: str, action: str = "register.view") -> Partnership:
    partnership = selectors.partnership_get(slug=slug)
    policy.require(request.user, action, partnership)
    return partnership


def one_of(model: type[M], partnership: Partnership, pk: int | None, field: str) -> M:
    """A row of this partnership by id, or a 422 naming the field."""
    found = model._default_manager.filter(partnership=partnership, pk=pk).first()
    if found is None:
        raise ValidationError({field: f"No {model._meta.verbose_name} {pk} in {partnership.name}"})
    return found


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


@router.get(
    "/partnerships/{slug}/partners",
    response=list[PartnerOut],
    auth=django_auth,
    summary="List a partnership's partners",
)
def partner_list(request: HttpRequest, slug: str) -> list[Partner]:
    return list(selectors.partner_list(register_of(request, slug)))


@router.post(
    "/partnerships/{slug}/partners",
    response={201: PartnerOut},
    auth=django_auth,
    summary="Add a partner",
)
def partner_create(request: HttpRequest, slug: str, payload: PartnerIn) -> Status[Partner]:
    partnership = register_of(request, slug, "register.change")
    return Status(
        201,
        services.partner_create(
            actor=request.user, partnership=partnership, **payload.model_dump()
        ),
    )


@router.get(
    "/partnerships/{slug}/bodies",
    response=list[BodyOut],
    auth=django_auth,
    summary="List a partnership's bodies",
)
def body_list(request: HttpRequest, slug: str) -> list[Body]:
    return list(selectors.body_list(register_of(request, slug)))


@router.post(
    "/partnerships/{slug}/bodies",
    response={201: BodyOut},
    auth=django_auth,
    summary="Add a body",
)
def body_create(request: HttpRequest, slug: str, payload: BodyIn) -> Status[Body]:
    partnership = register_of(request, slug, "register.change")
    return Status(
        201,
        services.body_create(actor=request.user, partnership=partnership, **payload.model_dump()),
    )


@router.get(
    "/partnerships/{slug}/bodies/{body_id}/seats",
    response=list[SeatOut],
    auth=django_auth,
    summary="Who sat on a body on a date (default today), and whether they could vote",
)
def body_seats(
    request: HttpRequest, slug: str, body_id: int, on: datetime.date | None = None
) -> list[SeatOut]:
    partnership = register_of(request, slug)
    body = selectors.body_get(partnership, pk=body_id)
    return [
        SeatOut(
            membership_id=seat.membership.pk,
            person_id=seat.membership.person_id,
            person=seat.membership.person.name,
            role=seat.membership.role,
            partner_id=seat.membership.partner_id,
            partner=seat.membership.partner.name if seat.membership.partner else None,
            seat=seat.membership.seat,
            votes=seat.votes,
        )
        for seat in selectors.body_seats_on(body, on=on or timezone.localdate())
    ]


@router.get(
    "/partnerships/{slug}/people",
    response=list[PersonOut],
    auth=django_auth,
    summary="List a partnership's people",
)
def person_list(request: HttpRequest, slug: str) -> list[Person]:
    return list(selectors.person_choices(register_of(request, slug)))


@router.post(
    "/partnerships/{slug}/people",
    response={201: PersonOut},
    auth=django_auth,
    summary="Add a person",
)
def person_create(request: HttpRequest, slug: str, payload: PersonIn) -> Status[Person]:
    partnership = register_of(request, slug, "register.change")
    return Status(
        201, services.person_create(actor=request.user, partnership=partnership, name=payload.name)
    )


@router.get(
    "/partnerships/{slug}/memberships",
    response=list[MembershipOut],
    auth=django_auth,
    summary="List every term on the partnership's bodies",
)
def membership_list(request: HttpRequest, slug: str) -> list[MembershipOut]:
    return [
        MembershipOut.model_validate(m, from_attributes=True)
        for m in selectors.membership_list(register_of(request, slug))
    ]


@router.post(
    "/partnerships/{slug}/memberships",
    response={201: MembershipOut},
    auth=django_auth,
    summary="Add a membership (refused with 422 naming the field when the register's rules "
    "forbid it)",
)
def membership_create(
    request: HttpRequest, slug: str, payload: MembershipIn
) -> Status[MembershipOut]:
    partnership = register_of(request, slug, "register.change")
    membership = services.membership_create(
        actor=request.user,
        partnership=partnership,
        body=one_of(Body, partnership, payload.body_id, "body_id"),
        person=one_of(Person, partnership, payload.person_id, "person_id"),
        partner=(
            None
            if payload.partner_id is None
            else one_of(Partner, partnership, payload.partner_id, "partner_id")
        ),
        role=payload.role,
        seat=payload.seat,
        start_date=payload.start_date,
        end_date=payload.end_date,
    )
    return Status(201, MembershipOut.model_validate(membership, from_attributes=True))
