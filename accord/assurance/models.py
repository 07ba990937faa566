"""Partnership governance standards: the handbook of standards a partnership must meet,
its self-assessments against them, the audits of partnerships and the actions they asked.

Seed 000 paras 4-6: the Public Service Board approved "a 34-page Oxfordshire Partnership
Governance Handbook" and agreed that partnerships "shall, by September 2009 ... meet the
standards set out in the Handbook", after "the original Audit of Partnerships".

A handbook adopted by a body outside the partnership (a Public Service Board) applies to
every partnership under it, but each partnership keeps its own copy: the handbook, its
standards and the assessments against them are the partnership's rows
(``PartnershipOwned``), so tenancy stays a filter and nothing is installation-wide.
"""

import datetime

from django.db import models

from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.text import NAME, NOTE, SHORT, TITLE
from accord.partnerships.models import PartnershipOwned


class Handbook(PartnershipOwned, Illustrative, TimeStamped):
    """A handbook of governance standards that applies to the partnership: who adopted it,
    when, and the date by which its standards are to be met (seed 000 para 5)."""

    title = models.CharField("Title", max_length=TITLE)
    adopted_by = models.CharField(
        "Adopted by",
        max_length=NAME,
        help_text="The body that adopted it, e.g. the Oxfordshire Public Service Board",
    )
    adopted_on = models.DateField(
        "Adopted on", null=True, blank=True, validators=[validate_plausible_date]
    )
    deadline = models.DateField("Standards to be met by", validators=[validate_plausible_date])
    note = BoundedTextField("Note", max_length=NOTE, blank=True)

    class Meta:
        ordering = ["-deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="handbook_title_unique_in_partnership",
                violation_error_message="This partnership already has a handbook of that title",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Standard(PartnershipOwned, Illustrative, TimeStamped):
    """One standard of a handbook: its reference, what it asks, and the evidence that shows
    a partnership meets it."""

    handbook = models.ForeignKey(Handbook, on_delete=models.CASCADE, related_name="standards")
    reference = models.CharField("Reference", max_length=SHORT, help_text="For example, 2.1")
    title = models.CharField("Standard", max_length=TITLE)
    evidence = BoundedTextField("Evidence that shows it is met", max_length=NOTE, blank=True)
    position = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["handbook", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "handbook", "reference"],
                name="standard_reference_unique_in_handbook",
                violation_error_message="The handbook already has a standard of that reference",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Compliance(models.TextChoices):
    """How far a partnership meets a standard: the three answers of a self-assessment."""

    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class SelfAssessment(PartnershipOwned, Illustrative, TimeStamped):
    """The partnership's assessment of itself against a handbook, on a date, by a body or
    an officer."""

    handbook = models.ForeignKey(Handbook, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField("Assessed on", validators=[validate_plausible_date])
    assessed_by = models.CharField(
        "Assessed by", max_length=NAME, help_text="The body or officer who made the assessment"
    )
    note = BoundedTextField("Note", max_length=NOTE, blank=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["partnership", "assessed_on"], name="assessment_latest")]

    def __str__(self) -> str:
        return f"Self-assessment of {self.assessed_on:%-d %B %Y}"


class StandardAssessment(PartnershipOwned, Illustrative, TimeStamped):
    """One row of a self-assessment: one standard, met, partly met or not met, the evidence,
    and where it is not met the action, its owner and its due date."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="rows")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    compliance = models.CharField("Compliance", max_length=20, choices=Compliance.choices)
    evidence = BoundedTextField("Evidence", max_length=NOTE, blank=True)
    action = models.CharField("Action", max_length=TITLE, blank=True)
    owner = models.CharField("Owner", max_length=NAME, blank=True)
    due_on = models.DateField("Due by", null=True, blank=True, validators=[validate_plausible_date])

    class Meta:
        ordering = ["standard__position", "standard__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "assessment", "standard"],
                name="standard_assessed_once",
                violation_error_message="This standard is assessed already in this assessment",
            ),
            models.CheckConstraint(
                condition=models.Q(compliance__in=Compliance.values),
                name="standard_assessment_compliance_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id}: {self.compliance}"


class RiskRating(models.TextChoices):
    """An auditor's rating of the risk a partnership's governance carries."""

    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"


class GovernanceAudit(PartnershipOwned, Illustrative, TimeStamped):
    """An audit of the partnership's governance (seed 000 para 6: "the original Audit of
    Partnerships"): who audited it, when, the overall finding and risk rating."""

    auditor = models.CharField("Auditor", max_length=NAME)
    audited_on = models.DateField("Date of the audit", validators=[validate_plausible_date])
    summary = BoundedTextField("Overall finding", max_length=NOTE, blank=True)
    risk = models.CharField("Risk rating", max_length=10, choices=RiskRating.choices)

    class Meta:
        ordering = ["-audited_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(risk__in=RiskRating.values), name="governance_audit_risk_known"
            )
        ]

    def __str__(self) -> str:
        return f"Audit by {self.auditor}, {self.audited_on:%-d %B %Y}"


class AuditFinding(PartnershipOwned, Illustrative, TimeStamped):
    """One finding of an audit: against a standard of a handbook, or about the partnership
    overall (no standard), with its risk rating."""

    audit = models.ForeignKey(GovernanceAudit, on_delete=models.CASCADE, related_name="findings")
    standard = models.ForeignKey(
        Standard,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Standard",
    )
    finding = BoundedTextField("Finding", max_length=NOTE)
    risk = models.CharField("Risk rating", max_length=10, choices=RiskRating.choices)

    class Meta:
        ordering = ["audit", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(risk__in=RiskRating.values), name="audit_finding_risk_known"
            )
        ]

    def __str__(self) -> str:
        return self.finding[:60]


class AuditActionStatus(models.TextChoices):
    """An action taken on a finding: done once recorded done; overdue when its due date has
    passed undone (computed from today's date, never stored); otherwise open."""

    OPEN = "open", "Open"
    DONE = "done", "Done"
    OVERDUE = "overdue", "Overdue"


class AuditAction(PartnershipOwned, Illustrative, TimeStamped):
    """An action taken in answer to a finding, followed to completion."""

    finding = models.ForeignKey(AuditFinding, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField("What is to be done", max_length=TITLE)
    owner = models.CharField("Owner", max_length=NAME)
    due_on = models.DateField("Due by", validators=[validate_plausible_date])
    done_on = models.DateField(
        "Done on", null=True, blank=True, validators=[validate_plausible_date]
    )
    note = BoundedTextField("Follow-up note", max_length=NOTE, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["partnership", "done_on", "due_on"], name="audit_action_due")
        ]

    def __str__(self) -> str:
        return self.action

    def status(self, today: datetime.date) -> str:
        if self.done_on is not None:
            return AuditActionStatus.DONE
        return AuditActionStatus.OVERDUE if self.due_on < today else AuditActionStatus.OPEN
