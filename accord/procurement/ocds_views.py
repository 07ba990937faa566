"""The public pages of what procurements published as Open Contracting releases: the
procurements published, each one as its compiled release (tender, award, contract,
variations) with its releases, and the feeds for download. Open to anyone
(``procurement.view_published``); the same feeds are API operations (ocds_api.py)."""

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accord.core.ratelimit import expensive
from accord.partnerships.models import Partnership
from accord.partnerships.web import paginate, partnership_page

from . import ocds, selectors
from .models import Release


def shown(data: Any) -> Any:
    """A compiled release for a page: amounts back to exact Decimal pounds, dates to dates."""
    if isinstance(data, dict):
        out = {key: shown(value) for key, value in data.items()}
        if isinstance(data.get("amount"), int | float):
            out["amount"] = Decimal(repr(data["amount"])).quantize(Decimal("0.01"))
        for key, value in data.items():
            if isinstance(value, str) and (key.startswith("date") or key.endswith("Date")):
                out[key] = ocds.parse(value).astimezone(ocds.LONDON)
        return out
    if isinstance(data, list):
        return [shown(item) for item in data]
    return data


@require_GET
@partnership_page("procurement.view_published")
def published_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    page = paginate(request, selectors.published_procurements(partnership))
    latest: dict[int, tuple[list[str], datetime.datetime]] = {}
    rows = Release.objects.filter(procurement__in=list(page)).order_by("procurement_id", "id")
    for procurement_id, tag, date in rows.values_list("procurement_id", "tag", "date"):
        latest[procurement_id] = (tag, date)
    for procurement in page:
        procurement.latest_tag, procurement.latest_date = latest[procurement.pk]
    return render(
        request,
        "procurement/published_list.html",
        {"partnership": partnership, "page": page},
    )


@require_GET
@partnership_page("procurement.view_published")
def published_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    procurement = selectors.published_procurement(partnership, pk)
    releases = list(Release.objects.filter(procurement=procurement).order_by("id"))
    data = [row.data for row in releases]
    compiled = shown(ocds.compiled(data))
    return render(
        request,
        "procurement/published_detail.html",
        {
            "partnership": partnership,
            "procurement": procurement,
            "releases": releases,
            "ocid": releases[0].ocid,
            "record": compiled,
            "tender": compiled.get("tender", {}),
            "awards": compiled.get("awards", []),
            "contracts": compiled.get("contracts", []),
        },
    )


def download(partnership: Partnership, *, records: bool) -> HttpResponse:
    try:
        data = ocds.feed(partnership, records=records)
    except ocds.Incoherent as refused:
        return HttpResponse(
            "The releases fail Accord's coherence checks, so the feed is not published:\n"
            + "\n".join(refused.problems),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    kind = "records" if records else "releases"
    response = HttpResponse(ocds.as_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="accord-{partnership.slug}-ocds-{kind}.json"'
    )
    return response


@expensive
@require_GET
@partnership_page("procurement.view_published")
def release_package(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Every release of the partnership's procurements: an OCDS release package."""
    return download(partnership, records=False)


@expensive
@require_GET
@partnership_page("procurement.view_published")
def record_package(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    """Each procurement's releases and compiled release: an OCDS record package."""
    return download(partnership, records=True)
