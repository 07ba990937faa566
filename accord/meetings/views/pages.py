"""Meeting pages: the list, one meeting (agenda, papers, attendance and quorum, minutes),
the forward plan, and paper downloads. What each person sees follows the policy."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord import policy
from accord.governance.models import Partnership
from accord.governance.selectors import partnership_get

from .. import selectors
from ..models import AGENDA_VISIBLE, Meeting, MeetingStatus, Paper
from ..services import paper_path


def meeting_of(request: HttpRequest, slug: str, pk: int, action: str = "meeting.view") -> Meeting:
    """The meeting named in the address, if the user may see (or change) it. A meeting the
    visitor may not know of is "not found", so private meetings do not leak."""
    partnership = partnership_get(slug=slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("body__partnership", "partnership", "minutes_approved_at"),
        pk=pk,
        partnership=partnership,
    )
    if action == "meeting.view" and not policy.may(request.user, action, meeting):
        raise Http404("No such meeting")
    policy.require(request.user, action, meeting)
    return meeting


@require_GET
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_get(slug=slug)
    today = timezone.localdate()
    meetings = list(
        selectors.meetings_visible(request.user, partnership, on=today).order_by(
            "-date", "-start_time"
        )
    )
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "partnership": partnership,
            "upcoming": [m for m in reversed(meetings) if m.date >= today],
            "past": [m for m in meetings if m.date < today],
            "bodies": partnership.bodies.order_by("name"),
            "may_change": policy.may(request.user, "meeting.change", partnership),
            "today": today,
        },
    )


@require_GET
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    meeting = meeting_of(request, slug, pk)
    today = timezone.localdate()
    items = selectors.meeting_items(meeting, request.user, on=today)
    sees_register = policy.may(request.user, "register.view", meeting.partnership)
    attendance = selectors.meeting_attendance(meeting) if sees_register else []
    may_change = policy.may(request.user, "meeting.change", meeting)
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "partnership": meeting.partnership,
            "meeting": meeting,
            "items": items,
            "attendance": attendance,
            "quorum": selectors.meeting_quorum(meeting, attendance) if sees_register else None,
            "sees_register": sees_register,
            "sees_exempt": policy.may(request.user, "meeting.view_exempt", meeting),
            "may_change": may_change,
            "agenda_visible": meeting.status in AGENDA_VISIBLE or may_change,
            "statuses": MeetingStatus,
            "today": today,
        },
    )


@require_GET
def forward_plan(request: HttpRequest, slug: str) -> HttpResponse:
    partnership: Partnership = partnership_get(slug=slug)
    today = timezone.localdate()
    return render(
        request,
        "meetings/forward_plan.html",
        {
            "partnership": partnership,
            "meetings": selectors.forward_plan(partnership, request.user, today=today),
            "today": today,
        },
    )


@require_GET
def paper_download(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """Serve a paper to someone allowed to see it; to anyone else it does not exist."""
    partnership = partnership_get(slug=slug)
    paper = get_object_or_404(
        Paper.objects.select_related("item__meeting__body"), pk=pk, partnership=partnership
    )
    if not selectors.paper_visible(paper, request.user, on=timezone.localdate()):
        raise Http404("No such paper")
    path = paper_path(paper)
    if not path.is_file():
        raise Http404("The paper's file is missing")
    return FileResponse(
        path.open("rb"),
        content_type=paper.content_type,
        as_attachment=paper.content_type != "application/pdf",
        filename=paper.original_name,
    )
