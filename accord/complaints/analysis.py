"""The client officer's quarterly analysis of complaints (seed 004's "operational
performance monitoring matrix"): by financial quarter (April to June is Q1), the numbers
received and closed by stage, the share of stage responses within the timescales,
outcomes, classifications, ombudsman referrals and lessons with their actions. Counts
only: no complainant's details. Computed from one read of the partnership's complaints
(four queries whatever their number)."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from accord.partnerships.models import Partnership

from .clocks import calendar, clock
from .models import CLASSIFICATIONS, Complaint, ComplaintKind, Outcome, Stage
from .selectors import complaint_analysis_rows


def quarter_bounds(name: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a financial quarter named as ``quarter_of`` names it."""
    start_year, number = int(name[:4]), int(name[-1])
    month = 4 + 3 * (number - 1)
    year = start_year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    first = datetime.date(year, month, 1)
    after = datetime.date(year + (month + 2) // 12, (month + 2) % 12 + 1, 1)
    return first, after - datetime.timedelta(days=1)


def quarter_of(day: datetime.date) -> str:
    """The financial quarter, e.g. "2025-26 Q1" for May 2025."""
    start = day.year if day.month >= 4 else day.year - 1
    number = (day.month - 4) % 12 // 3 + 1
    return f"{start}-{(start + 1) % 100:02d} Q{number}"


@dataclass
class Quarter:
    name: str
    received: int = 0
    received_about: Counter[str] = field(default_factory=Counter)  # by subject kind
    service_requests: int = 0
    closed_at_stage: Counter[int] = field(default_factory=Counter)
    answered: int = 0
    answered_in_time: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    classifications: Counter[str] = field(default_factory=Counter)
    referrals: int = 0
    lessons: int = 0
    actions_open: int = 0
    actions_done: int = 0

    @property
    def in_time_percent(self) -> int | None:
        return round(100 * self.answered_in_time / self.answered) if self.answered else None

    @property
    def closed_stage_1(self) -> int:
        return self.closed_at_stage[1]

    @property
    def closed_stage_2(self) -> int:
        return self.closed_at_stage[2]

    def outcome_counts(self) -> list[tuple[str, int]]:
        return [(label, self.outcomes[value]) for value, label in Outcome.choices]

    def classification_counts(self) -> list[tuple[str, int]]:
        return [(label, self.classifications[name]) for name, label in CLASSIFICATIONS.items()]


def quarterly(
    partnership: Partnership, *, today: datetime.date, provider_id: int | None = None
) -> list[Quarter]:
    cal = calendar()
    quarters: dict[str, Quarter] = {}

    def at(day: datetime.date) -> Quarter:
        name = quarter_of(day)
        return quarters.setdefault(name, Quarter(name))

    complaint: Complaint
    for complaint in complaint_analysis_rows(partnership, provider_id=provider_id):
        if complaint.kind == ComplaintKind.SERVICE_REQUEST:
            at(complaint.received_on).service_requests += 1
            continue
        at(complaint.received_on).received += 1
        at(complaint.received_on).received_about[complaint.subject_kind] += 1
        stages = list(complaint.stages.all())
        for stage in stages:
            if stage.responded_on is None:
                continue
            quarter = at(stage.responded_on)
            quarter.answered += 1
            quarter.answered_in_time += clock(stage, today=today, cal=cal).within_timescales
            quarter.outcomes[stage.outcome] += 1
            for name in stage.classifications:
                quarter.classifications[name] += 1
        if complaint.closed_on is not None and stages:
            at(complaint.closed_on).closed_at_stage[stages[-1].number] += 1
        for referral in complaint.referrals.all():
            at(referral.referred_on).referrals += 1
        for lesson in complaint.lessons.all():
            at(_answered(stages) if stages else complaint.received_on).lessons += 1
            for action in lesson.actions.all():
                quarter = at(action.due_on)
                if action.status == "done":
                    quarter.actions_done += 1
                else:
                    quarter.actions_open += 1
    return [quarters[name] for name in sorted(quarters)]


def _answered(stages: list[Stage]) -> datetime.date:
    last = stages[-1]
    return last.responded_on or last.opened_on
