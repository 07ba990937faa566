"""Quarterly returns: one per service per quarter, submitted by its provider (or imported
by a programme officer), then queried or validated; a replaced return keeps the figures
it had, and why, in its history. Each partnership may set its own targets."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from accord.commissioning.models import Service
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.scope import Scope
from accord.core.text import NOTE, REASON
from accord.partnerships.models import PartnershipOwned

from .indicators import INDICATORS
from .periods import Quarter

# The figures of a return, in the CSV format's order (docs/performance.md), in pairs:
# (numerator, denominator) for each of SPI 1, SPI 2, KPI 1 and KPI 2.
FIGURES = (
    "unit_days_contracted",
    "unit_days_available",
    "support_days_contracted",
    "support_days_used",
    "kpi1_numerator",
    "kpi1_denominator",
    "kpi2_numerator",
    "kpi2_denominator",
)
# The largest figure a return holds: ten years of days for a thousand units is 3.65m.
FIGURE_MAX = 100_000_000


class ReturnStatus(models.TextChoices):
    """Issue 18: a return is submitted, then queried (with the officer's question) or
    validated; only validated returns count in reports and benchmarks."""

    SUBMITTED = "submitted", "Submitted"
    QUERIED = "queried", "Queried"
    VALIDATED = "validated", "Validated"


def figure_field(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        label, null=True, blank=True, validators=[MaxValueValidator(FIGURE_MAX)]
    )


class QuarterlyReturn(PartnershipOwned, Illustrative, TimeStamped):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    financial_year = models.PositiveSmallIntegerField(
        "Financial year", help_text="The year it starts in: 2009 is 2009/10"
    )
    quarter = models.PositiveSmallIntegerField(
        "Quarter", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    status = models.CharField(
        "Status", max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.SUBMITTED
    )
    unit_days_contracted = figure_field("Unit days contracted")
    unit_days_available = figure_field("Unit days available")
    support_days_contracted = figure_field("Support days contracted")
    support_days_used = figure_field("Support days used")
    kpi1_numerator = figure_field("KPI 1: service users who established or maintain")
    kpi1_denominator = figure_field("KPI 1: all service users")
    kpi2_numerator = figure_field("KPI 2: service users who moved on in a planned way")
    kpi2_denominator = figure_field("KPI 2: service users who moved on")
    submitted_on = models.DateField("Submitted on")
    query = BoundedTextField("The officer's question", max_length=NOTE, blank=True)
    validated_on = models.DateField("Validated on", null=True, blank=True)

    class Meta:
        ordering = ["-financial_year", "-quarter", "service__reference"]
        constraints = [
            models.UniqueConstraint(
                # With the partnership (a service is of one), so a distribution by
                # partnership keeps it.
                fields=["partnership", "service", "financial_year", "quarter"],
                name="one_return_per_service_per_quarter",
                violation_error_message="This service already has a return for that quarter",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="return_quarter_1_to_4"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{numerator}__isnull": True})
                    | Q(**{f"{denominator}__isnull": True})
                    | Q(**{f"{numerator}__lte": F(denominator)}),
                    name=f"return_{indicator.code}_numerator_within_denominator",
                    violation_error_message="A numerator cannot exceed its denominator",
                )
                for indicator in INDICATORS
                for numerator, denominator in [(indicator.numerator, indicator.denominator)]
            ),
        ]
        indexes = [
            models.Index(
                fields=["financial_year", "quarter", "status"], name="return_quarter_status"
            ),
            models.Index(fields=["partnership", "status"], name="return_partnership_status"),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.period}"

    def scope(self) -> Scope:
        """The partnership's, and its service's provider's: the provider's own people see
        and submit it (issue 18). Asked of a return not yet made, too (its service set)."""
        return Scope(self.partnership_id, provider_id=self.service.provider_id)

    @property
    def period(self) -> Quarter:
        return Quarter(self.financial_year, self.quarter)

    def figures(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in FIGURES}


class ReturnRevision(PartnershipOwned, TimeStamped):
    """A return as it was before it was replaced, with the reason it was replaced."""

    quarterly_return = models.ForeignKey(
        QuarterlyReturn, on_delete=models.CASCADE, related_name="revisions"
    )
    figures = models.JSONField(help_text="The replaced return's figures, by CSV column")
    status = models.CharField("Its status then", max_length=20, choices=ReturnStatus.choices)
    submitted_on = models.DateField("It was submitted on")
    reason = BoundedTextField("Why it was replaced", max_length=REASON)
    replaced_on = models.DateField("Replaced on")

    class Meta:
        ordering = ["-created_at", "-id"]


class IndicatorCode(models.TextChoices):
    """The indicators (``accord.performance.indicators``): issue 18 and reference.md §2."""

    SPI1 = "spi1", "SPI 1 availability"
    SPI2 = "spi2", "SPI 2 utilisation"
    KPI1 = "kpi1", "KPI 1 independent living established or maintained"
    KPI2 = "kpi2", "KPI 2 planned moves on"


class IndicatorTarget(PartnershipOwned, TimeStamped):
    """A partnership's own target for an indicator, in place of the default."""

    indicator = models.CharField("Indicator", max_length=10, choices=IndicatorCode.choices)
    target = models.DecimalField(
        "Target (%)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "indicator"],
                name="one_target_per_indicator_per_partnership",
                violation_error_message="This partnership already has a target for it",
            )
        ]


class ReturnReminder(PartnershipOwned, TimeStamped):
    """A reminder e-mail to a service's provider that its return for a quarter is late:
    who was reminded (the provider's contact address then), when, and the day the return
    was due. One per service and quarter, so nobody is reminded twice of the same return."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    financial_year = models.PositiveSmallIntegerField(
        "Financial year", help_text="The year it starts in: 2009 is 2009/10"
    )
    quarter = models.PositiveSmallIntegerField(
        "Quarter", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    sent_to = models.EmailField("Sent to", max_length=254, help_text="The provider's contact")
    reminded_on = models.DateField("Reminded on")
    due_on = models.DateField("The return was due on")

    class Meta:
        ordering = ["-financial_year", "-quarter", "service__reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "service", "financial_year", "quarter"],
                name="one_reminder_per_service_per_quarter",
                violation_error_message="This service was already reminded of that return",
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="reminder_quarter_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.period} reminded on {self.reminded_on}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.financial_year, self.quarter)


# Quality reviews (issue 18) live in their own module; importing them here registers them.
from .review_models import ActionPlanItem, ObjectiveGrade, Review  # noqa: E402, F401
