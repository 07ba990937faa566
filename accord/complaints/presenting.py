"""What a page or the API shows of a complaint: the clock of each stage and, for a reader
the policy does not allow, the complainant's details redacted."""

import datetime
from dataclasses import dataclass
from typing import Any

from accord.calendar.working_days import WorkingDays

from .clocks import Clock, calendar, clock
from .models import Complaint, Stage

REDACTED = "[redacted]"
REDACTED_FIELDS = sorted(Complaint.audit_personal_fields)


@dataclass
class StageView:
    stage: Stage
    clock: Clock


def current_stage(complaint: Complaint) -> Stage | None:
    stages = list(complaint.stages.all())
    return stages[-1] if stages else None


def stage_views(
    complaint: Complaint, *, today: datetime.date, cal: WorkingDays | None = None
) -> list[StageView]:
    cal = cal or calendar()
    return [
        StageView(stage, clock(stage, today=today, cal=cal)) for stage in complaint.stages.all()
    ]


def personal(complaint: Complaint, *, visible: bool) -> dict[str, Any]:
    """The complainant's details, or each redacted (an erased one is empty either way)."""
    return {
        name: (getattr(complaint, name) if visible or not getattr(complaint, name) else REDACTED)
        for name in REDACTED_FIELDS
    }
