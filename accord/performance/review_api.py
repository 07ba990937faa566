"""The service quality reviews' API (issue 18): every step a page takes, through the same
services and policy (docs/api.md): plan a review, record the provider's self-assessment,
the validation visit, the validated grades, the outcome, take it to the board; add an
action to the plan and record it done; the overdue actions, and the reviews done on
schedule in a quarter."""

import datetime
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Schema, Status

from accord.commissioning.models import Service
from accord.core.schemas import PlausibleDate, Text
from accord.core.text import NAME, NOTE, REASON, SHORT, TITLE
from accord.governance.models import Body, Person
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
from accord.partnerships.selectors import get_in

from . import selectors, services
from .periods import PeriodError, Quarter
from .review_models import (
    ActionPlanItem,
    ActionStatus,
    Grade,
    Review,
    ReviewFramework,
    ReviewOutcome,
    ReviewStatus,
)

router = Router(tags=["performance"])

GRADES_EXAMPLE = {
    "C1.1": "B",
    "C1.2": "C",
    "C1.3": "D",
    "C1.4": "C",
    "C1.5": "B",
    "C1.6": "C",
    "C1.7": "C",
}
Objective = Annotated[str, Text(SHORT)]


class ReviewPlanIn(Schema):
    service_id: int
    due_on: PlausibleDate = Field(..., description="The date the review should be validated by")
    framework: ReviewFramework = ReviewFramework.QAF_2003

    model_config = example({"service_id": 1, "due_on": "2009-09-30", "framework": "qaf2003"})


class ReviewGradesIn(Schema):
    grades: dict[Objective, Grade] = Field(
        ..., description="A grade, A to D, for every core objective of the review's framework"
    )
    on: PlausibleDate = Field(..., description="The day the grades were given")

    model_config = example({"grades": GRADES_EXAMPLE, "on": "2009-07-20"})


class ReviewVisitIn(Schema):
    visited_on: PlausibleDate
    visited_by: Annotated[str, Text(NAME, blank=False)]
    findings: Annotated[str, Text(NOTE, blank=False)]

    model_config = example(
        {
            "visited_on": "2009-08-12",
            "visited_by": "Contracts officer and a service user inspector",
            "findings": "Fire risk assessment out of date; support plans not reviewed.",
        }
    )


class ReviewCloseIn(Schema):
    outcome: ReviewOutcome
    reason: Annotated[str, Text(REASON, blank=False)]
    on: PlausibleDate

    model_config = example(
        {"outcome": "remodel", "reason": "Demand has moved to floating support", "on": "2009-10-01"}
    )


class ReviewProposeIn(Schema):
    deciding_body_id: int
    owner_id: int | None = None

    model_config = example({"deciding_body_id": 1})


class ReviewActionIn(Schema):
    action: Annotated[str, Text(TITLE, blank=False)]
    owner: Annotated[str, Text(NAME, blank=False)]
    due_on: PlausibleDate
    objective: Objective = Field("", description="The core objective it raises, if one")

    model_config = example(
        {
            "action": "Renew the fire risk assessment",
            "owner": "Scheme manager",
            "due_on": "2009-11-30",
            "objective": "C1.3",
        }
    )


class ReviewActionCompleteIn(Schema):
    done_on: PlausibleDate
    note: Annotated[str, Text(NOTE)] = ""

    model_config = example({"done_on": "2009-11-20", "note": "Seen by the officer"})


class ReviewGradeOut(Schema):
    objective: str
    title: str
    self_assessed: Grade | None
    validated: Grade | None
    below_minimum: bool


class ReviewActionOut(Schema):
    id: int
    review_id: int
    objective: str
    action: str
    owner: str
    due_on: datetime.date
    done_on: datetime.date | None
    note: str
    status: ActionStatus = Field(..., description="Done, or overdue (due date passed), or open")

    @staticmethod
    def resolve_status(row: ActionPlanItem) -> str:
        return str(row.status(timezone.localdate()))


class ReviewOut(Schema):
    id: int
    service_id: int
    service: str = Field(..., description="The service's reference")
    framework: ReviewFramework
    status: ReviewStatus
    due_on: datetime.date
    flagged: bool = Field(..., description="Below the minimum (D) on any core objective")
    self_assessed_on: datetime.date | None
    visited_on: datetime.date | None
    visited_by: str
    findings: str
    validated_on: datetime.date | None
    outcome: ReviewOutcome | None
    outcome_reason: str
    closed_on: datetime.date | None
    proposal_id: int | None = Field(..., description="The proposal taken to the board")
    illustrative: list[str]

    @staticmethod
    def resolve_service(row: Review) -> str:
        return row.service.reference

    @staticmethod
    def resolve_outcome(row: Review) -> str | None:
        return row.outcome or None


class ReviewDetailOut(ReviewOut):
    grades: list[ReviewGradeOut]
    actions: list[ReviewActionOut]

    @staticmethod
    def resolve_grades(row: Review) -> list[dict[str, Any]]:
        return [
            {
                **grade,
                "self_assessed": grade["self_assessed"] or None,
                "validated": grade["validated"] or None,
            }
            for grade in selectors.grades_of(row)
        ]

    @staticmethod
    def resolve_actions(row: Review) -> list[Any]:
        return list(row.actions.all())


class ReviewOverdueActionOut(ReviewActionOut):
    service: str = Field(..., description="The reviewed service's reference")

    @staticmethod
    def resolve_service(row: ActionPlanItem) -> str:
        return row.review.service.reference


class ReviewsOnScheduleOut(Schema):
    period: str
    due: int = Field(..., description="Reviews due in the quarter")
    on_schedule: int = Field(..., description="Validated on or before their due date")
    late: int = Field(..., description="Validated after their due date")
    not_done: int = Field(..., description="Not validated")
    percent: str | None = Field(..., description="On schedule as a percentage of those due")

    @staticmethod
    def resolve_period(row: Any) -> str:
        return str(row.period)


def _detail(partnership: Any, pk: int) -> Review:
    return selectors.review_get(partnership, pk)


@router.get(
    "/partnerships/{slug}/reviews",
    response=replies({200: list[ReviewOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="The partnership's service quality reviews, latest due first; flagged where "
    "below the minimum (D) on any core objective",
)
def review_list(
    request: HttpRequest,
    slug: str,
    status: ReviewStatus | None = None,
    flagged: bool | None = None,
    service_id: int | None = None,
) -> QuerySet[Review]:
    partnership = partnership_from(request, slug, "review.view")
    service = get_in(partnership, Service, service_id, field="service_id") if service_id else None
    return selectors.review_list(
        partnership,
        today=timezone.localdate(),
        status=status.value if status else "",
        flagged=flagged,
        service=service,
    )


@router.post(
    "/partnerships/{slug}/reviews",
    response=replies({201: ReviewDetailOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Plan a service quality review, due (validated) by a date",
)
def review_plan(request: HttpRequest, slug: str, payload: ReviewPlanIn) -> Status[Review]:
    partnership = partnership_from(request, slug, "review.change")
    service = get_in(partnership, Service, payload.service_id, field="service_id")
    made = services.review_plan(
        actor=request.user,
        service=service,
        due_on=payload.due_on,
        framework=payload.framework.value,
    )
    return Status(201, _detail(partnership, made.pk))


@router.get(
    "/partnerships/{slug}/reviews/{review_id}",
    response=replies({200: ReviewDetailOut}, READ_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One review, with its grades by core objective and its action plan",
)
def review_detail(
    request: HttpRequest, response: HttpResponse, slug: str, review_id: int
) -> Review:
    found = _detail(partnership_from(request, slug, "review.view"), review_id)
    send_version(response, found)
    return found


def changed(
    request: HttpRequest, response: HttpResponse, slug: str, review_id: int, change: Any
) -> Review:
    partnership = partnership_from(request, slug, "review.change")
    found = _detail(partnership, review_id)
    with transaction.atomic():
        found = require_version(request, found)
        change(partnership, found)
    found = _detail(partnership, review_id)
    send_version(response, found)
    return found


@router.post(
    "/partnerships/{slug}/reviews/{review_id}/self-assessment",
    response=replies({200: ReviewDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record the provider's self-assessment: a grade for each core objective",
)
def review_self_assess(
    request: HttpRequest, response: HttpResponse, slug: str, review_id: int, payload: ReviewGradesIn
) -> Review:
    return changed(
        request,
        response,
        slug,
        review_id,
        lambda partnership, found: services.review_self_assess(
            actor=request.user,
            review=found,
            grades={code: grade.value for code, grade in payload.grades.items()},
            on=payload.on,
        ),
    )


@router.post(
    "/partnerships/{slug}/reviews/{review_id}/visit",
    response=replies({200: ReviewDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record the validation visit: its date, who visited, what they found",
)
def review_visit(
    request: HttpRequest, response: HttpResponse, slug: str, review_id: int, payload: ReviewVisitIn
) -> Review:
    return changed(
        request,
        response,
        slug,
        review_id,
        lambda partnership, found: services.review_visit(
            actor=request.user,
            review=found,
            visited_on=payload.visited_on,
            visited_by=payload.visited_by,
            findings=payload.findings,
        ),
    )


@router.post(
    "/partnerships/{slug}/reviews/{review_id}/validate",
    response=replies({200: ReviewDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Validate the grades after the visit: the review is done",
)
def review_validate(
    request: HttpRequest, response: HttpResponse, slug: str, review_id: int, payload: ReviewGradesIn
) -> Review:
    return changed(
        request,
        response,
        slug,
        review_id,
        lambda partnership, found: services.review_validate(
            actor=request.user,
            review=found,
            grades={code: grade.value for code, grade in payload.grades.items()},
            on=payload.on,
        ),
    )


@router.post(
    "/partnerships/{slug}/reviews/{review_id}/close",
    response=replies({200: ReviewDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record the review's outcome (continue, remodel, decommission, retender); a "
    "service below the minimum needs an action plan first",
)
def review_close(
    request: HttpRequest, response: HttpResponse, slug: str, review_id: int, payload: ReviewCloseIn
) -> Review:
    return changed(
        request,
        response,
        slug,
        review_id,
        lambda partnership, found: services.review_close(
            actor=request.user,
            review=found,
            outcome=payload.outcome.value,
            reason=payload.reason,
            on=payload.on,
        ),
    )


@router.post(
    "/partnerships/{slug}/reviews/{review_id}/propose",
    response=replies({200: ReviewDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Take the closed review's outcome to the board: a draft commissioning "
    "decision linked to the review (its id in proposal_id)",
)
def review_propose(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    review_id: int,
    payload: ReviewProposeIn,
) -> Review:
    def propose(partnership: Any, found: Review) -> None:
        body = get_in(partnership, Body, payload.deciding_body_id, field="deciding_body_id")
        owner = (
            get_in(partnership, Person, payload.owner_id, field="owner_id")
            if payload.owner_id is not None
            else None
        )
        services.review_propose(
            actor=request.user,
            review=found,
            deciding_body=body,
            owner=owner,
            on=timezone.localdate(),
        )

    return changed(request, response, slug, review_id, propose)


@router.post(
    "/partnerships/{slug}/reviews/{review_id}/actions",
    response=replies({201: ReviewActionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add an action to the review's plan: what, who owns it, when it is due",
)
def review_action_add(
    request: HttpRequest, slug: str, review_id: int, payload: ReviewActionIn
) -> Status[ActionPlanItem]:
    partnership = partnership_from(request, slug, "review.change")
    review = _detail(partnership, review_id)
    return Status(
        201,
        services.action_add(
            actor=request.user,
            review=review,
            action=payload.action,
            owner=payload.owner,
            due_on=payload.due_on,
            objective=payload.objective,
        ),
    )


@router.post(
    "/partnerships/{slug}/reviews/{review_id}/actions/{action_id}/complete",
    response=replies({200: ReviewActionOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Record an action of the plan done, with a follow-up note",
)
def review_action_complete(
    request: HttpRequest, slug: str, review_id: int, action_id: int, payload: ReviewActionCompleteIn
) -> ActionPlanItem:
    partnership = partnership_from(request, slug, "review.change")
    review = _detail(partnership, review_id)
    item = selectors.action_get(partnership, review, action_id)
    return services.action_complete(
        actor=request.user, item=item, done_on=payload.done_on, note=payload.note
    )


@router.get(
    "/partnerships/{slug}/overdue-actions",
    response=replies({200: list[ReviewOverdueActionOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="The reviews' actions past their due date undone, the most overdue first",
)
def review_actions_overdue(request: HttpRequest, slug: str) -> QuerySet[ActionPlanItem]:
    partnership = partnership_from(request, slug, "review.view")
    return selectors.actions_overdue(partnership, today=timezone.localdate())


@router.get(
    "/partnerships/{slug}/reviews-on-schedule",
    response=replies({200: ReviewsOnScheduleOut}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="How many of the reviews due in a quarter were done (validated) by their due "
    "date; without a period, the last quarter that ended",
)
def reviews_on_schedule(
    request: HttpRequest, slug: str, period: Annotated[str, Text(10)] = ""
) -> Any:
    partnership = partnership_from(request, slug, "review.view")
    try:
        quarter = Quarter.parse(period) if period else Quarter.of(timezone.localdate()).previous()
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None
    return selectors.reviews_on_schedule(partnership, quarter)
