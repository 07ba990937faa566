"""Open questions in the JSON API, and the position each partner states on them."""

import datetime
from typing import Annotated

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Schema

from accord import policy
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NOTE
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    SIGNED_IN,
    VERSIONED_READ,
    VERSIONED_RECORD,
    IllustrativeFields,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version_if_recorded,
    send_version,
)
from accord.partnerships.selectors import get_in

from .. import selectors, services
from ..models import Partner, Position, Question, Stance
from . import router


class QuestionOut(Schema):
    id: int
    title: str
    asked_on: datetime.date
    illustrative: IllustrativeFields


class PartnerPositionOut(Schema):
    """A partner and its position on the question; stance null: none recorded."""

    partner_id: int
    partner: str
    stance: Stance | None
    reasons: str
    recorded_on: datetime.date | None
    illustrative: IllustrativeFields


class QuestionDetailOut(QuestionOut):
    positions: list[PartnerPositionOut] = Field(description="Every partner, by name")


class PositionIn(Schema):
    model_config = example(
        {
            "stance": "support",
            "reasons": "Service users know the services best",
            "recorded_on": "2009-10-01",
        }
    )
    stance: Stance
    reasons: Annotated[str, Text(NOTE)] = ""
    recorded_on: PlausibleDate = Field(description="When the partner stated it")


class PositionOut(Schema):
    question_id: int
    partner_id: int
    partner: str
    stance: Stance
    reasons: str
    recorded_on: datetime.date
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_partner(position: Position) -> str:
        return position.partner.name

    @staticmethod
    def resolve_illustrative(position: Position) -> list[str]:
        return [
            *illustrative_in(PositionOut, position),
            *illustrative_in(PositionOut, position.partner, name="partner"),
        ]


@router.get(
    "/partnerships/{slug}/questions",
    response=replies({200: list[QuestionOut]}),
    auth=SIGNED_IN,
    summary="Open questions on which partners state positions, newest first",
)
def question_list(request: HttpRequest, slug: str) -> QuerySet[Question]:
    return selectors.question_list(partnership_from(request, slug, "register.view"))


@router.get(
    "/partnerships/{slug}/questions/{question_id}",
    response=replies({200: QuestionDetailOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="A question and every partner's position on it (none recorded: stance null), "
    "with its version (ETag)",
)
def question_detail(
    request: HttpRequest, response: HttpResponse, slug: str, question_id: int
) -> QuestionDetailOut:
    partnership = partnership_from(request, slug, "register.view")
    question = selectors.question_get(partnership, pk=question_id)
    send_version(response, question)
    return QuestionDetailOut(
        id=question.pk,
        title=question.title,
        asked_on=question.asked_on,
        illustrative=illustrative_in(QuestionDetailOut, question),
        positions=[
            PartnerPositionOut(
                partner_id=row.partner.pk,
                partner=row.partner.name,
                stance=None if row.position is None else Stance(row.position.stance),
                reasons="" if row.position is None else row.position.reasons,
                recorded_on=None if row.position is None else row.position.recorded_on,
                illustrative=[
                    *illustrative_in(PartnerPositionOut, row.position),
                    *illustrative_in(PartnerPositionOut, row.partner, name="partner"),
                ],
            )
            for row in selectors.positions_side_by_side(question)
        ],
    )


@router.get(
    "/partnerships/{slug}/questions/{question_id}/positions/{partner_id}",
    response=replies({200: PositionOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="A partner's position on a question, with its version (ETag); 404 while none is "
    "recorded",
)
def position_detail(
    request: HttpRequest, response: HttpResponse, slug: str, question_id: int, partner_id: int
) -> Position:
    partnership = partnership_from(request, slug, "register.view")
    question = selectors.question_get(partnership, pk=question_id)
    position = selectors.position_of(question, get_in(partnership, Partner, partner_id))
    if position is None:
        raise Http404("No position recorded")
    send_version(response, position)
    return position


@router.put(
    "/partnerships/{slug}/questions/{question_id}/positions/{partner_id}",
    response=replies({200: PositionOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_RECORD,
    summary="Record a partner's position on a question, or replace the one it stated (the "
    "programme team for any partner; a voting representative for their own) "
    "(If-Match: the position's ETag when it has one; none when it has not)",
)
def position_record(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    question_id: int,
    partner_id: int,
    payload: PositionIn,
) -> Position:
    partnership = partnership_from(request, slug, "partner.speak")
    question = selectors.question_get(partnership, pk=question_id)
    partner = get_in(partnership, Partner, partner_id)
    with transaction.atomic():
        require_version_if_recorded(
            request, Position.objects.filter(question=question, partner=partner), lock=question
        )
        position = services.position_record(
            actor=request.user,
            question=question,
            partner=partner,
            stance=payload.stance,
            reasons=payload.reasons,
            recorded_on=payload.recorded_on,
            # The team records any partner's; a representative only their own partner's.
            for_the_record=policy.may(request.user, "register.change", partnership),
        )
    send_version(response, position)
    return position
