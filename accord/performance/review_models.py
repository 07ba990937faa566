"""Service quality reviews under the Quality Assessment Framework (issue 18): a review of
one service, each core objective graded A to D by the provider (its self-assessment) and
then by the validation visit; the action plan the officer follows up; the outcome, taken
to the board as a commissioning proposal. The framework's objectives and levels are data
(``accord.performance.qaf``); the review's lifecycle is a table
(``accord.rules.lifecycle.REVIEW``)."""

import datetime

from django.db import models
from django.db.models import Q

from accord.commissioning.models import Service
from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.text import NAME, NOTE, REASON, TITLE
from accord.decisions.models import Proposal
from accord.partnerships.models import PartnershipOwned

from . import qaf


class ReviewFramework(models.TextChoices):
    """The framework a review grades against (``accord.performance.qaf``)."""

    QAF_2003 = qaf.QAF_2003.code, "QAF 2003 (seven core objectives)"
    QAF_2009 = qaf.QAF_2009.code, "QAF2, 2009 (five core service objectives)"


class Grade(models.TextChoices):
    """The QAF levels (QAF 2003, Derbyshire; commissioning-reference §9): cumulative, and
    every core objective must reach at least C."""

    A = qaf.A, "A: excellence"
    B = qaf.B, "B: good practice"
    C = qaf.C, "C: meets the minimum"
    D = qaf.D, "D: fails the minimum"


class ReviewStatus(models.TextChoices):
    """Where a review stands; the transitions are ``accord.rules.lifecycle.REVIEW``."""

    PLANNED = "planned", "Planned"
    SELF_ASSESSED = "self_assessed", "Self-assessed by the provider"
    VISITED = "visited", "Validation visit made"
    VALIDATED = "validated", "Grades validated"
    CLOSED = "closed", "Closed with an outcome"


class ReviewOutcome(models.TextChoices):
    """Issue 18: the review's outcome, which becomes a commissioning proposal."""

    CONTINUE = "continue", "Continue the service"
    REMODEL = "remodel", "Remodel the service"
    DECOMMISSION = "decommission", "Decommission the service"
    RETENDER = "retender", "Retender the service"


class Review(PartnershipOwned, Illustrative, TimeStamped):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    framework = models.CharField(
        "Framework", max_length=20, choices=ReviewFramework.choices, default=qaf.QAF_2003.code
    )
    status = models.CharField(
        "Status", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PLANNED
    )
    due_on = models.DateField(
        "Due by",
        validators=[validate_plausible_date],
        help_text="The date the review is planned to be done by (validated)",
    )
    self_assessed_on = models.DateField(
        "Self-assessment received on", null=True, blank=True, validators=[validate_plausible_date]
    )
    visited_on = models.DateField(
        "Validation visit on", null=True, blank=True, validators=[validate_plausible_date]
    )
    visited_by = models.CharField("Who visited", max_length=NAME, blank=True)
    findings = BoundedTextField("The visit's findings", max_length=NOTE, blank=True)
    validated_on = models.DateField(
        "Validated on", null=True, blank=True, validators=[validate_plausible_date]
    )
    outcome = models.CharField("Outcome", max_length=20, choices=ReviewOutcome.choices, blank=True)
    outcome_reason = BoundedTextField("Why this outcome", max_length=REASON, blank=True)
    closed_on = models.DateField(
        "Closed on", null=True, blank=True, validators=[validate_plausible_date]
    )
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The commissioning proposal the outcome was taken to the board as",
    )

    class Meta:
        ordering = ["-due_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", outcome__in=[o.value for o in ReviewOutcome])
                | (~Q(status="closed") & Q(outcome="")),
                name="review_outcome_when_closed",
                violation_error_message="A closed review has an outcome, and only a closed one",
            ),
            models.CheckConstraint(
                condition=Q(proposal__isnull=True) | Q(status="closed"),
                name="review_proposal_when_closed",
                violation_error_message="Only a closed review's outcome goes to the board",
            ),
        ]
        indexes = [models.Index(fields=["partnership", "due_on"], name="review_partnership_due")]

    def __str__(self) -> str:
        return f"Review of {self.service_id} due {self.due_on}"

    @property
    def qaf(self) -> qaf.Framework:
        return qaf.FRAMEWORKS[self.framework]


class ObjectiveGrade(PartnershipOwned, TimeStamped):
    """One core objective of a review: the provider's self-assessed grade beside the grade
    the validation confirmed (Harrow's monitoring form: a provider score and an SP score
    for each objective, reference.md §1)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="grades")
    objective = models.CharField("Core objective", max_length=10)
    self_assessed = models.CharField(
        "Provider's self-assessment", max_length=1, choices=Grade.choices, blank=True
    )
    validated = models.CharField("Validated grade", max_length=1, choices=Grade.choices, blank=True)

    class Meta:
        ordering = ["objective"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "review", "objective"],
                name="one_grade_per_objective_per_review",
                violation_error_message="This review already grades that objective",
            )
        ]

    def __str__(self) -> str:
        return f"{self.objective}: {self.self_assessed or '-'} / {self.validated or '-'}"

    @property
    def grade(self) -> str:
        """The grade that stands: the validated one, else the provider's own."""
        return self.validated or self.self_assessed

    @property
    def below_minimum(self) -> bool:
        return qaf.below_minimum(self.grade)


class ActionStatus(models.TextChoices):
    """An action of the plan: done once recorded done; overdue when its due date has passed
    undone (computed from the date, never stored); otherwise open."""

    OPEN = "open", "Open"
    DONE = "done", "Done"
    OVERDUE = "overdue", "Overdue"


class ActionPlanItem(PartnershipOwned, Illustrative, TimeStamped):
    """An action towards the next level (the annual service improvement plan, NI version):
    what, who owns it, when it is due; the officer records it done."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    objective = models.CharField("Core objective", max_length=10, blank=True)
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
            models.Index(fields=["partnership", "done_on", "due_on"], name="action_open_due")
        ]

    def __str__(self) -> str:
        return self.action

    def status(self, today: datetime.date) -> str:
        if self.done_on is not None:
            return ActionStatus.DONE
        return ActionStatus.OVERDUE if self.due_on < today else ActionStatus.OPEN
