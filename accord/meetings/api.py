"""Meetings in the JSON API: what a visitor may see, as on the pages. The public reads the
public meetings and their published public items and papers; exempt items only reach the
body's members and the programme team."""

import datetime

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema

from accord import policy
from accord.governance.selectors import partnership_get

from . import selectors
from .models import AgendaItem, Meeting

router = Router(tags=["meetings"])


class MeetingOut(Schema):
    id: int
    body_id: int
    body: str
    name: str
    date: datetime.date
    start_time: datetime.time | None
    end_time: datetime.time | None
    place: str
    online_link: str
    is_public: bool
    status: str
    sequence: int


class PaperOut(Schema):
    id: int
    title: str
    summary: str
    original_name: str
    content_type: str
    size: int
    url: str


class ItemOut(Schema):
    number: int
    title: str
    summary: str
    is_exempt: bool
    proposal_id: int | None
    papers: list[PaperOut]


class AgendaOut(Schema):
    meeting: MeetingOut
    items: list[ItemOut]


def meeting_out(meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        body_id=meeting.body_id,
        body=meeting.body.name,
        name=meeting.name,
        date=meeting.date,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        place=meeting.place,
        online_link=meeting.online_link,
        is_public=meeting.is_public,
        status=meeting.status,
        sequence=meeting.sequence,
    )


def item_out(item: AgendaItem, slug: str) -> ItemOut:
    return ItemOut(
        number=item.number,
        title=item.title,
        summary=item.summary,
        is_exempt=item.is_exempt,
        proposal_id=item.proposal_id,
        papers=[
            PaperOut(
                id=paper.pk,
                title=paper.title,
                summary=paper.summary,
                original_name=paper.original_name,
                content_type=paper.content_type,
                size=paper.size,
                url=reverse("meetings:paper-download", args=[slug, paper.pk]),
            )
            for paper in item.papers.all()
        ],
    )


@router.get(
    "/partnerships/{slug}/meetings",
    response=list[MeetingOut],
    summary="Meetings the caller may see (the public: public meetings), by date",
)
def meeting_list(request: HttpRequest, slug: str) -> list[MeetingOut]:
    partnership = partnership_get(slug=slug)
    meetings = selectors.meetings_visible(request.user, partnership, on=timezone.localdate())
    return [meeting_out(meeting) for meeting in meetings.order_by("date", "start_time")]


@router.get(
    "/partnerships/{slug}/meetings/{meeting_id}",
    response=AgendaOut,
    summary="A meeting and its agenda as the caller may see it (exempt items withheld)",
)
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> AgendaOut:
    partnership = partnership_get(slug=slug)
    meeting = get_object_or_404(
        Meeting.objects.select_related("body"), partnership=partnership, pk=meeting_id
    )
    today = timezone.localdate()
    if not policy.may(request.user, "meeting.view", meeting, on=today):
        raise Http404("No such meeting")
    items = selectors.meeting_items(meeting, request.user, on=today)
    return AgendaOut(meeting=meeting_out(meeting), items=[item_out(i, slug) for i in items])
