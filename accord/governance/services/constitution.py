"""The constitution as versioned data: versions, each body's rule, amendments, signatures."""

import datetime
from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited, save_audited
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import same_partnership
from accord.rules import RuleError, parse_rule

from ..models import (
    Amendment,
    Body,
    BodyRule,
    ConflictStep,
    ConstitutionStatus,
    ConstitutionVersion,
    Membership,
    MembershipRole,
    Partner,
    Person,
    Signature,
)


@transaction.atomic
def constitution_version_create(
    *,
    actor: Actor,
    partnership: Partnership,
    title: str,
    summary: str = "",
    status: str = ConstitutionStatus.DRAFT,
    start_date: datetime.date | None = None,
) -> ConstitutionVersion:
    """Record a version. Adopted versions (those in force before Accord kept the register)
    need their start date; new versions come into force through ``signature_record``."""
    version = ConstitutionVersion(
        partnership=partnership, title=title, summary=summary, status=status, start_date=start_date
    )
    return save_audited(version, actor=actor, action="constitution.create")


@transaction.atomic
def constitution_record_founding(
    *, actor: Actor, version: ConstitutionVersion, start_date: datetime.date
) -> ConstitutionVersion:
    """Record the founding agreement, signed before Accord kept the register, as in force
    from a date. Only the first version may come in this way: every later one comes into
    force through an amendment signed by every partner (``signature_record``)."""
    if ConstitutionVersion.objects.filter(
        partnership=version.partnership, status=ConstitutionStatus.ADOPTED
    ).exists():
        raise ValidationError(
            {"version": "The partnership already has a constitution; propose an amendment"}
        )
    with audited(version, actor=actor, action="constitution.record_founding"):
        version.status = ConstitutionStatus.ADOPTED
        version.start_date = start_date
    return version


def rule_json(field: str, data: Any) -> dict[str, Any]:
    try:
        return parse_rule(data).to_json()
    except RuleError as error:
        raise ValidationError({field: f"{error.field}: {error.problem}"}) from None


@transaction.atomic
def body_rule_set(
    *,
    actor: Actor,
    version: ConstitutionVersion,
    body: Body,
    decision_rule: Any,
    fallback_rule: Any = None,
    conflict_route: list[str] | None = None,
    escalation_body: Body | None = None,
    call_in_days: int | None = None,
    service_user_representatives_vote: bool = False,
) -> BodyRule:
    """Set how a body decides under a draft version. Adopted versions cannot change:
    a decision is judged later by the version in force on its date."""
    if version.status != ConstitutionStatus.DRAFT:
        raise ValidationError(
            {"version": "An adopted version cannot change; propose an amendment instead"}
        )
    same_partnership(version.partnership, body=body, escalation_body=escalation_body)
    route = list(conflict_route or [])
    unknown = [step for step in route if step not in ConflictStep.values]
    if unknown:
        raise ValidationError({"conflict_route": f"{unknown[0]!r} is not a step of the route"})
    if ConflictStep.ESCALATE in route and escalation_body is None:
        raise ValidationError({"escalation_body": "Choose the body disputes are escalated to"})
    rule = BodyRule.objects.filter(version=version, body=body).first() or BodyRule(
        partnership=version.partnership, version=version, body=body
    )
    with audited(rule, actor=actor, action="body_rule.set"):
        rule.decision_rule = rule_json("decision_rule", decision_rule)
        rule.fallback_rule = (
            None if fallback_rule is None else rule_json("fallback_rule", fallback_rule)
        )
        rule.conflict_route = route
        rule.escalation_body = escalation_body
        rule.call_in_days = call_in_days
        rule.service_user_representatives_vote = service_user_representatives_vote
    return rule


@transaction.atomic
def amendment_propose(
    *, actor: Actor, version: ConstitutionVersion, proposed_on: datetime.date
) -> Amendment:
    """Put a draft version to the partners for signature."""
    if version.status != ConstitutionStatus.DRAFT:
        raise ValidationError({"version": "Only a draft version can be proposed"})
    amendment = Amendment(partnership=version.partnership, version=version, proposed_on=proposed_on)
    return save_audited(amendment, actor=actor, action="amendment.propose")


def entitled_to_sign(person: Person, partner: Partner, on: datetime.date) -> bool:
    """A partner signs through one of its voting representatives in office on the day."""
    return (
        Membership.objects.current(on=on)
        .filter(person=person, partner=partner, role=MembershipRole.VOTING_REPRESENTATIVE)
        .exists()
    )


def acts_as(actor: Actor, person: Person) -> bool:
    """Whether the signed-in actor is this person of the register."""
    return actor is not None and person.user_id is not None and person.user_id == actor.pk


def partners_spoken_for(people: Collection[int], on: datetime.date) -> dict[int, int]:
    """The partners these people may sign and speak for on the date (as voting
    representatives in office: ``entitled_to_sign``), each with the person who may: what the
    pages offer a representative, in one query."""
    seats = (
        Membership.objects.current(on=on)
        .filter(person_id__in=list(people), partner__isnull=False)
        .filter(role=MembershipRole.VOTING_REPRESENTATIVE)
        .order_by("partner_id", "person_id")
        .values_list("partner_id", "person_id")
    )
    represented: dict[int, int] = {}
    for partner_id, person_id in seats:
        represented.setdefault(partner_id, person_id)
    return represented


@transaction.atomic
def signature_record(
    *,
    actor: Actor,
    amendment: Amendment,
    partner: Partner,
    signed_by: Person,
    signed_on: datetime.date,
    for_the_record: bool = True,
) -> Signature:
    """Record a partner's signature; when the last partner signs, the amended version
    comes into force on that day (seed 000, para 7).

    The programme team records a signature given on paper (``for_the_record``, which the
    page or API grants only to the team), naming the signatory; a representative signing
    in Accord signs as themselves (``signed_by`` must be their own person in the register).
    Either way the signatory must be entitled on the day (``entitled_to_sign``)."""
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    version = amendment.version
    if version.status != ConstitutionStatus.DRAFT:
        raise ValidationError({"amendment": "This amendment has already taken effect"})
    same_partnership(amendment.partnership, partner=partner, signed_by=signed_by)
    if signed_on < amendment.proposed_on:
        raise ValidationError({"signed_on": "A signature cannot come before the proposal"})
    if not for_the_record and not acts_as(actor, signed_by):
        raise ValidationError({"signed_by": "You can sign only as yourself"})
    if not entitled_to_sign(signed_by, partner, signed_on):
        raise ValidationError(
            {
                "signed_by": (
                    f"{signed_by} was not a voting representative of {partner} on "
                    f"{signed_on.isoformat()}, so cannot sign for it"
                )
            }
        )
    signature = Signature(
        partnership=amendment.partnership,
        amendment=amendment,
        partner=partner,
        signed_by=signed_by,
        signed_on=signed_on,
    )
    save_audited(signature, actor=actor, action="amendment.sign")
    signed = set(amendment.signatures.values_list("partner_id", flat=True))
    partners = set(
        Partner.objects.filter(partnership=amendment.partnership).values_list("pk", flat=True)
    )
    if partners <= signed:
        with audited(version, actor=actor, action="constitution.adopt"):
            version.status = ConstitutionStatus.ADOPTED
            version.start_date = signed_on
    return signature
