"""The governance register."""

from django.conf import settings
from django.db import models

from accord.core.dates import validate_plausible_date
from accord.core.models import BoundedTextField, DateBounded, Illustrative, TimeStamped
from accord.core.money import MoneyField
from accord.core.scope import Scope
from accord.core.text import LONG_TEXT, NOTE
from accord.partnerships.models import PartnershipOwned


class PartnerKind(models.TextChoices):
    """Types of partner organisation. Source: the domain's governance model ("Partner")."""

    COUNTY_COUNCIL = "county_council", "County council"
    DISTRICT_COUNCIL = "district_council", "District, borough or city council"
    HEALTH = "health", "Health"
    PROBATION = "probation", "Probation"
    OTHER = "other", "Other"


class Partner(PartnershipOwned, TimeStamped, Illustrative):
    """An organisation that signed the partnership agreement; on the deciding body it
    holds one vote (seed 000, para 11: "all eight commissioning partners")."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=PartnerKind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="partner_name_unique_in_partnership",
                violation_error_message="This partnership already has a partner of that name",
            )
        ]

    def __str__(self) -> str:
        return self.name


class BodyKind(models.TextChoices):
    """Kinds of body. Source: the domain's governance model ("Body"), seeds 000 and 004."""

    DECIDING_BOARD = "deciding_board", "Deciding board (commissioning body, partnership board)"
    OFFICERS_GROUP = "officers_group", "Officers' group (core strategy group)"
    SERVICE_USER_GROUP = "service_user_group", "Service user group"
    ESCALATION_BODY = "escalation_body", "Escalation body (chief executives)"
    CABINET = "cabinet", "Cabinet"
    FULL_COUNCIL = "full_council", "Full council"
    SCRUTINY = "scrutiny", "Scrutiny committee"
    ALMO_BOARD = "almo_board", "ALMO board"
    OTHER = "other", "Other"


class Body(PartnershipOwned, TimeStamped):
    """A board, group or committee of the partnership (or one it reports to)."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    purpose = BoundedTextField(max_length=NOTE, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="body_name_unique_in_partnership",
                violation_error_message="This partnership already has a body of that name",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def scope(self) -> Scope:
        return Scope(self.partnership_id, body_id=self.pk)


class Person(PartnershipOwned, TimeStamped, Illustrative):
    """Someone who sits on a body. The register uses role titles where names are not
    public ("Lead Member, Cherwell District Council"). ``user`` links their sign-in."""

    name = models.CharField(max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    # Published attendance names a service user representative only with their consent
    # (issue 14); members are published by role and organisation whatever this says.
    agreed_to_be_named = models.BooleanField(
        default=False,
        help_text="Agreed to be named in published records (attendance in approved minutes)",
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "name"],
                name="person_name_unique_in_partnership",
                violation_error_message="This partnership already has a person of that name",
            )
        ]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    """Roles on a body. Source: the domain's governance model ("Membership"); seed 004
    (two representatives per partner, two co-opted non-voting members)."""

    VOTING_REPRESENTATIVE = "voting_representative", "Voting representative"
    SUBSTITUTE = "substitute", "Substitute"
    ADVISER = "adviser", "Co-opted non-voting adviser"
    SERVICE_USER_REPRESENTATIVE = "service_user_representative", "Service user representative"
    PROVIDER_REPRESENTATIVE = "provider_representative", "Provider representative"
    OFFICER = "officer", "Officer"
    OBSERVER = "observer", "Observer"


# Roles that need a partner to act for.
ROLES_FOR_A_PARTNER = {MembershipRole.VOTING_REPRESENTATIVE, MembershipRole.SUBSTITUTE}


class Membership(PartnershipOwned, DateBounded, TimeStamped, Illustrative):
    """A person's seat on a body for a term, usually on behalf of a partner."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text="The partner they sit for; leave empty for co-opted members and others",
    )
    role = models.CharField(max_length=40, choices=MembershipRole.choices)
    seat = models.CharField(
        max_length=200,
        blank=True,
        help_text="The seat, where a partner has more than one, e.g. Lead Member",
    )
    # Issue 17 item 6: the sum this person may commit for the partner, set by the
    # partner's own organisation; a decision committing more counts their vote for only
    # subject to ratification by the partner's own body. Empty: none recorded.
    delegated_limit = MoneyField(
        "Delegated financial limit (pounds)",
        null=True,
        blank=True,
        help_text="Set by the partner's own organisation; a decision committing more needs "
        "its ratification",
    )

    class Meta(DateBounded.Meta):
        ordering = ["body", "partner__name", "role", "start_date"]
        indexes = [models.Index(fields=["body", "start_date"], name="membership_body_start")]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.body})"


class ConstitutionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"


class ConstitutionVersion(PartnershipOwned, TimeStamped, Illustrative):
    """A version of the partnership agreement (memorandum of understanding and terms of
    reference). Adopted versions are in force from ``start_date`` until the next adopted
    version starts; drafts are candidates (seed 000: the two rules of December 2009)."""

    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=ConstitutionStatus.choices, default=ConstitutionStatus.DRAFT
    )
    start_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_plausible_date],
        help_text="When it came into force; empty while a draft",
    )
    summary = BoundedTextField(max_length=LONG_TEXT, blank=True)

    class Meta:
        ordering = ["partnership", "start_date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "title"],
                name="constitution_title_unique_in_partnership",
                violation_error_message="This partnership already has a version of that title",
            ),
            models.UniqueConstraint(
                fields=["partnership", "start_date"],
                condition=models.Q(status="adopted"),
                name="one_adopted_constitution_per_start_date",
                violation_error_message="Another adopted version starts on that date",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(start_date__isnull=False),
                name="adopted_constitution_has_a_start_date",
                violation_error_message="An adopted version needs the date it came into force",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ConflictStep(models.TextChoices):
    """The conflict-resolution route. Source: the domain's "Conflict resolution" (seed 000)."""

    COMPROMISE = "compromise", "Seek a compromise; the amended proposal returns"
    ESCALATE = "escalate", "Escalate to the escalation body"
    SECOND_MEETING = "second_meeting", "Vote again at a second meeting"
    CALL_IN = "call_in", "Call-in period before the decision takes effect"


class BodyRule(PartnershipOwned, TimeStamped):
    """How one body decides under one version of the constitution."""

    version = models.ForeignKey(
        ConstitutionVersion, on_delete=models.CASCADE, related_name="body_rules"
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="rules")
    decision_rule = models.JSONField(help_text='The rule language, e.g. {"kind": "unanimity"}')
    fallback_rule = models.JSONField(
        null=True, blank=True, help_text="The rule at a second meeting, if different"
    )
    conflict_route = models.JSONField(default=list, blank=True)
    escalation_body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    call_in_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Working days before a decision takes effect"
    )
    service_user_representatives_vote = models.BooleanField(default=False)

    class Meta:
        ordering = ["version", "body__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "body"],
                name="one_rule_per_body_per_version",
                violation_error_message="This version already has a rule for that body",
            )
        ]

    def __str__(self) -> str:
        return f"{self.body} under {self.version}"


class Amendment(PartnershipOwned, TimeStamped):
    """A proposed change of the constitution: takes effect only when every partner has
    signed (seed 000, para 7: "would then require the signature of all eight")."""

    version = models.OneToOneField(
        ConstitutionVersion, on_delete=models.PROTECT, related_name="amendment"
    )
    proposed_on = models.DateField(validators=[validate_plausible_date])

    class Meta:
        ordering = ["-proposed_on"]

    def __str__(self) -> str:
        return f"Amendment: {self.version}"


class Signature(PartnershipOwned, TimeStamped):
    """A partner's signature of an amendment, by a person entitled to sign for it."""

    amendment = models.ForeignKey(Amendment, on_delete=models.PROTECT, related_name="signatures")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="signatures")
    signed_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="signatures")
    signed_on = models.DateField(validators=[validate_plausible_date])

    class Meta:
        ordering = ["signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["amendment", "partner"],
                name="one_signature_per_partner",
                violation_error_message="This partner has already signed the amendment",
            )
        ]


class Question(PartnershipOwned, TimeStamped, Illustrative):
    """An open question on which partners state positions before a decision."""

    title = models.CharField(max_length=300)
    asked_on = models.DateField(validators=[validate_plausible_date])

    class Meta:
        ordering = ["-asked_on", "title"]

    def __str__(self) -> str:
        return self.title


class Stance(models.TextChoices):
    """A partner's stated position. Source: the domain's governance model ("Positions")."""

    SUPPORT = "support", "Support"
    OPPOSE = "oppose", "Oppose"
    CONDITIONAL = "conditional", "Conditional"
    UNDECIDED = "undecided", "Undecided"


class Position(PartnershipOwned, TimeStamped, Illustrative):
    """A partner's stated position on a question, with its reasons. A partner with no
    row has "none recorded"."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="positions")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="positions")
    stance = models.CharField(max_length=20, choices=Stance.choices)
    reasons = BoundedTextField(max_length=NOTE, blank=True)
    recorded_on = models.DateField(validators=[validate_plausible_date])

    class Meta:
        ordering = ["partner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "partner"],
                name="one_position_per_partner_per_question",
                violation_error_message="This partner already has a position on the question",
            )
        ]
