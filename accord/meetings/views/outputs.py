"""Documents made from a body's meetings: the calendar feed, the agenda pack and the
minutes (PDF). Each shows what the visitor may see: the public gets public meetings, public
items and the public version; the body's members and the programme team get the rest."""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from accord import policy
from accord.core.ratelimit import expensive
from accord.governance import selectors as governance
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import partnership_page

from .. import hooks, selectors
from ..access import access_for
from ..calendar import meetings_calendar
from ..models import Meeting, MeetingStatus
from ..packs import agenda_pack_pdf, minutes_pdf


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
@partnership_page("partnership.view")
def calendar_feed(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The body's meetings as an iCalendar feed to subscribe to."""
    body = governance.body_get(partnership, pk=pk)
    today = timezone.localdate()
    access = access_for(request.user, partnership, on=today)
    meetings = list(
        selectors.meetings_visible(partnership, private_too=access.private, body=body).order_by(
            "date", "start_time", "pk"
        )
    )
    feed = meetings_calendar(
        body,
        meetings,
        base_url=request.build_absolute_uri("/"),
        agendas=selectors.agendas_visible(meetings, access=access),
    )
    response = HttpResponse(feed, content_type="text/calendar; charset=utf-8")
    filename = f"{partnership.slug}-{slugify(body.name)}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def document_meeting(request: HttpRequest, partnership: Partnership, pk: int) -> Meeting:
    """The meeting a document is made from (what the visitor may read of it is asked per
    document). A meeting the visitor may not know of (a private one, to the public)
    answers exactly as one that does not exist, whatever its state."""
    meeting = get_in(
        partnership,
        Meeting.objects.select_related("body", "minutes_approved_at__body", "chair", "clerk"),
        pk,
    )
    policy.require(request.user, "meeting.view", meeting, not_found="No such meeting")
    return meeting


def paper_link(request: HttpRequest, partnership: Partnership) -> str:
    """A paper's address, with ``{pk}`` for its id: printed in the pack beside a paper it
    does not include."""
    address = reverse("meetings:paper-download", args=[partnership.slug, 0])
    return request.build_absolute_uri(address).replace("/0/", "/{pk}/")


@expensive
@require_GET
@partnership_page(None)
def agenda_pack(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The agenda pack, once the agenda is published; officers may preview it before."""
    meeting = document_meeting(request, partnership, pk)
    today = timezone.localdate()
    access = access_for(request.user, partnership, on=today)
    if not access.unpublished:
        if not meeting.agenda_is_published:
            raise Http404("The agenda has not been published")
        policy.require(request.user, "meeting.view_agenda", meeting, on=today)
    public = not access.sees_exempt(meeting)
    items = selectors.meeting_items(meeting, exempt_too=not public)
    pdf = agenda_pack_pdf(
        meeting,
        items,
        public=public,
        withheld=selectors.withheld_items(meeting, public=public),
        previous=selectors.previous_meeting(meeting),
        paper_link=paper_link(request, partnership),
    )
    return pdf_response(pdf, filename=document_name(meeting, "agenda", public=public))


@expensive
@require_GET
@partnership_page(None)
def minutes_document(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """The minutes once they are approved at a later meeting; before, once the meeting is
    held, the draft, marked "Draft" on every page, for the body's members and the programme
    team only (they circulate it before approval; the public waits for the approved
    minutes)."""
    meeting = document_meeting(request, partnership, pk)
    today = timezone.localdate()
    access = access_for(request.user, partnership, on=today)
    if meeting.status == MeetingStatus.HELD:
        if not access.sees_exempt(meeting):  # the body's members and the programme team
            raise Http404("The minutes have not been approved")
    elif meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise Http404("The minutes have not been approved")
    policy.require(request.user, "meeting.view_agenda", meeting, on=today)
    public = not access.sees_exempt(meeting)
    items = selectors.meeting_items(meeting, exempt_too=not public)
    hooks.annotate(items, user=request.user, on=today)
    pdf = minutes_pdf(
        meeting,
        items,
        selectors.meeting_attendance(meeting),
        public=public,
        withheld=selectors.withheld_items(meeting, public=public),
        site=request.build_absolute_uri("/").rstrip("/"),
        first_minute=selectors.first_minute_number(meeting),
        officers=selectors.officer_ids(meeting),
        approved_here=selectors.minutes_approved_here(meeting),
    )
    kind = "draft-minutes" if meeting.status == MeetingStatus.HELD else "minutes"
    return pdf_response(pdf, filename=document_name(meeting, kind, public=public))
