"""The forms and buttons that change meetings: the programme team only. Each calls one
service; a refusal is shown on the field it names (forms) or as an error message
(buttons), and nothing is saved."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import button, form_page, partnership_page, posted

from .. import services
from ..forms import (
    AgendaItemForm,
    AttendanceForm,
    DeclarationForm,
    MeetingForm,
    MinutesApproveForm,
    MinutesForm,
    PaperForm,
)
from ..models import AgendaItem, Meeting
from .pages import meeting_of


def meeting_url(meeting: Meeting) -> str:
    return reverse("meetings:meeting-detail", args=[meeting.partnership.slug, meeting.pk])


@require_http_methods(["GET", "POST"])
@partnership_page("meeting.change")
def meeting_create(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    initial = {"body": request.GET.get("body"), "is_public": True}

    def save(data: dict[str, Any]) -> str:
        meeting = services.meeting_schedule(actor=request.user, **data)
        return meeting_url(meeting)

    return form_page(
        request,
        MeetingForm(posted(request), partnership=partnership, initial=initial),
        save=save,
        title="Schedule a meeting",
        done="Meeting scheduled",
        back=reverse("meetings:meeting-list", args=[partnership.slug]),
        button="Schedule meeting",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def meeting_update(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    fields = [
        "title",
        "date",
        "start_time",
        "end_time",
        "place",
        "online_link",
        "is_public",
        "chair",
        "clerk",
        "clerk_contact",
    ]
    form = MeetingForm(
        posted(request),
        partnership=meeting.partnership,
        initial={"body": meeting.body, **{name: getattr(meeting, name) for name in fields}},
    )
    form.fields["body"].disabled = True

    def save(data: dict[str, Any]) -> None:
        data.pop("body", None)
        services.meeting_update(actor=request.user, meeting=meeting, **data)

    return form_page(
        request,
        form,
        save=save,
        title=f"Change {meeting}",
        done="Meeting changed; calendars will show the change",
        back=meeting_url(meeting),
        button="Save changes",
    )


@require_POST
@partnership_page(None)
def meeting_publish(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    return button(
        request,
        lambda: services.meeting_publish_agenda(actor=request.user, meeting=meeting),
        done="Agenda published",
        back=meeting_url(meeting),
    )


@require_POST
@partnership_page(None)
def meeting_cancel(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    return button(
        request,
        lambda: services.meeting_cancel(actor=request.user, meeting=meeting),
        done="Meeting cancelled",
        back=meeting_url(meeting),
    )


@require_POST
@partnership_page(None)
def meeting_held(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    return button(
        request,
        lambda: services.meeting_mark_held(
            actor=request.user, meeting=meeting, today=timezone.localdate()
        ),
        done="Meeting recorded as held",
        back=meeting_url(meeting),
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def agenda_item_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    return form_page(
        request,
        AgendaItemForm(posted(request), partnership=meeting.partnership),
        save=lambda data: services.agenda_item_add(actor=request.user, meeting=meeting, **data),
        title="Add an agenda item",
        done="Item added to the agenda",
        back=meeting_url(meeting),
        button="Add item",
        lead=str(meeting),
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def paper_create(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_pk)

    def save(data: dict[str, Any]) -> None:
        upload = data["file"]
        services.paper_upload(
            actor=request.user,
            item=item,
            title=data["title"],
            summary=data["summary"],
            upload=upload,
            name=upload.name,
            size=upload.size,
        )

    return form_page(
        request,
        PaperForm(posted(request), request.FILES or None, partnership=meeting.partnership),
        save=save,
        title="Add a paper",
        done="Paper added",
        back=meeting_url(meeting),
        button="Upload paper",
        lead=f"{meeting}: item {item}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def attendance_create(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    return form_page(
        request,
        AttendanceForm(posted(request), partnership=meeting.partnership, meeting=meeting),
        save=lambda data: services.attendance_record(actor=request.user, meeting=meeting, **data),
        title="Record attendance",
        done="Attendance recorded",
        back=meeting_url(meeting),
        button="Record attendance",
        lead=str(meeting),
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def declaration_create(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_pk)
    return form_page(
        request,
        DeclarationForm(posted(request), partnership=meeting.partnership, meeting=meeting),
        save=lambda data: services.declaration_record(actor=request.user, item=item, **data),
        title="Record a declaration of interest",
        done="Declaration recorded",
        back=meeting_url(meeting),
        button="Record declaration",
        lead=f"{meeting}: item {item}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def minutes_edit(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_pk)
    return form_page(
        request,
        MinutesForm(
            posted(request),
            partnership=meeting.partnership,
            initial={"minutes": item.minutes, "resolution": item.resolution},
        ),
        save=lambda data: services.minutes_write(
            actor=request.user, item=item, text=data["minutes"], resolution=data["resolution"]
        ),
        title="Write the minute",
        done="Minute saved",
        back=meeting_url(meeting),
        button="Save minute",
        lead=f"{meeting}: item {item}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def minutes_approve(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Approve the minutes at a later meeting of the body. The page says what that needs
    and, when no meeting of the body qualifies yet, offers to schedule one."""
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    today = timezone.localdate()
    form = MinutesApproveForm(posted(request), partnership=meeting.partnership, meeting=meeting)
    choices = form.fields["at_meeting"].queryset  # type: ignore[attr-defined]
    ready = [m for m in choices if not services.approval_refusal(meeting, m, today=today)]
    return form_page(
        request,
        form,
        save=lambda data: services.minutes_approve(
            actor=request.user, meeting=meeting, today=today, **data
        ),
        title="Approve the minutes",
        done="Minutes approved; they can no longer be changed",
        back=meeting_url(meeting),
        button="Approve minutes",
        lead=str(meeting),
        template="meetings/minutes_approve.html",
        extra={
            "needs": services.APPROVAL_NEEDS,
            "ready": ready,
            "schedule_url": reverse("meetings:meeting-create", args=[partnership.slug])
            + f"?body={meeting.body_id}",
            "body": meeting.body,
        },
    )
