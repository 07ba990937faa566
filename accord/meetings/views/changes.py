"""The forms and buttons that change meetings: the programme team only. Each calls one
service; a refusal is shown on the field it names (forms) or as an error message
(buttons), and nothing is saved."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.partnerships.web import (
    button,
    confirm_page,
    confirmed,
    form_page,
    partnership_page,
    posted,
)

from .. import selectors, services
from ..forms import (
    AgendaItemForm,
    BodyAttendanceForm,
    DeclarationForm,
    ItemMoveForm,
    MeetingForm,
    MinutesApproveForm,
    MinutesForm,
    PaperChangeForm,
    PaperForm,
    PublishForm,
    ReasonForm,
)
from ..models import AgendaItem, Meeting, Paper
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


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def meeting_publish(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Confirm, then publish the agenda; late for a public meeting, give the reason."""
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    today = timezone.localdate()
    late = services.publication_is_late(meeting, on=today)
    clear = services.clear_days_before(meeting, on=today)
    follows = [
        "The body's members can read the agenda and its papers, exempt items included.",
        (
            "Anyone can read the public items and their papers on the meeting's page and in "
            "the public agenda pack; exempt items and their papers are withheld."
            if meeting.is_public
            else "This is a private meeting: the public sees neither the agenda nor the papers."
        ),
        "Items can no longer be changed or reordered; an item or paper can still be "
        "withdrawn, with a reason that stays on the agenda.",
        "Publishing cannot be undone.",
    ]
    warning = ""
    if late:
        warning = (
            f"This agenda is published {clear} clear day{'s' if clear != 1 else ''} before the "
            f"meeting. Section 100B of the Local Government Act 1972 asks for "
            f"{services.NOTICE_CLEAR_DAYS}: give the reason for urgency, which the public "
            "agenda will show."
        )
    return confirm_page(
        request,
        PublishForm(confirmed(request), partnership=partnership, late=late),
        save=lambda data: services.meeting_publish_agenda(
            actor=request.user, meeting=meeting, today=today, **data
        ),
        title="Publish the agenda",
        follows=follows,
        warning=warning,
        done="Agenda published",
        back=meeting_url(meeting),
        button="Publish the agenda",
        lead=str(meeting),
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def meeting_cancel(request: HttpRequest, partnership: Partnership, pk: int) -> HttpResponse:
    """Confirm, then cancel the meeting with the reason its page shows."""
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    return confirm_page(
        request,
        ReasonForm(
            confirmed(request),
            partnership=partnership,
            label="Why is the meeting cancelled?",
            missing="Enter why the meeting is cancelled",
        ),
        save=lambda data: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=data["reason"]
        ),
        title="Cancel the meeting",
        follows=[
            "The meeting's page says it is cancelled, and why"
            + (
                ", to anyone who can see it (it is a public meeting)." if meeting.is_public else "."
            ),
            "Calendars subscribed to the body's meetings show it as cancelled.",
            "Nothing more can be recorded at it: no agenda, attendance, votes or minutes.",
            "Cancelling cannot be undone: to meet after all, schedule a new meeting.",
        ],
        done="Meeting cancelled",
        back=meeting_url(meeting),
        button="Cancel the meeting",
        lead=str(meeting),
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
    """The whole body's attendance on one form, saved by one service call; the message
    afterwards says what each change replaced."""
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    seats, recorded, officers = selectors.attendance_register(meeting)
    form = BodyAttendanceForm(
        posted(request),
        partnership=partnership,
        meeting=meeting,
        seats=seats,
        recorded=recorded,
        officers=officers,
    )

    def save(data: dict[str, Any]) -> None:
        changes = services.attendance_record_all(
            actor=request.user, meeting=meeting, rows=form.rows(), officers=form.officers()
        )
        for change in changes:
            if change.changed:
                messages.info(request, f"Changed: {change.sentence()}")

    return form_page(
        request,
        form,
        save=save,
        title="Record attendance",
        done="Attendance recorded",
        back=meeting_url(meeting),
        button="Save attendance",
        lead=f"{meeting}: everyone who sat on {meeting.body.name} that day",
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
    form = MinutesApproveForm(confirmed(request), partnership=meeting.partnership, meeting=meeting)
    choices = form.fields["at_meeting"].queryset  # type: ignore[attr-defined]
    ready = [m for m in choices if not services.approval_refusal(meeting, m, today=today)]
    return confirm_page(
        request,
        form,
        save=lambda data: services.minutes_approve(
            actor=request.user, meeting=meeting, today=today, **data
        ),
        title="Approve the minutes",
        follows=[
            "The minutes become the approved record of the meeting, signed off at the "
            "meeting you choose.",
            "They can no longer be changed.",
            "Anyone who can see the meeting can read and download them as approved.",
        ],
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


# ---------------------------------------------------------------- the agenda


def item_in(partnership: Partnership, meeting: Meeting, item_pk: int) -> AgendaItem:
    return get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_pk)


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def agenda_item_update(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    item = item_in(partnership, meeting, item_pk)
    fields = [
        "title",
        "summary",
        "lead_officer",
        "is_exempt",
        "exempt_paragraph",
        "exempt_reason",
        "public_interest_test",
    ]
    return form_page(
        request,
        AgendaItemForm(
            posted(request),
            partnership=partnership,
            initial={name: getattr(item, name) for name in fields},
        ),
        save=lambda data: services.agenda_item_change(actor=request.user, item=item, **data),
        title=f"Change item {item.number}",
        done=f"Item {item.number} changed",
        back=meeting_url(meeting),
        button="Save changes",
        lead=str(meeting),
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def agenda_item_move(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    """Move an item: the meeting page's "Move up" and "Move down" buttons post its new
    number straight here (no JavaScript); the page asks for a number otherwise."""
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    item = item_in(partnership, meeting, item_pk)
    return form_page(
        request,
        ItemMoveForm(posted(request), partnership=partnership, initial={"number": item.number}),
        save=lambda data: services.agenda_item_move(
            actor=request.user, item=item, number=data["number"]
        ),
        title=f"Move item {item.number}",
        done=f"“{item.title}” moved",
        back=meeting_url(meeting),
        button="Move item",
        lead=f"{meeting}: {item.title}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def agenda_item_withdraw(
    request: HttpRequest, partnership: Partnership, pk: int, item_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    item = item_in(partnership, meeting, item_pk)
    published = meeting.agenda_is_published
    follows = (
        [
            f"Item {item.number} keeps its number, marked withdrawn with your reason, on the "
            "meeting's page and in the agenda pack, for everyone who could read it.",
            "Its papers stay listed but are no longer on the agenda.",
            "Withdrawing cannot be undone: add a new item to bring the business back.",
        ]
        if published
        else [
            f"Item {item.number} is taken off the agenda, and the items after it move up.",
            "The agenda is not published yet, so nobody outside the programme team has seen it.",
        ]
    )
    return confirm_page(
        request,
        ReasonForm(
            confirmed(request),
            partnership=partnership,
            label="Why is the item withdrawn?"
            if published
            else "Why is the item withdrawn? (optional)",
            missing="Enter why the item is withdrawn",
            required=published,
        ),
        save=lambda data: services.agenda_item_withdraw(
            actor=request.user, item=item, reason=data["reason"]
        ),
        title=f"Withdraw item {item.number}",
        follows=follows,
        done=f"Item {item.number} withdrawn" if published else "Item taken off the agenda",
        back=meeting_url(meeting),
        button="Withdraw the item",
        lead=f"{meeting}: {item.title}",
    )


def paper_in(partnership: Partnership, meeting: Meeting, paper_pk: int) -> Paper:
    return get_in(partnership, Paper.objects.filter(item__meeting=meeting), paper_pk)


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def paper_update(
    request: HttpRequest, partnership: Partnership, pk: int, paper_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    paper = paper_in(partnership, meeting, paper_pk)
    return form_page(
        request,
        PaperChangeForm(
            posted(request),
            partnership=partnership,
            initial={"title": paper.title, "summary": paper.summary},
        ),
        save=lambda data: services.paper_change(actor=request.user, paper=paper, **data),
        title="Change a paper",
        done="Paper changed",
        back=meeting_url(meeting),
        button="Save changes",
        lead=f"{meeting}: {paper.title}",
    )


@require_http_methods(["GET", "POST"])
@partnership_page(None)
def paper_withdraw(
    request: HttpRequest, partnership: Partnership, pk: int, paper_pk: int
) -> HttpResponse:
    meeting = meeting_of(request, partnership, pk, "meeting.change")
    paper = paper_in(partnership, meeting, paper_pk)
    published = meeting.agenda_is_published
    return confirm_page(
        request,
        ReasonForm(
            confirmed(request),
            partnership=partnership,
            label="Why is the paper withdrawn?"
            if published
            else "Why is the paper withdrawn? (optional)",
            missing="Enter why the paper is withdrawn",
            required=published,
        ),
        save=lambda data: services.paper_withdraw(
            actor=request.user, paper=paper, reason=data["reason"]
        ),
        title="Withdraw a paper",
        follows=(
            [
                "The paper stays listed, marked withdrawn with your reason, and can no longer "
                "be downloaded.",
                "Withdrawing cannot be undone: upload it again to bring it back.",
            ]
            if published
            else ["The paper and its file are removed; nobody outside the programme team saw it."]
        ),
        done="Paper withdrawn",
        back=meeting_url(meeting),
        button="Withdraw the paper",
        lead=f"{meeting}: {paper.title}",
    )
