"""Complaints: about a provider and its service, the administering authority or (later)
an ALMO's landlord services; two stages on working-day clocks; the response and its
classification; lessons learnt and improvement actions; the ombudsman (issue 19).

The complainant is a member of the public: their name, contact details, what they said
and what they need are personal data, named in ``audit_personal_fields`` so that the
audit trail keeps them beside the chain, erasably (docs/personal-data.md), and erased from
the complaint itself after the partnership's retention period (``accord complaints
erase-expired``), leaving the anonymised complaint for the statistics.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accord.commissioning.models import Provider, Service
from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.money import FIRST_FINANCIAL_YEAR, LAST_FINANCIAL_YEAR
from accord.core.scope import Scope
from accord.core.text import NAME, NOTE, TITLE
from accord.partnerships.models import PartnershipOwned

from . import codes


class SubjectKind(models.TextChoices):
    """Who the complaint is about. An ALMO's landlord services go to the Housing
    Ombudsman from 1 April 2013 (codes.ROUTES), so an ALMO partnership fits unchanged."""

    PROVIDER = codes.PROVIDER, "A provider and its service"
    AUTHORITY = codes.AUTHORITY, "The administering authority"
    ALMO = codes.ALMO, "The ALMO's landlord services"


class Ombudsman(models.TextChoices):
    HOUSING = codes.HOUSING_OMBUDSMAN, "Housing Ombudsman"
    LGSCO = codes.LGSCO, "Local Government and Social Care Ombudsman"


class Channel(models.TextChoices):
    LETTER = "letter", "Letter"
    EMAIL = "email", "E-mail"
    TELEPHONE = "telephone", "Telephone"
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online form"
    ADVOCATE = "advocate", "Through an advocate or representative"


class ComplaintKind(models.TextChoices):
    """The Housing Ombudsman's Code: a first report may be a service request, routed to
    whoever provides the service and not counted as a complaint."""

    COMPLAINT = "complaint", "Complaint"
    SERVICE_REQUEST = "service_request", "Service request"


class Format(models.TextChoices):
    STANDARD = "", "No particular format"
    LARGE_PRINT = "large_print", "Large print"
    EASY_READ = "easy_read", "Easy read"
    BRAILLE = "braille", "Braille"
    AUDIO = "audio", "Audio"
    TRANSLATION = "translation", "In another language"


class Outcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


# The seed's classification (seed 004): service failure, distinguished from policy,
# standards and communications issues; more than one may apply. No official taxonomy
# was found (reference.md §8), so these are the seed's words.
class Classification(models.TextChoices):
    SERVICE_FAILURE = "service_failure", "Service failure"
    POLICY_ISSUE = "policy_issue", "Policy issue"
    STANDARDS_ISSUE = "standards_issue", "Standards issue"
    COMMUNICATIONS_ISSUE = "communications_issue", "Communications issue"


# Each is a flag on a stage's response, named as the choice.
CLASSIFICATIONS = dict(Classification.choices)


class ComplaintSettings(PartnershipOwned, TimeStamped):
    """A partnership's complaint policy: the codes' timescales are the defaults (working
    days), and the retention of complainants' details after closure (years)."""

    stage1_acknowledge_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    stage1_respond_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    stage1_extension_days = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    stage2_acknowledge_days = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    stage2_respond_days = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    stage2_extension_days = models.PositiveSmallIntegerField(
        default=20, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    retention_years = models.PositiveSmallIntegerField(
        default=6, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partnership"], name="complaint_settings_one_each")
        ]


class Complaint(PartnershipOwned, Illustrative, TimeStamped):
    audit_personal_fields = frozenset(
        {
            "complainant_name",
            "complainant_email",
            "complainant_phone",
            "complainant_address",
            "summary",
            "desired_outcome",
            "adjustments",
            "advocate",
        }
    )

    subject_kind = models.CharField(max_length=20, choices=SubjectKind.choices)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(
        max_length=20, choices=ComplaintKind.choices, default=ComplaintKind.COMPLAINT
    )
    routed_to = models.CharField(
        max_length=NAME, blank=True, help_text="Where a service request was sent"
    )
    received_on = models.DateField(validators=[validate_plausible_date])
    matter_on = models.DateField(
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="When the complainant first knew of the matter (the 12 months run from it)",
    )
    channel = models.CharField(max_length=20, choices=Channel.choices)
    ombudsman = models.CharField(max_length=20, choices=Ombudsman.choices, editable=False)
    code = models.CharField(max_length=20, blank=True, editable=False)
    # Personal data: seen only by the complaint's handlers and the officers the policy names.
    complainant_name = models.CharField(max_length=NAME, blank=True)
    complainant_email = models.EmailField(max_length=NAME, blank=True)
    complainant_phone = models.CharField(max_length=40, blank=True)
    complainant_address = BoundedTextField(max_length=NOTE, blank=True)
    summary = BoundedTextField("What the complaint says", max_length=NOTE, blank=True)
    desired_outcome = BoundedTextField("What the complainant wants", max_length=NOTE, blank=True)
    adjustments = BoundedTextField(
        "Reasonable adjustments", max_length=NOTE, blank=True, help_text="Contact, access"
    )
    advocate = models.CharField(max_length=NAME, blank=True)
    # Not personal: the format is kept for the statistics once the details are erased.
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    closed_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    personal_erased_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["partnership", "received_on"], name="complaint_received")]

    def __str__(self) -> str:
        return f"Complaint {self.pk} received {self.received_on:%d %B %Y}"

    def scope(self) -> Scope:
        """Its handlers may see the complainant's details (the policy's ``handler``); the
        caller passes stages prefetched, or one query reads them."""
        handlers = frozenset(
            stage.handler_id for stage in self.stages.all() if stage.handler_id is not None
        )
        return Scope(self.partnership_id, handler_ids=handlers)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.subject_kind == SubjectKind.PROVIDER and self.provider_id is None:
            errors["provider"] = "Say which provider the complaint is about"
        if self.subject_kind != SubjectKind.PROVIDER and (self.provider_id or self.service_id):
            errors["provider"] = "Only a complaint about a provider names a provider or service"
        service = self.service if self.service_id else None
        if service is not None and self.provider_id and service.provider_id != self.provider_id:
            errors["service"] = "That service is not this provider's"
        if self.matter_on and self.received_on and self.matter_on > self.received_on:
            errors["matter_on"] = "The matter cannot be after the complaint was received"
        if self.kind == ComplaintKind.SERVICE_REQUEST and not self.routed_to.strip():
            errors["routed_to"] = "Say where the service request was sent"
        if errors:
            raise ValidationError(errors)

    @property
    def ombudsman_name(self) -> str:
        return codes.ombudsman_name(self.ombudsman)

    @property
    def ombudsman_address(self) -> str:
        return codes.ombudsman_address(self.ombudsman)


class Stage(PartnershipOwned, TimeStamped):
    """One stage of a complaint (1, or 2 on escalation), with the clock it started with:
    the partnership's days are copied when it opens, so a later policy leaves it alone."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="stages")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    opened_on = models.DateField(
        validators=[validate_plausible_date], help_text="Received, or the escalation request"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledge_days = models.PositiveSmallIntegerField(editable=False)
    respond_days = models.PositiveSmallIntegerField(editable=False)
    extension_days = models.PositiveSmallIntegerField(editable=False)
    acknowledged_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    extended_to = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    extension_reason = BoundedTextField(max_length=NOTE, blank=True)
    extension_told_on = models.DateField(
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="When the complainant was told of the extension in writing",
    )
    responded_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    remedy = BoundedTextField(max_length=NOTE, blank=True)
    service_failure = models.BooleanField(default=False)
    policy_issue = models.BooleanField(default=False)
    standards_issue = models.BooleanField(default=False)
    communications_issue = models.BooleanField(default=False)

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "complaint", "number"], name="complaint_stage_once"
            )
        ]

    def __str__(self) -> str:
        return f"Stage {self.number}"

    @property
    def classifications(self) -> list[str]:
        return [name for name in CLASSIFICATIONS if getattr(self, name)]

    @property
    def classification_labels(self) -> list[str]:
        """As people read them: "Service failure", "Communications issue"."""
        return [str(CLASSIFICATIONS[name]) for name in self.classifications]


class ImprovementActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"


class Lesson(PartnershipOwned, Illustrative, TimeStamped):
    """What was learnt from a complaint (written without naming the complainant)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="lessons")
    text = BoundedTextField(max_length=NOTE)

    class Meta:
        ordering = ["complaint", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ImprovementAction(PartnershipOwned, Illustrative, TimeStamped):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=TITLE)
    owner = models.CharField(max_length=NAME, help_text="A post or team, not a complainant")
    due_on = models.DateField(validators=[validate_plausible_date])
    status = models.CharField(
        max_length=10, choices=ImprovementActionStatus.choices, default=ImprovementActionStatus.OPEN
    )
    done_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class Determination(models.TextChoices):
    PENDING = "", "Not yet determined"
    NOT_INVESTIGATED = "not_investigated", "Not investigated"
    NO_FAULT = "no_fault", "No fault found"
    FAULT_NO_INJUSTICE = "fault_no_injustice", "Fault, no injustice"
    MALADMINISTRATION = "maladministration", "Fault causing injustice (maladministration)"
    SETTLED = "settled", "Settled"


class Referral(PartnershipOwned, Illustrative, TimeStamped):
    """The complainant's referral to the ombudsman after the last stage."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="referrals")
    ombudsman = models.CharField(max_length=20, choices=Ombudsman.choices, editable=False)
    referred_on = models.DateField(validators=[validate_plausible_date])
    determination = models.CharField(max_length=30, choices=Determination.choices, blank=True)
    determined_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    remedy_ordered = BoundedTextField(max_length=NOTE, blank=True)
    complied_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "complaint"], name="complaint_referred_once"
            )
        ]

    def __str__(self) -> str:
        return f"Referral to the {codes.ombudsman_name(self.ombudsman)}"


# ---------------------------------------------------------------------------------------
# Monitoring (issue 19, "Monitoring"): the figures a rate needs that the commissioning
# register does not hold, and the officers' answers to the Code's self-assessment.


class HomesManaged(PartnershipOwned, Illustrative, TimeStamped):
    """How many homes the ALMO's landlord services manage in a financial year: the
    denominator of complaints per 1,000 homes (the Tenant Satisfaction Measures' "number
    of complaints relative to the size of the landlord", commissioning-reference.md §6).
    The commissioning register holds no stock figure, so it is entered with its source,
    never assumed."""

    financial_year = models.PositiveSmallIntegerField(
        "Financial year",
        validators=[
            MinValueValidator(FIRST_FINANCIAL_YEAR),
            MaxValueValidator(LAST_FINANCIAL_YEAR),
        ],
        help_text="The year it starts in: 2024 for 2024/25",
    )
    homes = models.PositiveIntegerField(
        "Homes managed", validators=[MinValueValidator(1), MaxValueValidator(10_000_000)]
    )
    source = models.CharField(
        "Source",
        max_length=NAME,
        help_text="Where the figure comes from, for example the ALMO's annual return",
    )

    class Meta:
        ordering = ["financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "financial_year"],
                name="homes_managed_once_a_year",
                violation_error_message="This partnership already has a figure for that year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.homes:,} homes in {self.financial_year}"


class ServiceUsers(PartnershipOwned, Illustrative, TimeStamped):
    """How many people a service supported in a financial year, where its contracted
    capacity does not say (floating support counted in hours a week): the denominator of
    complaints per 100 service users for it, entered with its source, never assumed."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    financial_year = models.PositiveSmallIntegerField(
        "Financial year",
        validators=[
            MinValueValidator(FIRST_FINANCIAL_YEAR),
            MaxValueValidator(LAST_FINANCIAL_YEAR),
        ],
        help_text="The year it starts in: 2024 for 2024/25",
    )
    people = models.PositiveIntegerField(
        "Service users", validators=[MinValueValidator(1), MaxValueValidator(1_000_000)]
    )
    source = models.CharField(
        "Source",
        max_length=NAME,
        help_text="Where the figure comes from, for example the provider's quarterly returns",
    )

    class Meta:
        ordering = ["financial_year", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "service", "financial_year"],
                name="service_users_once_a_year",
                violation_error_message="This service already has a figure for that year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.people:,} service users in {self.financial_year}"


class Met(models.TextChoices):
    """The self-assessment's "comply yes/no" (commissioning-reference.md §6), with
    "partly" for a provision met in some respects, which landlords' tables also show."""

    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class ProvisionAnswer(PartnershipOwned, TimeStamped):
    """An officer's answer for one provision of a Code in a financial year's
    self-assessment: whether it is met (where the data cannot say), the evidence, the
    actions, and, for a provision whose text Accord's sources do not give, its text as
    the partnership states it."""

    code = models.CharField(max_length=20)
    financial_year = models.PositiveSmallIntegerField(
        validators=[
            MinValueValidator(FIRST_FINANCIAL_YEAR),
            MaxValueValidator(LAST_FINANCIAL_YEAR),
        ]
    )
    provision = models.CharField(max_length=40)
    met = models.CharField(max_length=10, choices=Met.choices, blank=True)
    evidence = BoundedTextField(max_length=NOTE, blank=True)
    actions = BoundedTextField(max_length=NOTE, blank=True)
    requirement = BoundedTextField(
        "Requirement (as the partnership states it)", max_length=NOTE, blank=True
    )

    class Meta:
        ordering = ["code", "financial_year", "provision"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "code", "financial_year", "provision"],
                name="provision_answered_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.provision} ({self.financial_year})"
