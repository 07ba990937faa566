"""Abstract bases every domain model builds on."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from .dates import validate_plausible_date


class TimeStamped(models.Model):
    """When a row was created and last changed (UTC)."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class BoundedTextField(models.TextField):
    """A TextField whose ``max_length`` the model keeps (issue 13, defect 7): Django's own
    passes it to a form's field and no further, so a service's ``full_clean`` would let a
    longer text through from anywhere else (the API, a command). The limit is refused naming
    the field, as a CharField's is; the column stays a TextField (no database change)."""

    def __init__(self, verbose_name: str | None = None, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(verbose_name, max_length=max_length, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))


class DateBoundedQuerySet(models.QuerySet):
    def current(self, *, on: datetime.date) -> "DateBoundedQuerySet":
        """Rows in force on a date: started on or before it, not ended before it."""
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class DateBounded(models.Model):
    """A record with a term: in force from start_date to end_date inclusive (open end allowed)."""

    start_date = models.DateField(validators=[validate_plausible_date])
    end_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="Leave empty while it lasts",
    )

    objects = DateBoundedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_it_starts",
                violation_error_message="The end date cannot be before the start date",
            )
        ]

    def clean(self) -> None:
        """The constraint's rule, said of the field at fault (the constraint alone would
        name no field)."""
        super().clean()
        ends, starts = self.end_date, self.start_date
        if ends is not None and starts is not None and ends < starts:
            raise ValidationError({"end_date": "The end date cannot be before the start date"})


ILLUSTRATIVE_NOTE = "Illustrative: not from the source documents"


class Illustrative(models.Model):
    """A record some of whose values are illustrative: invented to make a demonstration
    whole, not taken from the source documents. ``illustrative`` names those fields;
    pages, PDFs and exports mark each such value with ``ILLUSTRATIVE_NOTE``. Every model
    that can hold invented values takes this one base, so the mark is decided once."""

    illustrative = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="The names of the fields whose values are illustrative, not from a source",
    )

    class Meta:
        abstract = True

    def is_illustrative(self, field: str = "") -> bool:
        """Whether the field's value (any value, when no field is named) is illustrative."""
        marked = self.illustrative or []
        return bool(marked) if not field else field in marked


class IllustrativeLine:
    """A line made from records rather than a record (a step of a decision's route, a line
    of published attendance), whose ``illustrative`` names its own values that came from an
    illustrative one, so that templates (``{% illustrative line "date" %}``) and exports
    read it as they read a record."""

    illustrative: tuple[str, ...]

    def is_illustrative(self, field: str = "") -> bool:
        """Whether the value (any value, when no field is named) is illustrative."""
        return bool(self.illustrative) if not field else field in self.illustrative


class RateWindow(models.Model):
    """How many requests one caller (``bucket``: a scope and a person or an address) has
    made in one fixed window of time (``started``: seconds since the epoch, a multiple of
    the window's length). Counted by ``accord.core.ratelimit`` with one atomic statement;
    windows that have ended are pruned as new ones open."""

    bucket = models.CharField(max_length=200)
    started = models.BigIntegerField()
    hits = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "started"], name="core_rate_window_once")
        ]
        indexes = [models.Index(fields=["started"], name="core_rate_window_started")]

    def __str__(self) -> str:
        return f"{self.bucket} from {self.started}: {self.hits}"
