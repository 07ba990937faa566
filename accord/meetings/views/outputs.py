"""Documents made from a body's meetings: the calendar feed, the agenda pack and the
minutes (PDF). Each shows what the visitor may see: the public gets public meetings, public
items and the public version; the body's members and the programme team get the rest."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accord import policy
from accord.governance import selectors as governance

from .. import selectors
from ..calendar import meetings_calendar
from ..models import Meeting, MeetingStatus
from ..packs import agenda_pack_pdf, minutes_pdf


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
        agendas=selectors.agendas_visible(request.user, meetings, on=today),
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
        meeting, items, public=public, withheld=selectors.withheld_numbers(meeting, public=public)
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
        withheld=selectors.withheld_numbers(meeting, public=public),
    )
    return pdf_response(pdf, filename=document_name(meeting, "minutes", public=public))
