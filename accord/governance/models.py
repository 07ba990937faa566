"""The governance register."""

from django.conf import settings
from django.db import models

from accord.core.models import DateBounded, TimeStamped


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


class ProgrammeOfficer(DateBounded, TimeStamped):
    """A member of the administering authority's programme team, for a term.

    Programme officers set up and administer their own partnership (bodies, meetings,
    papers, proposals) and nobody else's. Source: the domain's "Who uses it" table.
    """

    partnership = models.ForeignKey(
        Partnership, on_delete=models.PROTECT, related_name="programme_officers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_officer_terms"
    )

    class Meta(DateBounded.Meta):
        ordering = ["partnership", "start_date"]

    def __str__(self) -> str:
        return f"{self.user} (programme officer, {self.partnership})"
