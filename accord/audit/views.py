"""Browsing and exporting the audit trail: programme officers see their partnerships'
events, installation administrators see everything (sign-ins included), each with the
address and user agent it came from, unless erased."""

import json

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord import policy
from accord.core.ratelimit import expensive
from accord.partnerships.exports import csv_lines
from accord.partnerships.selectors import partnership_list

from .exports import EXPORT_FIELDS, event_row, personal_of
from .forms import INSTALLATION, AuditFilterForm
from .models import AuditEvent
from .selectors import audit_chain_head, audit_events
from .services import audit_record


def visible_events(
    request: HttpRequest, action: str = "audit.view"
) -> tuple[AuditFilterForm, QuerySet[AuditEvent] | None]:
    """The filter form and the events this user may see (``audit.view``) or export
    (``audit.export``) under it (None if the form is invalid).

    Refuses (403) a user who may do so for nothing: the installation-wide events are the
    administrators'; a partnership's events its programme team's.
    """
    today = timezone.localdate()
    is_administrator = policy.may(request.user, action, None, on=today)
    partnerships = [
        p for p in partnership_list() if is_administrator or policy.may(request.user, action, p)
    ]
    if not is_administrator and not partnerships:
        policy.require(request.user, action, None, on=today)
    choices = [(str(p.pk), p.name) for p in partnerships]
    if is_administrator:
        choices.append((INSTALLATION, "Installation-wide events (sign-ins)"))
    form = AuditFilterForm(request.GET or None, partnerships=choices)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    chosen = data.get("partnership") or ""
    if chosen and chosen != INSTALLATION:
        partnership_ids: list[int] | None = [int(chosen)]
    else:
        partnership_ids = None if is_administrator else sorted(p.pk for p in partnerships)
    events = audit_events(
        partnership_ids=partnership_ids,
        installation_only=chosen == INSTALLATION,
        action=data.get("action", ""),
        object_type=data.get("object_type", ""),
        object_id=data.get("object_id", ""),
        actor_name=data.get("actor_name", ""),
        since=data.get("since"),
        until=data.get("until"),
    )
    return form, events


@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = visible_events(request)
    page, rows = None, []
    if events is not None:
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        rows = [(event, *personal_of(event)) for event in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "head": audit_chain_head(),
        },
    )


@expensive
@require_GET
def event_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    form, events = visible_events(request, "audit.export")
    if events is None:
        # Exports are links from the trail page; a bad filter is explained there.
        return render(request, "audit/event_list.html", {"form": form, "page": None})
    audit_record(
        actor=request.user,
        action="audit.export",
        object_type="audit.auditevent",
        changes={"format": [None, fmt], "filters": [None, request.GET.dict()]},
    )
    rows = (event_row(event) for event in events.reverse().iterator(chunk_size=2000))
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response: HttpResponseBase
    if fmt == "json":
        response = HttpResponse(
            json.dumps(list(rows), ensure_ascii=False, indent=1),
            content_type="application/json",
        )
    else:
        cells = ([row[field] for field in EXPORT_FIELDS] for row in rows)
        response = StreamingHttpResponse(csv_lines(EXPORT_FIELDS, cells), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="accord-audit-{stamp}.{fmt}"'
    return response
