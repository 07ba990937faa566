"""The constitution in the JSON API: its versions, each body's rule under them as the
constitution page states it, and the partners' signatures of an amendment."""

import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Schema, Status

from accord import policy
from accord.core.schemas import PlausibleDate
from accord.partnerships.endpoints import (
    CREATE_ERRORS,
    SIGNED_IN,
    VERSIONED_READ,
    IllustrativeFields,
    example,
    illustrative_in,
    partnership_from,
    replies,
    send_version,
)
from accord.partnerships.selectors import get_in
from accord.rules import RuleError, parse_rule

from .. import selectors, services
from ..models import ConflictStep, ConstitutionStatus, Partner, Person, Signature
from ..selectors import AmendmentState, RuleInWords, VersionState
from . import router
from .register import PartnerOut


class SignatureOut(Schema):
    id: int
    amendment_id: int
    partner_id: int
    partner: str
    signed_by_id: int
    signed_by: str
    signed_on: datetime.date


class SignatureIn(Schema):
    model_config = example({"partner_id": 4, "signed_by_id": 17, "signed_on": "2009-12-11"})
    partner_id: int = Field(description="The partner signing")
    signed_by_id: int = Field(
        description="Who signed: one of the partner's voting representatives on the day"
    )
    signed_on: PlausibleDate


class SignatureRecordedOut(SignatureOut):
    """The signature, and the version it signs as it stands after it: when the last
    partner signs, the version is adopted and in force from that day."""

    version_id: int
    version_status: ConstitutionStatus
    version_start_date: datetime.date | None = Field(
        description="When the version came into force; null while partners are still to sign"
    )


class AmendmentOut(Schema):
    """A draft version put to the partners: who has signed, and who is still to sign."""

    id: int
    proposed_on: datetime.date
    signatures: list[SignatureOut]
    still_to_sign: list[PartnerOut]


class BodyRuleOut(Schema):
    """How one body decides under a version, as the constitution page states it, and in
    the rule language."""

    body_id: int
    body: str
    decision: str = Field(description="The decision rule in words")
    decision_rule: dict[str, Any] | None = Field(
        description="The decision rule in the rule language; null if the stored rule is not "
        "valid (decision says why)"
    )
    fallback: str | None = Field(
        description="The rule at a second meeting in words; null: the same rule"
    )
    fallback_rule: dict[str, Any] | None
    conflict_route: list[ConflictStep] = Field(description="If not carried: the steps in order")
    route: list[str] = Field(description="The conflict route's steps in words")
    escalation_body_id: int | None
    escalation_body: str | None
    call_in_days: int | None = Field(description="Working days; null: not stated")
    service_user_representatives_vote: bool


class VersionOut(Schema):
    """A version of the constitution as the constitution page shows it. ``amendment`` is
    there while the version is a draft put to the partners for signature."""

    id: int
    title: str
    status: ConstitutionStatus
    start_date: datetime.date | None = Field(description="In force from; null while a draft")
    summary: str
    in_force: bool = Field(description="The version in force today")
    rules: list[BodyRuleOut]
    amendment: AmendmentOut | None
    illustrative: IllustrativeFields


def signature_out(signature: Signature) -> SignatureOut:
    return SignatureOut(
        id=signature.pk,
        amendment_id=signature.amendment_id,
        partner_id=signature.partner_id,
        partner=signature.partner.name,
        signed_by_id=signature.signed_by_id,
        signed_by=signature.signed_by.name,
        signed_on=signature.signed_on,
    )


def rule_language(data: object) -> dict[str, Any] | None:
    """A stored rule in the rule language, or None if it is not a valid rule."""
    try:
        return parse_rule(data).to_json()
    except RuleError:
        return None


def body_rule_out(stated: RuleInWords) -> BodyRuleOut:
    rule = stated.rule
    return BodyRuleOut(
        body_id=rule.body_id,
        body=rule.body.name,
        decision=stated.decision,
        decision_rule=rule_language(rule.decision_rule),
        fallback=stated.fallback,
        fallback_rule=None if rule.fallback_rule is None else rule_language(rule.fallback_rule),
        conflict_route=[
            ConflictStep(step) for step in rule.conflict_route if step in ConflictStep.values
        ],
        route=stated.route,
        escalation_body_id=rule.escalation_body_id,
        escalation_body=rule.escalation_body.name if rule.escalation_body else None,
        call_in_days=rule.call_in_days,
        service_user_representatives_vote=rule.service_user_representatives_vote,
    )


def amendment_out(state: AmendmentState) -> AmendmentOut:
    return AmendmentOut(
        id=state.amendment.pk,
        proposed_on=state.amendment.proposed_on,
        signatures=[signature_out(signature) for signature in state.signatures],
        still_to_sign=[
            PartnerOut.model_validate(partner, from_attributes=True) for partner in state.missing
        ],
    )


def version_out(state: VersionState) -> VersionOut:
    version = state.version
    return VersionOut(
        id=version.pk,
        title=version.title,
        status=ConstitutionStatus(version.status),
        start_date=version.start_date,
        summary=version.summary,
        in_force=state.in_force,
        rules=[body_rule_out(rule) for rule in state.rules],
        amendment=None if state.amendment is None else amendment_out(state.amendment),
        illustrative=illustrative_in(VersionOut, version),
    )


@router.get(
    "/partnerships/{slug}/constitution/versions",
    response=replies({200: list[VersionOut]}),
    auth=SIGNED_IN,
    summary="Every version of the constitution (adopted ones by date, then the drafts), each "
    "body's rule, and the amendments awaiting signature",
)
def constitution_list(request: HttpRequest, slug: str) -> list[VersionOut]:
    partnership = partnership_from(request, slug, "register.view")
    versions = selectors.constitution_versions(partnership)
    states = selectors.constitution_states(partnership, versions, on=timezone.localdate())
    return [version_out(state) for state in states]


@router.get(
    "/partnerships/{slug}/constitution/versions/{version_id}",
    response=replies({200: VersionOut}),
    auth=SIGNED_IN,
    openapi_extra=VERSIONED_READ,
    summary="One version of the constitution, each body's rule under it, and its amendment "
    "while it awaits signature, with its version (ETag)",
)
def constitution_detail(
    request: HttpRequest, response: HttpResponse, slug: str, version_id: int
) -> VersionOut:
    partnership = partnership_from(request, slug, "register.view")
    version = selectors.constitution_version_get(partnership, pk=version_id)
    [state] = selectors.constitution_states(partnership, [version], on=timezone.localdate())
    send_version(response, version)
    return version_out(state)


@router.post(
    "/partnerships/{slug}/amendments/{amendment_id}/signatures",
    response=replies({201: SignatureRecordedOut}, CREATE_ERRORS),
    auth=SIGNED_IN,
    summary="Record a partner's signature of an amendment (the programme team, naming the "
    "signatory; or a voting representative signing as themselves); when the last partner "
    "signs, the version comes into force that day",
)
def signature_create(
    request: HttpRequest, slug: str, amendment_id: int, payload: SignatureIn
) -> Status[SignatureRecordedOut]:
    partnership = partnership_from(request, slug, "partner.speak")
    amendment = selectors.amendment_get(partnership, pk=amendment_id)
    signature = services.signature_record(
        actor=request.user,
        amendment=amendment,
        partner=get_in(partnership, Partner, payload.partner_id, field="partner_id"),
        signed_by=get_in(partnership, Person, payload.signed_by_id, field="signed_by_id"),
        signed_on=payload.signed_on,
        # The team records a signature given on paper; a representative signs as themselves.
        for_the_record=policy.may(request.user, "register.change", partnership),
    )
    version = signature.amendment.version  # as the service left it: adopted by the last
    return Status(
        201,
        SignatureRecordedOut(
            **signature_out(signature).model_dump(),
            version_id=version.pk,
            version_status=ConstitutionStatus(version.status),
            version_start_date=version.start_date,
        ),
    )
