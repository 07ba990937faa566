"""Who is told what: the people an e-mail goes to, and each person's choices."""

import datetime
from collections.abc import Collection, Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from accord.commissioning.models import ProviderStaff
from accord.governance.models import BodyKind, Membership, MembershipRole

from .models import NotificationKind, NotificationPreference


def preferences_of(user: AbstractBaseUser) -> dict[str, bool]:
    """Every kind of e-mail and whether the person receives it (on unless they turned it off)."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "enabled")
    )
    return {kind: chosen.get(kind, True) for kind in NotificationKind.values}


def recipients(kind: str, user_ids: Iterable[int]) -> list[AbstractBaseUser]:
    """The active users among these who have an e-mail address and have not turned the kind
    off, by username (one query)."""
    muted = NotificationPreference.objects.filter(kind=kind, enabled=False).values("user_id")
    return list(
        get_user_model()
        .objects.filter(pk__in=set(user_ids), is_active=True)
        .exclude(email="")
        .exclude(pk__in=muted)
        .order_by("username")
    )


def seated_user_ids(
    *,
    on: datetime.date,
    body_ids: Collection[int] = (),
    partnership_id: int | None = None,
    roles: Collection[str] = (),
    body_kinds: Collection[str] = (),
) -> set[int]:
    """Sign-ins of the people who sit on these bodies on the date (or, given a partnership
    and body kinds, on its bodies of those kinds), in the roles given (any when none)."""
    seats = Membership.objects.current(on=on).exclude(person__user=None)
    if body_ids:
        seats = seats.filter(body_id__in=list(body_ids))
    if partnership_id is not None:
        seats = seats.filter(partnership_id=partnership_id)
    if body_kinds:
        seats = seats.filter(body__kind__in=list(body_kinds))
    if roles:
        seats = seats.filter(role__in=list(roles))
    return set(seats.order_by().values_list("person__user_id", flat=True))


def scrutiny_user_ids(partnership_id: int, *, on: datetime.date) -> set[int]:
    """Members of the partnership's scrutiny bodies on the date."""
    return seated_user_ids(on=on, partnership_id=partnership_id, body_kinds=[BodyKind.SCRUTINY])


def representative_user_ids(partnership_id: int, *, on: datetime.date) -> set[int]:
    """Partners' voting representatives in the partnership on the date (who sign for them)."""
    return seated_user_ids(
        on=on, partnership_id=partnership_id, roles=[MembershipRole.VOTING_REPRESENTATIVE]
    )


def provider_staff_user_ids(provider_id: int, *, on: datetime.date) -> set[int]:
    """Sign-ins of the people who sign in for the provider on the date (its staff's terms)."""
    return set(
        ProviderStaff.objects.current(on=on)
        .filter(provider_id=provider_id)
        .order_by()
        .values_list("user_id", flat=True)
    )
