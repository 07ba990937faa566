"""Meeting papers: uploads checked for type and size, stored outside the web root."""

import hashlib
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from accord.audit.services import Actor, audited, delete_audited, save_audited
from accord.core.errors import AccordError

from ..models import AgendaItem, Meeting, Paper
from .lifecycle import allowed

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Word and Excel files
ZIP = b"PK\x03\x04"  # Office Open XML and OpenDocument files
# Accepted papers: extension -> (content type, the file's first bytes, or None for text).
PAPER_TYPES: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".doc": ("application/msword", OLE),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", ZIP),
    ".xls": ("application/vnd.ms-excel", OLE),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    ".csv": ("text/csv", None),
}
ACCEPTED = ", ".join(extension.lstrip(".").upper() for extension in PAPER_TYPES)


def papers_dir() -> Path:
    return Path(settings.PAPERS_DIR)


def paper_path(paper: Paper) -> Path:
    return papers_dir() / paper.stored_name


def _checked_name(name: str) -> tuple[str, str]:
    """The uploader's file name, refused if it names folders; and its extension."""
    if not name or name != PurePosixPath(name).name or name != PureWindowsPath(name).name:
        raise ValidationError({"file": "The file name must not contain folders, '/' or '\\'"})
    if name in {".", ".."} or name.startswith(".") or "\x00" in name:
        raise ValidationError({"file": "The file name is not allowed"})
    extension = PurePosixPath(name).suffix.lower()
    if extension not in PAPER_TYPES:
        raise ValidationError({"file": f"The file must be one of {ACCEPTED}"})
    return name, extension


def too_large() -> str:
    limit = settings.PAPER_MAX_BYTES
    shown = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return f"The file must be at most {shown}"


def _checked_content(upload: IO[bytes], extension: str, size: int) -> bytes:
    if size <= 0:
        raise ValidationError({"file": "The file is empty"})
    if size > settings.PAPER_MAX_BYTES:
        raise ValidationError({"file": too_large()})
    head = upload.read(8)
    upload.seek(0)
    _, magic = PAPER_TYPES[extension]
    if magic is None:
        sample = upload.read(64 * 1024)
        upload.seek(0)
        try:
            sample.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError({"file": "The CSV file must be text (UTF-8)"}) from None
        if b"\x00" in sample:
            raise ValidationError({"file": "The CSV file must be text (UTF-8)"})
    elif not head.startswith(magic):
        raise ValidationError(
            {"file": f"The file is not a real {extension.lstrip('.').upper()} file"}
        )
    if extension == ".pdf":
        _checked_pdf(upload)
    return head


def _checked_pdf(upload: IO[bytes]) -> None:
    """A PDF is read through (pypdf), not only its first bytes: the pack merges it, and
    members open it. One that does not parse, has no pages or needs a password is refused."""
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                {"file": "The PDF is protected with a password: upload it without one"}
            )
        if len(reader.pages) == 0:
            raise ValidationError({"file": "The PDF has no pages"})
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ValidationError(
            {"file": "The file is not a PDF that can be read: save it again as a PDF"}
        ) from None
    finally:
        upload.seek(0)


@transaction.atomic
def paper_upload(
    *,
    actor: Actor,
    item: AgendaItem,
    title: str,
    upload: IO[bytes],
    name: str,
    size: int,
    summary: str = "",
) -> Paper:
    """Store a paper for an agenda item. Nothing is stored when any check fails, and the
    file is removed again if the database refuses the row."""
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    allowed(meeting, "add_paper")
    original_name, extension = _checked_name(name)
    _checked_content(upload, extension, size)
    stored_name = f"{uuid.uuid4().hex}{extension}"
    target = papers_dir() / stored_name
    papers_dir().mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    written = 0
    try:
        with target.open("xb") as out:
            for chunk in iter(lambda: upload.read(64 * 1024), b""):
                written += len(chunk)
                if written > settings.PAPER_MAX_BYTES:  # the bytes, not what the caller said
                    raise ValidationError({"file": too_large()})
                digest.update(chunk)
                out.write(chunk)
        paper = Paper(
            partnership_id=item.partnership_id,
            item=item,
            title=title,
            summary=summary,
            original_name=original_name,
            stored_name=stored_name,
            content_type=PAPER_TYPES[extension][0],
            size=written,
            sha256=digest.hexdigest(),
        )
        save_audited(paper, actor=actor, action="paper.upload")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return paper


def _paper_locked(paper: Paper) -> tuple[Paper, Meeting]:
    item = AgendaItem.objects.get(pk=paper.item_id)
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    paper = Paper.objects.select_for_update().get(pk=paper.pk)
    return paper, meeting


@transaction.atomic
def paper_change(*, actor: Actor, paper: Paper, title: str, summary: str = "") -> Paper:
    """Retitle a paper, or change its summary, before the agenda is published."""
    paper, meeting = _paper_locked(paper)
    allowed(meeting, "change_item", field="title")
    if not title.strip():
        raise ValidationError({"title": "Enter the paper's title"})
    with audited(paper, actor=actor, action="paper.change"):
        paper.title, paper.summary = title.strip(), summary
    return paper


@transaction.atomic
def paper_withdraw(*, actor: Actor, paper: Paper, reason: str = "") -> Paper | None:
    """Withdraw a paper. Before the agenda is published it is removed, file and all (None
    is returned); once published it stays listed, marked withdrawn with the reason (then
    required), and its file is no longer served."""
    paper, meeting = _paper_locked(paper)
    allowed(meeting, "withdraw_item", field="reason")
    if paper.is_withdrawn:
        raise AccordError("The paper is already withdrawn", field="reason")
    if meeting.agenda_is_published:
        if not reason.strip():
            raise ValidationError({"reason": "Say why the paper is withdrawn"})
        with audited(paper, actor=actor, action="paper.withdraw"):
            paper.withdrawn_on = timezone.localdate()
            paper.withdrawn_reason = reason.strip()
        return paper
    path = paper_path(paper)
    delete_audited(paper, actor=actor, action="paper.remove")
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return None
