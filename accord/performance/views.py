"""The performance pages: the partnership's returns, one return with its history, the
form to record a return, the officer's query and validation, the template to fill, and
the quarter's benchmark (the same services and policy as the API)."""

from typing import Any
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
from accord.partnerships.web import (
    button,
    choose_from,
    form_page,
    paginate,
    partnership_page,
    posted,
)
from accord.rules.lifecycle import RETURN

from . import selectors, services
from .forms import QueryForm, ReturnFiguresForm, ReturnForm, ReturnsFileForm
from .imports import (
    HEADER,
    FileRefused,
    Problem,
    checked_upload,
    refuse_too_large,
    sender,
    template_rows,
    template_workbook,
)
from .indicators import QUARTILE_METHOD, percentage, value_of
from .models import QuarterlyReturn
from .periods import PeriodError, Quarter


def return_url(partnership: Partnership, quarterly_return: QuarterlyReturn) -> str:
    return reverse("performance:return-detail", args=[partnership.slug, quarterly_return.pk])


def providers_seen(request: HttpRequest, partnership: Partnership) -> selectors.Providers:
    """Whose services' returns the person sees (issue 18): None for the programme team
    (all the partnership's), else the providers they sign in for."""
    if policy.may(request.user, "return.view", partnership):
        return None
    return policy.provider_ids(request.user, on=timezone.localdate())


def return_seen(request: HttpRequest, partnership: Partnership, pk: int) -> QuarterlyReturn:
    """One return the person may see: another provider's seems not to exist (404)."""
    quarterly_return = selectors.return_get(partnership, pk)
    policy.require(
        request.user,
        "return.view",
        quarterly_return,
        not_found=f"No quarterly return {pk} in {partnership}",
    )
    return quarterly_return


def period_asked(request: HttpRequest) -> Quarter:
    """The quarter the address asks for (``?period=2009/10 Q2``), else the last one ended."""
    try:
        return Quarter.parse(request.GET.get("period", ""))
    except PeriodError:
        return Quarter.of(timezone.localdate()).previous()


@require_GET
@partnership_page("return.list")
def return_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    period = period_asked(request)
    providers = providers_seen(request, partnership)
    outstanding = selectors.returns_outstanding_seen(
        partnership, period, providers, today=timezone.localdate()
    )
    return render(
        request,
        "performance/return_list.html",
        {
            "partnership": partnership,
            "period": period,
            "previous": period.previous(),
            "following": period.following(),
            "page": paginate(
                request, selectors.return_list_seen(partnership, providers, period=period)
            ),
            "due_on": selectors.due_on(period),
            "outstanding": outstanding,
            "may_submit": policy.may(request.user, "return.list", partnership),
            "own_services_only": providers is not None,
            "may_remind": policy.may(request.user, "return.review", partnership),
            "to_remind": sum(1 for row in outstanding if row.late and not row.reminded_on),
        },
    )


@require_GET
@partnership_page("return.list")
def return_template(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The CSV to fill for the quarter, as ``accord performance template`` prints it."""
    period = period_asked(request)
    due = selectors.services_due_seen(partnership, period, providers_seen(request, partnership))
    rows = template_rows(due, period)
    response = HttpResponse(csv_text(HEADER, rows[1:]), content_type="text/csv; charset=utf-8")
    filename = f"accord-{partnership.slug}-returns-{period.year}-q{period.number}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@partnership_page("return.list")
def return_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    quarterly_return = return_seen(request, partnership, pk)
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
            "may_resubmit": policy.may(request.user, "return.submit", quarterly_return)
            and RETURN.allows(quarterly_return.status, "resubmit"),
        },
    )


@require_http_methods(["GET", "POST"])
@partnership_page("return.list")
def return_submit(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    form = ReturnForm(posted(request), partnership=partnership)
    providers = providers_seen(request, partnership)
    if providers is not None:  # a provider's people: their own services only (issue 18)
        choose_from(form, "service", selectors.services_seen(partnership, providers))

    def save(data: dict[str, Any]) -> str:
        service = data["service"]
        policy.require(
            request.user, "return.submit", QuarterlyReturn(partnership=partnership, service=service)
        )
        made = services.return_submit(
            actor=request.user,
            service=service,
            period=data["period"],
            figures=form.figures(),
            today=timezone.localdate(),
        )
        return return_url(partnership, made)

    return form_page(
        request,
        form,
        save=save,
        title="Record a quarterly return",
        lead="One return per service per quarter, for a quarter that has ended. Leave "
        "empty what does not apply: unit days for a support-only service, KPI 1 for a "
        "short-term service, KPI 2 for a long-term one.",
        done="Return recorded",
        back=reverse("performance:return-list", args=[partnership.slug]),
        button="Record the return",
    )


@require_http_methods(["GET", "POST"])
@partnership_page("return.list")
def return_resubmit(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """A queried return's figures, answered and submitted again (by its provider's people
    or the programme team: issue 18)."""
    quarterly_return = return_seen(request, partnership, pk)
    policy.require(request.user, "return.submit", quarterly_return)
    form = ReturnFiguresForm(
        posted(request), partnership=partnership, initial=quarterly_return.figures()
    )
    return form_page(
        request,
        form,
        save=lambda data: services.return_resubmit(
            actor=request.user,
            quarterly_return=quarterly_return,
            figures=form.figures(),
            today=timezone.localdate(),
        ),
        title=f"Submit the return of {quarterly_return.service.reference} for "
        f"{quarterly_return.period} again",
        lead="Correct the figures the programme team queried; the return is submitted again "
        "for them to validate.",
        summary=[("The officer's question", quarterly_return.query or "None")],
        done="Return submitted again",
        back=return_url(partnership, quarterly_return),
        button="Submit the return again",
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
@partnership_page("return.list")
def benchmark(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    period = period_asked(request)
    providers = providers_seen(request, partnership)
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
        for row in selectors.benchmark_export_seen(partnership, period, providers)
    ]
    quarters, trends = selectors.trends_seen(partnership, period, providers)
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
@partnership_page("return.list")
def return_template_xlsx(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """The template as an XLSX workbook: the CSV's rows on its one sheet."""
    period = period_asked(request)
    due = selectors.services_due_seen(partnership, period, providers_seen(request, partnership))
    rows = template_rows(due, period)
    content = template_workbook(rows, title=f"Returns {period.year} Q{period.number}")
    response = HttpResponse(content, content_type=XLSX)
    filename = f"accord-{partnership.slug}-returns-{period.year}-q{period.number}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@partnership_page("return.list")
def return_import(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Upload a file of returns (CSV or XLSX), checked and stored as ``accord performance
    import`` does, all or nothing, with every problem listed by row and column: validated
    from the programme team, submitted (its own services' only) from a provider's people."""
    back = reverse("performance:return-list", args=[partnership.slug])
    form = ReturnsFileForm(posted(request), request.FILES or None, partnership=partnership)
    problems: list[Problem] = []
    who = sender(request.user, partnership)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        today = timezone.localdate()
        try:
            refuse_too_large(upload.size or 0)
            rows = checked_upload(
                upload.read(),
                name=upload.name or "",
                partnership=partnership,
                today=today,
                may_submit=who.may_submit,
            )
            stored = services.returns_import(
                actor=request.user, rows=rows, today=today, validated=who.validated
            )
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
            count = f"{len(stored)} return{pluralize(len(stored))}"
            messages.success(
                request,
                f"{count} stored, validated"
                if who.validated
                else f"{count} submitted: the programme team will query or validate them",
            )
            return redirect(back)
    return render(
        request,
        "performance/return_import.html",
        {
            "partnership": partnership,
            "form": form,
            "problems": problems,
            "back": back,
            "validated": who.validated,
        },
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
