"""The commissioning register: the providers a partnership commissions services from.

A provider's record belongs to one partnership (tenancy holds: each partnership keeps its
own record of an organisation, as it knows it); the organisation's registration numbers
(Companies House, the charity regulators) are the shared identifier by which the same
organisation is recognised in another partnership of the installation, for benchmarking.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

from accord.core.models import Illustrative, TimeStamped
from accord.partnerships.models import PartnershipOwned

from .registration import (
    CHARITY_NUMBER_HELP,
    COMPANY_NUMBER_HELP,
    validate_charity_number,
    validate_company_number,
    validate_postcode,
)


class ProviderKind(models.TextChoices):
    """The mixed economy of providers. Source: the domain's "Commissioning" (statutory,
    private, voluntary and community sector) and issue 15 item 1 (a partner, or the ALMO,
    acting as a provider: seed 004's Cheltenham ALMO)."""

    STATUTORY = "statutory", "Statutory"
    PRIVATE = "private", "Private"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    PARTNER = "partner", "A partner acting as a provider"
    ALMO = "almo", "The ALMO acting as a provider"


# A telephone number as people write it: digits, spaces, a leading +, brackets and dashes.
PHONE = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{6,28}[0-9]$",
    "Enter a telephone number, for example 01865 792422 or +44 1865 792422",
)


class Provider(PartnershipOwned, Illustrative, TimeStamped):
    """An organisation that provides (or may provide) services the partnership commissions."""

    name = models.CharField("Legal name", max_length=200)
    trading_names = models.CharField(
        "Trading names",
        max_length=500,
        blank=True,
        help_text="Other names it works under, one a line",
    )
    kind = models.CharField("Kind of provider", max_length=20, choices=ProviderKind.choices)
    company_number = models.CharField(
        "Companies House number",
        max_length=8,
        blank=True,
        validators=[validate_company_number],
        help_text=COMPANY_NUMBER_HELP,
    )
    charity_number = models.CharField(
        "Charity number",
        max_length=11,
        blank=True,
        validators=[validate_charity_number],
        help_text=CHARITY_NUMBER_HELP,
    )
    address_line_1 = models.CharField("Address line 1", max_length=200)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100)
    postcode = models.CharField("Postcode", max_length=8, validators=[validate_postcode])
    contact_name = models.CharField("Contact's name", max_length=200, blank=True)
    contact_job_title = models.CharField("Contact's job title", max_length=200, blank=True)
    contact_email = models.EmailField("Contact's email address", max_length=254, blank=True)
    contact_phone = models.CharField(
        "Contact's telephone number", max_length=30, blank=True, validators=[PHONE]
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="provider_name_unique_in_partnership",
                violation_error_message="This partnership already has a provider of that name",
            ),
            models.UniqueConstraint(
                fields=["partnership", "company_number"],
                condition=~Q(company_number=""),
                name="provider_company_unique_in_partnership",
                violation_error_message="This partnership already has a provider with that "
                "Companies House number",
            ),
            models.UniqueConstraint(
                fields=["partnership", "charity_number"],
                condition=~Q(charity_number=""),
                name="provider_charity_unique_in_partnership",
                violation_error_message="This partnership already has a provider with that "
                "charity number",
            ),
        ]
        indexes = [
            # The shared identifiers, looked up across partnerships (``provider_elsewhere``).
            models.Index(fields=["company_number"], name="provider_company_number"),
            models.Index(fields=["charity_number"], name="provider_charity_number"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def trading_name_list(self) -> list[str]:
        return [line.strip() for line in self.trading_names.splitlines() if line.strip()]

    @property
    def org_id(self) -> str:
        """The organisation's identifier in the org-id.guide schemes that OCDS, 360Giving
        and Open Referral use (GB-COH Companies House, GB-CHC the Charity Commission for
        England and Wales, GB-SC OSCR, GB-NIC the Charity Commission for Northern
        Ireland), from the first number it has; empty when it has neither."""
        if self.company_number:
            return f"GB-COH-{self.company_number}"
        number = self.charity_number
        if number.startswith("SC"):
            return f"GB-SC-{number}"
        if number.startswith("NIC"):
            return f"GB-NIC-{number[3:]}"
        return f"GB-CHC-{number}" if number else ""
