"""Writes to meetings: every one validated, audited, in one transaction."""

from .agendas import (
    APPROVAL_NEEDS,
    agenda_item_add,
    approval_refusal,
    declaration_record,
    minutes_approve,
    minutes_write,
)
from .attendance import attendance_record
from .papers import PAPER_TYPES, paper_path, paper_upload
from .schedule import (
    meeting_cancel,
    meeting_mark_held,
    meeting_publish_agenda,
    meeting_schedule,
    meeting_update,
)

__all__ = [
    "APPROVAL_NEEDS",
    "PAPER_TYPES",
    "agenda_item_add",
    "approval_refusal",
    "attendance_record",
    "declaration_record",
    "meeting_cancel",
    "meeting_mark_held",
    "meeting_publish_agenda",
    "meeting_schedule",
    "meeting_update",
    "minutes_approve",
    "minutes_write",
    "paper_path",
    "paper_upload",
]
