"""Abstract bases every domain model builds on."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class TimeStamped(models.Model):
    """When a row was created and last changed (UTC)."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class DateBoundedQuerySet(models.QuerySet):
    def current(self, *, on: datetime.date) -> "DateBoundedQuerySet":
        """Rows in force on a date: started on or before it, not ended before it."""
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class DateBounded(models.Model):
    """A record with a term: in force from start_date to end_date inclusive (open end allowed)."""

    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty while it lasts")

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
