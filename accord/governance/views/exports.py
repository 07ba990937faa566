"""CSV downloads of the register. People's names are personal data: every export is
permission-checked and audited."""

from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord.audit.services import audit_record
from accord.core.models import Illustrative
from accord.core.ratelimit import expensive
from accord.partnerships.exports import csv_text
from accord.partnerships.models import Partnership
from accord.partnerships.web import partnership_page

from .. import selectors


def illustrative_cell(*columns: tuple[str, Illustrative]) -> str:
    """The columns of a row whose values are illustrative, not from the source documents
    ("name"; "person start_date"), or nothing."""
    names = {"person": "name"}
    return " ".join(
        column for column, row in columns if row.is_illustrative(names.get(column, column))
    )


def csv_download(
    request: HttpRequest,
    partnership: Partnership,
    *,
    name: str,
    object_type: str,
    header: list[str],
    rows: Iterable[Iterable[object]],
) -> HttpResponse:
    audit_record(
        actor=request.user,
        action="register.export",
        partnership_id=partnership.pk,
        object_type=object_type,
        changes={"format": [None, "csv"]},
    )
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    filename = f"accord-{partnership.slug}-{name}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@expensive
@require_GET
@partnership_page("register.view")
def partner_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return csv_download(
        request,
        partnership,
        name="partners",
        object_type="governance.partner",
        header=["name", "type", "illustrative"],
        rows=(
            (p.name, p.kind, illustrative_cell(("name", p)))
            for p in selectors.partner_list(partnership)
        ),
    )


@expensive
@require_GET
@partnership_page("register.view")
def body_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return csv_download(
        request,
        partnership,
        name="bodies",
        object_type="governance.body",
        header=["name", "kind", "purpose"],
        rows=((b.name, b.kind, b.purpose) for b in selectors.body_list(partnership)),
    )


@expensive
@require_GET
@partnership_page("register.view")
def membership_export(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return csv_download(
        request,
        partnership,
        name="memberships",
        object_type="governance.membership",
        header=[
            "body",
            "person",
            "partner",
            "role",
            "seat",
            "start_date",
            "end_date",
            "illustrative",
        ],
        rows=(
            (
                m.body.name,
                m.person.name,
                m.partner.name if m.partner else "",
                m.role,
                m.seat,
                m.start_date.isoformat(),
                m.end_date.isoformat() if m.end_date else "",
                illustrative_cell(("person", m.person), ("start_date", m)),
            )
            for m in selectors.membership_list(partnership)
        ),
    )
