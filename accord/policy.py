"""The one policy module: may this person do this to this object, on this date?

Every web view, API operation and command asks ``may`` or ``require``; nothing else
decides. What a person may do follows from their roles on the date: installation
administrator, programme officer of a partnership (a term with dates), and, as the
governance register grows, their memberships of bodies. Unknown actions are a
programming error (KeyError), so a new route cannot silently skip the policy.
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from accord.governance.models import Body, Partnership
from accord.governance.selectors import (
    bodies_of_member,
    partnerships_administered_by,
    partnerships_of_member,
)

User = AbstractBaseUser | AnonymousUser
Check = Callable[[User, Any, datetime.date], bool]


def partnership_id_of(target: Any) -> int | None:
    """The partnership a target belongs to: a Partnership, a tenant-owned row, or an id."""
    if isinstance(target, Partnership):
        return int(target.pk)
    if isinstance(target, int):
        return target
    if isinstance(target, models.Model):
        return getattr(target, "partnership_id", None)
    return None


def administered_partnership_ids(user: User, *, on: datetime.date) -> frozenset[int]:
    """Partnerships the user administers on the date; cached on the user for the request."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[datetime.date, frozenset[int]] = user.__dict__.setdefault("_administered", {})
    if on not in cache:
        ids = partnerships_administered_by(user, on=on).order_by().values_list("pk", flat=True)
        cache[on] = frozenset(ids)
    return cache[on]


def body_id_of(target: Any) -> int | None:
    """The body a meeting, agenda item, paper or body belongs to."""
    if isinstance(target, Body):
        return int(target.pk)
    for path in ("body_id", "meeting.body_id", "item.meeting.body_id"):
        value: Any = target
        for name in path.split("."):
            value = getattr(value, name, None)
        if isinstance(value, int):
            return value
    return None


def member_body_ids(user: User, *, on: datetime.date) -> frozenset[int]:
    """Bodies the user sits on, on the date; cached on the user for the request."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[datetime.date, frozenset[int]] = user.__dict__.setdefault("_bodies", {})
    if on not in cache:
        cache[on] = frozenset(bodies_of_member(user, on=on).order_by().values_list("pk", flat=True))
    return cache[on]


def member_partnership_ids(user: User, *, on: datetime.date) -> frozenset[int]:
    """Partnerships in which the user sits on a body on the date; cached like the above."""
    if not user.is_authenticated:
        return frozenset()
    cache: dict[datetime.date, frozenset[int]] = user.__dict__.setdefault("_member_of", {})
    if on not in cache:
        cache[on] = frozenset(
            partnerships_of_member(user, on=on).order_by().values_list("pk", flat=True)
        )
    return cache[on]


# ---------------------------------------------------------------- checks


def anyone(user: User, target: Any, on: datetime.date) -> bool:
    return True


def administrator(user: User, target: Any, on: datetime.date) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_superuser", False))


def programme_officer(user: User, target: Any, on: datetime.date) -> bool:
    partnership_id = partnership_id_of(target)
    return partnership_id is not None and partnership_id in administered_partnership_ids(
        user, on=on
    )


def member(user: User, target: Any, on: datetime.date) -> bool:
    """Sits on one of the target partnership's bodies on the date."""
    partnership_id = partnership_id_of(target)
    return partnership_id is not None and partnership_id in member_partnership_ids(user, on=on)


def body_member(user: User, target: Any, on: datetime.date) -> bool:
    """Sits on the body of the target (a meeting, an agenda item or a body) on the date."""
    body_id = body_id_of(target)
    return body_id is not None and body_id in member_body_ids(user, on=on)


def public_meeting_agenda(user: User, target: Any, on: datetime.date) -> bool:
    """The agenda of a meeting held in public, once published (public items only)."""
    meeting = getattr(target, "meeting", target)
    return bool(getattr(meeting, "is_public", False) and meeting.agenda_is_published)


def public_meeting(user: User, target: Any, on: datetime.date) -> bool:
    meeting = getattr(target, "meeting", target)
    return bool(getattr(meeting, "is_public", False))


def either(*checks: Check) -> Check:
    def check(user: User, target: Any, on: datetime.date) -> bool:
        return any(one(user, target, on) for one in checks)

    return check


POLICY: dict[str, Check] = {
    # Partnership names and descriptions are public: the register of who governs what.
    "partnership.view": anyone,
    "partnership.administer": either(administrator, programme_officer),
    # The register (partners, bodies, people, memberships, constitution, positions) is seen
    # by those who sit in the partnership and its programme team; partnerships are isolated.
    "register.view": either(administrator, programme_officer, member),
    "register.change": either(administrator, programme_officer),
    # The audit trail of a partnership (target: a partnership, a row of it, or None for the
    # installation-wide events such as sign-ins, which only administrators see).
    "audit.view": either(administrator, programme_officer),
    "audit.export": either(administrator, programme_officer),
    # Meetings (target: a meeting, agenda item or paper). The date and place of a public
    # meeting are public; its published agenda's public items and papers too. Exempt
    # (confidential) items are for the body's members and the programme team.
    "meeting.view": either(administrator, programme_officer, member, public_meeting),
    "meeting.view_agenda": either(administrator, programme_officer, member, public_meeting_agenda),
    "meeting.view_exempt": either(administrator, programme_officer, body_member),
    "meeting.change": either(administrator, programme_officer),
    # Proposals, votes and decisions: seen by the partnership's members, run by its
    # programme team; a vote is cast by a member entitled to cast it on the meeting date
    # (the decisions service checks the seat) or recorded by the programme team.
    "decision.view": either(administrator, programme_officer, member),
    "decision.change": either(administrator, programme_officer),
    "decision.vote": either(administrator, programme_officer, member),
}


def may(user: User, action: str, target: Any = None, *, on: datetime.date | None = None) -> bool:
    check = POLICY[action]
    return check(user, target, on or timezone.localdate())


def require(
    user: User, action: str, target: Any = None, *, on: datetime.date | None = None
) -> None:
    """Raise PermissionDenied (403) unless the user may act."""
    if not may(user, action, target, on=on):
        raise PermissionDenied(f"not allowed: {action}")
