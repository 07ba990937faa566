"""Proposals, their pathways, ballots and votes, and the steps taken to resolve disputes.

A proposal is decided by a ballot at a meeting of the deciding body, under the rule of the
constitution version in force on the meeting date (``accord.rules`` evaluates it). When it
is not carried, the constitution's conflict route applies (``DisputeStep``).
"""

from django.db import models
from django.db.models import Q

from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, Illustrative, TimeStamped
from accord.core.money import MoneyField
from accord.core.text import LONG_TEXT, NOTE, SHORT
from accord.governance.models import Body, ConstitutionVersion, Partner, Person
from accord.meetings.models import AgendaItem, Meeting
from accord.partnerships.models import PartnershipOwned


class ProposalKind(models.TextChoices):
    """What a proposal is. Source: the domain's "Decisions" (seed 000 and 004)."""

    STRATEGY = "strategy", "Strategy"
    ANNUAL_PLAN = "annual_plan", "Annual plan"
    ANNUAL_FINANCIAL_PLAN = "annual_financial_plan", "Annual financial plan"
    COMMISSIONING_DECISION = "commissioning_decision", "Commissioning decision"
    TENDERING_STRATEGY = "tendering_strategy", "Tendering strategy"
    TENDER_AWARD = "tender_award", "Tender award"
    INSTRUCTION_TO_CONTRACT = "instruction_to_contract", "Instruction to contract"
    CONSTITUTIONAL_AMENDMENT = "constitutional_amendment", "Constitutional amendment"
    POLICY = "policy", "Policy"
    # Issue 17 item 5: the savings scenario an officer takes to the board; when carried
    # the scenario is approved.
    SAVINGS_SCENARIO = "savings_scenario", "Savings scenario"
    # Issue 16 items 6 and 7: a variation of a let contract (its value, term, scope or
    # capacity; an extension is a variation of its term) or its early termination, which
    # the board approves (seed 004: it "instructs Administering Authority to contract").
    CONTRACT_VARIATION = "contract_variation", "Contract variation"


class ProposalState(models.TextChoices):
    """Where a proposal stands. The transitions are a table in ``accord.rules.lifecycle``."""

    DRAFT = "draft", "Draft"
    TABLED = "tabled", "Tabled for a meeting"
    VOTING = "voting", "Being voted on"
    AWAITING_RATIFICATION = "awaiting_ratification", "Carried subject to ratification"
    DISPUTED = "disputed", "Not carried: dispute"
    ESCALATED = "escalated", "Escalated"
    CARRIED = "carried", "Carried"
    CALLED_IN = "called_in", "Called in"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Proposal(PartnershipOwned, TimeStamped, Illustrative):
    """Something a body is asked to decide, with its papers, owner and pathway."""

    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=40, choices=ProposalKind.choices)
    summary = BoundedTextField(
        max_length=LONG_TEXT, blank=True, help_text="What is proposed, as it stands now"
    )
    owner = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals_owned",
        help_text="The officer responsible for the proposal",
    )
    deciding_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="proposals")
    state = models.CharField(
        max_length=30, choices=ProposalState.choices, default=ProposalState.DRAFT
    )
    decided_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    takes_effect_on = models.DateField(
        null=True, blank=True, help_text="After the call-in period, where there is one"
    )
    outside_constitution = models.BooleanField(default=False)
    outside_constitution_note = BoundedTextField(max_length=NOTE, blank=True)
    # Issue 17 item 6: the sum the decision commits, where it commits one; a vote for it by
    # a representative whose delegated limit is lower counts only subject to ratification.
    commits = MoneyField(
        "Sum it commits (pounds)",
        null=True,
        blank=True,
        help_text="Where the decision commits money: above a representative's delegated "
        "limit, the partner's vote for counts only subject to ratification",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["partnership", "state"], name="proposal_partnership_state")]

    def __str__(self) -> str:
        return self.title


class Tabling(PartnershipOwned, TimeStamped):
    """A proposal on a meeting's agenda: the agenda item that concerns it. A proposal not
    carried returns to a later meeting, so it may be tabled more than once; an item concerns
    one proposal at most. Meetings knows nothing of this link (``accord.meetings.hooks``)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="tablings")
    item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="tabling")

    class Meta:
        ordering = ["proposal", "item"]

    def __str__(self) -> str:
        return f"{self.proposal} at {self.item.meeting}"


class StageKind(models.TextChoices):
    """Stages of a pathway. Source: the domain's "Decisions" (the Cheltenham ALMO's path)."""

    RECOMMEND = "recommend", "Recommend"
    DECIDE = "decide", "Decide"
    RATIFY = "ratify", "Ratify"
    SCRUTINISE = "scrutinise", "Scrutinise (call-in)"
    EXTERNAL_APPROVAL = "external_approval", "External approval"


class StageStatus(models.TextChoices):
    PENDING = "pending", "To do"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "Not needed"


class Stage(PartnershipOwned, TimeStamped):
    """One stage of a proposal's pathway, at a body (or an outside authority, named)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=30, choices=StageKind.choices)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    authority = models.CharField(
        max_length=200, blank=True, help_text="Who, where it is not one of our bodies"
    )
    status = models.CharField(
        max_length=20, choices=StageStatus.choices, default=StageStatus.PENDING
    )
    completed_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    note = BoundedTextField(max_length=NOTE, blank=True)

    class Meta:
        ordering = ["proposal", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "order"],
                name="stage_order_unique_in_proposal",
                violation_error_message="The pathway already has a stage in that place",
            ),
            models.CheckConstraint(
                condition=Q(body__isnull=False) | ~Q(authority=""),
                name="stage_names_where_it_happens",
                violation_error_message="Name the body or authority of the stage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body or self.authority}"


class BallotOutcome(models.TextChoices):
    """Outcomes of a vote. Source: the domain's "A decision rule"; issue 5 (ratification)."""

    CARRIED = "carried", "Carried"
    CARRIED_SUBJECT_TO_RATIFICATION = (
        "carried_subject_to_ratification",
        "Carried subject to ratification",
    )
    NOT_CARRIED = "not_carried", "Not carried"
    INQUORATE = "inquorate", "Inquorate"


class RuleSource(models.TextChoices):
    DECISION_RULE = "decision_rule", "the decision rule"
    FALLBACK_RULE = "fallback_rule", "the fallback rule at a second meeting"


class Ballot(PartnershipOwned, TimeStamped, Illustrative):
    """One vote on a proposal at a meeting of the deciding body. Opening it fixes the rule
    (from the constitution in force on the meeting date); closing it stores the outcome."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="ballots")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="ballots")
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.PROTECT, null=True, blank=True, related_name="ballots"
    )
    round = models.PositiveSmallIntegerField(help_text="1 for the first vote, 2 at a second…")
    constitution_version = models.ForeignKey(
        ConstitutionVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rule = models.JSONField(help_text="The rule applied, as the constitution stated it")
    rule_source = models.CharField(max_length=20, choices=RuleSource.choices)
    units = models.JSONField(
        default=list, help_text="The voting units on the meeting date: [{id, label}]"
    )
    is_open = models.BooleanField(default=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=40, choices=BallotOutcome.choices, blank=True)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    absent = models.PositiveSmallIntegerField(default=0)
    base = models.PositiveSmallIntegerField(default=0)
    required = models.CharField(max_length=200, blank=True)
    reason = BoundedTextField(max_length=LONG_TEXT, blank=True)
    # The audit event that recorded the outcome: anyone can check the published record
    # with `accord audit verify --published SEQUENCE:HASH`.
    audit_sequence = models.PositiveBigIntegerField(null=True, blank=True)
    audit_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["proposal", "round"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "round"],
                name="one_ballot_per_round",
                violation_error_message="The proposal already has a vote of that round",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=Q(is_open=True),
                name="one_open_ballot_per_proposal",
                violation_error_message="The proposal is already being voted on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal}, vote {self.round}"


class VoteValue(models.TextChoices):
    """Source: the domain's "A decision rule" (absent is the absence of a vote)."""

    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstain"


class Ratification(models.TextChoices):
    PENDING = "pending", "Awaiting ratification"
    RATIFIED = "ratified", "Ratified"
    REFUSED = "refused", "Refused"


class Vote(PartnershipOwned, TimeStamped, Illustrative):
    """A voting unit's vote (a partner's, or a voting service user representative's), cast
    by a person entitled to on the meeting date. A later vote for the same unit replaces it
    while the ballot is open; both rows are kept, only one is current."""

    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="votes")
    unit = models.CharField(max_length=SHORT, help_text="partner-<id> or member-<person id>")
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, null=True, blank=True, related_name="votes"
    )
    cast_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="votes_cast")
    value = models.CharField(max_length=10, choices=VoteValue.choices)
    subject_to_ratification = models.BooleanField(
        default=False, help_text="For, subject to ratification by the partner's own cabinet"
    )
    ratification = models.CharField(max_length=10, choices=Ratification.choices, blank=True)
    ratified_on = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    current = models.BooleanField(default=True)

    class Meta:
        ordering = ["ballot", "unit", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "unit"],
                condition=Q(current=True),
                name="one_current_vote_per_unit",
                violation_error_message="This partner's vote is already recorded",
            ),
            models.CheckConstraint(
                condition=Q(subject_to_ratification=False) | Q(value="for"),
                name="only_a_vote_for_awaits_ratification",
                violation_error_message="Only a vote for can be subject to ratification",
            ),
        ]


class DisputeStepKind(models.TextChoices):
    """Steps to resolve a proposal that was not carried. Source: the domain's "Conflict
    resolution" (seed 000, paras 13-17)."""

    COMPROMISE = "compromise", "Compromise sought"
    ESCALATE = "escalate", "Escalated to the escalation body"
    ESCALATION_RESULT = "escalation_result", "Escalation body's result"
    SECOND_MEETING = "second_meeting", "Returned to a second meeting"
    CALL_IN = "call_in", "Called in"
    OUTSIDE_CONSTITUTION = "outside_constitution", "Decided outside the constitution"
    WITHDRAW = "withdraw", "Withdrawn"


class EscalationResult(models.TextChoices):
    """Source: the domain's "Conflict resolution", step 2."""

    COMPROMISE_FOUND = "compromise_found", "Compromise found: the amended proposal returns"
    NO_CHANGE = "no_change", "No change: the proposal returns as it was"
    DETERMINATION = "determination", "Determination"


class DisputeStep(PartnershipOwned, TimeStamped, Illustrative):
    """A step taken on a proposal after a vote that did not carry, as it happened."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(max_length=30, choices=DisputeStepKind.choices)
    taken_on = models.DateField(validators=[validate_plausible_date])
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    result = models.CharField(max_length=30, choices=EscalationResult.choices, blank=True)
    note = BoundedTextField(max_length=NOTE, blank=True)
    within_constitution = models.BooleanField(default=True)

    class Meta:
        ordering = ["proposal", "taken_on", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.taken_on})"
