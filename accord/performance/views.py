"""The performance pages: the partnership's returns, one return with its history, the
form to record a return, the officer's query and validation, the template to fill, and
the quarter's benchmark (the same services and policy as the API)."""

from urllib.parse import quote

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accord import policy
from accord.core.errors import AccordError
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import button, form_page, paginate, partnership_page, posted
from accord.rules.lifecycle import RETURN

from . import selectors, services
from .forms import QueryForm, ReturnForm, ReturnsFileForm
from .imports import (
    HEADER,
    FileRefused,
    Problem,
    checked_upload,
    refuse_too_large,
    template_rows,
    template_workbook,
)
from .indicators import QUARTILE_METHOD, percentage, value_of
from .models import QuarterlyReturn
from .periods import PeriodError, Quarter


def return_url(partnership: Partnership, quarterly_return: QuarterlyReturn) -> str:
    return reverse("performance:return-detail", args=[partnership.slug, quarterly_return.pk])


def period_asked(request: HttpRequest) -> Quarter:
    """The quarter the address asks for (``?period=2009/10 Q2``), else the last one ended."""
    try:
        return Quarter.parse(request.GET.get("period", ""))
    except PeriodError:
        return Quarter.of(timezone.localdate()).previous()


@require_GET
@partnership_page("return.view")
def return_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    period = period_asked(request)
    outstanding = selectors.returns_outstanding(partnership, period, today=timezone.localdate())
    return render(
        request,
        "performance/return_list.html",
        {
            "partnership": partnership,
            "period": period,
            "previous": period.previous(),
            "following": period.following(),
            "page": paginate(request, selectors.return_list(partnership, period=period)),
            "due_on": selectors.due_on(period),
            "outstanding": outstanding,
            "may_submit": policy.may(request.user, "return.submit", partnership),
            "may_remind": policy.may(request.user, "return.review", partnership),
            "to_remind": sum(1 for row in outstanding if row.late and not row.reminded_on),
        },
    )


@require_GET
@partnership_page("return.view")
def return_template(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The CSV to fill for the quarter, as ``accord performance template`` prints it."""
    period = period_asked(request)
    rows = template_rows(selectors.services_due(partnership, period), period)
    response = HttpResponse(csv_text(HEADER, rows[1:]), content_type="text/csv; charset=utf-8")
    filename = f"accord-{partnership.slug}-returns-{period.year}-q{period.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@partnership_page("return.view")
def return_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    quarterly_return = selectors.return_get(partnership, pk)
    figures = quarterly_return.figures()
    indicators = [
        (one, percentage(value_of(figures, one)))
        for one in selectors.current_indicators(quarterly_return.period)
    ]
    may_review = policy.may(request.user, "return.review", partnership)
    return render(
        request,
        "performance/return_detail.html",
        {
            "partnership": partnership,
            "quarterly_return": quarterly_return,
            "indicators": indicators,
            "revisions": list(quarterly_return.revisions.all()),
            "may_query": may_review and RETURN.allows(quarterly_return.status, "query"),
            "may_validate": may_review and RETURN.allows(quarterly_return.status, "validate"),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("return.submit")
def return_submit(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = ReturnForm(posted(request), partnership=partnership)
    return form_page(
        request,
        form,
        save=lambda data: return_url(
            partnership,
            services.return_submit(
                actor=request.user,
                service=data["service"],
                period=data["period"],
                figures=form.figures(),
                today=timezone.localdate(),
            ),
        ),
        title="Record a quarterly return",
        lead="One return per service per quarter, for a quarter that has ended. Leave "
        "empty what does not apply: unit days for a support-only service, KPI 1 for a "
        "short-term service, KPI 2 for a long-term one.",
        done="Return recorded",
        back=reverse("performance:return-list", args=[partnership.slug]),
        button="Record the return",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("return.review")
def return_query(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    quarterly_return = selectors.return_get(partnership, pk)
    return form_page(
        request,
        QueryForm(posted(request), partnership=partnership),
        save=lambda data: services.return_query(
            actor=request.user, quarterly_return=quarterly_return, **data
        ),
        title=f"Query the return of {quarterly_return.service.reference} for "
        f"{quarterly_return.period}",
        lead="The return goes back to the provider with your question; it counts once "
        "it is validated.",
        done="Return queried",
        back=return_url(partnership, quarterly_return),
        button="Query the return",
    )


@require_POST
@partnership_page("return.review")
def return_validate(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    quarterly_return = selectors.return_get(partnership, pk)
    return button(
        request,
        lambda: services.return_validate(
            actor=request.user, quarterly_return=quarterly_return, today=timezone.localdate()
        ),
        done="Return validated",
        back=return_url(partnership, quarterly_return),
    )


@require_GET
@partnership_page("return.view")
def benchmark(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    period = period_asked(request)
    indicators = selectors.current_indicators(period)
    sizes = selectors.group_sizes(period)
    rows = [
        (
            row["service"],
            [
                {**row[one.code], "group": sizes.get((one.code, row["service_type"]), 0)}
                for one in indicators
            ],
        )
        for row in selectors.benchmark_export(partnership, period)
    ]
    quarters, trends = selectors.trends(partnership, period)
    return render(
        request,
        "performance/benchmark.html",
        {
            "partnership": partnership,
            "period": period,
            "previous": period.previous(),
            "following": period.following(),
            "rows": rows,
            "indicators": indicators,
            "quarters": quarters,
            "trends": [(one, trends[one.code]) for one in indicators],
            "method": QUARTILE_METHOD,
        },
    )


# ---------------------------------------------------------------------------------------
# The template as a workbook, a file of returns uploaded, and reminders of late returns.


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
@partnership_page("return.view")
def return_template_xlsx(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The template as an XLSX workbook: the CSV's rows on its one sheet."""
    period = period_asked(request)
    rows = template_rows(selectors.services_due(partnership, period), period)
    content = template_workbook(rows, title=f"Returns {period.year} Q{period.number}")
    response = HttpResponse(content, content_type=XLSX)
    filename = f"accord-{partnership.slug}-returns-{period.year}-q{period.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@partnership_page("return.submit")
def return_import(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Upload a file of returns (CSV or XLSX), checked and stored as ``accord performance
    import`` does, validated, all or nothing, with every problem listed by row and column."""
    back = reverse("performance:return-list", args=[partnership.slug])
    form = ReturnsFileForm(posted(request), request.FILES or None, partnership=partnership)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        today = timezone.localdate()
        try:
            refuse_too_large(upload.size or 0)
            rows = checked_upload(
                upload.read(), name=upload.name or "", partnership=partnership, today=today
            )
            stored = services.returns_import(actor=request.user, rows=rows, today=today)
        except FileRefused as refusal:
            problems = refusal.problems
            form.add_error(
                "file",
                "The file was not imported: nothing from it was stored"
                if problems
                else refusal.message,
            )
        except AccordError as refusal:
            form.add_error("file", refusal.message)
        else:
            messages.success(
                request, f"{len(stored)} return{pluralize(len(stored))} stored, validated"
            )
            return redirect(back)
    return render(
        request,
        "performance/return_import.html",
        {"partnership": partnership, "form": form, "problems": problems, "back": back},
    )


@require_POST
@partnership_page("return.review")
def return_remind(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """E-mail the provider of each service whose return for the quarter is late."""
    back = reverse("performance:return-list", args=[partnership.slug])
    try:
        period = Quarter.parse(request.POST.get("period", ""))
    except PeriodError as error:
        messages.error(request, f"Quarter: {error}")
        return redirect(back)
    back = f"{back}?period={quote(str(period))}"
    try:
        done = services.returns_remind(
            actor=request.user, partnership=partnership, period=period, today=timezone.localdate()
        )
    except AccordError as refusal:
        messages.error(request, refusal.message)
        return redirect(back)
    said = [f"{len(done.reminders)} reminder{pluralize(len(done.reminders))} sent"]
    if done.already_reminded:
        said.append(f"{len(done.already_reminded)} already reminded for {period}")
    if done.without_contact:
        said.append(
            "not sent to "
            + ", ".join(service.reference for service in done.without_contact)
            + ": no contact e-mail address for the provider"
        )
    messages.success(request, "; ".join(said))
    return redirect(back)
