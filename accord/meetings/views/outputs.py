"""Documents made from a body's meetings: the calendar feed, the agenda pack and the
minutes (PDF). Each shows what the visitor may see: the public gets public meetings, public
items and the public version; the body's members and the programme team get the rest."""

import datetime

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accord import policy
from accord.governance import selectors as governance

from .. import selectors
from ..calendar import meetings_calendar
from ..models import AgendaItem, Meeting, MeetingStatus
from ..packs import agenda_pack_pdf, minutes_pdf
from ..selectors import User


def meeting_of(slug: str, pk: int) -> Meeting:
    """The meeting named in the address, if it belongs to the partnership named there."""
    partnership = governance.partnership_get(slug=slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("body", "minutes_approved_at__body"),
        partnership=partnership,
        pk=pk,
    )
    meeting.partnership = partnership
    return meeting


def withheld_numbers(meeting: Meeting, *, public: bool) -> list[int]:
    """The numbers of the exempt items the public version leaves out (none for members)."""
    if not public:
        return []
    return list(meeting.items.filter(is_exempt=True).values_list("number", flat=True))


def agendas_visible(
    user: User, meetings: list[Meeting], *, on: datetime.date
) -> dict[int, list[AgendaItem]]:
    """The published agendas of the meetings, as the user may see them, in one query:
    exempt items only where the policy allows (the body's members, the programme team)."""
    published = [
        m
        for m in meetings
        if m.agenda_is_published and policy.may(user, "meeting.view_agenda", m, on=on)
    ]
    with_exempt = [m.pk for m in published if policy.may(user, "meeting.view_exempt", m, on=on)]
    agendas: dict[int, list[AgendaItem]] = {m.pk: [] for m in published}
    items = AgendaItem.objects.filter(meeting__in=[m.pk for m in published]).filter(
        Q(is_exempt=False) | Q(meeting__in=with_exempt)
    )
    for item in items.order_by("meeting", "number"):
        agendas[item.meeting_id].append(item)
    return agendas


def pdf_response(pdf: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    # Signed-in visitors' copies are never stored (accounts' NoStoreMiddleware).
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def document_name(meeting: Meeting, kind: str, *, public: bool) -> str:
    version = "public" if public else "members"
    return (
        f"{meeting.partnership.slug}-{slugify(meeting.name)}-{meeting.date:%Y-%m-%d}"
        f"-{kind}-{version}.pdf"
    )


@require_GET
def calendar_feed(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The body's meetings as an iCalendar feed to subscribe to."""
    partnership = governance.partnership_get(slug=slug)
    body = governance.body_get(partnership, pk=pk)
    today = timezone.localdate()
    meetings = list(
        selectors.meetings_visible(request.user, partnership, on=today, body=body).order_by(
            "date", "start_time", "pk"
        )
    )
    feed = meetings_calendar(
        body,
        meetings,
        base_url=request.build_absolute_uri("/"),
        agendas=agendas_visible(request.user, meetings, on=today),
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    filename = f"{partnership.slug}-{slugify(body.name)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def agenda_pack(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The agenda pack, once the agenda is published; officers may preview it before."""
    meeting = meeting_of(slug, pk)
    today = timezone.localdate()
    if not policy.may(request.user, "meeting.change", meeting, on=today):
        if not meeting.agenda_is_published:
            raise Http404("The agenda has not been published")
        policy.require(request.user, "meeting.view_agenda", meeting, on=today)
    public = not policy.may(request.user, "meeting.view_exempt", meeting, on=today)
    items = selectors.meeting_items(meeting, request.user, on=today)
    pdf = agenda_pack_pdf(
        meeting, items, public=public, withheld=withheld_numbers(meeting, public=public)
    )
    return pdf_response(pdf, filename=document_name(meeting, "agenda", public=public))


@require_GET
def minutes_document(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The minutes, once they are approved at a later meeting."""
    meeting = meeting_of(slug, pk)
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise Http404("The minutes have not been approved")
    today = timezone.localdate()
    policy.require(request.user, "meeting.view_agenda", meeting, on=today)
    public = not policy.may(request.user, "meeting.view_exempt", meeting, on=today)
    pdf = minutes_pdf(
        meeting,
        selectors.meeting_items(meeting, request.user, on=today),
        selectors.meeting_attendance(meeting),
        public=public,
        withheld=withheld_numbers(meeting, public=public),
    )
    return pdf_response(pdf, filename=document_name(meeting, "minutes", public=public))
