"""Meeting pages: the list, one meeting (agenda, papers, attendance and quorum, minutes),
the forward plan, and paper downloads. What each person sees follows the policy."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accord import policy
from accord.governance.models import Body
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import partnership_page
from accord.rules.lifecycle import MEETING

from .. import hooks, selectors, services
from ..access import access_for, forward_plan_for, may_read_paper, visible_agenda
from ..models import Meeting, MeetingStatus
from ..packs import minute_numbers
from ..services import paper_path

# A meeting whose business is minuted: its items carry their minute numbers.
MINUTED = {MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED}


def meeting_of(
    request: HttpRequest, partnership: Partnership, pk: int, action: str = "meeting.view"
) -> Meeting:
    """The partnership's meeting named in the address, if the user may see (or change) it.
    A meeting the visitor may not know of is "not found", so private meetings do not leak."""
    meeting = get_in(
        partnership,
        Meeting.objects.select_related("body", "minutes_approved_at__body", "chair", "clerk"),
        pk,
    )
    meeting.body.partnership = partnership  # the quorum reads the constitution through it
    policy.require(
        request.user,
        action,
        meeting,
        not_found="No such meeting" if action == "meeting.view" else "",
    )
    return meeting


@require_GET
@partnership_page("partnership.view")
def meeting_list(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    private_too = policy.may(request.user, "register.view", partnership, on=today)
    meetings = list(
        selectors.meetings_visible(partnership, private_too=private_too).order_by(
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
            "bodies": Body.objects.filter(partnership=partnership).order_by("name"),
            "may_change": policy.may(request.user, "meeting.change", partnership),
            "today": today,
        },
    )


@require_GET
@partnership_page(None)
def meeting_detail(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk)
    today = timezone.localdate()
    access = access_for(request.user, partnership, on=today)
    items = visible_agenda(request.user, meeting, on=today, access=access)
    hooks.annotate(items, user=request.user, on=today)
    agenda_visible = access.sees_agenda(meeting) and policy.may(
        request.user, "meeting.view_agenda", meeting, on=today
    )
    withheld = (
        selectors.withheld_items(meeting, public=not access.sees_exempt(meeting))
        if agenda_visible or access.unpublished
        else []
    )
    if meeting.status in MINUTED and items:
        # The minutes' numbers, as the minutes PDF gives them (accord.meetings.packs).
        numbers = minute_numbers(
            [item.number for item in items if not item.is_exempt],
            [item.number for item in items if item.is_exempt] + [line.number for line in withheld],
            first_minute=selectors.first_minute_number(meeting),
            year=meeting.date.year,
        )
        for item in items:
            item.minute_number = numbers[item.number]  # type: ignore[attr-defined]
    attendance = selectors.meeting_attendance(meeting) if access.private else []
    # Councils publish attendance with the approved minutes (members by role and
    # organisation; a service user representative named only with their consent).
    published_attendance = (
        selectors.attendance_published(meeting, selectors.meeting_attendance(meeting))
        if not access.private and meeting.minutes_are_locked and agenda_visible
        else []
    )
    may_change = access.unpublished
    # Who may submit a written contribution now (the agenda published, the meeting not yet
    # started): the programme team for anyone, a non-voting member for themself.
    contribute = (
        meeting.status == MeetingStatus.AGENDA_PUBLISHED
        and timezone.now() < services.meeting_starts(meeting)
        and policy.may(request.user, "contribution.submit", meeting, on=today)
        and (
            may_change
            or any(
                seat.person.user_id == request.user.pk
                for seat in services.contributor_seats(meeting)
            )
        )
    )
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "partnership": partnership,
            "meeting": meeting,
            "items": items,
            "lines": selectors.agenda_lines(items, withheld),
            "attendance": attendance,
            "published_attendance": published_attendance,
            "draft_minutes": not meeting.minutes_are_locked and any(i.minutes for i in items),
            "quorum": selectors.meeting_quorum(meeting, attendance) if access.private else None,
            "sees_register": access.private,
            "sees_exempt": access.sees_exempt(meeting),
            "may_change": may_change,
            "agenda_visible": access.sees_agenda(meeting),
            # The buttons the meeting's state allows (its lifecycle table), for the team.
            "steps": MEETING.triggers(
                meeting.status, {"date_reached"} if meeting.date <= today else ()
            )
            if may_change
            else frozenset(),
            "today": today,
            "contribute": contribute,
            # A written contribution is withdrawn by its author until the meeting starts;
            # the programme team removes a spoken one while the minutes are a draft.
            "withdraw_written": contribute,
            "withdraw_spoken": may_change
            and "minute_contribution" in MEETING.triggers(meeting.status, {"date_reached"}),
        },
    )


@require_GET
@partnership_page("partnership.view")
def forward_plan(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    today = timezone.localdate()
    plan = forward_plan_for(request.user, partnership, today=today)
    return render(
        request,
        "meetings/forward_plan.html",
        {"partnership": partnership, "meetings": plan, "today": today},
    )


@require_GET
@partnership_page(None)
def paper_download(request: HttpRequest, partnership: Partnership, pk: int) -> FileResponse:
    """Serve a paper to someone allowed to see it; to anyone else it does not exist."""
    paper = selectors.paper_get(partnership, pk=pk)
    if paper is None:
        raise Http404("No such paper")
    if not may_read_paper(request.user, partnership, paper, on=timezone.localdate()):
        raise Http404("No such paper")
    if paper.is_withdrawn:
        raise Http404("The paper was withdrawn")
    path = paper_path(paper)
    if not path.is_file():
        raise Http404("The paper's file is missing")
    return FileResponse(
        path.open("rb"),
        content_type=paper.content_type,
        as_attachment=paper.content_type != "application/pdf",
        filename=paper.original_name,
    )
