"""The quarterly performance report's pages (page and PDF), attaching it to a meeting as a
paper, and a service's trend over the last eight quarters: the same reads, service and
policy as ``report_api`` (docs/performance.md, "The quarterly report")."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.commissioning.models import Service
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import form_page, partnership_page, posted

from . import report, services
from .indicators import QUARTILE_METHOD
from .periods import Quarter
from .report_forms import ReportAttachForm
from .views import period_asked


def report_context(request: HttpRequest, partnership: Partnership) -> dict[str, Any]:
    period = period_asked(request)
    built = report.quarterly_report(partnership, period, today=timezone.localdate())
    return {
        "partnership": partnership,
        "report": built,
        "period": period,
        "previous": period.previous(),
        "following": period.following(),
        "method": QUARTILE_METHOD,
    }


@require_GET
@partnership_page("performance_report.view")
def report_detail(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    context = report_context(request, partnership)
    context["may_attach"] = policy.may(request.user, "performance_report.attach", partnership)
    return render(request, "performance/report_detail.html", context)


@require_GET
@partnership_page("performance_report.view")
def report_pdf(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    period = period_asked(request)
    built = report.quarterly_report(partnership, period, today=timezone.localdate())
    response = HttpResponse(report.report_pdf(built), content_type="application/pdf")
    filename = report.report_filename(partnership, period)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def report_url(partnership: Partnership, period: Quarter) -> str:
    address = reverse("performance:report-detail", args=[partnership.slug])
    return f"{address}?{urlencode({'period': str(period)})}"


@require_http_methods(["GET", "POST"])
@partnership_page("performance_report.attach")
def report_attach(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    period = period_asked(request)
    form = ReportAttachForm(
        posted(request), partnership=partnership, initial={"period": str(period)}
    )

    def save(data: dict[str, Any]) -> str:
        item = data["item"]
        policy.require(request.user, "meeting.change", item)
        services.report_attach(
            actor=request.user,
            partnership=partnership,
            period=data["period"],
            item=item,
            today=timezone.localdate(),
        )
        return reverse("meetings:meeting-detail", args=[partnership.slug, item.meeting_id])

    return form_page(
        request,
        form,
        save=save,
        title="Attach the quarterly performance report to a meeting",
        lead="The report for the quarter is drawn as PDF and added as a paper to the agenda "
        "item you choose (a Core Strategy Group's, usually), as an uploaded paper is.",
        done="Report attached to the meeting as a paper",
        back=report_url(partnership, period),
        button="Attach the report",
    )


@require_GET
@partnership_page("performance_report.view")
def service_trend(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    service = get_in(partnership, Service.objects.all(), pk)
    period = period_asked(request)
    trend = report.service_trend(service, period)
    return render(
        request,
        "performance/service_trend.html",
        {
            "partnership": partnership,
            "service": service,
            "trend": trend,
            "period": period,
            "previous": period.previous(),
            "following": period.following(),
            "steady_within": "1",
        },
    )
