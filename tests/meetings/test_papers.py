"""Meeting papers: an upload is checked for its name, type and size, and a bad one is
refused with a clear error and nothing stored; a good one is stored under a name Accord
makes, and served only to those who may see its item."""

import datetime
import hashlib
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfWriter

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.demo import oxfordshire as oxon
from accord.governance.models import Body
from accord.meetings import services as meetings
from accord.meetings.models import AgendaItem, Paper
from accord.meetings.services import paper_path
from tests.decisions.test_voting import FEBRUARY, MARCH, TODAY, meeting_on, oxfordshire
from tests.factories import pdf_bytes

PDF = pdf_bytes()


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(PDF))
    writer.encrypt("a password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


ENCRYPTED = encrypted_pdf()
REPORT = "Annual Plan 2010/11"


@pytest.fixture
def item(db) -> AgendaItem:
    board = oxfordshire()
    meeting = meeting_on(board.body, FEBRUARY)
    return meetings.agenda_item_add(actor=None, meeting=meeting, title=REPORT)


def upload(item: AgendaItem, name: str, content: bytes, *, title: str = REPORT) -> Paper:
    return meetings.paper_upload(
        actor=None,
        item=item,
        title=title,
        upload=io.BytesIO(content),
        name=name,
        size=len(content),
    )


def stored_files(papers_dir: Path) -> list[Path]:
    return sorted(papers_dir.iterdir()) if papers_dir.exists() else []


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        # a program is not a paper, whatever it is called
        ("annual-plan.exe", b"MZ\x90\x00\x03\x00\x00\x00", "must be one of PDF, DOC, DOCX"),
        ("annual-plan.pdf.exe", PDF, "must be one of"),
        ("annual-plan", PDF, "must be one of"),
        # a file named .pdf whose bytes are not a PDF
        ("annual-plan.pdf", b"MZ\x90\x00\x03\x00\x00\x00", "not a real PDF file"),
        ("annual-plan.pdf", b"<html><script>alert(1)</script></html>", "not a real PDF file"),
        ("annual-plan.docx", PDF, "not a real DOCX file"),
        # a file that starts like a PDF and is not one, or one no member could open
        ("annual-plan.pdf", b"%PDF-1.4 and then anything at all", "not a PDF that can be read"),
        ("annual-plan.pdf", PDF[: len(PDF) // 2], "not a PDF that can be read"),
        (
            "annual-plan.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
            "not a PDF that can be read",
        ),
        ("annual-plan.pdf", ENCRYPTED, "protected with a password"),
        ("figures.csv", b"\xff\xfe\x00\x00binary", "must be text (UTF-8)"),
        # an empty file
        ("annual-plan.pdf", b"", "The file is empty"),
        # names that would reach outside the papers folder
        ("../../etc/passwd.pdf", PDF, "must not contain folders"),
        ("..\\x.pdf", PDF, "must not contain folders"),
        ("/abs.pdf", PDF, "must not contain folders"),
        ("C:\\Windows\\annual-plan.pdf", PDF, "must not contain folders"),
        ("papers/annual-plan.pdf", PDF, "must not contain folders"),
        # hidden files and names the file system treats specially
        (".annual-plan.pdf", PDF, "not allowed"),
        ("..", PDF, "not allowed"),
        ("annual\x00plan.pdf", PDF, "not allowed"),
        ("", PDF, "must not contain folders"),
    ],
)
def test_a_bad_upload_is_refused_naming_the_file_and_nothing_is_stored(
    item, papers_dir, name, content, problem
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        upload(item, name, content)
    assert list(refused.value.message_dict) == ["file"]
    assert problem in refused.value.message_dict["file"][0]
    assert stored_files(papers_dir) == []
    assert not Paper.objects.exists()
    assert AuditEvent.objects.count() == events


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_stored(item, papers_dir, settings):
    settings.PAPER_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as refused:
        upload(item, "annual-plan.pdf", PDF + b"%" * 1024)
    assert "must be at most" in refused.value.message_dict["file"][0]
    assert stored_files(papers_dir) == []
    assert not Paper.objects.exists()
    paper = upload(item, "annual-plan.pdf", PDF + b"%" * (1024 - len(PDF)))
    assert paper.size == 1024


def test_a_paper_the_database_refuses_leaves_no_file_behind(item, papers_dir):
    with pytest.raises(ValidationError) as refused:
        upload(item, "annual-plan.pdf", PDF, title="")
    assert "title" in refused.value.message_dict
    assert stored_files(papers_dir) == []
    assert not AuditEvent.objects.filter(action="paper.upload").exists()


def test_a_good_paper_is_stored_under_a_name_accord_makes_with_its_checksum(item, papers_dir):
    paper = upload(item, "Annual Plan 2010-11 (final).pdf", PDF)
    (stored,) = stored_files(papers_dir)
    assert stored == paper_path(paper) == papers_dir / paper.stored_name
    assert stored.read_bytes() == PDF
    assert stored.name.endswith(".pdf")
    assert "Annual" not in stored.name
    assert paper.original_name == "Annual Plan 2010-11 (final).pdf"
    assert (paper.content_type, paper.size) == ("application/pdf", len(PDF))
    assert paper.sha256 == hashlib.sha256(PDF).hexdigest()
    event = AuditEvent.objects.get(action="paper.upload")
    assert (event.object_id, event.changes["sha256"]) == (str(paper.pk), [None, paper.sha256])
    second = upload(item, "Annual Plan 2010-11 (final).pdf", PDF)
    assert second.stored_name != paper.stored_name
    assert len(stored_files(papers_dir)) == 2


def test_a_csv_of_figures_is_accepted_as_text(item):
    paper = upload(item, "figures.csv", "Partner,Contribution\nCherwell,£1,200\n".encode())
    assert paper.content_type == "text/csv"


def test_no_paper_is_added_once_the_minutes_are_approved(item, papers_dir):
    meeting = meetings.meeting_publish_agenda(actor=None, meeting=item.meeting)
    meeting = meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)
    following = meeting_on(meeting.body, MARCH)
    meetings.agenda_item_add(actor=None, meeting=following, title="Minutes of 5 February")
    following = meetings.meeting_publish_agenda(actor=None, meeting=following)
    meetings.minutes_approve(
        actor=None, meeting=meeting, at_meeting=following, today=following.date
    )
    with pytest.raises(AccordError, match="cannot be added"):
        upload(item, "late-paper.pdf", PDF)
    assert stored_files(papers_dir) == []


# ---------------------------------------------------------------- downloading


TENDER_REASON = "Financial affairs of the bidders (Schedule 12A, para 3)"


@pytest.fixture
def papers(demo) -> dict[str, Paper]:
    """Papers of the Commissioning Body: a public item and an exempt one of a published
    public meeting, and a public item of a meeting whose agenda is not published."""
    body = Body.objects.get(partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY)
    february = meeting_on(body, FEBRUARY)
    public = meetings.agenda_item_add(actor=None, meeting=february, title=REPORT)
    exempt = meetings.agenda_item_add(
        actor=None,
        meeting=february,
        title="Tender award: floating support in Banbury",
        is_exempt=True,
        exempt_reason=TENDER_REASON,
    )
    meetings.meeting_publish_agenda(actor=None, meeting=february)
    march = meeting_on(body, MARCH)
    unpublished = meetings.agenda_item_add(actor=None, meeting=march, title="Policy")
    return {
        "public": upload(public, "annual-plan.pdf", PDF),
        "exempt": upload(exempt, "tender-evaluation.pdf", PDF),
        "unpublished": upload(unpublished, "policy.pdf", PDF),
    }


def download(client, paper: Paper, slug: str = "oxfordshire"):
    return client.get(reverse("meetings:paper-download", args=[slug, paper.pk]))


@pytest.mark.parametrize(
    ("username", "public", "exempt", "unpublished"),
    [
        # the public: the papers of a published public item only
        (None, 200, 404, 404),
        # a Core Strategy Group officer does not sit on the Commissioning Body
        ("strategy", 200, 404, 404),
        # West Oxfordshire's lead member sits on it: exempt papers too, once published
        ("representative", 200, 200, 404),
        # the programme officer prepares the papers before publication
        ("officer", 200, 200, 200),
    ],
)
def test_a_paper_is_served_to_those_who_may_see_its_item_and_to_no_one_else(
    client, sign_in, papers, username, public, exempt, unpublished
):
    if username is not None:
        sign_in(username)
    statuses = {name: download(client, paper).status_code for name, paper in papers.items()}
    assert statuses == {"public": public, "exempt": exempt, "unpublished": unpublished}


def test_a_member_downloads_the_paper_as_it_was_uploaded(client, sign_in, papers):
    sign_in("representative")
    response = download(client, papers["exempt"])
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "tender-evaluation.pdf" in response["Content-Disposition"]


def test_a_paper_is_found_only_under_its_own_partnership(client, sign_in, papers):
    sign_in("officer")
    assert download(client, papers["public"], slug="gloucestershire").status_code == 404
    assert download(client, papers["public"]).status_code == 200
    paper_path(papers["public"]).unlink()
    assert download(client, papers["public"]).status_code == 404


def test_the_demo_report_is_stored_as_a_pdf_under_the_papers_folder(demo, papers_dir):
    report = Paper.objects.filter(item__meeting__date=datetime.date(2009, 12, 11)).first()
    assert report is not None
    stored = paper_path(report)
    assert stored.parent == papers_dir
    assert stored.read_bytes().startswith(b"%PDF-")
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == report.sha256
