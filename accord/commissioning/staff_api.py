"""The people who sign in for a provider (issue 18) in the JSON API, as on the provider's
page: the programme team lists them, adds one (by the username of their account) and ends
a term. A provider's people then see and submit its services' returns only
(docs/performance.md)."""

import datetime
from typing import Annotated

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Schema, Status

from accord.core.schemas import PlausibleDate, Text
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    READ_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    Router,
    example,
    partnership_from,
    replies,
    require_version,
    send_version,
)

from . import selectors, services
from .models import ProviderStaff

router = Router(tags=["commissioning"])


class ProviderStaffIn(Schema):
    username: Annotated[str, Text(150, blank=False)]
    start_date: PlausibleDate
    end_date: PlausibleDate | None = None

    model_config = example({"username": "keystone", "start_date": "2009-04-01"})


class ProviderStaffEndIn(Schema):
    end_date: PlausibleDate

    model_config = example({"end_date": "2011-03-31"})


class ProviderStaffOut(Schema):
    id: int
    provider_id: int
    username: str
    start_date: datetime.date
    end_date: datetime.date | None

    @staticmethod
    def resolve_username(term: ProviderStaff) -> str:
        return str(term.user.get_username())


@router.get(
    "/partnerships/{slug}/providers/{provider_id}/staff",
    response=replies({200: list[ProviderStaffOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="The people who sign in (or signed in) for a provider, earliest term first",
)
def provider_staff_list(
    request: HttpRequest, slug: str, provider_id: int
) -> QuerySet[ProviderStaff]:
    partnership = partnership_from(request, slug, "provider.manage_staff")
    return selectors.provider_staff_list(selectors.provider_get(partnership, provider_id))


@router.post(
    "/partnerships/{slug}/providers/{provider_id}/staff",
    response=replies({201: ProviderStaffOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Let a person (the username of their account) sign in for a provider from a "
    "date: they see and submit its services' returns only",
)
def provider_staff_add(
    request: HttpRequest, slug: str, provider_id: int, payload: ProviderStaffIn
) -> Status[ProviderStaff]:
    partnership = partnership_from(request, slug, "provider.manage_staff")
    provider = selectors.provider_get(partnership, provider_id)
    made = services.provider_staff_add(actor=request.user, provider=provider, **payload.dict())
    return Status(201, made)


@router.get(
    "/partnerships/{slug}/providers/{provider_id}/staff/{staff_id}",
    response=replies({200: ProviderStaffOut}, READ_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One person's term with a provider, with its version (ETag)",
)
def provider_staff_detail(
    request: HttpRequest, response: HttpResponse, slug: str, provider_id: int, staff_id: int
) -> ProviderStaff:
    partnership = partnership_from(request, slug, "provider.manage_staff")
    term = selectors.provider_staff_get(selectors.provider_get(partnership, provider_id), staff_id)
    send_version(response, term)
    return term


@router.post(
    "/partnerships/{slug}/providers/{provider_id}/staff/{staff_id}/end",
    response=replies({200: ProviderStaffOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="End a person's term with a provider on a date (the last day they sign in for it)",
)
def provider_staff_end(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    provider_id: int,
    staff_id: int,
    payload: ProviderStaffEndIn,
) -> ProviderStaff:
    partnership = partnership_from(request, slug, "provider.manage_staff")
    term = selectors.provider_staff_get(selectors.provider_get(partnership, provider_id), staff_id)
    with transaction.atomic():
        require_version(request, term)
        term = services.provider_staff_end(actor=request.user, term=term, end_date=payload.end_date)
    send_version(response, term)
    return term
