"""A stage's clock: its due dates and the working days left, computed from the facts
(never typed), on the installation's calendar with closures (docs/working-days.md: the
day of receipt is day 0; ``accord working-days add --with-closures`` gives the same
dates)."""

import datetime
from dataclasses import dataclass

from accord.calendar.working_days import WorkingDays

from .models import Stage


@dataclass(frozen=True)
class Clock:
    acknowledge_by: datetime.date
    respond_by: datetime.date  # from the acknowledgement, or projected from its due date
    extended: bool
    extension_limit: datetime.date  # the latest date an extension may set
    acknowledged_late: bool
    responded_late: bool
    days_left: int | None  # working days to the response's due date; None when answered
    overdue: bool

    @property
    def days_over(self) -> int:
        """Working days past the due date, unanswered (0 when not overdue)."""
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def within_timescales(self) -> bool:
        return not self.acknowledged_late and not self.responded_late


def calendar() -> WorkingDays:
    return WorkingDays(with_closures=True)


def respond_base(stage: Stage, cal: WorkingDays) -> datetime.date:
    """The response's due date without an extension: N working days after the
    acknowledgement (or after the acknowledgement's due date, not yet acknowledged)."""
    acknowledged = stage.acknowledged_on or cal.after(stage.opened_on, stage.acknowledge_days)
    return cal.after(acknowledged, stage.respond_days)


def clock(stage: Stage, *, today: datetime.date, cal: WorkingDays | None = None) -> Clock:
    cal = cal or calendar()
    acknowledge_by = cal.after(stage.opened_on, stage.acknowledge_days)
    base = respond_base(stage, cal)
    respond_by = stage.extended_to or base
    acknowledged_late = (stage.acknowledged_on or today) > acknowledge_by
    responded_late = (stage.responded_on or today) > respond_by
    if stage.responded_on is not None:
        days_left = None
    elif today <= respond_by:
        days_left = cal.between(today, respond_by)
    else:
        days_left = -cal.between(respond_by, today)
    return Clock(
        acknowledge_by=acknowledge_by,
        respond_by=respond_by,
        extended=stage.extended_to is not None,
        extension_limit=cal.after(base, stage.extension_days),
        acknowledged_late=acknowledged_late,
        responded_late=responded_late,
        days_left=days_left,
        overdue=stage.responded_on is None and today > respond_by,
    )
