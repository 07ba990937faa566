"""The monitoring pages (issue 19): the annual complaints performance report and the
Code's self-assessment, as pages and as PDF (WeasyPrint, as the agenda packs are drawn:
``accord.meetings.packs.pdf_from_html``), the officers' answers to the self-assessment and
the homes figure a rate per 1,000 homes divides by. Counts and redacted text only: no page
here shows a complainant's details."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accord import policy
from accord.core.charts import Series, line_chart
from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR, financial_year_label
from accord.meetings.packs import pdf_from_html
from accord.partnerships.models import Partnership
from accord.partnerships.web import form_page, partnership_page, posted

from . import codes, report, selectors, selfassessment, services
from .report_forms import HomesManagedForm, ProvisionAnswerForm, ServiceUsersForm


def year_in_range(year: int) -> int:
    if not FIRST_FINANCIAL_YEAR <= year <= LAST_FINANCIAL_YEAR:
        raise Http404("No such financial year")
    return year


def code_named(key: str) -> codes.Code:
    if key not in codes.CODE_KEYS:
        raise Http404("No such complaint handling code")
    return codes.CODE_KEYS[key]


def pdf_response(html: str, filename: str) -> HttpResponse:
    response = HttpResponse(pdf_from_html(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
@partnership_page("complaint.view")
def report_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    years = report.report_years(partnership, today=today)
    ombudsmen = selectors.complaint_ombudsmen(partnership)
    return render(
        request,
        "complaints/report_list.html",
        {
            "partnership": partnership,
            "years": [
                (year, financial_year_label(year), report.codes_in(year, ombudsmen))
                for year in years
            ],
            "homes": selectors.homes_managed(partnership),
            "service_users": selectors.service_users(partnership),
            "may_change": policy.may(request.user, "complaint.monitor", partnership),
        },
    )


def report_context(partnership: Partnership, year: int) -> dict[str, object]:
    annual = report.annual_report(
        partnership, financial_year=year_in_range(year), today=timezone.localdate()
    )
    chart = line_chart(
        title=f"Complaints received and closed each quarter of {annual.label}",
        description=(
            "Two lines over the year's four financial quarters: the complaints received and "
            "the complaints closed; the table beside it gives each number."
        ),
        labels=[q.name for q in annual.quarters],
        series=[
            Series("Received", [q.received for q in annual.quarters]),
            Series("Closed", [q.closed_stage_1 + q.closed_stage_2 for q in annual.quarters]),
        ],
        unit="Complaints",
    )
    return {"partnership": partnership, "report": annual, "chart": chart}


@require_GET
@partnership_page("complaint.view")
def report_detail(request: HttpRequest, partnership: Partnership, year: int) -> HttpResponse:
    return render(request, "complaints/report_detail.html", report_context(partnership, year))


@require_GET
@partnership_page("complaint.view")
def report_pdf(request: HttpRequest, partnership: Partnership, year: int) -> HttpResponse:
    html = render_to_string("complaints/pdf/report.html", report_context(partnership, year))
    return pdf_response(html, f"accord-{partnership.slug}-complaints-report-{year}.pdf")


def assessment_context(partnership: Partnership, code: str, year: int) -> dict[str, object]:
    found = selfassessment.self_assessment(
        partnership,
        code=code_named(code),
        financial_year=year_in_range(year),
        today=timezone.localdate(),
    )
    return {
        "partnership": partnership,
        "assessment": found,
        "label": financial_year_label(year),
        "fill_in": selfassessment.FILL_IN,
    }


@require_GET
@partnership_page("complaint.view")
def assessment_detail(
    request: HttpRequest, partnership: Partnership, code: str, year: int
) -> HttpResponse:
    context = assessment_context(partnership, code, year)
    context["may_change"] = policy.may(request.user, "complaint.monitor", partnership)
    return render(request, "complaints/assessment_detail.html", context)


@require_GET
@partnership_page("complaint.view")
def assessment_pdf(
    request: HttpRequest, partnership: Partnership, code: str, year: int
) -> HttpResponse:
    html = render_to_string(
        "complaints/pdf/assessment.html", assessment_context(partnership, code, year)
    )
    return pdf_response(html, f"accord-{partnership.slug}-self-assessment-{code}-{year}.pdf")


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.monitor")
def provision_assess(
    request: HttpRequest, partnership: Partnership, code: str, year: int, provision: str
) -> HttpResponse:
    found_code = code_named(code)
    year_in_range(year)
    found = selfassessment.provision_for(found_code.key, provision)
    if found is None:
        raise Http404("No such provision")
    answer = selectors.provision_answers(partnership, code=found_code.key, financial_year=year).get(
        found.key
    )
    initial = (
        {name: getattr(answer, name) for name in ("met", "evidence", "actions", "requirement")}
        if answer
        else {}
    )
    back = reverse("complaints:assessment-detail", args=[partnership.slug, code, year])
    return form_page(
        request,
        ProvisionAnswerForm(
            posted(request), partnership=partnership, provision=found, initial=initial
        ),
        save=lambda data: services.provision_assess(
            actor=request.user,
            partnership=partnership,
            code=found_code.key,
            financial_year=year,
            provision=found.key,
            **data,
        ),
        title=f"{found.number or found.title}: {found_code.name}, {financial_year_label(year)}",
        lead=found.requirement or found.summary,
        done="Answer saved",
        back=back,
        button="Save the answer",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.monitor")
def homes_managed_record(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        HomesManagedForm(posted(request), partnership=partnership),
        save=lambda data: services.homes_managed_record(
            actor=request.user, partnership=partnership, **data
        ),
        title="Record the homes the ALMO manages",
        lead=(
            "The denominator of complaints per 1,000 homes about the ALMO's landlord "
            "services, for one financial year, with its source. A second figure for the "
            "same year replaces the first."
        ),
        done="Homes figure recorded",
        back=reverse("complaints:complaint-report-list", args=[partnership.slug]),
        button="Record the figure",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("complaint.monitor")
def service_users_record(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return form_page(
        request,
        ServiceUsersForm(posted(request), partnership=partnership),
        save=lambda data: services.service_users_record(
            actor=request.user, partnership=partnership, **data
        ),
        title="Record a service's service users",
        lead=(
            "For a service whose capacity is counted in hours of support, the number of "
            "people it supported in a financial year, with its source: the denominator of "
            "complaints per 100 service users. A second figure for the same service and "
            "year replaces the first."
        ),
        done="Service users recorded",
        back=reverse("complaints:complaint-report-list", args=[partnership.slug]),
        button="Record the figure",
    )
