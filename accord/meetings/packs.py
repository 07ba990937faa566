"""The agenda pack and the minutes of a meeting, as PDF documents.

Both are rendered from HTML templates with WeasyPrint, which fetches nothing: the templates
carry their own CSS, and any address in the content is refused. The public version never
shows an exempt item's title, papers or minute, only that the item was withheld.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import weasyprint
from django.template.loader import render_to_string
from weasyprint.urls import URLFetcher

from accord.core.errors import AccordError

from .hooks import ItemNote
from .models import AgendaItem, Attendance, AttendanceStatus, Meeting, MeetingStatus, Paper
from .services.papers import PAPER_TYPES

# The paper types by content type, as the agenda pack names them ("PDF", "DOCX").
PAPER_TYPE_NAMES = {
    content_type: ext.lstrip(".").upper() for ext, (content_type, _) in PAPER_TYPES.items()
}


@dataclass(frozen=True)
class PackPaper:
    paper: Paper
    type_name: str
    size_kb: int


@dataclass(frozen=True)
class PackItem:
    """One line of the agenda: the item, or only its number when it is withheld."""

    number: int
    item: AgendaItem | None
    papers: list[PackPaper] = field(default_factory=list)
    # What the apps above meetings say of the item (``hooks.ItemNote``): the minutes
    # include each note's record, such as a decision quoted from its vote.
    notes: list[ItemNote] = field(default_factory=list)
    # What stands in a withheld item's place ("Item 2: exempt, not for publication,
    # paragraph 3 of Schedule 12A"), from ``AgendaItem.placeholder``.
    placeholder: str = ""

    @property
    def withheld(self) -> bool:
        return self.item is None

    @property
    def vote_taken(self) -> bool:
        return any(note.vote_taken for note in self.notes)


def pack_paper(paper: Paper) -> PackPaper:
    return PackPaper(
        paper,
        PAPER_TYPE_NAMES.get(paper.content_type, paper.content_type),
        max(1, round(paper.size / 1024)),
    )


def withheld_line(item: AgendaItem | int) -> PackItem:
    if isinstance(item, int):
        return PackItem(item, None, placeholder=f"Item {item}: exempt, not for publication")
    return PackItem(item.number, None, placeholder=item.placeholder)


def pack_items(
    items: Iterable[AgendaItem], *, public: bool, withheld: Iterable[AgendaItem | int]
) -> list[PackItem]:
    """The agenda in number order. In the public version an exempt item is withheld even
    if the caller passed it; ``withheld`` are the exempt items not passed
    (``selectors.withheld_items``; their numbers alone also do)."""
    lines = {line.number: line for line in map(withheld_line, withheld)}
    for item in items:
        if public and item.is_exempt:
            lines[item.number] = withheld_line(item)
        else:
            lines[item.number] = PackItem(
                item.number,
                item,
                papers=[pack_paper(paper) for paper in item.papers.all()],
                notes=list(getattr(item, "notes", [])),
            )
    return [lines[number] for number in sorted(lines)]


def pdf_from_html(html: str) -> bytes:
    """Render HTML to PDF without fetching anything (no protocol is allowed)."""
    document = weasyprint.HTML(
        string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=())
    )
    return bytes(document.write_pdf())


def version_label(public: bool) -> str:
    return "Public version" if public else "Members' version — contains exempt information"


def agenda_pack_pdf(
    meeting: Meeting,
    items: Sequence[AgendaItem],
    *,
    public: bool,
    withheld: Iterable[AgendaItem | int] = (),
) -> bytes:
    """The agenda pack: front sheet, the agenda, then each item with its papers.
    ``items`` come from ``selectors.meeting_items`` (papers and declarations prefetched)."""
    html = render_to_string(
        "meetings/pdf/agenda_pack.html",
        {
            "meeting": meeting,
            "partnership": meeting.partnership,
            "body": meeting.body,
            "public": public,
            "version": version_label(public),
            "lines": pack_items(items, public=public, withheld=withheld),
        },
    )
    return pdf_from_html(html)


@dataclass(frozen=True)
class AttendanceSummary:
    present: list[Attendance]
    substitutes: list[Attendance]
    apologies: list[Attendance]


def attendance_summary(attendance: Iterable[Attendance]) -> AttendanceSummary:
    rows = list(attendance)
    return AttendanceSummary(
        present=[a for a in rows if a.status == AttendanceStatus.PRESENT],
        substitutes=[a for a in rows if a.status == AttendanceStatus.SUBSTITUTE],
        apologies=[a for a in rows if a.status == AttendanceStatus.APOLOGIES],
    )


def minutes_pdf(
    meeting: Meeting,
    items: Sequence[AgendaItem],
    attendance: Iterable[Attendance],
    *,
    public: bool,
    withheld: Iterable[AgendaItem | int] = (),
    site: str = "",
) -> bytes:
    """The approved minutes. What was decided on an item is quoted from the record of the
    app that took it (``hooks.annotate`` sets the items' notes), never retyped. ``items``
    come from ``selectors.meeting_items`` (declarations prefetched)."""
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise AccordError("Minutes are published once they are approved", field="status")
    html = render_to_string(
        "meetings/pdf/minutes.html",
        {
            "meeting": meeting,
            "partnership": meeting.partnership,
            "body": meeting.body,
            "approved_at": meeting.minutes_approved_at,
            "public": public,
            "version": version_label(public),
            "attendance": attendance_summary(attendance),
            # The address of the site, so that a record can link to its page (a decision).
            "site": site,
            "lines": pack_items(items, public=public, withheld=withheld),
        },
    )
    return pdf_from_html(html)
