"""The commissioning register: the providers a partnership commissions services from.

A provider's record belongs to one partnership (tenancy holds: each partnership keeps its
own record of an organisation, as it knows it); the organisation's registration numbers
(Companies House, the charity regulators) are the shared identifier by which the same
organisation is recognised in another partnership of the installation, for benchmarking.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce

from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, DateBounded, Illustrative, TimeStamped
from accord.core.money import (
    FIRST_FINANCIAL_YEAR,
    LAST_FINANCIAL_YEAR,
    ZERO,
    MoneyField,
)
from accord.core.scope import Scope
from accord.core.text import NAME, NOTE, REASON, SHORT, TITLE
from accord.decisions.models import Proposal, ProposalKind
from accord.governance.models import Partner
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

    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="Its Open Referral id"
    )
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
    is_sme = models.BooleanField(
        "Small or medium-sized enterprise",
        null=True,
        blank=True,
        help_text="Fewer than 250 staff, as the Transparency Code asks; empty when not known",
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


class ProviderStaff(PartnershipOwned, DateBounded, TimeStamped):
    """A person who signs in for a provider, for a term (issue 18: "a provider sees and
    submits its own services' returns only"). Kept by the programme team; the policy asks
    who works for which provider on a date (``works_for``). A provider's people are not
    members of the partnership: they see nothing else of it."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="provider_staff_terms"
    )

    class Meta(DateBounded.Meta):
        ordering = ["provider", "start_date", "pk"]
        verbose_name = "person who signs in for a provider"
        verbose_name_plural = "people who sign in for providers"
        indexes = [models.Index(fields=["user", "start_date"], name="provider_staff_user")]

    def __str__(self) -> str:
        return f"{self.user} (for {self.provider})"


# ---------------------------------------------------------------------------------------
# The services directory (issue 15 item 2)


class ClientGroup(models.IntegerChoices):
    """The 21 primary client-group codes of the Client Record form. Source:
    ../shared/reference.md §4 (on the secondary list code 21 reads "Complex needs":
    ``client_group_label(code, secondary=True)``)."""

    OLDER_PEOPLE = 1, "Older people with support needs"
    OLDER_PEOPLE_MENTAL_HEALTH = 2, "Older people with mental health problems"
    FRAIL_ELDERLY = 3, "Frail elderly"
    MENTAL_HEALTH = 4, "People with mental health problems"
    LEARNING_DISABILITIES = 5, "People with learning disabilities"
    PHYSICAL_SENSORY = 6, "People with a physical or sensory disability"
    SINGLE_HOMELESS = 7, "Single homeless people with support needs"
    ALCOHOL = 8, "People with alcohol problems"
    DRUGS = 9, "People with drug problems"
    OFFENDERS = 10, "Offenders or people at risk of offending"
    MENTALLY_DISORDERED_OFFENDERS = 11, "Mentally disordered offenders"
    YOUNG_PEOPLE_AT_RISK = 12, "Young people at risk"
    CARE_LEAVERS = 13, "Young people leaving care"
    DOMESTIC_VIOLENCE = 14, "Women at risk of domestic violence"
    HIV_AIDS = 15, "People with HIV or AIDS"
    HOMELESS_FAMILIES = 16, "Homeless families with support needs"
    REFUGEES = 17, "Refugees"
    TEENAGE_PARENTS = 18, "Teenage parents"
    ROUGH_SLEEPERS = 19, "Rough sleepers"
    TRAVELLERS = 20, "Travellers"
    GENERIC = 21, "Generic"


def client_group_label(code: int, *, secondary: bool = False) -> str:
    """A client group's name; code 21 is "Complex needs" on the secondary list."""
    if secondary and code == ClientGroup.GENERIC:
        return "Complex needs"
    return str(ClientGroup(code).label)


class ServiceType(models.TextChoices):
    """The SPOCC.NET service types, with sheltered housing as an accommodation-based type
    of its own (issue 15 item 2: the seeds' disputes are about its wardens). Source:
    ../shared/reference.md §4."""

    ACCOMMODATION = "accommodation", "Accommodation based"
    ACCOMMODATION_WITH_FLOATING = (
        "accommodation_floating",
        "Accommodation based with floating, resettlement or outreach support",
    )
    SHELTERED = "sheltered", "Sheltered housing (warden or scheme manager and alarm)"
    ALARM = "alarm", "Community or social alarm"
    FLOATING = "floating", "Floating support"
    HOME_IMPROVEMENT = "home_improvement", "Home improvement agency"
    OUTREACH = "outreach", "Outreach (rough sleepers)"
    RESETTLEMENT = "resettlement", "Resettlement"


class DeliveryModel(models.TextChoices):
    """Where the support is: in accommodation (losing the home means losing the support),
    or coming to the person wherever they live."""

    ACCOMMODATION = "accommodation", "Accommodation based"
    FLOATING = "floating", "Floating support"
    OUTREACH = "outreach", "Outreach"
    ALARM = "alarm", "Alarm"


# The delivery models whose services are at addresses of their own (locations).
ACCOMMODATION_MODELS = frozenset({DeliveryModel.ACCOMMODATION})


class ServiceTerm(models.TextChoices):
    """Short-term services support people for under two years, who then move on (NI 141);
    long-term services support people to stay where they live (NI 142)."""

    SHORT = "short", "Short-term (under two years, people move on)"
    LONG = "long", "Long-term"


class CapacityUnit(models.TextChoices):
    UNITS = "units", "Units"
    HOURS = "hours", "Hours of support a week"
    PLACES = "places", "Places"


class ServiceStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    COMMISSIONED = "commissioned", "Commissioned"
    REMODELLING = "remodelling", "Being remodelled"
    DECOMMISSIONED = "decommissioned", "Decommissioned"


# A service's reference, unique in the installation: the key providers quote in their
# returns. Capital letters or digits, a dash, capital letters or digits ("GLOS-0042").
SERVICE_REFERENCE = RegexValidator(
    r"^[A-Z][A-Z0-9]{1,9}-[A-Z0-9]{1,12}$",
    "Enter a reference of capital letters and digits with one dash, for example GLOS-0042",
)


class Service(PartnershipOwned, Illustrative, TimeStamped):
    """A commissioned housing-related support service: the directory's entry."""

    uuid = models.UUIDField(
        default=uuid.uuid4, unique=True, editable=False, help_text="Its Open Referral id"
    )
    reference = models.CharField(
        "Service reference",
        max_length=24,
        unique=True,
        validators=[SERVICE_REFERENCE],
        help_text="The key providers quote in their returns, for example GLOS-0042",
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="services")
    name = models.CharField("Service name", max_length=NAME)
    description = BoundedTextField("Description", max_length=NOTE, blank=True)
    service_type = models.CharField("Service type", max_length=30, choices=ServiceType.choices)
    term = models.CharField("Short or long-term", max_length=10, choices=ServiceTerm.choices)
    delivery_model = models.CharField(
        "Delivery model", max_length=20, choices=DeliveryModel.choices
    )
    primary_client_group = models.PositiveSmallIntegerField(
        "Primary client group", choices=ClientGroup.choices
    )
    capacity = models.PositiveIntegerField(
        "Contracted capacity",
        validators=[MaxValueValidator(1_000_000)],
        help_text="Units, or hours or places for floating support",
    )
    capacity_unit = models.CharField(
        "Capacity counted in", max_length=10, choices=CapacityUnit.choices
    )
    districts = models.ManyToManyField(
        Partner,
        related_name="services_covering",
        blank=True,
        verbose_name="Districts covered",
        help_text="The partners whose areas the service covers",
    )
    eligibility = BoundedTextField("Who is eligible", max_length=NOTE, blank=True)
    referral_route = BoundedTextField("How to be referred", max_length=NOTE, blank=True)
    start_date = models.DateField("Start date", validators=[validate_plausible_date])
    end_date = models.DateField(
        "End date",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="Leave empty while it runs",
    )
    status = models.CharField(
        "Status", max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.PLANNED
    )
    status_decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services_changed",
        verbose_name="Decision",
        help_text="The decision that gave the service its status",
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="service_ends_after_it_starts",
                violation_error_message="The end date cannot be before the start date",
            )
        ]
        indexes = [
            models.Index(fields=["partnership", "status"], name="service_partnership_status"),
            models.Index(fields=["primary_client_group"], name="service_client_group"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.name}"

    @property
    def support_only(self) -> bool:
        """Whether the service gives support without units of accommodation (floating
        support, outreach, alarms): such a service has no SPI 1 (reference.md §2)."""
        return self.delivery_model not in ACCOMMODATION_MODELS

    @property
    def short_term(self) -> bool:
        """Whether people move on from it within two years (KPI 2), not stay (KPI 1)."""
        return self.term == ServiceTerm.SHORT


class ServiceClientGroup(PartnershipOwned):
    """A secondary client group of a service (its primary one is on the service)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="secondary_groups")
    code = models.PositiveSmallIntegerField("Client group", choices=ClientGroup.choices)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="service_secondary_group_once")
        ]


class ServiceLocation(PartnershipOwned, Illustrative, TimeStamped):
    """An address at which an accommodation-based service is delivered."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField("Name of the scheme or building", max_length=NAME)
    address_line_1 = models.CharField("Address line 1", max_length=200)
    address_line_2 = models.CharField("Address line 2", max_length=200, blank=True)
    town = models.CharField("Town or city", max_length=100)
    postcode = models.CharField("Postcode", max_length=8, validators=[validate_postcode])
    units = models.PositiveIntegerField(
        "Units here", null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceChange(PartnershipOwned, Illustrative, TimeStamped):
    """One entry of a service's history: what changed, when, and the decision behind it
    (seed 000's resident wardens, 2004 and 2008; seed 004's floating support)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    changed_on = models.DateField("Date of the change", validators=[validate_plausible_date])
    summary = BoundedTextField("What changed", max_length=NOTE)
    changes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Each changed field's name, with its value before and after",
    )
    decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_history",
        help_text="The decision behind the change",
    )

    class Meta:
        ordering = ["changed_on", "id"]


# ---------------------------------------------------------------------------------------
# Contracts (issue 15 item 3)


class ContractForm(models.TextChoices):
    BLOCK = "block", "Block contract"
    SPOT = "spot", "Spot purchase"
    CALL_OFF = "call_off", "Call-off from a framework"
    GRANT = "grant", "Grant agreement"


class ProcurementRoute(models.TextChoices):
    """How the contract was let; the Transparency Code 2015 asks whether it followed an
    invitation to quote or a published invitation to tender."""

    TENDER = "tender", "Published invitation to tender"
    QUOTE = "quote", "Invitation to quote"
    DIRECT = "direct", "Let without a tender (grant, spot purchase or extension)"


# The kind of carried decision each route needs before a contract is entered as let.
AUTHORISING_KIND = {
    ProcurementRoute.TENDER: ProposalKind.TENDER_AWARD,
    ProcurementRoute.QUOTE: ProposalKind.INSTRUCTION_TO_CONTRACT,
    ProcurementRoute.DIRECT: ProposalKind.INSTRUCTION_TO_CONTRACT,
}


class ContractStatus(models.TextChoices):
    PLANNED = "planned", "Planned (not yet let)"
    LET = "let", "Let"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Terminated early"


class Contract(PartnershipOwned, Illustrative, TimeStamped):
    """A contract (or grant agreement) with a provider for one or more services."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField("Contract reference", max_length=40)
    title = models.CharField("Title", max_length=TITLE)
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="contracts")
    services = models.ManyToManyField(Service, related_name="contracts", blank=True)
    form = models.CharField("Form of contract", max_length=20, choices=ContractForm.choices)
    route = models.CharField("How it was let", max_length=20, choices=ProcurementRoute.choices)
    department = models.CharField(
        "Department responsible",
        max_length=NAME,
        help_text="The council department or team that manages the contract",
    )
    start_date = models.DateField("Start date", validators=[validate_plausible_date])
    end_date = models.DateField("End date", validators=[validate_plausible_date])
    review_date = models.DateField(
        "Review date", null=True, blank=True, validators=[validate_plausible_date]
    )
    extension_options = models.CharField(
        "Extension options",
        max_length=NAME,
        blank=True,
        help_text="For example: two further years, one at a time",
    )
    extension_decision_by = models.DateField(
        "Decide on an extension by",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    irrecoverable_vat = MoneyField(
        "VAT that cannot be recovered", default=ZERO, help_text="Over the contract's length"
    )
    status = models.CharField(
        "Status", max_length=20, choices=ContractStatus.choices, default=ContractStatus.PLANNED
    )
    decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracts_authorised",
        help_text="The carried decision that authorised letting it",
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"],
                name="contract_reference_unique_in_partnership",
                violation_error_message="This partnership already has a contract with that "
                "reference",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_it_starts",
                violation_error_message="The end date cannot be before the start date",
            ),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(decision__isnull=False),
                name="contract_let_with_its_decision",
                violation_error_message="A contract is let only with the decision that "
                "authorised it",
            ),
        ]
        indexes = [
            models.Index(fields=["partnership", "status"], name="contract_partnership_status"),
            models.Index(fields=["end_date"], name="contract_end_date"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class ContractValue(PartnershipOwned, Illustrative, TimeStamped):
    """A contract's value in one financial year (named by the year it starts in)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="values")
    financial_year = models.PositiveSmallIntegerField(
        "Financial year",
        validators=[
            MinValueValidator(FIRST_FINANCIAL_YEAR),
            MaxValueValidator(LAST_FINANCIAL_YEAR),
        ],
        help_text="The year it starts in: 2004 for 2004/05",
    )
    amount = MoneyField("Annual value (pounds)")

    class Meta:
        ordering = ["financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "financial_year"],
                name="contract_value_once_a_year",
                violation_error_message="The contract already has a value for that year",
            )
        ]


# ---------------------------------------------------------------------------------------
# Variations and termination (issue 16 items 6 and 7): every contract of the register,
# tendered or not. The contract's own fields hold its current values (the latest after
# its variations); each variation keeps what it changed, before and after.


class VariationKind(models.TextChoices):
    """What a variation changes (issue 16 item 6); an extension is a variation of the
    term. One variation may change several at once (an extension with the added year's
    value)."""

    VALUE = "value", "Value"
    TERM = "term", "Term (end date)"
    SCOPE = "scope", "Scope (services)"
    CAPACITY = "capacity", "Capacity"


class ContractVariation(PartnershipOwned, Illustrative, TimeStamped):
    """A variation of a let contract, on the board's carried decision of the kind
    contract variation. ``changes`` keeps each changed thing before and after:
    ``{"end_date": [before, after], "values": {"2008": [before, after]}, "services":
    [before, after], "capacity": {"GLOS-0042": [before, after]}}`` (dates as ISO dates,
    amounts as strings of pounds and pence, a value that did not exist as null)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="variations")
    number = models.PositiveSmallIntegerField("Variation number", editable=False)
    agreed_on = models.DateField("Date agreed", validators=[validate_plausible_date])
    effective_on = models.DateField("Takes effect on", validators=[validate_plausible_date])
    reason = BoundedTextField("Reason", max_length=REASON)
    decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        related_name="contract_variations",
        help_text="The carried decision, of kind contract variation, that approved it",
    )
    changes = models.JSONField(default=dict, blank=True, editable=False)
    notice_published_on = models.DateField(
        "Contract change notice published",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    notice_text = BoundedTextField("Contract change notice", max_length=NOTE, blank=True)

    class Meta:
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "contract", "number"],
                name="contract_variation_number_once",
                violation_error_message="The contract already has a variation of that number",
            )
        ]

    def __str__(self) -> str:
        return f"Variation {self.number} of {self.contract.reference}"

    @property
    def kinds(self) -> list[VariationKind]:
        """What it changed, in the choices' order."""
        keys = {
            VariationKind.VALUE: "values",
            VariationKind.TERM: "end_date",
            VariationKind.SCOPE: "services",
            VariationKind.CAPACITY: "capacity",
        }
        return [kind for kind, key in keys.items() if (self.changes or {}).get(key)]

    @property
    def kinds_text(self) -> str:
        return ", ".join(str(kind.label).lower() for kind in self.kinds)


class TerminationReason(models.TextChoices):
    """Why a contract ended early. Ours (the references give no list); the Procurement
    Regulations 2024 reg 41 asks a termination notice for the reasons and, for a breach,
    more (commissioning-reference.md §1d). The partnership's own choices need its carried
    decision; a provider's notice or its failure does not (``DECIDED_REASONS``)."""

    AGREEMENT = "agreement", "Ended by agreement with the provider"
    CONVENIENCE = (
        "convenience",
        "Ended by the partnership with notice (for example decommissioning)",
    )
    BREACH = "breach", "Ended for the provider's breach or poor performance"
    PROVIDER_NOTICE = "provider_notice", "The provider gave notice"
    PROVIDER_FAILURE = "provider_failure", "The provider ceased trading or became insolvent"
    OTHER = "other", "Another reason"


# The reasons that are the partnership's choice, and so need its carried decision.
DECIDED_REASONS = frozenset(
    {
        TerminationReason.AGREEMENT,
        TerminationReason.CONVENIENCE,
        TerminationReason.BREACH,
        TerminationReason.OTHER,
    }
)


class ContractTermination(PartnershipOwned, Illustrative, TimeStamped):
    """A let contract ended early: on ``terminated_on`` the contract ends (its end date),
    with the end date it had and the annual values taken off after that date."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="terminations")
    terminated_on = models.DateField("Date it ends", validators=[validate_plausible_date])
    reason_code = models.CharField(
        "Why it ends early", max_length=20, choices=TerminationReason.choices
    )
    reason = BoundedTextField("Reason", max_length=REASON)
    decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contract_terminations",
        help_text="The carried decision that ended it, where the partnership chose to",
    )
    end_date_before = models.DateField("End date it had", editable=False)
    changes = models.JSONField(default=dict, blank=True, editable=False)
    notice_published_on = models.DateField(
        "Contract termination notice published",
        null=True,
        blank=True,
        validators=[validate_plausible_date],
    )
    notice_text = BoundedTextField("Contract termination notice", max_length=NOTE, blank=True)

    class Meta:
        ordering = ["terminated_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "contract"],
                name="contract_terminated_once",
                violation_error_message="The contract is already terminated",
            )
        ]

    def __str__(self) -> str:
        return f"Termination of {self.contract.reference}"


# ---------------------------------------------------------------------------------------
# Needs evidence (issue 15 item 4)


class DatasetKind(models.TextChoices):
    """The evidence a strategy rests on. Source: seed 004 ("current patterns of usage of
    housing related support services, analysis of statutory homelessness figures, and
    national projections of future needs") and the domain's "Needs evidence"."""

    USAGE = "usage", "Usage of services by client group"
    HOMELESSNESS = "homelessness", "Statutory homelessness"
    PROJECTION = "projection", "Projection of need"


class DatasetUnit(models.TextChoices):
    """What a dataset's figures count. Counts are whole numbers; the others may have pence
    or hundredths."""

    PEOPLE = "people", "People"
    HOUSEHOLDS = "households", "Households"
    UNITS = "units", "Units of support"
    PERCENT = "percent", "Per cent"
    POUNDS = "pounds", "Pounds"


# The units whose figures are whole numbers (the import refuses a fraction of a person).
COUNT_UNITS = frozenset({DatasetUnit.PEOPLE, DatasetUnit.HOUSEHOLDS, DatasetUnit.UNITS})
# A figure: at most 12 digits before the point and 2 after; never negative.
FIGURE_DIGITS = 14
FIGURE_PLACES = 2
FIGURE_MAX = Decimal("999999999999.99")
CATEGORY = 100


class Dataset(PartnershipOwned, Illustrative, TimeStamped):
    """A set of figures the strategy rests on (usage, homelessness, a projection), per
    financial year and district (a district council partner, or the whole area), each
    figure perhaps for one client group or category. Members of the partnership and its
    programme team read every dataset; the public reads those marked public."""

    kind = models.CharField("Kind of evidence", max_length=20, choices=DatasetKind.choices)
    title = models.CharField("Title", max_length=TITLE)
    source = models.CharField(
        "Source",
        max_length=NAME,
        help_text="Where the figures come from, for example the P1E returns of the districts",
    )
    unit = models.CharField("What the figures count", max_length=20, choices=DatasetUnit.choices)
    description = BoundedTextField("Description", max_length=NOTE, blank=True)
    is_public = models.BooleanField(
        "Public",
        default=False,
        help_text="Anyone may read a public dataset; the others are for members of the "
        "partnership and its programme team",
    )

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="dataset_title_unique_in_partnership",
                violation_error_message="This partnership already has a dataset of that title",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> Scope:
        return Scope(self.partnership_id, public=self.is_public, published=self.is_public)

    @property
    def counts(self) -> bool:
        """Whether its figures are whole numbers (people, households, units)."""
        return self.unit in COUNT_UNITS


class Figure(PartnershipOwned, Illustrative):
    """One figure of a dataset: a financial year's value for a district (none: the whole
    area), a client group (none: every group) and a category (e.g. a priority need)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="figures")
    financial_year = models.PositiveSmallIntegerField(
        "Financial year",
        validators=[
            MinValueValidator(FIRST_FINANCIAL_YEAR),
            MaxValueValidator(LAST_FINANCIAL_YEAR),
        ],
        help_text="The year it starts in: 2004 for 2004/05",
    )
    district = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="A district council partner; empty for the whole area",
    )
    client_group = models.PositiveSmallIntegerField(
        "Client group", choices=ClientGroup.choices, null=True, blank=True
    )
    category = models.CharField("Category", max_length=CATEGORY, blank=True)
    value = models.DecimalField(
        "Value",
        max_digits=FIGURE_DIGITS,
        decimal_places=FIGURE_PLACES,
        validators=[MinValueValidator(Decimal(0), "Must be 0 or more")],
    )

    class Meta:
        ordering = ["financial_year", "id"]
        constraints = [
            # One figure for each year, district, client group and category of a dataset;
            # an empty district or group is one value, not many (COALESCE to 0).
            models.UniqueConstraint(
                models.F("dataset"),
                models.F("financial_year"),
                Coalesce(models.F("district"), 0),
                Coalesce(models.F("client_group"), 0),
                models.F("category"),
                name="figure_once_in_dataset",
                violation_error_message="The dataset already has this figure",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="figure_not_negative",
                violation_error_message="A figure cannot be negative",
            ),
        ]
        indexes = [models.Index(fields=["dataset", "financial_year"], name="figure_dataset_year")]


# ---------------------------------------------------------------------------------------
# The strategy and the annual plan (issue 15 item 5)


class StrategyStatus(models.TextChoices):
    """A strategy is drafted, adopted by a carried decision of kind strategy (seed 004: the
    board "approves the 5 year strategy"), and superseded by the next one."""

    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"
    SUPERSEDED = "superseded", "Superseded"


FINANCIAL_YEAR_VALIDATORS = [
    MinValueValidator(FIRST_FINANCIAL_YEAR),
    MaxValueValidator(LAST_FINANCIAL_YEAR),
]


class Strategy(PartnershipOwned, Illustrative, TimeStamped):
    """A partnership's Supporting People strategy over whole financial years: seed 000's
    Strategy 2004-09 (2004/05 to 2008/09) and Strategy 2008-11 (2008/09 to 2010/11)."""

    title = models.CharField("Title", max_length=TITLE)
    summary = BoundedTextField("Summary", max_length=NOTE, blank=True)
    first_year = models.PositiveSmallIntegerField(
        "First financial year",
        validators=FINANCIAL_YEAR_VALIDATORS,
        help_text="The year it starts in: 2004 for 2004/05",
    )
    last_year = models.PositiveSmallIntegerField(
        "Last financial year",
        validators=FINANCIAL_YEAR_VALIDATORS,
        help_text="The year the last financial year starts in: 2008 for 2008/09",
    )
    status = models.CharField(
        "Status", max_length=20, choices=StrategyStatus.choices, default=StrategyStatus.DRAFT
    )
    decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategies_adopted",
        verbose_name="Adopting decision",
        help_text="The carried decision, of kind strategy, that adopted it",
    )

    class Meta:
        ordering = ["-first_year", "title"]
        verbose_name_plural = "strategies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="strategy_title_unique_in_partnership",
                violation_error_message="This partnership already has a strategy of that title",
            ),
            models.CheckConstraint(
                condition=Q(last_year__gte=models.F("first_year")),
                name="strategy_years_in_order",
                violation_error_message="The last year cannot be before the first",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(decision__isnull=False),
                name="strategy_adopted_by_its_decision",
                violation_error_message="A strategy is adopted only by a carried decision",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> Scope:
        """An adopted (or superseded) strategy is a published council document: open to
        anyone. A draft is for the partnership's members and programme team."""
        adopted = self.status != StrategyStatus.DRAFT
        return Scope(self.partnership_id, public=adopted, published=adopted)

    @property
    def period(self) -> str:
        """ "2004-09": from the start of 2004/05 to the end of 2008/09."""
        return f"{self.first_year}-{(self.last_year + 1) % 100:02d}"

    @property
    def starts_on(self) -> datetime.date:
        return datetime.date(self.first_year, 4, 1)

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.last_year + 1, 3, 31)

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


class TargetOutcome(PartnershipOwned, Illustrative, TimeStamped):
    """A measurable outcome the strategy sets: a figure of a measure by a date, from a
    baseline. The measure (``accord.commissioning.measures``) says how the figure is read
    from the register, so progress is computed, never typed."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="outcomes")
    title = models.CharField("Outcome", max_length=TITLE)
    measure = models.CharField(
        "Measured as",
        max_length=SHORT,
        help_text="How the figure is read from the register (accord.commissioning.measures)",
    )
    delivery_model = models.CharField(
        "Of services of the delivery model",
        max_length=20,
        choices=DeliveryModel.choices,
        blank=True,
    )
    service_type = models.CharField(
        "Of services of the type", max_length=30, choices=ServiceType.choices, blank=True
    )
    client_group = models.PositiveSmallIntegerField(
        "Of services for the primary client group",
        choices=ClientGroup.choices,
        null=True,
        blank=True,
    )
    capacity_unit = models.CharField(
        "Capacity counted in", max_length=10, choices=CapacityUnit.choices, blank=True
    )
    target_figure = models.DecimalField(
        "Target figure",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    target_date = models.DateField("Target date", validators=[validate_plausible_date])
    baseline_figure = models.DecimalField(
        "Baseline figure",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text="As the strategy states it; empty to read it from the register on the "
        "baseline date",
    )
    baseline_date = models.DateField("Baseline date", validators=[validate_plausible_date])

    class Meta:
        ordering = ["target_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_date__lt=models.F("target_date")),
                name="outcome_baseline_before_target",
                violation_error_message="The baseline date must be before the target date",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def scope(self) -> Scope:
        return self.strategy.scope()


class Intention(models.TextChoices):
    """Commissioning intentions (issue 15 item 5)."""

    INCREASE = "increase", "Increase"
    MAINTAIN = "maintain", "Maintain"
    REDUCE = "reduce", "Reduce"
    REMODEL = "remodel", "Remodel"
    DECOMMISSION = "decommission", "Decommission"


class CommissioningIntention(PartnershipOwned, Illustrative, TimeStamped):
    """What the strategy intends for the services of one client group, and why."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="intentions")
    client_group = models.PositiveSmallIntegerField("Client group", choices=ClientGroup.choices)
    direction = models.CharField("Intention", max_length=20, choices=Intention.choices)
    rationale = BoundedTextField("Why", max_length=NOTE)

    class Meta:
        ordering = ["client_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "strategy", "client_group"],
                name="intention_once_per_client_group",
                violation_error_message="The strategy already has an intention for that "
                "client group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_direction_display()}: {self.get_client_group_display()}"

    def scope(self) -> Scope:
        return self.strategy.scope()


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class AnnualPlanAction(PartnershipOwned, Illustrative, TimeStamped):
    """An action of the strategy's annual plan for one financial year, with the decisions
    that carry it out and the services and contracts it changes."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="actions")
    financial_year = models.PositiveSmallIntegerField(
        "Financial year",
        validators=FINANCIAL_YEAR_VALIDATORS,
        help_text="The year of the annual plan: 2008 for 2008/09",
    )
    text = BoundedTextField("Action", max_length=NOTE)
    due_date = models.DateField("Due by", validators=[validate_plausible_date])
    status = models.CharField(
        "Status", max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    proposals = models.ManyToManyField(
        Proposal,
        related_name="plan_actions",
        blank=True,
        verbose_name="Proposals and decisions",
        help_text="The proposals and decisions that carry it out",
    )
    services = models.ManyToManyField(
        Service, related_name="plan_actions", blank=True, help_text="The services it changes"
    )
    contracts = models.ManyToManyField(
        Contract, related_name="plan_actions", blank=True, help_text="The contracts it changes"
    )

    class Meta:
        ordering = ["financial_year", "due_date", "id"]
        indexes = [models.Index(fields=["strategy", "financial_year"], name="action_plan_year")]

    def __str__(self) -> str:
        return self.text[:80]

    def scope(self) -> Scope:
        return self.strategy.scope()
