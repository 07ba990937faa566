"""The pooled budget (issue 17): per financial year, the pool's sources and the agreement's
terms for sharing an overspend or underspend.

Source: seed 004 (the board "approves the annual financial plan and manages the budget")
and the domain's "Pooled budget" (section 75 pooled budgets, reference §6): one partner,
the administering authority, holds the pool; the grant comes to it and each partner
contributes; the agreement says what share of an overspend each partner bears, or of an
underspend it receives, which may differ from its share of the contributions. A total is
never typed: the pool's total is its grant plus its contributions, computed.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from accord.commissioning.models import ClientGroup, Contract, ServiceType
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.money import (
    FIRST_FINANCIAL_YEAR,
    LAST_FINANCIAL_YEAR,
    ZERO,
    MoneyField,
    financial_year_label,
)
from accord.core.text import NAME, NOTE, REASON
from accord.decisions.models import Proposal
from accord.governance.models import Partner
from accord.partnerships.models import PartnershipOwned

# A partner's share of a variance, in per cent with up to four decimals (12.5, 33.3333).
RISK_SHARE_DIGITS = 7
RISK_SHARE_PLACES = 4
HUNDRED = Decimal("100")


class Pool(PartnershipOwned, Illustrative, TimeStamped):
    """The pooled budget of one financial year (April to March, named by its first year)."""

    financial_year = models.PositiveSmallIntegerField(
        "Financial year",
        validators=[
            MinValueValidator(FIRST_FINANCIAL_YEAR),
            MaxValueValidator(LAST_FINANCIAL_YEAR),
        ],
        help_text="The year it starts in: 2004 for 2004/05",
    )
    administering_authority = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Administering authority",
        help_text="The partner that holds the pool and receives the grant",
    )
    grant = MoneyField("Grant received by the administering authority (pounds)", default=ZERO)
    outturn = MoneyField(
        "Outturn: the year's actual spend (pounds)",
        null=True,
        blank=True,
        help_text="Known at year end; the variance is the pool less the outturn",
    )
    note = BoundedTextField("Note", max_length=NOTE, blank=True)
    # The annual financial plan's approval: the board's carried proposal of that kind.
    # Once set, the plan is locked and a change is a recorded virement.
    plan_decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Decision approving the annual financial plan",
    )

    class Meta:
        ordering = ["-financial_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "financial_year"],
                name="pool_once_a_year",
                violation_error_message="The partnership already has a pool for that year",
            ),
            models.CheckConstraint(
                condition=Q(grant__gte=0) & (Q(outturn__isnull=True) | Q(outturn__gte=0)),
                name="pool_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Pooled budget {financial_year_label(self.financial_year)}"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)


class Contribution(PartnershipOwned, Illustrative, TimeStamped):
    """One partner's contribution to a year's pool, and its share of a variance under the
    agreement (an overspend it bears, an underspend it receives)."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="contributions")
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="+", verbose_name="Partner"
    )
    amount = MoneyField("Contribution (pounds)")
    risk_share = models.DecimalField(
        "Share of an overspend or underspend (per cent)",
        max_digits=RISK_SHARE_DIGITS,
        decimal_places=RISK_SHARE_PLACES,
        validators=[
            MinValueValidator(ZERO, "Must be 0 or more"),
            MaxValueValidator(HUNDRED, "Must be 100 or less"),
        ],
        help_text="The agreement's term; it may differ from the share of contributions",
    )

    class Meta:
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "pool", "partner"],
                name="contribution_once_a_partner",
                violation_error_message="The partner already contributes to this year's pool",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(risk_share__gte=0) & Q(risk_share__lte=100),
                name="contribution_within_bounds",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} to {self.pool}"


class PlanLineKind(models.TextChoices):
    """A line of the annual financial plan. Source: issue 17 item 2 and reference §10 (real
    plans did not spend the whole pool: a reserve or a planned surplus holds the rest)."""

    SERVICES = "services", "Services"
    RESERVE = "reserve", "Reserve"
    SURPLUS = "surplus", "Planned surplus"


class PlanLine(PartnershipOwned, Illustrative, TimeStamped):
    """A budget line of a year's annual financial plan: services by client group, service
    type and contract, or a reserve or planned surplus. The lines add up to the pool."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="plan_lines")
    kind = models.CharField("Kind of line", max_length=20, choices=PlanLineKind.choices)
    description = models.CharField("Description", max_length=NAME)
    client_group = models.PositiveSmallIntegerField(
        "Client group", choices=ClientGroup.choices, null=True, blank=True
    )
    service_type = models.CharField(
        "Service type", max_length=30, choices=ServiceType.choices, blank=True
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Contract",
    )
    amount = MoneyField("Amount (pounds)")

    class Meta:
        ordering = ["kind", "description", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="plan_line_not_negative"),
        ]

    def __str__(self) -> str:
        return self.description


class Virement(PartnershipOwned, TimeStamped):
    """A recorded move of money between two lines of an approved plan, with the decision
    approving it: the plan's total, and so its match with the pool, is unchanged."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="virements")
    from_line = models.ForeignKey(
        PlanLine, on_delete=models.PROTECT, related_name="+", verbose_name="From line"
    )
    to_line = models.ForeignKey(
        PlanLine, on_delete=models.PROTECT, related_name="+", verbose_name="To line"
    )
    amount = MoneyField("Amount (pounds)")
    decision = models.ForeignKey(
        Proposal, on_delete=models.PROTECT, related_name="+", verbose_name="Decision"
    )
    reason = BoundedTextField("Reason", max_length=REASON)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="virement_positive"),
            models.CheckConstraint(
                condition=~Q(from_line=models.F("to_line")), name="virement_between_two_lines"
            ),
        ]


# ---------------------------------------------------------------------------------------
# Savings scenarios (issue 17 item 5): "what if the pool falls by N% next year". Seed 004:
# Gloucestershire's programme fell "in a continually reducing budget context" while the
# partners "managed the pooled budget to increase efficiency and performance".

PERCENT_DIGITS = 5
PERCENT_PLACES = 2


class ScenarioStatus(models.TextChoices):
    """Where a savings scenario stands (issue 17 item 5: taken to the board as a proposal;
    approved by its carried decision)."""

    DRAFT = "draft", "Draft"
    WITH_THE_BOARD = "with_the_board", "With the board"
    APPROVED = "approved", "Approved"


class Scenario(PartnershipOwned, Illustrative, TimeStamped):
    """A savings scenario for a year's pool and plan: the pool falling by a percentage, the
    reductions proposed to meet it, and (once the board carries it) its approval. What it
    saves, what is left to find and what it costs in capacity are computed, never typed."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="scenarios")
    title = models.CharField("Title", max_length=NAME)
    fall_percent = models.DecimalField(
        "The pool falls by (per cent)",
        max_digits=PERCENT_DIGITS,
        decimal_places=PERCENT_PLACES,
        validators=[
            MinValueValidator(ZERO, "Must be 0 or more"),
            MaxValueValidator(HUNDRED, "Must be 100 or less"),
        ],
        help_text="What if next year's pool is this much smaller than this year's",
    )
    note = BoundedTextField("Note", max_length=NOTE, blank=True)
    # Taken to the board: a proposal of the kind savings scenario.
    proposal = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Proposal to the board",
    )
    # The board's carried decision approving it: at most one scenario a pool.
    decision = models.ForeignKey(
        Proposal,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Decision approving the scenario",
    )

    class Meta:
        ordering = ["pool", "title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "pool", "title"],
                name="scenario_title_once_a_pool",
                violation_error_message="This year's pool already has a scenario of that title",
            ),
            models.UniqueConstraint(
                fields=["partnership", "pool"],
                condition=Q(decision__isnull=False),
                name="scenario_approved_once_a_pool",
                violation_error_message="Another scenario for this year's pool is approved",
            ),
            models.CheckConstraint(
                condition=Q(fall_percent__gte=0) & Q(fall_percent__lte=100),
                name="scenario_fall_within_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> "ScenarioStatus":
        """Computed from the row: approved once a decision is recorded, with the board once
        taken there, a draft until then."""
        if self.decision_id is not None:
            return ScenarioStatus.APPROVED
        if self.proposal_id is not None:
            return ScenarioStatus.WITH_THE_BOARD
        return ScenarioStatus.DRAFT

    @property
    def status_label(self) -> str:
        return str(self.status.label)


class ScenarioReduction(PartnershipOwned, Illustrative, TimeStamped):
    """One reduction of a scenario: an amount off a plan line or a contract, or a contract
    decommissioned (its whole value for the year, computed from the contract's value)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="reductions")
    plan_line = models.ForeignKey(
        PlanLine,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Plan line",
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name="Contract",
    )
    decommission = models.BooleanField(
        "Decommission the contract",
        default=False,
        help_text="The whole contract stops: its value for the year is saved",
    )
    amount = MoneyField("Reduction (pounds)")
    reason = BoundedTextField("Reason", max_length=REASON, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(plan_line__isnull=False) & Q(contract__isnull=True))
                | (Q(plan_line__isnull=True) & Q(contract__isnull=False)),
                name="reduction_of_a_line_or_a_contract",
                violation_error_message="Choose a plan line or a contract, not both",
            ),
            models.CheckConstraint(
                condition=Q(decommission=False) | Q(contract__isnull=False),
                name="reduction_decommissions_a_contract",
                violation_error_message="Only a contract is decommissioned",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="reduction_positive"),
            models.UniqueConstraint(
                fields=["partnership", "scenario", "plan_line"],
                condition=Q(plan_line__isnull=False),
                name="reduction_once_a_line",
                violation_error_message="The scenario already reduces this line",
            ),
            models.UniqueConstraint(
                fields=["partnership", "scenario", "contract"],
                condition=Q(contract__isnull=False),
                name="reduction_once_a_contract",
                violation_error_message="The scenario already reduces this contract",
            ),
        ]

    def __str__(self) -> str:
        return f"Reduction of {self.plan_line or self.contract}"


# ---------------------------------------------------------------------------------------
# Spend (issue 17 item 3): actual spend per contract per month or quarter, imported from
# the administering authority's ledger (accord.budget.ledger). The commitments are not
# stored here: they are the contracts' values for the year (ContractValue), read.

MONTHS_IN_A_QUARTER = 3


class Spend(PartnershipOwned, Illustrative, TimeStamped):
    """A contract's actual spend in one month or one quarter of a pool's financial year.

    ``first_month`` counts the financial year's months from April (1) to March (12);
    ``months`` is 1 (a month) or 3 (a quarter starting in April, July, October or January).
    """

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="spend")
    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="+", verbose_name="Contract"
    )
    first_month = models.PositiveSmallIntegerField(
        "First month of the period (1 is April)",
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    months = models.PositiveSmallIntegerField(
        "Months in the period", choices=[(1, "A month"), (MONTHS_IN_A_QUARTER, "A quarter")]
    )
    amount = MoneyField("Actual spend (pounds)")

    class Meta:
        ordering = ["contract__reference", "first_month", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "pool", "contract", "first_month", "months"],
                name="spend_once_a_period",
                violation_error_message="The contract already has spend for that period",
            ),
            # No IN (...) here: Django's SQLite introspection splits a table's SQL on commas.
            models.CheckConstraint(
                condition=Q(amount__gte=0)
                & Q(first_month__gte=1)
                & (
                    (Q(months=1) & Q(first_month__lte=12))
                    | (
                        Q(months=3)
                        & (
                            Q(first_month=1)
                            | Q(first_month=4)
                            | Q(first_month=7)
                            | Q(first_month=10)
                        )
                    )
                ),
                name="spend_within_the_year",
            ),
        ]

    def __str__(self) -> str:
        return f"Spend on {self.contract_id} from month {self.first_month}"

    @property
    def last_month(self) -> int:
        return self.first_month + self.months - 1
