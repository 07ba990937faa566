"""Meetings in the JSON API: what a visitor may see, as on the pages. The public reads the
public meetings and their published public items and papers; exempt items only reach the
body's members and the programme team. Lists are paged (``limit``, ``offset``)."""

import datetime

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Schema

from accord import policy
from accord.partnerships.endpoints import Router, partnership_from
from accord.partnerships.selectors import get_in

from . import hooks, selectors
from .access import visible_agenda
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

    @staticmethod
    def resolve_body(meeting: Meeting) -> str:
        return meeting.body.name


class PaperOut(Schema):
    id: int
    title: str
    summary: str
    original_name: str
    content_type: str
    size: int
    url: str


class AboutOut(Schema):
    """A record the item concerns, as the app that keeps it names it."""

    kind: str
    id: int


class ItemOut(Schema):
    number: int
    title: str
    summary: str
    is_exempt: bool
    about: list[AboutOut]
    proposal_id: int | None
    papers: list[PaperOut]


class AgendaOut(Schema):
    meeting: MeetingOut
    items: list[ItemOut]


def item_out(item: AgendaItem, notes: list[hooks.ItemNote], slug: str) -> ItemOut:
    return ItemOut(
        number=item.number,
        title=item.title,
        summary=item.summary,
        is_exempt=item.is_exempt,
        about=[AboutOut(kind=note.kind, id=note.id) for note in notes],
        # Kept for integrators written before ``about``: the id of its "proposal" entry.
        proposal_id=next((note.id for note in notes if note.kind == "proposal"), None),
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
def meeting_list(request: HttpRequest, slug: str) -> QuerySet[Meeting]:
    partnership = partnership_from(request, slug, "partnership.view")
    private_too = policy.may(request.user, "register.view", partnership)
    meetings = selectors.meetings_visible(partnership, private_too=private_too)
    return meetings.order_by("date", "start_time", "pk")


@router.get(
    "/partnerships/{slug}/meetings/{meeting_id}",
    response=AgendaOut,
    summary="A meeting and its agenda as the caller may see it (exempt items withheld)",
)
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> AgendaOut:
    partnership = partnership_from(request, slug, None)
    meeting = get_in(partnership, Meeting.objects.select_related("body"), meeting_id)
    today = timezone.localdate()
    if not policy.may(request.user, "meeting.view", meeting, on=today):
        raise Http404("No such meeting")
    items = visible_agenda(request.user, meeting, on=today)
    notes = hooks.item_notes(items, user=request.user, on=today)
    return AgendaOut(
        meeting=meeting,  # type: ignore[arg-type]  # the schema reads it (resolve_body)
        items=[item_out(item, notes[item.pk], slug) for item in items],
    )
