"""The tenancy layer: partnerships, their programme teams, and the base of every row a
partnership owns.

An installation holds many partnerships and nothing leaks between them. Every tenant-owned
model inherits ``PartnershipOwned``: it carries a required, indexed ``partnership`` (the
filter that isolates tenants and the key on which the data could be distributed), says its
own ``scope()`` for the policy, and refuses, when cleaned, a reference to another
partnership's row.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from accord.core.models import BoundedTextField, DateBounded, TimeStamped
from accord.core.scope import Scope
from accord.core.text import NOTE


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
    description = BoundedTextField(max_length=NOTE, blank=True)
    voters_use_two_factor = models.BooleanField(
        "Voters use two-factor sign-in",
        default=True,
        help_text=(
            "Whether representatives and substitutes who may cast a vote must sign in with "
            "a code from an authenticator app as well as their password"
        ),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def partnership_id(self) -> int | None:
        """A partnership is its own tenant: its events are filed under it, as its rows' are."""
        return self.pk

    def scope(self) -> Scope:
        return Scope(int(self.pk))


class PartnershipOwned(models.Model):
    """A row that belongs to one partnership.

    No reverse accessor on Partnership (``related_name="+"``): a partnership knows nothing
    of the apps built on it; rows are found with a filter on ``partnership`` (see
    ``accord.partnerships.selectors.get_in``).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def scope(self) -> Scope:
        """Where the row sits for the policy; a model whose rows concern a body, or can be
        public, says so by overriding this."""
        return Scope(self.partnership_id)

    def clean(self) -> None:
        """Refuse a reference to another partnership's row, naming the field: isolation is
        a rule the model keeps, not a habit of each service."""
        super().clean()
        errors: dict[str, str] = {}
        for field in self._meta.concrete_fields:
            if field.name == "partnership" or not field.is_relation:
                continue
            related_model: Any = field.related_model
            if not (
                isinstance(related_model, type) and issubclass(related_model, PartnershipOwned)
            ):
                continue
            owner = related_partnership_id(self, field)
            if owner is not None and owner != self.partnership_id:
                errors[field.name] = (
                    f"Choose a {field.verbose_name} of {partnership_name(self.partnership_id)}"
                )
        if errors:
            raise ValidationError(errors)


def related_partnership_id(row: models.Model, field: Any) -> int | None:
    """The partnership of the row a foreign key points to (None when it points nowhere),
    from the related row already loaded where there is one."""
    if field.is_cached(row):
        related = field.get_cached_value(row)
        return None if related is None else related.partnership_id
    related_id = getattr(row, field.attname)
    if related_id is None:
        return None
    manager = field.related_model._base_manager
    found = manager.filter(pk=related_id).values_list("partnership_id", flat=True).first()
    return None if found is None else int(found)


def partnership_name(pk: int | None) -> str:
    name = (
        None
        if pk is None
        else Partnership.objects.filter(pk=pk).values_list("name", flat=True).first()
    )
    return name or "this partnership"


class ProgrammeOfficer(PartnershipOwned, DateBounded, TimeStamped):
    """A member of the administering authority's programme team, for a term.

    Programme officers set up and administer their own partnership (bodies, meetings,
    papers, proposals) and nobody else's. Source: the domain's "Who uses it" table.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_officer_terms"
    )

    class Meta(DateBounded.Meta):
        ordering = ["partnership", "start_date"]

    def __str__(self) -> str:
        return f"{self.user} (programme officer, {self.partnership})"
