"""Abstract bases every domain model builds on."""

from django.db import models


class TimeStamped(models.Model):
    """When a row was created and last changed (UTC)."""

    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True
