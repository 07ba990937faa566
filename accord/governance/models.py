"""The governance register."""

from django.db import models

from accord.core.models import TimeStamped


class Partnership(TimeStamped):
    """One tenant of the installation, e.g. "Oxfordshire Supporting People".

    Every tenant-owned row refers to its partnership, so isolation is a filter
    and the data can later be distributed by partnership.
    """

    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short name used in web addresses, e.g. oxfordshire",
    )
    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
