"""Clarification questions of an open tender in the JSON API (issue 16), as the pages offer
them (clarification_views.py), through the same services and policy actions.

A provider's people ask while the tender is open and before its deadline for bids; the
programme team records a question received by e-mail, naming the provider, and answers,
which publishes the question and its answer to every bidder. The published questions and
answers are public, as the tender is, and never say who asked: ``ClarificationOut`` has no
field for it. Who asked is in ``ClarificationReceivedOut``, which the programme team reads
for every question and a provider's people for their own providers' questions only.
"""

import datetime
from typing import Annotated, NoReturn

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status

from accord import policy
from accord.commissioning.models import Provider
from accord.core.schemas import Text
from accord.core.text import NOTE
from accord.partnerships.endpoints import SIGNED_IN, Router, example, partnership_from, replies
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from . import selectors, services
from .api import named_for_the_api
from .models import Clarification, ClarificationChannel, Procurement

router = Router(tags=["procurement"])

# Refusals of the writes: not signed in, not allowed, no such tender or question, refused
# by the tender's state (closed, past its deadline, answered already), invalid input.
WRITE_ERRORS = (401, 403, 404, 409, 422)


class ClarificationOut(Schema):
    """A published question and its answer, as every bidder and the public read it: it
    never says who asked."""

    id: int
    number: int = Field(description="1, 2, 3... in the order asked in its procurement")
    question: str = Field(description="The question in the words published")
    answer: str
    published_at: datetime.datetime = Field(description="When it was answered and published")

    @staticmethod
    def resolve_question(row: Clarification) -> str:
        return row.published_question

    @staticmethod
    def resolve_published_at(row: Clarification) -> datetime.datetime:
        if row.answered_at is None:  # never: only published rows are listed
            raise ValueError(f"question {row.pk} is not published")
        return row.answered_at


class ClarificationReceivedOut(Schema):
    """A question as received, with who asked: the programme team's, or a provider's
    people's for their own providers' questions."""

    id: int
    number: int
    provider_id: int = Field(description="The provider that asked")
    provider: str
    channel: ClarificationChannel
    asked_by: str | None = Field(description="The username of who typed or recorded it")
    asked_at: datetime.datetime
    question: str = Field(description="The question as asked")
    published_question: str = Field(description="The question as published; empty until answered")
    answer: str = Field(description="Empty until answered")
    answered_at: datetime.datetime | None = Field(description="When answered and published")

    @staticmethod
    def resolve_provider(row: Clarification) -> str:
        return row.provider.name

    @staticmethod
    def resolve_asked_by(row: Clarification) -> str | None:
        return row.asked_by.get_username() if row.asked_by is not None else None


class ClarificationIn(Schema):
    model_config = example(
        {"question": "Does the service include the rural areas of West Oxfordshire?"}
    )
    question: Annotated[str, Text(NOTE, blank=False)]
    provider_id: int | None = Field(
        None,
        description="The provider asking: required of the programme team (a question "
        "received by e-mail) and of a person who signs in for more than one of the "
        "partnership's providers; otherwise the caller's own provider",
    )


class AnswerIn(Schema):
    model_config = example(
        {
            "answer": "Yes: the service covers the whole county.",
            "question": "Does the service include the rural areas of West Oxfordshire?",
        }
    )
    answer: Annotated[str, Text(NOTE, blank=False)]
    question: Annotated[str, Text(NOTE)] = Field(
        "",
        description="The question in the words to publish, with nothing that names who "
        "asked; the question as asked when empty",
    )


def tender_of(request: HttpRequest, slug: str, procurement_id: int, action: str) -> Procurement:
    """A published procurement of the partnership (404 for one never published: there is
    nothing to ask about), once the policy allows ``action``."""
    partnership = partnership_from(request, slug, action)
    return selectors.published_procurement(partnership, procurement_id)


def providers_seen(request: HttpRequest, partnership: Partnership) -> frozenset[int] | None:
    """None for the programme team (every question); else the caller's own providers."""
    if policy.may(request.user, "clarification.answer", partnership):
        return None
    return policy.provider_ids(request.user, on=timezone.localdate())


def asking_provider(
    request: HttpRequest, partnership: Partnership, provider_id: int | None, *, field: str
) -> tuple[Provider, str]:
    """The provider a question is asked for, and the channel: the programme team names
    any of the partnership's providers (a question received by e-mail); a provider's
    people ask for their own, named when they sign in for more than one here."""
    own = providers_seen(request, partnership)
    if own is None:
        if provider_id is None:
            raise_invalid(field, "Name the provider that asked the question")
        return get_in(partnership, Provider, provider_id, field=field), ClarificationChannel.EMAIL
    theirs = Provider.objects.filter(partnership=partnership, pk__in=own).order_by("name")
    if provider_id is None:
        if len(theirs) != 1:
            raise_invalid(field, "Name which of your providers asks the question")
        return theirs[0], ClarificationChannel.ACCORD
    found = next((provider for provider in theirs if provider.pk == provider_id), None)
    if found is None:
        raise_invalid(field, "Ask for a provider you sign in for")
    return found, ClarificationChannel.ACCORD


def raise_invalid(field: str, message: str) -> NoReturn:
    raise ValidationError({field: message})


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/clarifications",
    response=replies({200: list[ClarificationOut]}, (403, 404, 422)),
    summary="The tender's published clarification questions and answers (public): who "
    "asked is never shown",
)
def clarification_list(request: HttpRequest, slug: str, procurement_id: int) -> list[Clarification]:
    procurement = tender_of(request, slug, procurement_id, "clarification.view")
    return list(selectors.clarifications_published(procurement))


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/clarifications",
    response=replies({201: ClarificationReceivedOut}, WRITE_ERRORS),
    auth=SIGNED_IN,
    summary="Ask a clarification question while the tender is open, before its deadline "
    "for bids (a provider's people), or record one received by e-mail naming the provider "
    "(the programme team); refused after the deadline (409, field question)",
)
def clarification_ask(
    request: HttpRequest, slug: str, procurement_id: int, payload: ClarificationIn
) -> Status[Clarification]:
    procurement = tender_of(request, slug, procurement_id, "clarification.ask")
    provider, channel = asking_provider(
        request, procurement.partnership, payload.provider_id, field="provider_id"
    )
    with named_for_the_api():
        made = services.clarification_ask(
            actor=request.user,
            procurement=procurement,
            provider=provider,
            question=payload.question,
            channel=channel,
        )
    return Status(201, selectors.clarification_get(procurement, made.pk))


@router.get(
    "/partnerships/{slug}/procurements/{procurement_id}/clarifications/received",
    response=replies({200: list[ClarificationReceivedOut]}, (401, 403, 404, 422)),
    auth=SIGNED_IN,
    summary="The questions received with who asked, answered or not: every one for the "
    "programme team, a provider's people their own providers' only",
)
def clarification_received_list(
    request: HttpRequest, slug: str, procurement_id: int
) -> list[Clarification]:
    procurement = tender_of(request, slug, procurement_id, "clarification.view_received")
    seen = providers_seen(request, procurement.partnership)
    return list(selectors.clarifications_received(procurement, seen))


@router.post(
    "/partnerships/{slug}/procurements/{procurement_id}/clarifications/{clarification_id}/answer",
    response=replies({200: ClarificationReceivedOut}, WRITE_ERRORS),
    auth=SIGNED_IN,
    summary="Answer a question, publishing it (in the words given, naming no one) and its "
    "answer to every bidder; while the tender is open, once",
)
def clarification_answer(
    request: HttpRequest, slug: str, procurement_id: int, clarification_id: int, payload: AnswerIn
) -> Clarification:
    procurement = tender_of(request, slug, procurement_id, "clarification.answer")
    clarification = selectors.clarification_get(procurement, clarification_id)
    services.clarification_answer(
        actor=request.user,
        clarification=clarification,
        answer=payload.answer,
        question=payload.question,
    )
    return selectors.clarification_get(procurement, clarification.pk)
