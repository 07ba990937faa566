"""Meetings in the JSON API: everything the meetings pages do, as the pages do it.

Each reader sees what the pages show them: the public reads the public meetings and their
published public items, papers and minutes; exempt items only reach the body's members
and the programme team; attendance and quorum the partnership's members and team. The
programme team schedules and changes meetings, builds the agenda, uploads papers, records
attendance and declarations, writes and approves the minutes, through the same services
as the pages (so the same checks, refusals and audit events). Lists are paged (``limit``,
``offset``); a change of a meeting or an item sends the ETag read with it as If-Match.
"""

import datetime
from collections.abc import Callable
from typing import Annotated, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from accord import policy
from accord.core.errors import AccordError
from accord.core.schemas import PlausibleDate, Text
from accord.core.scope import Scope
from accord.core.text import LONG_TEXT, NAME, NOTE, REASON, TITLE
from accord.governance.models import Body, MembershipRole, Person
from accord.partnerships.endpoints import (
    CHANGE_ERRORS,
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_CHANGE,
    VERSIONED_READ,
    VERSIONED_RECORD,
    IllustrativeFields,
    LocalTime,
    Router,
    example,
    illustrative_in,
    partnership_from,
    replies,
    require_version,
    require_version_if_recorded,
    send_version,
)
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in

from . import hooks, selectors, services
from .access import access_for, forward_plan_for, may_read_paper, visible_agenda
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Contribution,
    ContributionKind,
    Declaration,
    ExemptParagraph,
    Meeting,
    MeetingStatus,
    Paper,
)
from .selectors import QuorumState

router = Router(tags=["meetings"])


# ---------------------------------------------------------------- schemas


class MeetingOut(Schema):
    id: int
    body_id: int
    body: str
    name: str
    date: datetime.date
    start_time: LocalTime | None
    end_time: LocalTime | None
    place: str
    online_link: str
    is_public: bool
    status: MeetingStatus
    sequence: int = Field(description="The calendar's SEQUENCE: raised by every change")
    minutes_approved_at_id: int | None = Field(
        description="The later meeting at which these minutes were approved"
    )
    chair_id: int | None = Field(description="Who chairs the meeting and signs its minutes")
    clerk_id: int | None = Field(description="The clerk or programme officer to contact")
    clerk_contact: str = Field(description="How to reach the clerk (e-mail or telephone)")
    agenda_published_on: datetime.date | None = Field(
        description="The day the agenda was published (null before; printed on the agenda pack)"
    )
    urgency_reason: str = Field(
        description="Why the agenda was published less than five clear days before the "
        "meeting (section 100B(4)(b), Local Government Act 1972); empty when it was not late"
    )
    cancelled_reason: str = Field(description="Why the meeting was cancelled (empty otherwise)")
    illustrative: IllustrativeFields

    @staticmethod
    def resolve_body(meeting: Meeting) -> str:
        return meeting.body.name

    @staticmethod
    def resolve_illustrative(meeting: Meeting) -> list[str]:
        return illustrative_in(MeetingOut, meeting)  # minutes_approved_at: its _id here


class MeetingIn(Schema):
    model_config = example(
        {
            "body_id": 1,
            "date": "2010-02-05",
            "start_time": "10:00:00",
            "place": "County Hall, New Road, Oxford",
            "is_public": True,
            "clerk_contact": "supporting.people@oxfordshire.gov.uk",
        }
    )
    body_id: int
    title: Annotated[str, Text(NAME)] = Field("", description="Leave empty to use the body's name")
    date: PlausibleDate
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    place: Annotated[str, Text(TITLE)] = ""
    online_link: Annotated[str, Text(NAME)] = ""
    is_public: bool = True
    chair_id: int | None = Field(None, description="Who chairs the meeting (a person)")
    clerk_id: int | None = Field(None, description="The clerk named as the contact (a person)")
    clerk_contact: Annotated[str, Text(NAME)] = Field(
        "", description="How to reach the clerk: e-mail or telephone"
    )


class MeetingUpdateIn(Schema):
    """A meeting as it is to stand (its body does not change): optional fields left out
    are emptied."""

    model_config = example(
        {
            "date": "2010-02-12",
            "start_time": "14:00:00",
            "place": "County Hall, New Road, Oxford",
            "is_public": True,
        }
    )

    title: Annotated[str, Text(NAME)] = Field("", description="Leave empty to use the body's name")
    date: PlausibleDate
    start_time: LocalTime | None = None
    end_time: LocalTime | None = None
    place: Annotated[str, Text(TITLE)] = ""
    online_link: Annotated[str, Text(NAME)] = ""
    is_public: bool
    chair_id: int | None = Field(None, description="Who chairs the meeting (a person)")
    clerk_id: int | None = Field(None, description="The clerk named as the contact (a person)")
    clerk_contact: Annotated[str, Text(NAME)] = Field(
        "", description="How to reach the clerk: e-mail or telephone"
    )


class PaperChangeIn(Schema):
    model_config = example(
        {"title": "Annual Plan 2010/11 (revised)", "summary": "For approval; replaces v1"}
    )
    title: Annotated[str, Text(TITLE, blank=False)]
    summary: Annotated[str, Text(NOTE)] = Field("", description="Printed in the agenda pack")


class PaperIn(Schema):
    model_config = example({"title": "Annual Plan 2010/11", "summary": "For approval"})
    title: Annotated[str, Text(TITLE, blank=False)]
    summary: Annotated[str, Text(NOTE)] = Field("", description="Printed in the agenda pack")


class PaperOut(Schema):
    id: int
    title: str
    summary: str
    original_name: str
    content_type: str
    size: int
    url: str = Field(description="Where the file is read (paper_download)")
    withdrawn_on: datetime.date | None = Field(
        description="When it was withdrawn after the agenda was published (its file is then "
        "no longer served)"
    )
    withdrawn_reason: str


class AboutOut(Schema):
    """A record the item concerns, as the app that keeps it names it."""

    kind: str
    id: int


class DeclarationIn(Schema):
    model_config = example(
        {
            "person_id": 17,
            "interest": "Board member of a provider bidding for the contract",
            "bars_participation": True,
        }
    )
    person_id: int = Field(description="Someone who sat on the body on the meeting date")
    interest: Annotated[str, Text(NOTE, blank=False)]
    bars_participation: bool = Field(
        False,
        description="It bars them from the item: they take no part and cannot cast the "
        "partner's vote",
    )


class DeclarationOut(Schema):
    id: int
    person_id: int
    person: str
    interest: str
    bars_participation: bool


class ItemContributionIn(Schema):
    model_config = example(
        {
            "text": "Residents of the supported housing we use asked that any change keep "
            "a warden on site at night.",
        }
    )
    text: Annotated[str, Text(LONG_TEXT, blank=False)]
    person_id: int | None = Field(
        None,
        description="Whose contribution it is: the programme team names the non-voting member "
        "it records it for; leave empty to submit your own",
    )


class ItemContributionMinuteIn(Schema):
    model_config = example({"person_id": 41, "text": "Asked how service users were consulted."})
    person_id: int = Field(
        description="Who spoke: someone with a non-voting seat on the body on the meeting date"
    )
    text: Annotated[str, Text(LONG_TEXT, blank=False)]


class ItemContributionOut(Schema):
    """A non-voting member's contribution on an item: not a vote, and counted in nothing."""

    id: int
    item_id: int
    kind: ContributionKind = Field(description="written (before the meeting) or spoken (minuted)")
    role: MembershipRole = Field(description="The seat they held on the body on the meeting date")
    by: str = Field(
        description="Who contributed, as published: a service user representative by their "
        "seat alone unless they agreed to be named"
    )
    person_id: int | None = Field(
        description="Their person in the register (null for readers who do not see the register)"
    )
    text: str
    illustrative: IllustrativeFields


class AgendaItemIn(Schema):
    model_config = example(
        {
            "title": "Contract award: accommodation-based services",
            "is_exempt": True,
            "exempt_paragraph": "3",
            "public_interest_test": (
                "The tender prices would prejudice the partnership's position in the "
                "procurement; disclosure after the award serves the public interest as well"
            ),
        }
    )
    title: Annotated[str, Text(TITLE, blank=False)]
    summary: Annotated[str, Text(LONG_TEXT)] = ""
    lead_officer_id: int | None = None
    is_exempt: bool = Field(
        False, description="Exempt (confidential): withheld from the public, papers included"
    )
    exempt_paragraph: ExemptParagraph | Literal[""] = Field(
        "",
        description="For an exempt item: the paragraph of Schedule 12A to the Local Government "
        "Act 1972 (1 to 7), or other grounds",
    )
    exempt_reason: Annotated[str, Text(TITLE)] = Field(
        "", description="The other grounds (needed for 'other')"
    )
    public_interest_test: Annotated[str, Text(NOTE)] = Field(
        "",
        description="For a paragraph of Schedule 12A: why the public interest in withholding "
        "outweighs the public interest in disclosing it",
    )


class ItemOut(Schema):
    id: int
    number: int
    title: str
    summary: str
    is_exempt: bool
    exempt_paragraph: ExemptParagraph | Literal[""]
    exempt_reason: str
    public_interest_test: str
    lead_officer_id: int | None
    lead_officer: str | None
    about: list[AboutOut]
    proposal_id: int | None
    papers: list[PaperOut]
    declarations: list[DeclarationOut]
    contributions: list[ItemContributionOut] = Field(
        description="Contributions of the body's non-voting members (no vote)"
    )
    minutes: str = Field(
        description="The item's minute as written (final once the meeting's status is "
        "minutes_approved)"
    )
    resolution: str = Field(description="What the meeting resolved on the item, in words")
    withdrawn_on: datetime.date | None = Field(
        description="When it was withdrawn after the agenda was published: it keeps its number"
    )
    withdrawn_reason: str


class ItemMoveIn(Schema):
    model_config = example({"number": 1})
    number: int = Field(description="Its new number: the items between shift by one")


class WithdrawIn(Schema):
    model_config = example({"reason": "The report was not ready; it returns in March 2010"})
    reason: Annotated[str, Text(REASON)] = Field(
        "", description="Required once the agenda is published (it is shown with the item)"
    )


class PublishIn(Schema):
    model_config = example(
        {"urgency_reason": "The grant conditions require a decision before 31 March 2010"}
    )
    urgency_reason: Annotated[str, Text(REASON)] = Field(
        "",
        description="Required when the agenda of a public meeting is published less than "
        "five clear days before it (section 100B, Local Government Act 1972); shown on the "
        "public agenda",
    )


class CancelIn(Schema):
    model_config = example({"reason": "Not quorate: too few partners could attend"})
    reason: Annotated[str, Text(REASON, blank=False)] = Field(
        description="Why the meeting is cancelled (shown on its page)"
    )


class MinutesIn(Schema):
    model_config = example(
        {
            "minutes": "The Lead Officer introduced the Annual Plan 2010/11.",
            "resolution": "That the Annual Plan 2010/11 be agreed.",
        }
    )
    minutes: Annotated[str, Text(LONG_TEXT)] = Field(
        description="The discussion; the decision and each partner's vote come from the "
        "decision record"
    )
    resolution: Annotated[str, Text(LONG_TEXT)] | None = Field(
        None, description="What the meeting resolved, in words (left as it is when omitted)"
    )


class AttendanceIn(Schema):
    model_config = example({"status": "present"})
    status: AttendanceStatus
    substitute_for_id: int | None = Field(
        None, description="The representative a substitute stood in for (substitutes only)"
    )


class AttendanceOut(Schema):
    person_id: int
    person: str
    partner_id: int | None = Field(description="The partner they attended for, if any")
    partner: str | None
    status: AttendanceStatus
    substitute_for_id: int | None
    substitute_for: str | None
    illustrative: IllustrativeFields


class AttendanceRowIn(Schema):
    model_config = example({"person_id": 17, "status": "present"})
    person_id: int
    status: AttendanceStatus = Field(
        description="in_attendance: an officer attending without a seat on the body"
    )
    substitute_for_id: int | None = Field(
        None, description="The representative a substitute stood in for (substitutes only)"
    )


class AttendanceChangeOut(Schema):
    person_id: int
    now: str = Field(description="The attendance now recorded, in words")
    replaced: str = Field(description="What it replaced, in words")


class BodyAttendanceOut(Schema):
    attendance: list[AttendanceOut]
    changes: list[AttendanceChangeOut] = Field(
        description="Each change to attendance recorded before, and what it replaced"
    )


class QuorumOut(Schema):
    """Attendance measured against the quorum of the constitution in force that day."""

    required: int | None = Field(description="Voting members needed; null: no quorum is set")
    voting_members: int
    represented: int
    quorate: bool
    not_represented: list[str]
    rule: str = Field(description="The body's decision rule in force, in words")


class WithheldOut(Schema):
    """An exempt item the caller may not read, in its place on the agenda."""

    number: int
    exempt_paragraph: ExemptParagraph = Field(
        description="The paragraph of Schedule 12A to the Local Government Act 1972 (1 to 7), "
        "or other grounds"
    )
    grounds: str = Field(description="'paragraph 3 of Schedule 12A', or the other grounds")
    placeholder: str = Field(
        description="What stands in its place: 'Item 2: exempt, not for publication, "
        "paragraph 3 of Schedule 12A'"
    )
    public_interest_test: str


class PublishedAttendanceOut(Schema):
    """One line of attendance as the approved minutes publish it."""

    name: str = Field(description="Empty for a service user representative not agreeing")
    role: MembershipRole | None = Field(description="Their role on the body that day")
    organisation: str = Field(description="The partner they attended for, if any")
    status: AttendanceStatus
    status_text: str = Field(description="In words, with whom a substitute stood in for")
    illustrative: IllustrativeFields


class AgendaOut(Schema):
    meeting: MeetingOut
    items: list[ItemOut]
    withheld: list[WithheldOut] = Field(
        description="The exempt items withheld from the caller, each as a numbered placeholder"
    )
    attendance: list[AttendanceOut] | None = Field(
        description="Who attended (null for a caller who does not see the register)"
    )
    quorum: QuorumOut | None
    published_attendance: list[PublishedAttendanceOut] | None = Field(
        None,
        description="Who attended, as published once the minutes are approved (members by "
        "role and organisation; a service user representative by role unless they agreed "
        "to be named); null for those who see the register's attendance, or before approval",
    )


class MinutesApproveIn(Schema):
    model_config = example({"at_meeting_id": 13})
    at_meeting_id: int = Field(description="The later meeting of the same body approving them")


class ExpectedOut(Schema):
    """A decision expected at a meeting, as the app whose record it is says it."""

    kind: str
    id: int
    title: str
    expected: str


class PlannedMeetingOut(MeetingOut):
    expected: list[ExpectedOut]
    withheld: list[WithheldOut] = Field(
        description="The exempt items withheld from the caller that are expected to decide "
        "something, each as its numbered placeholder"
    )

    @staticmethod
    def resolve_withheld(meeting: Meeting) -> list[WithheldOut]:
        return [withheld_out(item) for item in meeting.withheld]  # type: ignore[attr-defined]


# ---------------------------------------------------------------- building the answers


def paper_out(paper: Paper, slug: str) -> PaperOut:
    return PaperOut(
        id=paper.pk,
        title=paper.title,
        summary=paper.summary,
        original_name=paper.original_name,
        content_type=paper.content_type,
        size=paper.size,
        url=reverse("api:paper_download", kwargs={"slug": slug, "paper_id": paper.pk}),
        withdrawn_on=paper.withdrawn_on,
        withdrawn_reason=paper.withdrawn_reason,
    )


def withheld_out(item: AgendaItem) -> WithheldOut:
    """An exempt item withheld from the caller, as its placeholder (never its title)."""
    return WithheldOut(
        number=item.number,
        exempt_paragraph=ExemptParagraph(item.exempt_paragraph),
        grounds=item.exempt_ground,
        placeholder=item.placeholder,
        public_interest_test=item.public_interest_test,
    )


def declaration_out(declaration: Declaration) -> DeclarationOut:
    return DeclarationOut(
        id=declaration.pk,
        person_id=declaration.person_id,
        person=declaration.person.name,
        interest=declaration.interest,
        bars_participation=declaration.bars_participation,
    )


def contribution_out(contribution: Contribution, *, private: bool) -> ItemContributionOut:
    return ItemContributionOut(
        id=contribution.pk,
        item_id=contribution.item_id,
        kind=ContributionKind(contribution.kind),
        role=MembershipRole(contribution.role),
        by=contribution.by,
        person_id=contribution.person_id if private else None,
        text=contribution.text,
        illustrative=illustrative_in(ItemContributionOut, contribution),
    )


def item_out(
    item: AgendaItem, notes: list[hooks.ItemNote], slug: str, *, private: bool = False
) -> ItemOut:
    return ItemOut(
        id=item.pk,
        number=item.number,
        title=item.title,
        summary=item.summary,
        is_exempt=item.is_exempt,
        exempt_paragraph=ExemptParagraph(item.exempt_paragraph) if item.exempt_paragraph else "",
        exempt_reason=item.exempt_reason,
        public_interest_test=item.public_interest_test,
        lead_officer_id=item.lead_officer_id,
        lead_officer=item.lead_officer.name if item.lead_officer else None,
        about=[AboutOut(kind=note.kind, id=note.id) for note in notes],
        # Kept for integrators written before ``about``: the id of its "proposal" entry.
        proposal_id=next((note.id for note in notes if note.kind == "proposal"), None),
        papers=[paper_out(paper, slug) for paper in item.papers.all()],
        declarations=[declaration_out(declaration) for declaration in item.declarations.all()],
        contributions=[
            contribution_out(contribution, private=private)
            for contribution in item.contributions.all()
        ],
        minutes=item.minutes,
        resolution=item.resolution,
        withdrawn_on=item.withdrawn_on,
        withdrawn_reason=item.withdrawn_reason,
    )


def items_out(
    request: HttpRequest, items: list[AgendaItem], slug: str, *, on: datetime.date
) -> list[ItemOut]:
    notes = hooks.item_notes(items, user=request.user, on=on)
    private = bool(items) and policy.may(
        request.user, "register.view", Scope(items[0].partnership_id), on=on
    )
    return [item_out(item, notes[item.pk], slug, private=private) for item in items]


def item_of(request: HttpRequest, meeting: Meeting, item_id: int, slug: str) -> ItemOut:
    """An item as the programme team sees it, just changed (exempt or not)."""
    item = next(
        item for item in selectors.meeting_items(meeting, exempt_too=True) if item.pk == item_id
    )
    return items_out(request, [item], slug, on=timezone.localdate())[0]


def attendance_out(row: Attendance) -> AttendanceOut:
    return AttendanceOut(
        person_id=row.person_id,
        person=row.person.name,
        partner_id=row.partner_id,
        partner=row.partner.name if row.partner else None,
        status=AttendanceStatus(row.status),
        substitute_for_id=row.substitute_for_id,
        substitute_for=row.substitute_for.name if row.substitute_for else None,
        illustrative=[
            *illustrative_in(AttendanceOut, row),
            *illustrative_in(AttendanceOut, row.person, name="person"),
            *illustrative_in(AttendanceOut, row.partner, name="partner"),
            *illustrative_in(AttendanceOut, row.substitute_for, name="substitute_for"),
        ],
    )


def quorum_out(quorum: QuorumState) -> QuorumOut:
    return QuorumOut(
        required=quorum.required,
        voting_members=len(quorum.units),
        represented=len(quorum.present),
        quorate=quorum.quorate,
        not_represented=[unit.label for unit in quorum.unrepresented],
        rule=quorum.rule_text,
    )


def meeting_in(partnership: Partnership, meeting_id: int) -> Meeting:
    return get_in(partnership, Meeting.objects.select_related("body"), meeting_id)


def meeting_seen(request: HttpRequest, partnership: Partnership, meeting_id: int) -> Meeting:
    """The meeting, if the caller may know of it ("not found" otherwise, as on the pages,
    so private meetings do not leak)."""
    meeting = meeting_in(partnership, meeting_id)
    policy.require(request.user, "meeting.view", meeting, not_found="No such meeting")
    meeting.body.partnership = partnership  # the quorum reads the constitution through it
    return meeting


def meeting_step(
    request: HttpRequest,
    response: HttpResponse,
    meeting: Meeting,
    step: Callable[[Meeting], Meeting],
) -> Meeting:
    """Change a meeting from the version the caller read (If-Match) with one service."""
    with transaction.atomic():
        require_version(request, meeting)
        meeting = step(meeting)
    send_version(response, meeting)
    return meeting


# ---------------------------------------------------------------- meetings


@router.get(
    "/partnerships/{slug}/meetings",
    response=replies({200: list[MeetingOut]}),
    summary="Meetings the caller may see (the public: public meetings), by date",
)
def meeting_list(request: HttpRequest, slug: str) -> QuerySet[Meeting]:
    partnership = partnership_from(request, slug, "partnership.view")
    private_too = policy.may(request.user, "register.view", partnership)
    meetings = selectors.meetings_visible(partnership, private_too=private_too)
    return meetings.order_by("date", "start_time", "pk")


@router.post(
    "/partnerships/{slug}/meetings",
    response=replies({201: MeetingOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Schedule a meeting of a body (a place, an online link or both)",
)
def meeting_create(request: HttpRequest, slug: str, payload: MeetingIn) -> Status[Meeting]:
    partnership = partnership_from(request, slug, "meeting.change")
    body = get_in(partnership, Body, payload.body_id, field="body_id")
    chair, clerk = named_people(partnership, payload)
    meeting = services.meeting_schedule(
        actor=request.user,
        body=body,
        chair=chair,
        clerk=clerk,
        **payload.model_dump(exclude={"body_id", "chair_id", "clerk_id"}),
    )
    return Status(201, meeting)


def named_people(
    partnership: Partnership, payload: MeetingIn | MeetingUpdateIn
) -> tuple[Person | None, Person | None]:
    """The chair and clerk a meeting's payload names, each one of the partnership's people."""
    chair, clerk = (
        None if pk is None else get_in(partnership, Person, pk, field=f"{name}_id")
        for name, pk in (("chair", payload.chair_id), ("clerk", payload.clerk_id))
    )
    return chair, clerk


@router.get(
    "/partnerships/{slug}/forward-plan",
    response=replies({200: list[PlannedMeetingOut]}),
    summary="Coming meetings and the decisions expected at each, as the caller may see them",
)
def forward_plan(request: HttpRequest, slug: str) -> list[Meeting]:
    partnership = partnership_from(request, slug, "partnership.view")
    return forward_plan_for(request.user, partnership, today=timezone.localdate())


@router.get(
    "/partnerships/{slug}/meetings/{meeting_id}",
    response=replies({200: AgendaOut}),
    openapi_extra=VERSIONED_READ,
    summary="A meeting, its agenda as the caller may see it (exempt items withheld), and "
    "its attendance and quorum for those who see the register; with its version (ETag)",
)
def meeting_detail(
    request: HttpRequest, response: HttpResponse, slug: str, meeting_id: int
) -> AgendaOut:
    partnership = partnership_from(request, slug, None)
    meeting = meeting_seen(request, partnership, meeting_id)
    today = timezone.localdate()
    access = access_for(request.user, partnership, on=today)
    items = visible_agenda(request.user, meeting, on=today, access=access)
    attendance = selectors.meeting_attendance(meeting) if access.private else None
    agenda_visible = access.unpublished or (
        access.sees_agenda(meeting) and policy.may(request.user, "meeting.view_agenda", meeting)
    )
    withheld = (
        selectors.withheld_items(meeting, public=not access.sees_exempt(meeting))
        if agenda_visible
        else []
    )
    send_version(response, meeting)
    return AgendaOut(
        meeting=meeting,  # type: ignore[arg-type]  # the schema reads it (resolve_body)
        items=items_out(request, items, slug, on=today),
        published_attendance=[
            PublishedAttendanceOut(
                name=row.name,
                role=MembershipRole(row.role_code) if row.role_code else None,
                organisation=row.organisation,
                status=AttendanceStatus(row.status_code),
                status_text=row.status,
                illustrative=list(row.illustrative),
            )
            for row in selectors.attendance_published(
                meeting, selectors.meeting_attendance(meeting)
            )
        ]
        if attendance is None and meeting.minutes_are_locked and agenda_visible
        else None,
        withheld=[withheld_out(item) for item in withheld],
        attendance=None if attendance is None else [attendance_out(a) for a in attendance],
        quorum=(
            None
            if attendance is None
            else quorum_out(selectors.meeting_quorum(meeting, attendance))
        ),
    )


@router.put(
    "/partnerships/{slug}/meetings/{meeting_id}",
    response=replies({200: MeetingOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Move or re-arrange a meeting that has not been held (calendars see the change)",
)
def meeting_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    payload: MeetingUpdateIn,
) -> Meeting:
    partnership = partnership_from(request, slug, "meeting.change")
    chair, clerk = named_people(partnership, payload)
    return meeting_step(
        request,
        response,
        meeting_in(partnership, meeting_id),
        lambda meeting: services.meeting_update(
            actor=request.user,
            meeting=meeting,
            chair=chair,
            clerk=clerk,
            **payload.model_dump(exclude={"chair_id", "clerk_id"}),
        ),
    )


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/publish",
    response=replies({200: MeetingOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Publish the agenda (a scheduled meeting with at least one item; late for a "
    "public meeting, with the reason for urgency)",
)
def meeting_publish(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    payload: PublishIn | None = None,
) -> Meeting:
    partnership = partnership_from(request, slug, "meeting.change")
    reason = payload.urgency_reason if payload is not None else ""
    return meeting_step(
        request,
        response,
        meeting_in(partnership, meeting_id),
        lambda meeting: services.meeting_publish_agenda(
            actor=request.user, meeting=meeting, urgency_reason=reason
        ),
    )


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/cancel",
    response=replies({200: MeetingOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Cancel a meeting that has not been held (nor had a vote taken at it), saying why",
)
def meeting_cancel(
    request: HttpRequest, response: HttpResponse, slug: str, meeting_id: int, payload: CancelIn
) -> Meeting:
    partnership = partnership_from(request, slug, "meeting.change")
    return meeting_step(
        request,
        response,
        meeting_in(partnership, meeting_id),
        lambda meeting: services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=payload.reason
        ),
    )


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/held",
    response=replies({200: MeetingOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Record that the meeting took place (its agenda published, on or after its date)",
)
def meeting_held(
    request: HttpRequest, response: HttpResponse, slug: str, meeting_id: int
) -> Meeting:
    partnership = partnership_from(request, slug, "meeting.change")
    return meeting_step(
        request,
        response,
        meeting_in(partnership, meeting_id),
        lambda meeting: services.meeting_mark_held(
            actor=request.user, meeting=meeting, today=timezone.localdate()
        ),
    )


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/minutes/approve",
    response=replies({200: MeetingOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Approve the minutes of a meeting that was held, at a later meeting of the same "
    "body (they can no longer be changed)",
)
def minutes_approve(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    payload: MinutesApproveIn,
) -> Meeting:
    partnership = partnership_from(request, slug, "meeting.change")
    at_meeting = get_in(partnership, Meeting, payload.at_meeting_id, field="at_meeting_id")
    return meeting_step(
        request,
        response,
        meeting_in(partnership, meeting_id),
        lambda meeting: services.minutes_approve(
            actor=request.user, meeting=meeting, at_meeting=at_meeting
        ),
    )


# ---------------------------------------------------------------- the agenda


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/items",
    response=replies({201: ItemOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Add an item at the end of the agenda (an exempt item says why it is exempt)",
)
def agenda_item_create(
    request: HttpRequest, slug: str, meeting_id: int, payload: AgendaItemIn
) -> Status[ItemOut]:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    lead_officer = (
        None
        if payload.lead_officer_id is None
        else get_in(partnership, Person, payload.lead_officer_id, field="lead_officer_id")
    )
    item = services.agenda_item_add(
        actor=request.user,
        meeting=meeting,
        title=payload.title,
        summary=payload.summary,
        lead_officer=lead_officer,
        is_exempt=payload.is_exempt,
        exempt_paragraph=payload.exempt_paragraph,
        exempt_reason=payload.exempt_reason,
        public_interest_test=payload.public_interest_test,
    )
    return Status(201, item_of(request, meeting, item.pk, slug))


@router.get(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}",
    response=replies({200: ItemOut}),
    openapi_extra=VERSIONED_READ,
    summary="One agenda item as the caller may see it, with its version (ETag)",
)
def agenda_item_detail(
    request: HttpRequest, response: HttpResponse, slug: str, meeting_id: int, item_id: int
) -> ItemOut:
    partnership = partnership_from(request, slug, None)
    meeting = meeting_seen(request, partnership, meeting_id)
    today = timezone.localdate()
    item = next(
        (item for item in visible_agenda(request.user, meeting, on=today) if item.pk == item_id),
        None,
    )
    if item is None:
        raise Http404("No such item")
    send_version(response, item)
    return items_out(request, [item], slug, on=today)[0]


def item_step(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    item_id: int,
    step: Callable[[AgendaItem], object],
) -> ItemOut:
    """Change an item from the version the caller read (If-Match) with one service."""
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_id)
    with transaction.atomic():
        item = require_version(request, item)
        step(item)
    item.refresh_from_db()
    send_version(response, item)
    return item_of(request, meeting, item.pk, slug)


@router.put(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}",
    response=replies({200: ItemOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Change an item of an agenda not yet published (If-Match: the item's version)",
)
def agenda_item_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    item_id: int,
    payload: AgendaItemIn,
) -> ItemOut:
    partnership = partnership_from(request, slug, "meeting.change")
    lead_officer = (
        None
        if payload.lead_officer_id is None
        else get_in(partnership, Person, payload.lead_officer_id, field="lead_officer_id")
    )
    return item_step(
        request,
        response,
        slug,
        meeting_id,
        item_id,
        lambda item: services.agenda_item_change(
            actor=request.user,
            item=item,
            title=payload.title,
            summary=payload.summary,
            lead_officer=lead_officer,
            is_exempt=payload.is_exempt,
            exempt_paragraph=payload.exempt_paragraph,
            exempt_reason=payload.exempt_reason,
            public_interest_test=payload.public_interest_test,
        ),
    )


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/move",
    response=replies({200: ItemOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Give an item of an agenda not yet published another number; the items "
    "between shift by one (If-Match: the item's version)",
)
def agenda_item_move(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    item_id: int,
    payload: ItemMoveIn,
) -> ItemOut:
    return item_step(
        request,
        response,
        slug,
        meeting_id,
        item_id,
        lambda item: services.agenda_item_move(
            actor=request.user, item=item, number=payload.number
        ),
    )


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/withdraw",
    response=replies({200: ItemOut, 204: None}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Withdraw an item: before publication it is taken off the agenda (204); once "
    "published it keeps its number, marked withdrawn with the reason (200)",
)
def agenda_item_withdraw(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    item_id: int,
    payload: WithdrawIn,
) -> ItemOut | Status[None]:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_id)
    with transaction.atomic():
        item = require_version(request, item)
        kept = services.agenda_item_withdraw(actor=request.user, item=item, reason=payload.reason)
    if kept is None:
        return Status(204, None)
    send_version(response, kept)
    return item_of(request, meeting, kept.pk, slug)


@router.put(
    "/partnerships/{slug}/meetings/{meeting_id}/papers/{paper_id}",
    response=replies({200: PaperOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Retitle a paper or change its summary before the agenda is published "
    "(If-Match: the paper's version)",
)
def paper_update(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    paper_id: int,
    payload: PaperChangeIn,
) -> PaperOut:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    paper = get_in(partnership, Paper.objects.filter(item__meeting=meeting), paper_id)
    with transaction.atomic():
        paper = require_version(request, paper)
        paper = services.paper_change(
            actor=request.user, paper=paper, title=payload.title, summary=payload.summary
        )
    send_version(response, paper)
    return paper_out(paper, slug)


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/papers/{paper_id}/withdraw",
    response=replies({200: PaperOut, 204: None}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Withdraw a paper: before publication it is removed (204); once published it "
    "stays listed, marked withdrawn with the reason, and is no longer served (200)",
)
def paper_withdraw(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    paper_id: int,
    payload: WithdrawIn,
) -> PaperOut | Status[None]:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    paper = get_in(partnership, Paper.objects.filter(item__meeting=meeting), paper_id)
    with transaction.atomic():
        paper = require_version(request, paper)
        kept = services.paper_withdraw(actor=request.user, paper=paper, reason=payload.reason)
    if kept is None:
        return Status(204, None)
    send_version(response, kept)
    return paper_out(kept, slug)


@router.put(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/minutes",
    response=replies({200: ItemOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_CHANGE,
    summary="Write the minute of an item of a meeting that was held (If-Match: the item's version)",
)
def minutes_write(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    item_id: int,
    payload: MinutesIn,
) -> ItemOut:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_id)
    with transaction.atomic():
        require_version(request, item)
        item = services.minutes_write(
            actor=request.user, item=item, text=payload.minutes, resolution=payload.resolution
        )
    send_version(response, item)
    return item_of(request, meeting, item.pk, slug)


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/papers",
    response=replies({201: PaperOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Upload a paper for an agenda item (multipart/form-data: title, summary, file)",
    description="The file is a PDF, Word (DOC, DOCX, ODT) or spreadsheet (XLS, XLSX, ODS, "
    "CSV) file of at most the installation's limit (20 MB unless changed), checked as the "
    "page checks it: a refusal names the field `file`.",
)
def paper_create(
    request: HttpRequest,
    slug: str,
    meeting_id: int,
    item_id: int,
    payload: Form[PaperIn],
    file: File[UploadedFile],
) -> Status[PaperOut]:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_id)
    paper = services.paper_upload(
        actor=request.user,
        item=item,
        title=payload.title,
        summary=payload.summary,
        upload=file,
        name=file.name or "",
        size=file.size or 0,
    )
    return Status(201, paper_out(paper, slug))


# The types a paper's file may have (services.PAPER_TYPES), for the OpenAPI document.
PAPER_CONTENT = {
    content_type: {"schema": {"type": "string", "format": "binary"}}
    for content_type, _ in services.PAPER_TYPES.values()
}


@router.get(
    "/partnerships/{slug}/papers/{paper_id}/content",
    response=replies({200: None}),
    openapi_extra={"responses": {200: {"content": PAPER_CONTENT}}},
    summary="A paper's file, to those who may see its item (its content type as uploaded)",
)
def paper_download(request: HttpRequest, slug: str, paper_id: int) -> FileResponse:
    partnership = partnership_from(request, slug, None)
    paper = selectors.paper_get(partnership, pk=paper_id)
    if paper is None or not may_read_paper(
        request.user, partnership, paper, on=timezone.localdate()
    ):
        raise Http404("No such paper")
    if paper.is_withdrawn:
        raise Http404("The paper was withdrawn")
    path = services.paper_path(paper)
    if not path.is_file():
        raise Http404("The paper's file is missing")
    return FileResponse(
        path.open("rb"),
        content_type=paper.content_type,
        as_attachment=paper.content_type != "application/pdf",
        filename=paper.original_name,
    )


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/declarations",
    response=replies({201: DeclarationOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a declaration of interest on an item by someone who sits on the body",
)
def declaration_create(
    request: HttpRequest, slug: str, meeting_id: int, item_id: int, payload: DeclarationIn
) -> Status[DeclarationOut]:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_id)
    declaration = services.declaration_record(
        actor=request.user,
        item=item,
        person=get_in(partnership, Person, payload.person_id, field="person_id"),
        interest=payload.interest,
        bars_participation=payload.bars_participation,
    )
    return Status(201, declaration_out(declaration))


# ---------------------------------------------------------------- contributions


def visible_item(request: HttpRequest, meeting: Meeting, item_id: int) -> AgendaItem:
    """An item of the meeting as the caller may see it (exempt ones only for the body's
    members and the programme team), or "not found"."""
    item = next(
        (
            item
            for item in visible_agenda(request.user, meeting, on=timezone.localdate())
            if item.pk == item_id
        ),
        None,
    )
    if item is None:
        raise Http404("No such item")
    return item


def contributions_of(
    request: HttpRequest, partnership: Partnership, item: AgendaItem
) -> list[ItemContributionOut]:
    private = policy.may(request.user, "register.view", partnership)
    rows = Contribution.objects.filter(item=item).select_related("person")
    return [contribution_out(row, private=private) for row in rows]


@router.get(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/contributions",
    response=replies({200: list[ItemContributionOut]}),
    summary="The contributions of the body's non-voting members on an item (no vote), as "
    "the caller may see the item",
)
def contribution_list(
    request: HttpRequest, slug: str, meeting_id: int, item_id: int
) -> list[ItemContributionOut]:
    partnership = partnership_from(request, slug, None)
    meeting = meeting_seen(request, partnership, meeting_id)
    return contributions_of(request, partnership, visible_item(request, meeting, item_id))


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/contributions",
    response=replies({201: ItemContributionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Submit a written contribution on an item of a published agenda, until the "
    "meeting starts: a non-voting member of the body for themself, or the programme team "
    "for one of them",
)
def contribution_submit(
    request: HttpRequest, slug: str, meeting_id: int, item_id: int, payload: ItemContributionIn
) -> Status[ItemContributionOut]:
    partnership = partnership_from(request, slug, None)
    meeting = meeting_seen(request, partnership, meeting_id)
    policy.require(request.user, "contribution.submit", meeting)
    item = visible_item(request, meeting, item_id)
    team = policy.may(request.user, "meeting.change", meeting)
    person: Person | None
    if payload.person_id is not None:
        person = get_in(partnership, Person, payload.person_id, field="person_id")
    else:
        person = next(
            (
                seat.person
                for seat in services.contributor_seats(meeting)
                if seat.person.user_id == request.user.pk
            ),
            None,
        )
        if person is None:
            raise AccordError(
                "You hold no non-voting seat on the body on the meeting date: name the person "
                "the contribution is from",
                field="person_id",
            )
    contribution = services.contribution_submit(
        actor=request.user, item=item, person=person, text=payload.text, for_the_record=team
    )
    return Status(201, contribution_out(contribution, private=True))


@router.post(
    "/partnerships/{slug}/meetings/{meeting_id}/items/{item_id}/contributions/minute",
    response=replies({201: ItemContributionOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Minute a spoken contribution made at the meeting by a non-voting member of the "
    "body (the programme team), until the minutes are approved",
)
def contribution_minute(
    request: HttpRequest,
    slug: str,
    meeting_id: int,
    item_id: int,
    payload: ItemContributionMinuteIn,
) -> Status[ItemContributionOut]:
    partnership = partnership_from(request, slug, "contribution.minute")
    meeting = meeting_in(partnership, meeting_id)
    item = get_in(partnership, AgendaItem.objects.filter(meeting=meeting), item_id)
    contribution = services.contribution_minute(
        actor=request.user,
        item=item,
        person=get_in(partnership, Person, payload.person_id, field="person_id"),
        text=payload.text,
    )
    return Status(201, contribution_out(contribution, private=True))


@router.post(
    "/partnerships/{slug}/contributions/{contribution_id}/withdraw",
    response=replies({204: None}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Withdraw a contribution: a written one by its author until the meeting starts; "
    "a spoken one by the programme team while the minutes are a draft",
)
def contribution_withdraw(request: HttpRequest, slug: str, contribution_id: int) -> Status[None]:
    partnership = partnership_from(request, slug, None)
    contribution = get_in(
        partnership, Contribution.objects.select_related("item__meeting"), contribution_id
    )
    meeting = contribution.item.meeting
    policy.require(request.user, "meeting.view", meeting, not_found="No such contribution")
    policy.require(request.user, "contribution.submit", meeting)
    services.contribution_withdraw(
        actor=request.user,
        contribution=contribution,
        for_the_record=policy.may(request.user, "meeting.change", meeting),
    )
    return Status(204, None)


# ---------------------------------------------------------------- attendance


@router.get(
    "/partnerships/{slug}/meetings/{meeting_id}/attendance/{person_id}",
    response=replies({200: AttendanceOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One person's recorded attendance at a meeting, with its version (ETag)",
)
def attendance_detail(
    request: HttpRequest, response: HttpResponse, slug: str, meeting_id: int, person_id: int
) -> AttendanceOut:
    partnership = partnership_from(request, slug, "register.view")
    attendance = selectors.attendance_get(meeting_in(partnership, meeting_id), person_id=person_id)
    if attendance is None:
        raise Http404("No attendance recorded for this person")
    send_version(response, attendance)
    return attendance_out(attendance)


@router.put(
    "/partnerships/{slug}/meetings/{meeting_id}/attendance/{person_id}",
    response=replies({200: AttendanceOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_RECORD,
    summary="Record or correct one person's attendance (If-Match once it is recorded)",
)
def attendance_record(
    request: HttpRequest,
    response: HttpResponse,
    slug: str,
    meeting_id: int,
    person_id: int,
    payload: AttendanceIn,
) -> AttendanceOut:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    person = get_in(partnership, Person, person_id)
    substitute_for = (
        None
        if payload.substitute_for_id is None
        else get_in(partnership, Person, payload.substitute_for_id, field="substitute_for_id")
    )
    with transaction.atomic():
        require_version_if_recorded(
            request, Attendance.objects.filter(meeting=meeting, person=person), lock=meeting
        )
        attendance = services.attendance_record(
            actor=request.user,
            meeting=meeting,
            person=person,
            status=payload.status,
            substitute_for=substitute_for,
        )
    send_version(response, attendance)
    return attendance_out(attendance)


@router.put(
    "/partnerships/{slug}/meetings/{meeting_id}/attendance",
    response=replies({200: BodyAttendanceOut}, CHANGE_ERRORS),
    auth=SIGNED_IN,
    summary="Record the whole body's attendance at once (a list, one row per person; the "
    "rows in_attendance are exactly the officers in attendance): all of it or nothing",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "example": [
                        {"person_id": 17, "status": "present"},
                        {"person_id": 18, "status": "apologies"},
                        {"person_id": 19, "status": "substitute", "substitute_for_id": 18},
                        {"person_id": 30, "status": "in_attendance"},
                    ]
                }
            }
        }
    },
)
def attendance_record_all(
    request: HttpRequest, slug: str, meeting_id: int, payload: list[AttendanceRowIn]
) -> BodyAttendanceOut:
    partnership = partnership_from(request, slug, "meeting.change")
    meeting = meeting_in(partnership, meeting_id)
    ids = {row.person_id for row in payload} | {
        row.substitute_for_id for row in payload if row.substitute_for_id is not None
    }
    people = Person.objects.filter(partnership=partnership).in_bulk(list(ids))
    for row in payload:
        for name, pk in (
            ("person_id", row.person_id),
            ("substitute_for_id", row.substitute_for_id),
        ):
            if pk is not None and pk not in people:
                raise Http404(f"No such person ({name} {pk})")
    rows = [
        services.AttendanceRow(
            person=people[row.person_id],
            status=row.status,
            substitute_for=people[row.substitute_for_id] if row.substitute_for_id else None,
        )
        for row in payload
        if row.status != AttendanceStatus.IN_ATTENDANCE
    ]
    officers = [
        people[row.person_id] for row in payload if row.status == AttendanceStatus.IN_ATTENDANCE
    ]
    changes = services.attendance_record_all(
        actor=request.user, meeting=meeting, rows=rows, officers=officers
    )
    return BodyAttendanceOut(
        attendance=[attendance_out(a) for a in selectors.meeting_attendance(meeting)],
        changes=[
            AttendanceChangeOut(
                person_id=change.attendance.person_id,
                now="not in attendance" if change.removed else services.describe(change.attendance),
                replaced=change.replaced,
            )
            for change in changes
            if change.changed
        ],
    )
