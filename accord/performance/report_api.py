"""The quarterly performance report's API, its PDF, attaching it to a meeting as a paper,
and a service's trend over the last eight quarters: the same reads, service and policy as
``report_views`` (docs/performance.md, "The quarterly report")."""

import datetime
from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Schema, Status

from accord import policy
from accord.commissioning.models import Service
from accord.core.schemas import Text
from accord.meetings.models import AgendaItem
from accord.partnerships.endpoints import (
    CREATE_ERRORS,
    READ_ERRORS,
    SIGNED_IN,
    Router,
    example,
    partnership_from,
    replies,
)
from accord.partnerships.selectors import get_in

from . import report, services
from .api import IndicatorResultOut, Period, period_of
from .indicators import QUARTILE_METHOD
from .periods import Quarter

router = Router(tags=["performance"])

Direction = Literal["improving", "declining", "steady"]


def quarter_asked(period: str) -> Quarter:
    """The quarter named, else the last one that ended (as the pages)."""
    return period_of(period) if period else Quarter.of(timezone.localdate()).previous()


class ReportCellOut(IndicatorResultOut):
    group: int = Field(
        ..., description="How many services of the type compare (the quartile's group)"
    )


class ReportRowOut(Schema):
    service_id: int
    service: str = Field(..., description="The service's reference")
    name: str
    service_type: str
    exception: Literal["red", "amber"] | None = Field(
        ..., description="red when any indicator is red, else amber when any is amber"
    )
    spi1: ReportCellOut
    spi2: ReportCellOut
    kpi1: ReportCellOut
    kpi2: ReportCellOut


class OutstandingServiceOut(Schema):
    service_id: int
    service: str


class ReturnMeasuresOut(Schema):
    due_on: datetime.date = Field(..., description="15 working days after the quarter")
    due: int = Field(..., description="Services due a return (in service in the quarter)")
    validated_on_time: int
    validated_late: int
    awaiting_validation: int
    outstanding: list[OutstandingServiceOut] = Field(..., description="No return yet")


class ReportReviewsOut(Schema):
    due: int = Field(..., description="Service quality reviews due in the quarter")
    on_schedule: int = Field(..., description="Validated on or before their due date")
    late: int = Field(..., description="Validated after their due date")
    not_done: int = Field(..., description="Not validated yet")
    percent: str | None = Field(
        ..., description="On schedule as a percentage of those due; null when none were due"
    )


class PerformanceReportOut(Schema):
    period: str
    title: str
    quartile_method: str
    rows: list[ReportRowOut] = Field(..., description="Exceptions first: red, then amber")
    returns: ReturnMeasuresOut
    reviews_on_schedule: ReportReviewsOut


def report_out(built: report.QuarterlyReport) -> dict[str, Any]:
    measures = built.returns
    return {
        "period": str(built.period),
        "title": built.title,
        "quartile_method": QUARTILE_METHOD,
        "rows": [
            {
                "service_id": row.pk,
                "service": row.reference,
                "name": row.name,
                "service_type": row.service_type,
                "exception": row.exception,
                **{
                    one.code: {
                        "value": cell.value,
                        "target": cell.target,
                        "rag": cell.rag,
                        "quartile": cell.quartile,
                        "group": cell.group,
                    }
                    for one, cell in zip(built.indicators, row.cells, strict=True)
                },
            }
            for row in built.rows
        ],
        "returns": {
            "due_on": measures.due_on,
            "due": measures.due,
            "validated_on_time": measures.validated_on_time,
            "validated_late": measures.validated_late,
            "awaiting_validation": measures.awaiting_validation,
            "outstanding": [
                {"service_id": each.service.pk, "service": each.service.reference}
                for each in measures.outstanding
            ],
        },
        "reviews_on_schedule": {
            "due": built.reviews.due,
            "on_schedule": built.reviews.on_schedule,
            "late": built.reviews.late,
            "not_done": built.reviews.not_done,
            "percent": built.reviews.percent,
        },
    }


@router.get(
    "/partnerships/{slug}/report",
    response=replies({200: PerformanceReportOut}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="The partnership's quarterly performance report: each service's indicators "
    "(value, target, RAG, quartile and group size) exceptions first, and the administering "
    "authority's own measures; without a period, the last quarter that ended",
)
def performance_report(
    request: HttpRequest, slug: str, period: Annotated[str, Text(10)] = ""
) -> dict[str, Any]:
    partnership = partnership_from(request, slug, "performance_report.view")
    built = report.quarterly_report(partnership, quarter_asked(period), today=timezone.localdate())
    return report_out(built)


@router.get(
    "/partnerships/{slug}/report.pdf",
    response=replies({200: None}, READ_ERRORS),
    openapi_extra={
        "responses": {
            200: {
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
            }
        }
    },
    auth=SIGNED_IN,
    summary="The quarterly performance report as PDF (as the page's download)",
)
def performance_report_pdf(
    request: HttpRequest, slug: str, period: Annotated[str, Text(10)] = ""
) -> HttpResponse:
    partnership = partnership_from(request, slug, "performance_report.view")
    quarter = quarter_asked(period)
    built = report.quarterly_report(partnership, quarter, today=timezone.localdate())
    response = HttpResponse(report.report_pdf(built), content_type="application/pdf")
    filename = report.report_filename(partnership, quarter)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


class ReportAttachIn(Schema):
    period: Period = Field(..., description="A financial-year quarter that has ended: 2009/10 Q2")
    item_id: int = Field(..., description="An agenda item of one of the partnership's meetings")

    model_config = example({"period": "2009/10 Q2", "item_id": 1})


class ReportPaperOut(Schema):
    id: int
    item_id: int
    meeting_id: int
    title: str
    size: int
    url: str = Field(description="Where the paper's file is read (paper_download)")


@router.post(
    "/partnerships/{slug}/report/papers",
    response=replies({201: ReportPaperOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Attach the quarterly performance report, as PDF, to an agenda item as a paper "
    "(the meetings' paper service: its checks and refusals)",
)
def performance_report_attach(
    request: HttpRequest, slug: str, payload: ReportAttachIn
) -> Status[ReportPaperOut]:
    partnership = partnership_from(request, slug, "performance_report.attach")
    quarter = period_of(payload.period)
    item = get_in(
        partnership, AgendaItem.objects.select_related("meeting"), payload.item_id, field="item_id"
    )
    policy.require(request.user, "meeting.change", item)
    paper = services.report_attach(
        actor=request.user,
        partnership=partnership,
        period=quarter,
        item=item,
        today=timezone.localdate(),
    )
    return Status(
        201,
        ReportPaperOut(
            id=paper.pk,
            item_id=item.pk,
            meeting_id=item.meeting_id,
            title=paper.title,
            size=paper.size,
            url=reverse("api:paper_download", kwargs={"slug": slug, "paper_id": paper.pk}),
        ),
    )


class IndicatorTrendOut(Schema):
    indicator: str = Field(..., description="spi1, spi2, kpi1 or kpi2")
    values: list[str | None] = Field(
        ..., description="Per cent, one per quarter, oldest first; null: no validated value"
    )
    direction: Direction | None = Field(
        ..., description="Latest quarter against the same quarter a year before"
    )
    direction_short: Direction | None = Field(
        ..., description="Latest quarter against the quarter before"
    )


class ServiceTrendOut(Schema):
    service_id: int
    service: str
    quarters: list[str]
    indicators: list[IndicatorTrendOut]


@router.get(
    "/partnerships/{slug}/services/{service_id}/trend",
    response=replies({200: ServiceTrendOut}, READ_ERRORS),
    auth=SIGNED_IN,
    summary="A service's indicators over the last 8 quarters to a period (validated returns "
    "only) with the direction of travel: improving or declining by at least one percentage "
    "point, else steady; without a period, to the last quarter that ended",
)
def service_trend(
    request: HttpRequest, slug: str, service_id: int, period: Annotated[str, Text(10)] = ""
) -> dict[str, Any]:
    partnership = partnership_from(request, slug, "performance_report.view")
    service = get_in(partnership, Service.objects.all(), service_id)
    trend = report.service_trend(service, quarter_asked(period))
    return {
        "service_id": service.pk,
        "service": service.reference,
        "quarters": [str(quarter) for quarter in trend.quarters],
        "indicators": [
            {
                "indicator": line.indicator.code,
                "values": line.percentages,
                "direction": line.direction,
                "direction_short": line.direction_short,
            }
            for line in trend.lines
        ],
    }
