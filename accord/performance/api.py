"""The performance API: quarterly returns (submit, query, validate, submit again,
replace with a reason), the quarter's benchmark, and the partnership's targets. The same
services and policy as the pages (docs/api.md)."""

import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints, WithJsonSchema

from accord import policy
from accord.commissioning.models import Service
from accord.core.errors import error_body
from accord.core.schemas import Text
from accord.core.text import NOTE, REASON
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
from .imports import (
    UPLOAD_MAX_BYTES,
    FileRefused,
    checked_upload,
    refuse_too_large,
    sender,
)
from .models import FIGURE_MAX, FIGURES, IndicatorCode, QuarterlyReturn, ReturnStatus
from .periods import PeriodError, Quarter

router = Router(tags=["performance"])

Period = Annotated[str, Text(10, blank=False)]
Figure = Annotated[int | None, Field(None, ge=0, le=FIGURE_MAX)]
TARGET_PATTERN = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$"
# A target in per cent, 0 to 100 with up to two decimals, as a string ("78.5").
Target = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=6, pattern=TARGET_PATTERN),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": TARGET_PATTERN,
            "minLength": 1,
            "maxLength": 6,
            "description": "Per cent, 0 to 100, up to two decimals, as a string",
            "example": "78",
        }
    ),
]
Rag = Literal["green", "amber", "red"]
QuartileName = Literal["top", "upper_middle", "lower_middle", "bottom", "too_few"]
# A sheltered scheme's figures for a quarter (long-term, with units: no KPI 2).
FIGURES_EXAMPLE = {
    "unit_days_contracted": 2760,
    "unit_days_available": 2738,
    "support_days_contracted": 2760,
    "support_days_used": 2590,
    "kpi1_numerator": 27,
    "kpi1_denominator": 28,
    "kpi2_numerator": None,
    "kpi2_denominator": None,
}


def providers_seen(request: HttpRequest, partnership: Any) -> selectors.Providers:
    """Whose services' returns the caller sees (issue 18): None for the programme team,
    else the providers they sign in for (as the pages: ``views.providers_seen``)."""
    if policy.may(request.user, "return.view", partnership):
        return None
    return policy.provider_ids(request.user, on=timezone.localdate())


def return_seen(request: HttpRequest, partnership: Any, return_id: int) -> QuarterlyReturn:
    """One return the caller may see: another provider's seems not to exist (404)."""
    found = selectors.return_get(partnership, return_id)
    policy.require(
        request.user,
        "return.view",
        found,
        not_found=f"No quarterly return {return_id} in {partnership}",
    )
    return found


def period_of(text: str) -> Quarter:
    """The quarter a request names; a malformed one is bad input (422, naming the field),
    in a query as in a body."""
    try:
        return Quarter.parse(text)
    except PeriodError as error:
        raise ValidationError({"period": str(error)}) from None


class ReturnFiguresIn(Schema):
    """A return's figures: whole numbers, 0 or more; null where the column must stay blank
    for the service (unit days for a support-only one; KPI 1 for a short-term one, KPI 2
    for a long-term one)."""

    unit_days_contracted: Figure = None
    unit_days_available: Figure = None
    support_days_contracted: Figure = None
    support_days_used: Figure = None
    kpi1_numerator: Figure = None
    kpi1_denominator: Figure = None
    kpi2_numerator: Figure = None
    kpi2_denominator: Figure = None

    model_config = example(FIGURES_EXAMPLE)

    def figures(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in FIGURES}


class ReturnIn(ReturnFiguresIn):
    service_id: int
    period: Period = Field(..., description="A financial-year quarter: 2009/10 Q2")

    model_config = example({"service_id": 1, "period": "2009/10 Q2", **FIGURES_EXAMPLE})


class ReturnQueryIn(Schema):
    question: Annotated[str, Text(NOTE, blank=False)]

    model_config = example({"question": "September's void days look high: please check"})


class ReturnReplaceIn(ReturnFiguresIn):
    reason: Annotated[str, Text(REASON, blank=False)]

    model_config = example(
        {**FIGURES_EXAMPLE, "reason": "The provider miscounted September's support days"}
    )


class ReturnRevisionOut(Schema):
    figures: dict[str, int | None]
    status: ReturnStatus
    submitted_on: datetime.date
    reason: str
    replaced_on: datetime.date


class ReturnOut(Schema):
    id: int
    service_id: int
    service: str = Field(..., description="The service's reference")
    period: str
    status: ReturnStatus
    unit_days_contracted: int | None
    unit_days_available: int | None
    support_days_contracted: int | None
    support_days_used: int | None
    kpi1_numerator: int | None
    kpi1_denominator: int | None
    kpi2_numerator: int | None
    kpi2_denominator: int | None
    submitted_on: datetime.date
    query: str
    validated_on: datetime.date | None

    @staticmethod
    def resolve_service(row: QuarterlyReturn) -> str:
        return row.service.reference

    @staticmethod
    def resolve_period(row: QuarterlyReturn) -> str:
        return str(row.period)


class ReturnDetailOut(ReturnOut):
    revisions: list[ReturnRevisionOut]

    @staticmethod
    def resolve_revisions(row: QuarterlyReturn) -> list[Any]:
        return list(row.revisions.all())


class IndicatorResultOut(Schema):
    value: str | None = Field(..., description="A percentage, two decimals, rounded half up")
    target: str
    rag: Rag | None
    quartile: QuartileName | None


class BenchmarkOut(Schema):
    service: str
    service_type: str
    spi1: IndicatorResultOut
    spi2: IndicatorResultOut
    kpi1: IndicatorResultOut
    kpi2: IndicatorResultOut


class IndicatorTargetIn(Schema):
    indicator: IndicatorCode
    target: Target

    model_config = example({"indicator": "kpi2", "target": "78"})


class IndicatorTargetOut(Schema):
    indicator: IndicatorCode
    target: str

    @staticmethod
    def resolve_target(row: Any) -> str:
        return f"{row.target:.2f}"


@router.get(
    "/partnerships/{slug}/returns",
    response=replies({200: list[ReturnOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="The partnership's quarterly returns, newest quarter first",
)
def return_list(
    request: HttpRequest,
    slug: str,
    period: Annotated[str, Text(10)] = "",
    status: ReturnStatus | None = None,
) -> QuerySet[QuarterlyReturn]:
    partnership = partnership_from(request, slug, "return.list")
    return selectors.return_list_seen(
        partnership,
        providers_seen(request, partnership),
        period=period_of(period) if period else None,
        status=status.value if status else "",
    )


class OutstandingOut(Schema):
    service_id: int
    service: str = Field(..., description="The service's reference")
    due_on: datetime.date
    late: bool
    reminded_on: datetime.date | None = Field(
        ..., description="When the provider was reminded by e-mail of this late return, if it was"
    )

    @staticmethod
    def resolve_service_id(row: Any) -> int:
        return int(row.service.pk)

    @staticmethod
    def resolve_service(row: Any) -> str:
        return str(row.service.reference)


@router.get(
    "/partnerships/{slug}/outstanding-returns",
    response=replies({200: list[OutstandingOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="The services due a return for a quarter that have none yet, with the day it "
    "is due (15 working days after the quarter) and whether it is late; without a period, "
    "the last quarter that ended",
)
def return_outstanding(
    request: HttpRequest, slug: str, period: Annotated[str, Text(10)] = ""
) -> list[Any]:
    partnership = partnership_from(request, slug, "return.list")
    quarter = period_of(period) if period else Quarter.of(timezone.localdate()).previous()
    return selectors.returns_outstanding_seen(
        partnership, quarter, providers_seen(request, partnership), today=timezone.localdate()
    )


@router.post(
    "/partnerships/{slug}/returns",
    response=replies({201: ReturnDetailOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Submit a service's return for a quarter that has ended",
)
def return_submit(request: HttpRequest, slug: str, payload: ReturnIn) -> Status[QuarterlyReturn]:
    partnership = partnership_from(request, slug, "return.list")
    service = get_in(partnership, Service, payload.service_id, field="service_id")
    # A provider's people submit for their own services only (issue 18).
    policy.require(
        request.user, "return.submit", QuarterlyReturn(partnership=partnership, service=service)
    )
    made = services.return_submit(
        actor=request.user,
        service=service,
        period=period_of(payload.period),
        figures=payload.figures(),
        today=timezone.localdate(),
    )
    return Status(201, selectors.return_get(partnership, made.pk))


@router.get(
    "/partnerships/{slug}/returns/{return_id}",
    response=replies({200: ReturnDetailOut}, READ_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One return, with the history of its replacements",
)
def return_detail(
    request: HttpRequest, response: HttpResponse, slug: str, return_id: int
) -> QuarterlyReturn:
    found = return_seen(request, partnership_from(request, slug, "return.list"), return_id)
    send_version(response, found)
    return found


def changed(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    return_id: int,
    action: str,
    change: Any,
) -> QuarterlyReturn:
    partnership = partnership_from(request, slug, "return.list")
    found = return_seen(request, partnership, return_id)
    policy.require(request.user, action, found)
    with transaction.atomic():
        found = require_version(request, found)
        found = change(found)
    send_version(response, found)
    return selectors.return_get(partnership, found.pk)


@router.post(
    "/partnerships/{slug}/returns/{return_id}/query",
    response=replies({200: ReturnDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Query a submitted return: the officer's question goes back to the provider",
)
def return_query(
    request: HttpRequest, response: HttpResponse, slug: str, return_id: int, payload: ReturnQueryIn
) -> QuarterlyReturn:
    return changed(
        request,
        response,
        slug,
        return_id,
        "return.review",
        lambda found: services.return_query(
            actor=request.user, quarterly_return=found, question=payload.question
        ),
    )


@router.post(
    "/partnerships/{slug}/returns/{return_id}/validate",
    response=replies({200: ReturnDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Validate a return: from now it counts in reports and benchmarks",
)
def return_validate(
    request: HttpRequest, response: HttpResponse, slug: str, return_id: int
) -> QuarterlyReturn:
    return changed(
        request,
        response,
        slug,
        return_id,
        "return.review",
        lambda found: services.return_validate(
            actor=request.user, quarterly_return=found, today=timezone.localdate()
        ),
    )


@router.post(
    "/partnerships/{slug}/returns/{return_id}/resubmit",
    response=replies({200: ReturnDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Submit a queried return again, with its figures answered",
)
def return_resubmit(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    return_id: int,
    payload: ReturnFiguresIn,
) -> QuarterlyReturn:
    return changed(
        request,
        response,
        slug,
        return_id,
        "return.submit",
        lambda found: services.return_resubmit(
            actor=request.user,
            quarterly_return=found,
            figures=payload.figures(),
            today=timezone.localdate(),
        ),
    )


@router.post(
    "/partnerships/{slug}/returns/{return_id}/replace",
    response=replies({200: ReturnDetailOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Replace a return's figures, with the reason: the earlier ones stay in its history",
)
def return_replace(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    return_id: int,
    payload: ReturnReplaceIn,
) -> QuarterlyReturn:
    return changed(
        request,
        response,
        slug,
        return_id,
        "return.review",
        lambda found: services.return_replace(
            actor=request.user,
            quarterly_return=found,
            figures=payload.figures(),
            reason=payload.reason,
            today=timezone.localdate(),
        ),
    )


@router.get(
    "/partnerships/{slug}/benchmarks",
    response=replies({200: list[BenchmarkOut]}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="Each validated return's indicators for a quarter, with target, RAG and "
    "quartile among every service of its type in the installation (as "
    "'accord performance export'); without a period, the last quarter that ended",
)
def benchmark_list(
    request: HttpRequest, slug: str, period: Annotated[str, Text(10)] = ""
) -> list[dict[str, Any]]:
    partnership = partnership_from(request, slug, "return.list")
    quarter = period_of(period) if period else Quarter.of(timezone.localdate()).previous()
    return selectors.benchmark_export_seen(
        partnership, quarter, providers_seen(request, partnership)
    )


@router.post(
    "/partnerships/{slug}/indicator-targets",
    response=replies({200: IndicatorTargetOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Set the partnership's own target for an indicator (spi1, spi2, kpi1, kpi2)",
)
def indicator_target_set(request: HttpRequest, slug: str, payload: IndicatorTargetIn) -> Any:
    partnership = partnership_from(request, slug, "indicator_target.change")
    return services.indicator_target_set(
        actor=request.user,
        partnership=partnership,
        indicator=payload.indicator.value,
        target=Decimal(payload.target),
    )


# ---------------------------------------------------------------------------------------
# A file of returns uploaded, and reminders of late returns (the pages do the same).


class ReturnsImportOut(Schema):
    stored: int = Field(description="How many returns were stored, validated")
    returns: list[ReturnOut]


@router.post(
    "/partnerships/{slug}/return-imports",
    response=replies({201: ReturnsImportOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Import a file of returns (multipart/form-data: file), CSV or XLSX, all or nothing",
    description="The columns of `accord performance import` (docs/performance.md), as CSV "
    "(UTF-8) or, for a file named `*.xlsx`, on a workbook's first sheet; at most "
    f"{UPLOAD_MAX_BYTES // 1_000_000} MB, the partnership's services only. Every row is "
    "checked first: a file with any problem stores nothing and answers 422 (code "
    "`invalid_file`) with each problem's row (the header is row 1) and column in "
    "`error.problems`. The programme team's returns are stored validated; a provider's "
    "people's are submitted, and a row for a service their organisation does not provide "
    "is a problem of its row (`service`). A service and quarter with a return already is "
    "refused (replace that return).",
)
def return_import(request: HttpRequest, slug: str, file: File[UploadedFile]) -> Status[Any]:
    partnership = partnership_from(request, slug, "return.list")
    today = timezone.localdate()
    who = sender(request.user, partnership)
    try:
        refuse_too_large(file.size or 0)
        rows = checked_upload(
            file.read(),
            name=file.name or "",
            partnership=partnership,
            today=today,
            may_submit=who.may_submit,
        )
    except FileRefused as refusal:
        body = error_body(refusal.code, refusal.message, refusal.field)
        body["error"]["problems"] = [  # type: ignore[index]
            {"row": problem.row, "column": problem.column, "message": problem.problem}
            for problem in refusal.problems
        ]
        return Status(422, body)
    stored = services.returns_import(
        actor=request.user, rows=rows, today=today, validated=who.validated
    )
    found = selectors.return_list(partnership).filter(pk__in=[one.pk for one in stored])
    return Status(201, {"stored": len(stored), "returns": list(found)})


class ReturnRemindIn(Schema):
    period: Period = Field(..., description="A financial-year quarter: 2009/10 Q2")

    model_config = example({"period": "2009/10 Q2"})


class ReminderOut(Schema):
    service_id: int
    service: str = Field(..., description="The service's reference")
    sent_to: str = Field(..., description="The provider's contact address it was sent to")
    reminded_on: datetime.date

    @staticmethod
    def resolve_service(row: Any) -> str:
        return str(row.service.reference)


class RemindedOut(Schema):
    period: str
    due_on: datetime.date
    reminders: list[ReminderOut] = Field(description="The reminders sent now")
    already_reminded: list[str] = Field(
        description="References of late services reminded before for the quarter"
    )
    without_contact: list[str] = Field(
        description="References of late services whose provider has no contact e-mail address"
    )


@router.post(
    "/partnerships/{slug}/return-reminders",
    response=replies({200: RemindedOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="E-mail the provider of each service whose return for the quarter is late "
    "(once per service and quarter); 409 before the returns are late",
)
def return_remind(request: HttpRequest, slug: str, payload: ReturnRemindIn) -> dict[str, Any]:
    partnership = partnership_from(request, slug, "return.review")
    done = services.returns_remind(
        actor=request.user,
        partnership=partnership,
        period=period_of(payload.period),
        today=timezone.localdate(),
    )
    return {
        "period": str(done.period),
        "due_on": done.due_on,
        "reminders": done.reminders,
        "already_reminded": [service.reference for service in done.already_reminded],
        "without_contact": [service.reference for service in done.without_contact],
    }
