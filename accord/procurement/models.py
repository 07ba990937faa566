"""Procurement (issue 16): from the tendering strategy the board approves to the signed
contract, which becomes the commissioning register's contract.

A ``Procurement`` holds its tendering strategy (what is bought, its estimated value and
term, the procedure and regime, the criteria and their weights, the timetable) and moves
along ``accord.rules.lifecycle.PROCUREMENT``. Bids, evaluators, their declared conflicts
and scores, the moderated scores and challenges hang from it. Totals and ranks are never
stored: ``selectors.evaluation`` computes them with ``accord.rules.procurement``.
"""

from collections.abc import Iterable
from typing import Any

import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accord.commissioning.models import Contract, Provider, Service
from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.money import MoneyField
from accord.core.scope import Scope
from accord.core.text import NAME, NOTE, REASON, SHORT, TITLE
from accord.decisions.models import Proposal
from accord.partnerships.models import PartnershipOwned
from accord.rules import lifecycle
from accord.rules import procurement as rules


class ProcurementState(models.TextChoices):
    """Where a procurement stands; the transitions are ``accord.rules.lifecycle.PROCUREMENT``."""

    PLANNING = lifecycle.PLANNING, "Being planned"
    OPEN = lifecycle.OPEN, "Open for bids"
    EVALUATING = lifecycle.EVALUATING, "Being evaluated"
    EVALUATED = lifecycle.EVALUATED, "Evaluated"
    AWARDED = lifecycle.AWARDED, "Awarded"
    STANDSTILL = lifecycle.STANDSTILL, "In standstill"
    CHALLENGED = lifecycle.CHALLENGED, "Challenged"
    SIGNED = lifecycle.SIGNED, "Contract signed"
    CANCELLED = lifecycle.PROCUREMENT_CANCELLED, "Cancelled"


class Regime(models.TextChoices):
    """The rules it runs under: ``accord.rules.procurement.REGIMES`` holds each one's
    standstill with its source (reference.md §7)."""

    PA2023 = rules.PA2023.code, rules.PA2023.name
    PCR2006_PART_B = rules.PCR2006_PART_B.code, rules.PCR2006_PART_B.name


class Procedure(models.TextChoices):
    """The procedure. Source: the Procurement Act 2023's competitive tendering procedures
    (open; competitive flexible, reference.md §7 "Free-form procedure" for light touch) and
    the 2006 Regulations' open and restricted procedures."""

    OPEN = "open", "Open procedure"
    RESTRICTED = "restricted", "Restricted procedure"
    COMPETITIVE_FLEXIBLE = "competitive_flexible", "Competitive flexible procedure"


class CriterionKind(models.TextChoices):
    QUALITY = rules.QUALITY, "Quality"
    PRICE = rules.PRICE, "Price"


class Procurement(PartnershipOwned, Illustrative, TimeStamped):
    """A procurement and its tendering strategy."""

    reference = models.CharField("Reference", max_length=SHORT)
    title = models.CharField("Title", max_length=TITLE)
    description = BoundedTextField("What is to be bought", max_length=NOTE, blank=True)
    services = models.ManyToManyField(Service, related_name="procurements", blank=True)
    estimated_value = MoneyField("Estimated value (pounds)", help_text="Over the whole term")
    term_months = models.PositiveSmallIntegerField(
        "Term (months)", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    procedure = models.CharField("Procedure", max_length=30, choices=Procedure.choices)
    regime = models.CharField("Regime", max_length=30, choices=Regime.choices)
    light_touch = models.BooleanField("A light-touch contract", default=False)
    # The timetable.
    notice_on = models.DateField(
        "Tender notice date", null=True, blank=True, validators=[validate_plausible_date]
    )
    deadline = models.DateTimeField("Deadline for bids", null=True, blank=True)
    award_by = models.DateField(
        "Award by", null=True, blank=True, validators=[validate_plausible_date]
    )
    contract_start = models.DateField(
        "Contract starts", null=True, blank=True, validators=[validate_plausible_date]
    )
    state = models.CharField(
        max_length=20, choices=ProcurementState.choices, default=ProcurementState.PLANNING
    )
    strategy_decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurements_planned",
        help_text="The board's carried decision approving the tendering strategy",
    )
    award_decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="procurements_awarded",
        help_text="The board's carried tender award",
    )
    awarded_bid = models.ForeignKey(
        "Bid", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    award_notice_on = models.DateField(
        "Award notice published", null=True, blank=True, validators=[validate_plausible_date]
    )
    # The standstill applied: its working days (None: none), its last day, and a
    # light-touch contract's choice to opt out, with its reason.
    standstill_days = models.PositiveSmallIntegerField(null=True, blank=True)
    standstill_last_day = models.DateField(null=True, blank=True)
    standstill_opt_out_reason = BoundedTextField(max_length=REASON, blank=True)
    signed_on = models.DateField(
        "Contract signed", null=True, blank=True, validators=[validate_plausible_date]
    )
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, null=True, blank=True, related_name="procurements"
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "reference"],
                name="procurement_reference_unique_in_partnership",
                violation_error_message="This partnership already has a procurement with that "
                "reference",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["planning", "cancelled"])
                | Q(strategy_decision__isnull=False),
                name="procurement_opens_with_its_strategy_decision",
                violation_error_message="A procurement opens only with the carried decision "
                "approving its tendering strategy",
            ),
            models.UniqueConstraint(
                fields=["partnership", "contract"],
                name="procurement_one_per_contract",
                violation_error_message="This contract is already another procurement's",
            ),
            models.CheckConstraint(
                condition=~Q(state="signed") | Q(contract__isnull=False),
                name="procurement_signed_with_its_contract",
                violation_error_message="A signed procurement names its contract",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def rules(self) -> rules.Regime:
        return rules.REGIMES[self.regime]

    def scope(self) -> Scope:
        """Its bids and moderated scores are open to the partnership's members once the
        contract is awarded (``procurement.view_evaluation``)."""
        return Scope(
            self.partnership_id, disclosed_to_members=self.state in lifecycle.AWARD_RECORDED
        )


# ---------------------------------------------------------------- OCDS releases
# Every published change of a procurement, as the Open Contracting release it was
# published as (accord/procurement/releases.py writes them; ocds.py builds them).

RELEASES_IMMUTABLE = (
    "RAISE EXCEPTION 'published OCDS releases are never changed: % refused on %', "
    "TG_OP, TG_TABLE_NAME;"
)


class ReleaseImmutable(Exception):
    """A published release cannot be changed or removed: a correction is a new release."""


class Release(PartnershipOwned):
    """One OCDS 1.1.5 release of a procurement, stored as the JSON published: never
    changed, never deleted (``save`` and ``delete`` refuse; on PostgreSQL a trigger
    refuses UPDATE and DELETE too). A correction is a new release."""

    procurement = models.ForeignKey(Procurement, on_delete=models.PROTECT, related_name="releases")
    ocid = models.CharField(max_length=100)
    release_id = models.CharField(max_length=100)
    date = models.DateTimeField()
    tag = models.JSONField(help_text="The release's tags (OCDS releaseTag codelist)")
    data = models.JSONField(help_text="The release as published")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ocid", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "ocid", "release_id"],
                name="release_id_unique_in_ocid",
                violation_error_message="This contracting process already has a release of that id",
            )
        ]
        triggers = [
            pgtrigger.Trigger(
                name="procurement_release_immutable",
                operation=pgtrigger.Update | pgtrigger.Delete,
                when=pgtrigger.Before,
                func=RELEASES_IMMUTABLE,
            )
        ]

    def __str__(self) -> str:
        return f"{self.ocid} {self.release_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise ReleaseImmutable(
                f"Release {self.release_id} is published and cannot be changed: publish a "
                "new release to correct it"
            )
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise ReleaseImmutable(
            f"Release {self.release_id} is published and cannot be removed: publish a new "
            "release to correct it"
        )


class Lot(PartnershipOwned, TimeStamped):
    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="lots")
    title = models.CharField("Title", max_length=TITLE)
    estimated_value = MoneyField("Estimated value (pounds)")

    class Meta:
        ordering = ["id"]


class Criterion(PartnershipOwned, TimeStamped):
    """An evaluation criterion: quality, scored on 0 to ``max_score``, or price, scored by
    the formula (lowest price over this price, times the weight).

    A quality criterion may have sub-criteria (``parent``): it is then a heading, whose
    weight its sub-criteria's weights add up to (checked before the tender is published),
    never scored itself: evaluators and moderation score the leaves (the sub-criteria and
    the quality criteria without any), and its points are the sum of its sub-criteria's.
    One level only; price has none (``services.criterion_add``)."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subcriteria",
        verbose_name="Sub-criterion of",
    )
    name = models.CharField("Criterion", max_length=NAME)
    kind = models.CharField(max_length=10, choices=CriterionKind.choices)
    weight = models.PositiveSmallIntegerField(
        "Weight", validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    max_score = models.PositiveSmallIntegerField(
        "Top of the scale", default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "procurement", "name"],
                name="criterion_name_unique_in_procurement",
                violation_error_message="The strategy already has a criterion of that name",
            ),
            models.CheckConstraint(
                condition=Q(kind="price") | Q(max_score__gte=1),
                name="criterion_quality_has_a_scale",
                violation_error_message="A quality criterion needs the top of its scale",
            ),
        ]

    def __str__(self) -> str:
        return self.name


def criteria_in_order(criteria: Iterable[Criterion]) -> list[Criterion]:
    """The criteria as a strategy lists them: each top-level criterion in the order added,
    its sub-criteria under it (a sub-criterion is always added after its heading)."""
    return sorted(criteria, key=lambda c: (c.parent_id or c.pk, c.pk))


def criteria_outline(criteria: Iterable[Criterion]) -> list[tuple[Criterion, list[Criterion]]]:
    """Each top-level criterion with its sub-criteria (none: an empty list), in order."""
    rows = criteria_in_order(criteria)
    return [(c, [s for s in rows if s.parent_id == c.pk]) for c in rows if c.parent_id is None]


class Bid(PartnershipOwned, Illustrative, TimeStamped):
    """A provider's bid. One received after the deadline is recorded as late and
    excluded, with the reason."""

    procurement = models.ForeignKey(Procurement, on_delete=models.CASCADE, related_name="bids")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="bids")
    received_at = models.DateTimeField("Received")
    price = MoneyField("Price (pounds)", help_text="Over the whole term")
    late = models.BooleanField(default=False)
    excluded_reason = BoundedTextField(max_length=REASON, blank=True)

    class Meta:
        ordering = ["received_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "procurement", "provider"],
                name="bid_once_per_provider",
                violation_error_message="This provider has already bid",
            ),
            models.CheckConstraint(
                condition=Q(late=False) | ~Q(excluded_reason=""),
                name="bid_late_is_excluded_with_reason",
                violation_error_message="A late bid is excluded, with the reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider} ({self.procurement.reference})"

    @property
    def excluded(self) -> bool:
        return bool(self.excluded_reason)


class Evaluator(PartnershipOwned, TimeStamped):
    """A member of the evaluation panel: scores each bid, independently."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="evaluators"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "procurement", "user"],
                name="evaluator_once_per_procurement",
                violation_error_message="This person is already on the panel",
            )
        ]


class Conflict(PartnershipOwned, TimeStamped):
    """An evaluator's declared conflict of interest in a bid: it bars them from it."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="conflicts")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="conflicts")
    interest = BoundedTextField("The interest", max_length=NOTE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "evaluator", "bid"],
                name="conflict_once_per_evaluator_and_bid",
                violation_error_message="This conflict is already declared",
            )
        ]


class Score(PartnershipOwned, TimeStamped):
    """One evaluator's score of one bid against one quality criterion."""

    evaluator = models.ForeignKey(Evaluator, on_delete=models.CASCADE, related_name="scores")
    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    score = models.PositiveSmallIntegerField("Score")
    comment = BoundedTextField("Why", max_length=NOTE, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "evaluator", "bid", "criterion"],
                name="score_once_per_evaluator_bid_criterion",
                violation_error_message="This evaluator has already scored this",
            )
        ]


class Moderation(PartnershipOwned, TimeStamped):
    """The agreed score of a bid against a quality criterion, with its rationale."""

    bid = models.ForeignKey(Bid, on_delete=models.CASCADE, related_name="moderations")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField("Agreed score")
    rationale = BoundedTextField("Rationale", max_length=NOTE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "bid", "criterion"],
                name="moderation_once_per_bid_criterion",
                violation_error_message="This score is already moderated",
            )
        ]


class Challenge(PartnershipOwned, TimeStamped):
    """A challenge to the award recorded during the standstill: while open, the contract
    cannot be signed."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="challenges"
    )
    bid = models.ForeignKey(Bid, on_delete=models.PROTECT, related_name="challenges")
    received_on = models.DateField("Received", validators=[validate_plausible_date])
    grounds = BoundedTextField("Grounds", max_length=NOTE)
    resolved_on = models.DateField(
        "Resolved", null=True, blank=True, validators=[validate_plausible_date]
    )
    resolution = BoundedTextField("How it was resolved", max_length=NOTE, blank=True)

    class Meta:
        ordering = ["received_on", "id"]


# The notices and assessment summaries (issue 16 item 7), in a module of their own.
from .notice_models import AssessmentSummary as AssessmentSummary  # noqa: E402
from .notice_models import Notice as Notice  # noqa: E402
from .notice_models import NoticeKind as NoticeKind  # noqa: E402
from .notice_models import RecordImmutable as RecordImmutable  # noqa: E402

# ---------------------------------------------------------------- clarification questions


class ClarificationChannel(models.TextChoices):
    """How the question came: asked in Accord by a provider's people (a page or the API),
    or received by e-mail and recorded by the programme team."""

    ACCORD = "accord", "Asked in Accord"
    EMAIL = "email", "Received by e-mail"


class Clarification(PartnershipOwned, TimeStamped):
    """A potential bidder's clarification question while the tender is open, and the
    programme team's answer. Answering publishes the question (in the words the team
    publishes it in, which name no one) and the answer to every bidder and the public;
    who asked (``provider``, ``asked_by``) is the programme team's only, never shown to
    a provider or the public (the Procurement Act 2023: clarifications go to all
    suppliers)."""

    procurement = models.ForeignKey(
        Procurement, on_delete=models.CASCADE, related_name="clarifications"
    )
    number = models.PositiveSmallIntegerField("Number", help_text="1, 2, 3... in its procurement")
    provider = models.ForeignKey(
        Provider,
        on_delete=models.PROTECT,
        related_name="clarifications",
        help_text="Who asked: the programme team's only",
    )
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Who typed it: the provider's person, or the officer who recorded it",
    )
    channel = models.CharField(max_length=10, choices=ClarificationChannel.choices)
    asked_at = models.DateTimeField("Asked")
    question = BoundedTextField("Question", max_length=NOTE)
    published_question = BoundedTextField(
        "Question as published",
        max_length=NOTE,
        blank=True,
        help_text="The question in the words published to every bidder: nothing in it "
        "names who asked",
    )
    answer = BoundedTextField("Answer", max_length=NOTE, blank=True)
    answered_at = models.DateTimeField("Answered and published", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["procurement", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "procurement", "number"],
                name="clarification_number_unique_in_procurement",
                violation_error_message="The procurement already has a question of that number",
            ),
            models.CheckConstraint(
                condition=(
                    Q(answered_at__isnull=True, answer="", published_question="")
                    | (Q(answered_at__isnull=False) & ~Q(answer="") & ~Q(published_question=""))
                ),
                name="clarification_answered_is_published_with_both",
                violation_error_message="An answered question is published with its answer",
            ),
        ]

    def __str__(self) -> str:
        return f"Q{self.number} ({self.procurement.reference})"

    @property
    def published(self) -> bool:
        return self.answered_at is not None
