"""The complaints register's pages: the list (redacted), one complaint with each stage's
due dates and working days remaining, and the CSV (redacted). The complainant's details
are shown only to those the policy allows (the complaint's handlers, administrators), and
each time they are shown this view records it in the audit trail."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord import policy
from accord.core.charts import Series, line_chart
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import paginate, partnership_page

from . import analysis, rates, selectors, services
from .clocks import calendar, clock
from .presenting import current_stage, personal, stage_views
from .write_views import next_steps, step_links


@require_GET
@partnership_page("complaint.view")
def complaint_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    cal = calendar()
    page = paginate(request, selectors.complaint_list(partnership))
    rows = []
    for complaint in page:
        stage = current_stage(complaint)
        rows.append(
            {
                "complaint": complaint,
                "stage": stage,
                "clock": clock(stage, today=today, cal=cal) if stage else None,
            }
        )
    return render(
        request,
        "complaints/complaint_list.html",
        {
            "partnership": partnership,
            "page": page,
            "rows": rows,
            "today": today,
            "may_change": policy.may(request.user, "complaint.change", partnership),
        },
    )


@require_GET
@partnership_page("complaint.view")
def complaint_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get(partnership, pk)
    visible = policy.may(request.user, "complaint.view_complainant", complaint)
    if visible and complaint.personal_erased_on is None:
        services.complainant_access_record(actor=request.user, complaint=complaint, where="page")
    today = timezone.localdate()
    return render(
        request,
        "complaints/complaint_detail.html",
        {
            "partnership": partnership,
            "complaint": complaint,
            "complainant": personal(complaint, visible=visible),
            "visible": visible,
            "stages": stage_views(complaint, today=today),
            "referral": next(iter(complaint.referrals.all()), None),
            "today": today,
            "steps": step_links(partnership, complaint, next_steps(request.user, complaint)),
        },
    )


EXPORT_HEADER = [
    "id",
    "received_on",
    "subject_kind",
    "provider",
    "service",
    "kind",
    "channel",
    "ombudsman",
    "stage",
    "acknowledge_by",
    "respond_by",
    "outcome",
    "classifications",
    "closed_on",
]


@require_GET
@partnership_page("complaint.view")
def complaint_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The register as CSV, without the complainants' details (counts and categories
    only: the export leaves the installation)."""
    today = timezone.localdate()
    cal = calendar()
    rows = []
    for complaint in selectors.complaint_list(partnership):
        stage = current_stage(complaint)
        times = clock(stage, today=today, cal=cal) if stage else None
        rows.append(
            [
                complaint.pk,
                complaint.received_on.isoformat(),
                complaint.subject_kind,
                complaint.provider.name if complaint.provider else "",
                complaint.service.name if complaint.service else "",
                complaint.kind,
                complaint.channel,
                complaint.ombudsman,
                stage.number if stage else "",
                times.acknowledge_by.isoformat() if times else "",
                times.respond_by.isoformat() if times else "",
                stage.outcome if stage else "",
                " ".join(stage.classifications) if stage else "",
                complaint.closed_on.isoformat() if complaint.closed_on else "",
            ]
        )
    response = HttpResponse(csv_text(EXPORT_HEADER, rows), content_type="text/csv; charset=utf-8")
    filename = f"accord-{partnership.slug}-complaints-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@partnership_page("complaint.view")
def complaint_analysis(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The quarterly analysis: counts and rates only, charts with their tables beside
    them; for the whole programme, or for one provider (``?provider=``)."""
    providers = selectors.providers_named(partnership)
    provider_id = analysis_provider(request, providers)
    quarters = analysis.quarterly(partnership, today=timezone.localdate(), provider_id=provider_id)
    quarter_rates = rates.quarter_rates(rates.sizes(partnership), quarters, provider_id=provider_id)
    labels = [q.name for q in quarters]
    chart = line_chart(
        title="Complaints received and closed each quarter",
        description=(
            "Two lines over the financial quarters: the complaints received and the "
            "complaints closed (at stage 1 or stage 2); the table below gives each number."
        ),
        labels=labels,
        series=[
            Series("Received", [q.received for q in quarters]),
            Series("Closed", [q.closed_stage_1 + q.closed_stage_2 for q in quarters]),
        ],
        unit="Complaints",
    )
    rate_chart = line_chart(
        title="Complaints per 100 service users each quarter",
        description=(
            "One line over the financial quarters: the complaints received per 100 service "
            "users of the services that ran; a gap where the number of service users is not "
            "available. The table below gives each rate, or why it is not available."
        ),
        labels=labels,
        series=[
            Series(
                "Per 100 service users",
                [r.service_users.value for r in quarter_rates],
            )
        ],
        unit="Complaints per 100 service users",
    )
    return render(
        request,
        "complaints/complaint_analysis.html",
        {
            "partnership": partnership,
            "quarters": quarters,
            "chart": chart,
            "rate_chart": rate_chart,
            "rates": quarter_rates,
            "providers": sorted(providers.items(), key=lambda item: item[1]),
            "provider_id": provider_id,
            "provider_name": providers.get(provider_id) if provider_id else None,
            "homes_shown": any(
                r.homes and (r.homes.base or r.homes.complaints) for r in quarter_rates
            ),
        },
    )


def analysis_provider(request: HttpRequest, providers: dict[int, str]) -> int | None:
    """The provider the analysis is filtered to: none, or one of the partnership's
    (another partnership's, or no provider at all, is not found)."""
    raw = request.GET.get("provider", "")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in providers:
        raise Http404("No such provider in this partnership")
    return int(raw)
