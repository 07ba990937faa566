"""Closure days: the installation's own days that are not working days."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from accord.core.dates import validate_plausible_date
from accord.core.models import TimeStamped


class ClosureDay(TimeStamped):
    """A weekday the council's offices are closed (e.g. the days between Christmas and New
    Year), added by an administrator. Installation-wide: periods counted with closures
    (call-in, complaints) pass over it; statutory ones (procurement standstill) do not.
    See docs/working-days.md."""

    date = models.DateField(
        unique=True,
        validators=[validate_plausible_date],
        help_text="A weekday, e.g. 29 December 2026",
    )
    reason = models.CharField(
        max_length=200, help_text="Why the offices are closed, e.g. Christmas closure"
    )

    class Meta:
        ordering = ["date"]
        # A weekend closure day is refused in clean(), not by a constraint: it would do no
        # harm (a weekend is never a working day), and the weekday functions differ between
        # SQLite and PostgreSQL.
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="closure_day_gives_its_reason",
                violation_error_message="Say why the offices are closed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}: {self.reason}"

    def clean(self) -> None:
        if self.date is not None and self.date.weekday() >= 5:
            raise ValidationError(
                {
                    "date": (
                        f"{self.date.day} {self.date:%B %Y} is a {self.date:%A}: a weekend is "
                        "never a working day, so it needs no closure day"
                    )
                }
            )
