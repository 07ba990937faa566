"""Partners, bodies, people and their memberships."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accord.audit.services import Actor, audited, save_audited
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import same_partnership

from ..models import ROLES_FOR_A_PARTNER, Body, Membership, MembershipRole, Partner, Person


@transaction.atomic
def partner_create(*, actor: Actor, partnership: Partnership, name: str, kind: str) -> Partner:
    partner = Partner(partnership=partnership, name=name, kind=kind)
    return save_audited(partner, actor=actor, action="partner.create")


@transaction.atomic
def body_create(
    *, actor: Actor, partnership: Partnership, name: str, kind: str, purpose: str = ""
) -> Body:
    body = Body(partnership=partnership, name=name, kind=kind, purpose=purpose)
    return save_audited(body, actor=actor, action="body.create")


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    partnership: Partnership,
    name: str,
    user: object = None,
    agreed_to_be_named: bool = False,
) -> Person:
    """Add a person to the register. ``agreed_to_be_named``: a service user representative
    has agreed to be named in published attendance (otherwise shown by role only)."""
    person = Person(
        partnership=partnership,
        name=name,
        user=user,  # type: ignore[misc]
        agreed_to_be_named=agreed_to_be_named,
    )
    return save_audited(person, actor=actor, action="person.create")


def overlapping(start: datetime.date, end: datetime.date | None) -> Q:
    """Memberships whose term shares at least one day with [start, end]."""
    condition = Q(end_date__isnull=True) | Q(end_date__gte=start)
    if end is not None:
        condition &= Q(start_date__lte=end)
    return condition


def term_words(membership: Membership) -> str:
    end = membership.end_date.isoformat() if membership.end_date else "no end date"
    return f"{membership.start_date.isoformat()} to {end}"


def check_membership(membership: Membership) -> None:
    """The register's rules, each refusal naming the field and the conflict."""
    same_partnership(
        membership.partnership,
        body=membership.body,
        person=membership.person,
        partner=membership.partner,
    )
    role = membership.role
    if role in ROLES_FOR_A_PARTNER and membership.partner is None:
        label = MembershipRole(role).label.lower()
        raise ValidationError({"partner": f"Choose the partner a {label} sits for"})
    others = Membership.objects.filter(
        overlapping(membership.start_date, membership.end_date), body=membership.body
    ).exclude(pk=membership.pk)

    if role in ROLES_FOR_A_PARTNER:
        # One person, one partner's vote on a body: seed 000, para 11, the vote belongs to
        # the partner; a substitute acts only for their own partner.
        conflict = (
            others.filter(person=membership.person, role__in=ROLES_FOR_A_PARTNER)
            .exclude(partner=membership.partner)
            .select_related("partner")
            .first()
        )
        if conflict is not None:
            raise ValidationError(
                {
                    "partner": (
                        f"{membership.person} already sits for {conflict.partner} on "
                        f"{membership.body} ({term_words(conflict)}): nobody may hold voting "
                        "seats for two partners on the same body"
                    )
                }
            )

    if role == MembershipRole.VOTING_REPRESENTATIVE:
        holder = (
            others.filter(partner=membership.partner, role=role, seat__iexact=membership.seat)
            .select_related("person")
            .first()
        )
        if holder is not None:
            seat = f"the {membership.seat} seat" if membership.seat else "the seat"
            raise ValidationError(
                {
                    "start_date": (
                        f"{holder.person} holds {seat} of {membership.partner} on "
                        f"{membership.body} from {term_words(holder)}: terms of one seat "
                        "cannot overlap"
                    )
                }
            )


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    partnership: Partnership,
    body: Body,
    person: Person,
    role: str,
    start_date: datetime.date,
    partner: Partner | None = None,
    end_date: datetime.date | None = None,
    seat: str = "",
) -> Membership:
    membership = Membership(
        partnership=partnership,
        body=body,
        person=person,
        partner=partner,
        role=role,
        start_date=start_date,
        end_date=end_date,
        seat=seat,
    )
    with audited(membership, actor=actor, action="membership.create", check="done"):
        membership.full_clean()
        check_membership(membership)
    return membership


@transaction.atomic
def membership_end(*, actor: Actor, membership: Membership, end_date: datetime.date) -> Membership:
    """End a term on a date (the last day in the seat)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    with audited(membership, actor=actor, action="membership.end", check="done"):
        membership.end_date = end_date
        membership.full_clean()
        check_membership(membership)
    return membership


@transaction.atomic
def membership_limit_set(
    *, actor: Actor, membership: Membership, delegated_limit: Decimal | None
) -> Membership:
    """Record the delegated financial limit the partner's own organisation sets for the
    person in this seat (issue 17 item 6), or clear it (None). Only a seat held for a
    partner has one; a ballot opened later fixes the limits in force that day."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if delegated_limit is not None and membership.partner_id is None:
        raise ValidationError(
            {
                "delegated_limit": "Only a seat held for a partner has a delegated limit: "
                "this one is held for no partner"
            }
        )
    if delegated_limit is not None and delegated_limit < 0:
        raise ValidationError({"delegated_limit": "Enter a limit of 0 or more"})
    with audited(membership, actor=actor, action="membership.limit", check="done"):
        membership.delegated_limit = delegated_limit
        membership.full_clean()
    return membership
