"""Writes to meetings: every one validated, audited, in one transaction."""

from .agendas import (
    APPROVAL_NEEDS,
    agenda_item_add,
    agenda_item_change,
    agenda_item_move,
    agenda_item_withdraw,
    approval_refusal,
    declaration_record,
    minutes_approve,
    minutes_write,
)
from .attendance import (
    AttendanceChange,
    AttendanceRow,
    attendance_record,
    attendance_record_all,
    describe,
)
from .papers import PAPER_TYPES, paper_change, paper_path, paper_upload, paper_withdraw
from .schedule import (
    NOTICE_CLEAR_DAYS,
    clear_days_before,
    meeting_cancel,
    meeting_mark_held,
    meeting_publish_agenda,
    meeting_schedule,
    meeting_update,
    publication_is_late,
)

__all__ = [
    "APPROVAL_NEEDS",
    "NOTICE_CLEAR_DAYS",
    "PAPER_TYPES",
    "AttendanceChange",
    "AttendanceRow",
    "agenda_item_add",
    "agenda_item_change",
    "agenda_item_move",
    "agenda_item_withdraw",
    "approval_refusal",
    "attendance_record",
    "attendance_record_all",
    "clear_days_before",
    "declaration_record",
    "describe",
    "meeting_cancel",
    "meeting_mark_held",
    "meeting_publish_agenda",
    "meeting_schedule",
    "meeting_update",
    "minutes_approve",
    "minutes_write",
    "paper_change",
    "paper_path",
    "paper_upload",
    "paper_withdraw",
    "publication_is_late",
]
