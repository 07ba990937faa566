"""Reads of the governance register."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet

from accord.partnerships.models import Partnership
from accord.partnerships.selectors import get_in
from accord.rules import RuleError, parse_rule

from .models import (
    Amendment,
    Body,
    BodyKind,
    BodyRule,
    ConflictStep,
    ConstitutionStatus,
    ConstitutionVersion,
    Membership,
    MembershipRole,
    Partner,
    Person,
    Position,
    Question,
    Signature,
)

# ---------------------------------------------------------------- the register


def partnership_members_on(partnership: Partnership, *, on: datetime.date) -> QuerySet[Person]:
    """People with a seat on any of the partnership's bodies on that date."""
    seated = Membership.objects.current(on=on).filter(partnership=partnership)
    return Person.objects.filter(pk__in=seated.values("person_id"))


def partnerships_of_member(
    user: AbstractBaseUser | AnonymousUser, *, on: datetime.date
) -> QuerySet[Partnership]:
    """Partnerships in which the user sits on a body on that date (through their Person)."""
    if not user.is_authenticated:
        return Partnership.objects.none()
    seated = Membership.objects.current(on=on).filter(person__user=user)
    return Partnership.objects.filter(pk__in=seated.values("partnership_id"))


def people_of(partnership: Partnership, user: AbstractBaseUser | AnonymousUser) -> list[int]:
    """Ids of the partnership's people who are this signed-in user (the register links a
    person to their sign-in; usually one)."""
    if not user.is_authenticated:
        return []
    return list(
        Person.objects.filter(partnership=partnership, user_id=user.pk).values_list("pk", flat=True)
    )


def seated_partnership_ids(user: AbstractBaseUser | AnonymousUser, on: datetime.date) -> list[int]:
    """Ids of the partnerships in which the user sits on a body on that date (the policy's
    source for a member's role)."""
    if not user.is_authenticated:
        return []
    seated = Membership.objects.current(on=on).filter(person__user=user).order_by()
    return list(seated.values_list("partnership_id", flat=True).distinct())


def seated_body_ids(user: AbstractBaseUser | AnonymousUser, on: datetime.date) -> list[int]:
    """Ids of the bodies on which the user sits on that date (the policy's source for a
    body member's role)."""
    if not user.is_authenticated:
        return []
    seated = Membership.objects.current(on=on).filter(person__user=user).order_by()
    return list(seated.values_list("body_id", flat=True).distinct())


def scrutinised_partnership_ids(
    user: AbstractBaseUser | AnonymousUser, on: datetime.date
) -> list[int]:
    """Ids of the partnerships in which the user sits on a scrutiny committee on that date
    (the policy's source for who may call a decision in)."""
    if not user.is_authenticated:
        return []
    seated = (
        Membership.objects.current(on=on)
        .filter(person__user=user, body__kind=BodyKind.SCRUTINY)
        .order_by()
    )
    return list(seated.values_list("partnership_id", flat=True).distinct())


def voting_partnership_ids(
    user: AbstractBaseUser | AnonymousUser, *, on: datetime.date
) -> list[int]:
    """Ids of the partnerships in which the user may cast a vote on that date: they hold a
    voting representative's or a substitute's seat on one of its bodies, or a service user
    representative's seat on a body whose rule in force lets them vote (as ``body_seats_on``
    decides who votes). Two queries, and two more for each service user seat."""
    if not user.is_authenticated:
        return []
    seated = Membership.objects.current(on=on).filter(person__user=user).order_by()
    found = set(
        seated.filter(
            role__in=[MembershipRole.VOTING_REPRESENTATIVE, MembershipRole.SUBSTITUTE]
        ).values_list("partnership_id", flat=True)
    )
    service_users = (
        seated.filter(role=MembershipRole.SERVICE_USER_REPRESENTATIVE)
        .exclude(partnership_id__in=found)
        .select_related("body__partnership")
    )
    for membership in service_users:
        if service_users_vote(body_rule_in_force(membership.body, on=on)):
            found.add(membership.partnership_id)
    return sorted(found)


def constitution_in_force(
    partnership: Partnership, *, on: datetime.date
) -> ConstitutionVersion | None:
    """The adopted version in force on a date: the latest to have started by then."""
    return (
        ConstitutionVersion.objects.filter(
            partnership=partnership, status=ConstitutionStatus.ADOPTED, start_date__lte=on
        )
        .order_by("-start_date")
        .first()
    )


def constitution_version_rows(partnership: Partnership) -> QuerySet[ConstitutionVersion]:
    """The partnership's versions, each with its body rules and its amendment."""
    return (
        ConstitutionVersion.objects.filter(partnership=partnership)
        .prefetch_related(
            Prefetch(
                "body_rules",
                queryset=BodyRule.objects.select_related("body", "escalation_body"),
            )
        )
        .select_related("amendment")
    )


def constitution_version_get(partnership: Partnership, *, pk: int) -> ConstitutionVersion:
    """One of the partnership's versions, with its body rules (404 for another's)."""
    return get_in(partnership, constitution_version_rows(partnership), pk)


def constitution_versions(partnership: Partnership) -> list[ConstitutionVersion]:
    """Every version with its body rules, adopted ones by date, then the drafts."""
    versions = constitution_version_rows(partnership)
    return sorted(
        versions,
        key=lambda v: (
            v.status != ConstitutionStatus.ADOPTED,
            v.start_date or datetime.date.max,
            v.title,
        ),
    )


# Whether a seat carried a vote: a voting representative's (or a voting service user
# representative's) did, a substitute's only when acting for an absent representative.
SeatVotes = Literal["yes", "as substitute", "no"]


@dataclass(frozen=True)
class Seat:
    """One membership as it stood on a date, with whether it carried a vote."""

    membership: Membership
    votes: SeatVotes


def body_seats_on(body: Body, *, on: datetime.date, users_vote: bool | None = None) -> list[Seat]:
    """Who sat on a body on a date, in what role, for which partner, and with what vote.

    A voting representative casts the partner's vote; a substitute only when acting for
    an absent representative; a service user representative only where the constitution
    in force that day says so (seed 000, paras 8-10). A caller that already holds the
    body's rule in force passes ``users_vote`` from it, saving two queries.
    """
    if users_vote is None:
        constitution = constitution_in_force(body.partnership, on=on)
        users_vote = bool(
            constitution
            and BodyRule.objects.filter(
                version=constitution, body=body, service_user_representatives_vote=True
            ).exists()
        )
    memberships = (
        Membership.objects.current(on=on)
        .filter(body=body)
        .select_related("person", "partner")
        .order_by("partner__name", "role", "seat", "person__name")
    )
    seats = []
    for membership in memberships:
        votes: SeatVotes
        if membership.role == MembershipRole.VOTING_REPRESENTATIVE:
            votes = "yes"
        elif membership.role == MembershipRole.SUBSTITUTE:
            votes = "as substitute"
        elif membership.role == MembershipRole.SERVICE_USER_REPRESENTATIVE and users_vote:
            votes = "yes"
        else:
            votes = "no"
        seats.append(Seat(membership, votes))
    return seats


@dataclass(frozen=True)
class VotingUnit:
    """One vote on a body on a date: a partner's (cast by its representative, or by a
    substitute with the partner's authority), or a voting service user representative's."""

    key: str  # "partner-<id>" or "member-<person id>"
    label: str
    partner_id: int | None
    representatives: tuple[int, ...]  # person ids of the voting representatives
    substitutes: tuple[int, ...]  # person ids of the partner's substitutes
    # Each caster's delegated financial limit that day, where one is recorded (issue 17
    # item 6): (person id, pounds).
    limits: tuple[tuple[int, Decimal], ...] = ()


def service_users_vote(body_rule: BodyRule | None) -> bool:
    """Whether service user representatives vote under this rule (none: they do not)."""
    return bool(body_rule and body_rule.service_user_representatives_vote)


def body_rule_in_force(body: Body, *, on: datetime.date) -> BodyRule | None:
    """The body's rule under the constitution in force on the date."""
    constitution = constitution_in_force(body.partnership, on=on)
    if constitution is None:
        return None
    return (
        BodyRule.objects.filter(version=constitution, body=body)
        .select_related("version", "escalation_body")
        .first()
    )


def voting_units(
    body: Body, *, on: datetime.date, users_vote: bool | None = None
) -> list[VotingUnit]:
    """The voting units of a body on a date, in a stable order (partners by name).

    A partner is a unit when someone holds its voting seat or a substitute's seat that day.
    ``users_vote`` as for ``body_seats_on``.
    """
    partners: dict[int, dict[str, Any]] = {}
    members: list[VotingUnit] = []
    for seat in body_seats_on(body, on=on, users_vote=users_vote):
        membership = seat.membership
        if membership.partner_id is not None and seat.votes in {"yes", "as substitute"}:
            entry = partners.setdefault(
                membership.partner_id,
                {"label": str(membership.partner), "representatives": [], "substitutes": []},
            )
            kind = "substitutes" if seat.votes == "as substitute" else "representatives"
            entry[kind].append(membership.person_id)
            if membership.delegated_limit is not None:
                entry.setdefault("limits", []).append(
                    (membership.person_id, membership.delegated_limit)
                )
        elif seat.votes == "yes":
            members.append(
                VotingUnit(
                    key=f"member-{membership.person_id}",
                    label=membership.person.name,
                    partner_id=None,
                    representatives=(membership.person_id,),
                    substitutes=(),
                )
            )
    units = [
        VotingUnit(
            key=f"partner-{partner_id}",
            label=entry["label"],
            partner_id=partner_id,
            representatives=tuple(entry["representatives"]),
            substitutes=tuple(entry["substitutes"]),
            limits=tuple(entry.get("limits", ())),
        )
        for partner_id, entry in sorted(partners.items(), key=lambda kv: kv[1]["label"])
    ]
    return units + members


def body_history(body: Body) -> QuerySet[Membership]:
    """Every term anyone has held on the body, newest first."""
    return (
        Membership.objects.filter(body=body)
        .select_related("person", "partner")
        .order_by("-start_date", "partner__name", "person__name")
    )


@dataclass(frozen=True)
class PartnerPosition:
    partner: Partner
    position: Position | None  # None: none recorded


def positions_side_by_side(
    question: Question, *, partner_id: int | None = None
) -> list[PartnerPosition]:
    """Every partner (or the one asked for) with its position on the question, or none
    recorded."""
    positions = {p.partner_id: p for p in question.positions.all()}
    partners = Partner.objects.filter(partnership=question.partnership).order_by("name")
    if partner_id is not None:
        partners = partners.filter(pk=partner_id)
    return [PartnerPosition(partner, positions.get(partner.pk)) for partner in partners]


def partners_represented(
    partnership: Partnership, person_ids: list[int], *, on: datetime.date
) -> list[Partner]:
    """The partners these people sit for on the date (a member's own partner)."""
    seats = Membership.objects.current(on=on).filter(
        partnership=partnership, person_id__in=person_ids, partner__isnull=False
    )
    return list(
        Partner.objects.filter(pk__in=seats.values("partner_id")).order_by("name").distinct()
    )


@dataclass(frozen=True)
class AmendmentState:
    amendment: Amendment
    signatures: list[Signature]
    missing: list[Partner]


def amendment_state(amendment: Amendment) -> AmendmentState:
    """Who has signed an amendment, and which partners are still missing."""
    signatures = list(amendment.signatures.select_related("partner", "signed_by"))
    signed = {s.partner_id for s in signatures}
    missing = [
        p
        for p in Partner.objects.filter(partnership=amendment.partnership).order_by("name")
        if p.pk not in signed
    ]
    return AmendmentState(amendment, signatures, missing)


# ---------------------------------------------------------------- register pages


def partner_list(partnership: Partnership) -> QuerySet[Partner]:
    return Partner.objects.filter(partnership=partnership).order_by("name")


def body_list(partnership: Partnership) -> QuerySet[Body]:
    return Body.objects.filter(partnership=partnership).order_by("name")


def person_choices(partnership: Partnership) -> QuerySet[Person]:
    return Person.objects.filter(partnership=partnership).order_by("name")


def person_list(partnership: Partnership, *, on: datetime.date) -> QuerySet[Person]:
    """The partnership's people, each with ``seats_on``: their memberships on that date."""
    seats = Membership.objects.current(on=on).select_related("body", "partner")
    return (
        Person.objects.filter(partnership=partnership)
        .prefetch_related(Prefetch("memberships", queryset=seats, to_attr="seats_on"))
        .order_by("name")
    )


def membership_list(partnership: Partnership) -> QuerySet[Membership]:
    """Every term on every body of the partnership, for exports."""
    return (
        Membership.objects.filter(partnership=partnership)
        .select_related("body", "person", "partner")
        .order_by("body__name", "partner__name", "start_date", "person__name")
    )


def question_list(partnership: Partnership) -> QuerySet[Question]:
    return Question.objects.filter(partnership=partnership).order_by("-asked_on", "title")


def body_get(partnership: Partnership, *, pk: int) -> Body:
    """One of the partnership's bodies (404 for another partnership's)."""
    return get_in(partnership, Body, pk)


def membership_get(partnership: Partnership, *, pk: int) -> Membership:
    return get_in(partnership, Membership.objects.select_related("body", "person", "partner"), pk)


def question_get(partnership: Partnership, *, pk: int) -> Question:
    return get_in(partnership, Question, pk)


def amendment_get(partnership: Partnership, *, pk: int) -> Amendment:
    return get_in(partnership, Amendment.objects.select_related("version"), pk)


def amendment_states(partnership: Partnership, amendments: list[Amendment]) -> list[AmendmentState]:
    """``amendment_state`` for many amendments of one partnership, in two queries."""
    signatures: dict[int, list[Signature]] = {a.pk: [] for a in amendments}
    for signature in Signature.objects.filter(amendment__in=amendments).select_related(
        "partner", "signed_by"
    ):
        signatures[signature.amendment_id].append(signature)
    partners = list(partner_list(partnership)) if amendments else []
    states = []
    for amendment in amendments:
        signed = {s.partner_id for s in signatures[amendment.pk]}
        missing = [p for p in partners if p.pk not in signed]
        states.append(AmendmentState(amendment, signatures[amendment.pk], missing))
    return states


# ---------------------------------------------------------------- the constitution as stated


@dataclass(frozen=True)
class RuleInWords:
    """A body's rule under one version, as the constitution page states it."""

    rule: BodyRule
    decision: str
    fallback: str | None  # None: the same rule at a second meeting
    route: list[str]


def in_words(data: object) -> str:
    try:
        return parse_rule(data).describe()
    except RuleError as error:  # rows written before a rule-language change
        return f"Not a valid rule ({error.field}: {error.problem})"


def rule_in_words(rule: BodyRule) -> RuleInWords:
    route = [
        ConflictStep(step).label if step in ConflictStep.values else str(step)
        for step in rule.conflict_route
    ]
    fallback = None if rule.fallback_rule is None else in_words(rule.fallback_rule)
    return RuleInWords(rule, in_words(rule.decision_rule), fallback, route)


@dataclass(frozen=True)
class VersionState:
    """A version as the constitution page shows it: whether it is in force, each body's
    rule in words, and, while it is a draft put to the partners, its amendment's
    signatures and the partners still to sign."""

    version: ConstitutionVersion
    in_force: bool
    rules: list[RuleInWords]
    amendment: AmendmentState | None


def constitution_states(
    partnership: Partnership, versions: list[ConstitutionVersion], *, on: datetime.date
) -> list[VersionState]:
    """``versions`` (from ``constitution_versions`` or ``constitution_version_get``) as
    they stand on a date, in at most three queries however many there are."""
    in_force = constitution_in_force(partnership, on=on)
    proposed = [
        v.amendment
        for v in versions
        if v.status == ConstitutionStatus.DRAFT and getattr(v, "amendment", None) is not None
    ]
    states = {
        state.amendment.version_id: state for state in amendment_states(partnership, proposed)
    }
    return [
        VersionState(
            version,
            in_force is not None and version.pk == in_force.pk,
            [rule_in_words(rule) for rule in version.body_rules.all()],
            states.get(version.pk),
        )
        for version in versions
    ]


# ---------------------------------------------------------------- positions


def position_of(question: Question, partner: Partner) -> Position | None:
    """The partner's position on the question, or None when none is recorded."""
    return Position.objects.filter(question=question, partner=partner).first()
