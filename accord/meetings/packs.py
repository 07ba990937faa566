"""The agenda pack and the minutes of a meeting, as PDF documents.

Both are rendered from HTML templates with WeasyPrint, which fetches nothing: the templates
carry their own CSS, and any address in the content is refused. Papers in PDF are read
with pypdf and merged into the agenda pack after the agenda; papers in other formats are
listed with a link.

Exempt items come last, as Part 2, after the resolution to exclude the press and public.
The agenda pack is made of two documents: Part 1 (the front sheet, the agenda, the public
items and their papers), the same in the members' and the public version, and Part 2, in
which the members read the exempt items and their papers and the public reads only each
item's numbered placeholder (``AgendaItem.placeholder``). So the two versions differ
exactly by Part 2 (and the version named in each page's footer).

Minutes are numbered through the body's calendar year ("4/2010": the fourth minute of the
body's meetings in 2010), each meeting opening with three standard minutes (apologies for
absence, declarations of interest, the minutes of the last meeting) before one minute per
agenda item (``selectors.first_minute_number``). A draft (the meeting held, the minutes not
yet approved) carries "Draft" on every page.

Drawing a PDF takes WeasyPrint a second or more, and a published meeting's pack is read by
many: each document is drawn once and kept until what goes into it changes
(``cached_pdf``).
"""

import hashlib
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import pypdf
import weasyprint
from django.core.cache import caches
from django.template.loader import render_to_string
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from weasyprint.urls import URLFetcher

from accord.core.errors import AccordError

from .hooks import ItemNote
from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    Meeting,
    MeetingStatus,
    Paper,
)
from .services.papers import PAPER_TYPES, paper_path

logger = logging.getLogger(__name__)

# The paper types by content type, as the agenda pack names them ("PDF", "DOCX").
PAPER_TYPE_NAMES = {
    content_type: ext.lstrip(".").upper() for ext, (content_type, _) in PAPER_TYPES.items()
}
PDF = "application/pdf"

# The resolution that opens Part 2 (section 100A(4) of the Local Government Act 1972).
EXCLUSION = (
    "RESOLVED that the press and public be excluded from the meeting for the following "
    "{items} of business under Section 100A(4) of the Local Government Act 1972, on the "
    "grounds that {they} involve{s} the likely disclosure of exempt information as defined in "
    "Part 1 of Schedule 12A to the Act:"
)


def exclusion_resolution(count: int) -> str:
    one = count == 1
    return EXCLUSION.format(
        items="item" if one else "items", they="it" if one else "they", s="s" if one else ""
    )


@dataclass(frozen=True)
class PackPaper:
    paper: Paper
    type_name: str
    size_kb: int
    url: str = ""  # where it is read (a paper in another format than PDF is linked)
    pages: int = 0  # pages merged into the pack (a readable PDF), else 0

    @property
    def merged(self) -> bool:
        return self.pages > 0


@dataclass(frozen=True)
class PackItem:
    """One line of the agenda: the item, or only its placeholder when it is withheld."""

    number: int
    item: AgendaItem | None
    placeholder: str = ""
    papers: list[PackPaper] = field(default_factory=list)
    # What the apps above meetings say of the item (``hooks.ItemNote``): the minutes
    # include each note's record, such as a decision quoted from its vote.
    notes: list[ItemNote] = field(default_factory=list)
    minute_number: str = ""
    exempt: bool = False

    @property
    def withheld(self) -> bool:
        return self.item is None

    @property
    def vote_taken(self) -> bool:
        return any(note.vote_taken for note in self.notes)


def merged_pages(paper: Paper) -> int:
    """The pages a PDF paper adds to the pack: 0 when its file cannot be read as a PDF (it
    is then listed with its link, like a paper in another format)."""
    if paper.content_type != PDF:
        return 0
    try:
        return len(PdfReader(paper_path(paper)).pages)
    except (OSError, PyPdfError, ValueError) as error:
        logger.warning("Paper %s is not merged into the pack: %s", paper.pk, error)
        return 0


def pack_paper(paper: Paper, *, link: str = "", merge: bool = False) -> PackPaper:
    """A paper's line in the pack. A paper withdrawn after publication stays listed, marked
    withdrawn, and is neither merged nor linked: its file is no longer served."""
    served = not paper.is_withdrawn
    return PackPaper(
        paper,
        PAPER_TYPE_NAMES.get(paper.content_type, paper.content_type),
        max(1, round(paper.size / 1024)),
        url=link.format(pk=paper.pk) if link and served else "",
        pages=merged_pages(paper) if merge and served else 0,
    )


def withheld_line(item: AgendaItem | int) -> PackItem:
    if isinstance(item, int):
        return PackItem(
            item, None, placeholder=f"Item {item}: exempt, not for publication", exempt=True
        )
    return PackItem(item.number, None, placeholder=item.placeholder, exempt=True)


def pack_items(
    items: Iterable[AgendaItem],
    *,
    public: bool,
    withheld: Iterable[AgendaItem | int] = (),
    link: str = "",
    merge: bool = False,
    first_minute: int = 0,
    year: int = 0,
) -> list[PackItem]:
    """The agenda in number order. In the public version an exempt item is withheld even
    if the caller passed it: only its placeholder is kept; ``withheld`` are the exempt
    items not passed (``selectors.withheld_items``; their numbers alone also do). ``link``
    is the address of a paper with ``{pk}`` in it; ``merge`` reads the PDF papers to
    merge; ``first_minute`` numbers the items' minutes."""
    lines = {line.number: line for line in map(withheld_line, withheld)}
    for item in items:
        if public and item.is_exempt:
            lines[item.number] = withheld_line(item)
        else:
            lines[item.number] = PackItem(
                item.number,
                item,
                item.placeholder if item.is_exempt else "",
                papers=[pack_paper(paper, link=link, merge=merge) for paper in item.papers.all()],
                notes=list(getattr(item, "notes", [])),
                exempt=item.is_exempt,
            )
    ordered = [lines[number] for number in sorted(lines)]
    if first_minute:
        # Part 1 is minuted first, then Part 2 (as the meeting takes them).
        numbers = minute_numbers(
            [line.number for line in ordered if not line.exempt],
            [line.number for line in ordered if line.exempt],
            first_minute=first_minute,
            year=year,
        )
        ordered = [
            PackItem(
                line.number,
                line.item,
                line.placeholder,
                line.papers,
                line.notes,
                numbers[line.number],
                line.exempt,
            )
            for line in sorted(ordered, key=lambda line: line.exempt)
        ]
    return ordered


def minute_numbers(
    part1: Sequence[int], part2: Sequence[int], *, first_minute: int, year: int
) -> dict[int, str]:
    """Each agenda item's minute number ("4/2010") by item number: after the meeting's
    three opening minutes, Part 1's items in order, then Part 2's."""
    return {
        number: f"{first_minute + 3 + index}/{year}"
        for index, number in enumerate([*sorted(part1), *sorted(part2)])
    }


def pdf_from_html(html: str) -> bytes:
    """Render HTML to PDF without fetching anything (no protocol is allowed)."""
    document = weasyprint.HTML(
        string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=())
    )
    return bytes(document.write_pdf())


# What draws the documents besides their templates: a new WeasyPrint or pypdf may draw
# the same HTML otherwise, so a document drawn by the old one is not served after.
RENDERER = f"weasyprint {weasyprint.__version__}, pypdf {pypdf.__version__}"


def cached_pdf(
    kind: str,
    meeting: Meeting,
    *,
    public: bool,
    html: Sequence[str],
    papers: Sequence[PackPaper] = (),
    render: Callable[[], bytes],
) -> bytes:
    """The document ``render`` draws, drawn once and kept (the ``documents`` cache) until
    what goes into it changes.

    The key is a digest of exactly that: the HTML the templates make of the meeting as it
    stands (its details, items, summaries, minutes, attendance, what the apps above say of
    each item, the audit event that published it: whatever the document shows) and each
    merged paper's file (by its stored name and SHA-256). Any change anywhere, even one no
    list of fields foresaw (a person renamed, a vote ratified, a template changed), is a
    new key, so a stale document is never served, and nothing has to be told to forget one:
    an old document is simply no longer asked for, and expires. Making the HTML takes
    milliseconds; drawing it, the seconds saved.

    The key also names the meeting and the audience (``public``: the public version, or the
    members' with its exempt items), so a members' document can never be served as the
    public one, whatever their contents."""
    digest = hashlib.sha256(RENDERER.encode())
    for part in html:
        digest.update(b"\x00html\x00" + part.encode())
    for paper in papers:
        digest.update(f"\x00paper\x00{paper.paper.stored_name}:{paper.paper.sha256}".encode())
    audience = "public" if public else "members"
    key = f"accord.pdf:{kind}:meeting-{meeting.pk}:{audience}:{digest.hexdigest()}"
    documents = caches["documents"]
    try:
        kept = documents.get(key)
    except Exception as error:  # the cache only saves time: whatever fails in it, draw
        logger.warning("The documents cache could not be read: %s", error)
        kept = None
    if isinstance(kept, bytes):
        return kept
    pdf = render()
    try:
        documents.set(key, pdf)
    except Exception as error:
        logger.warning("The documents cache could not keep a %s: %s", kind, error)
    return pdf


def version_label(public: bool) -> str:
    return "Public version" if public else "Members' version — contains exempt information"


def merge(parts: Iterable[bytes | PackPaper]) -> bytes:
    """One PDF of rendered documents and the merged papers' files, in order."""
    writer = PdfWriter()
    for part in parts:
        if isinstance(part, PackPaper):
            writer.append(PdfReader(paper_path(part.paper)))
        else:
            writer.append(PdfReader(io.BytesIO(part)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def agenda_pack_pdf(
    meeting: Meeting,
    items: Sequence[AgendaItem],
    *,
    public: bool,
    withheld: Iterable[AgendaItem | int] = (),
    previous: Meeting | None = None,
    paper_link: str = "",
) -> bytes:
    """The agenda pack: Part 1 (front sheet with the clerk's contact and the date of
    publication, the agenda opening with the standard items, each public item with its
    papers, then the PDF papers themselves), then Part 2 (the exempt items after the
    resolution to exclude the press and public: their content and papers for members,
    numbered placeholders for the public). ``items`` come from ``selectors.meeting_items``
    (papers and declarations prefetched); ``paper_link`` is a paper's address, with
    ``{pk}``."""
    lines = pack_items(items, public=public, withheld=withheld, link=paper_link, merge=True)
    part1 = [line for line in lines if not line.exempt]
    part2 = [line for line in lines if line.exempt]
    context = {
        "meeting": meeting,
        "partnership": meeting.partnership,
        "body": meeting.body,
        "public": public,
        "version": version_label(public),
        "lines": lines,
        "part1": part1,
        "part2": part2,
        "exclusion": exclusion_resolution(len(part2)),
        "previous": previous,
    }
    html = [render_to_string("meetings/pdf/agenda_pack.html", context)]
    if part2:
        html.append(render_to_string("meetings/pdf/agenda_part2.html", context))
    merged1 = [paper for line in part1 for paper in line.papers if paper.merged]
    merged2 = [paper for line in part2 for paper in line.papers if paper.merged]

    def render() -> bytes:
        documents: list[bytes | PackPaper] = [pdf_from_html(html[0]), *merged1]
        if part2:
            documents += [pdf_from_html(html[1]), *merged2]
        return merge(documents)

    return cached_pdf(
        "agenda", meeting, public=public, html=html, papers=[*merged1, *merged2], render=render
    )


@dataclass(frozen=True)
class AttendanceSummary:
    present: list[Attendance]
    substitutes: list[Attendance]
    apologies: list[Attendance]
    officers: list[Attendance] = field(default_factory=list)


def attendance_summary(
    attendance: Iterable[Attendance], officers: Iterable[int] = ()
) -> AttendanceSummary:
    """Who attended, as the minutes list them: members present, substitutes (for whom),
    apologies, and the officers in attendance (``officers``: their people's ids)."""
    rows = list(attendance)
    officer_ids = set(officers)
    present = [a for a in rows if a.status == AttendanceStatus.PRESENT]
    return AttendanceSummary(
        present=[a for a in present if a.person_id not in officer_ids],
        substitutes=[a for a in rows if a.status == AttendanceStatus.SUBSTITUTE],
        apologies=[a for a in rows if a.status == AttendanceStatus.APOLOGIES],
        officers=[a for a in present if a.person_id in officer_ids],
    )


def declarations_of(lines: Iterable[PackItem]) -> list[tuple[PackItem, Declaration]]:
    """Every declaration of interest on the items shown, by item."""
    return [
        (line, declaration)
        for line in lines
        if line.item is not None
        for declaration in line.item.declarations.all()
    ]


def minutes_pdf(
    meeting: Meeting,
    items: Sequence[AgendaItem],
    attendance: Iterable[Attendance],
    *,
    public: bool,
    withheld: Iterable[AgendaItem | int] = (),
    site: str = "",
    first_minute: int = 1,
    officers: Iterable[int] = (),
    approved_here: Sequence[Meeting] = (),
) -> bytes:
    """The minutes: approved (once approved at a later meeting), or a draft marked "Draft"
    on every page (once the meeting is held). What was decided on an item is quoted from
    the record of the app that took it (``hooks.annotate`` sets the items' notes), never
    retyped. ``items`` come from ``selectors.meeting_items`` (declarations prefetched)."""
    if meeting.status not in {MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED}:
        raise AccordError("Minutes are written once the meeting has been held", field="status")
    lines = pack_items(
        items, public=public, withheld=withheld, first_minute=first_minute, year=meeting.date.year
    )
    html = render_to_string(
        "meetings/pdf/minutes.html",
        {
            "meeting": meeting,
            "partnership": meeting.partnership,
            "body": meeting.body,
            "draft": meeting.status == MeetingStatus.HELD,
            "approved_at": meeting.minutes_approved_at,
            "public": public,
            "version": version_label(public),
            "attendance": attendance_summary(attendance, officers),
            # The address of the site, so that a record can link to its page (a decision).
            "site": site,
            "lines": lines,
            "part1": [line for line in lines if not line.exempt],
            "part2": [line for line in lines if line.exempt],
            "exclusion": exclusion_resolution(sum(1 for line in lines if line.exempt)),
            "declarations": declarations_of(lines),
            "opening": [f"{first_minute + n}/{meeting.date.year}" for n in range(3)],
            "approved_here": approved_here,
        },
    )
    return cached_pdf(
        "minutes", meeting, public=public, html=[html], render=lambda: pdf_from_html(html)
    )
