"""What a reader may see of a partnership's meetings: the policy's answers, asked once and
passed to the selectors as facts (``selectors.Access``)."""

import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accord import policy
from accord.governance.models import Body
from accord.partnerships.models import Partnership

from . import hooks, selectors
from .models import AgendaItem, Meeting
from .selectors import Access

User = AbstractBaseUser | AnonymousUser


def access_for(
    user: User,
    partnership: Partnership,
    *,
    on: datetime.date,
    bodies: list[Body] | None = None,
) -> Access:
    """The policy's answers for this reader: whether they see private meetings and the
    register's details, unpublished agendas, and the exempt items of which bodies (those of
    ``bodies``, or of every body of the partnership when not given)."""
    officer = policy.may(user, "meeting.change", partnership, on=on)
    exempt_bodies: frozenset[int] | None = None
    if not officer:
        candidates = bodies if bodies is not None else Body.objects.filter(partnership=partnership)
        exempt_bodies = frozenset(
            body.pk for body in candidates if policy.may(user, "meeting.view_exempt", body, on=on)
        )
    return Access(
        private=policy.may(user, "register.view", partnership, on=on),
        unpublished=officer,
        exempt_bodies=exempt_bodies,
    )


def visible_agenda(
    user: User, meeting: Meeting, *, on: datetime.date, access: Access | None = None
) -> list[AgendaItem]:
    """The agenda as this person may see it (of a meeting they may see): nothing before
    publication except for the programme team; exempt items only for the body's members
    and the team. The pages, the documents and the API all show this."""
    if access is None:
        access = access_for(user, meeting.partnership, on=on, bodies=[meeting.body])
    if not access.sees_agenda(meeting):
        return []
    if not access.unpublished and not policy.may(user, "meeting.view_agenda", meeting, on=on):
        return []
    return selectors.meeting_items(meeting, exempt_too=access.sees_exempt(meeting))


def forward_plan_for(
    user: User, partnership: Partnership, *, today: datetime.date, body: Body | None = None
) -> list[Meeting]:
    """Future meetings as this person may see them, each with ``expected``: what the apps
    above meetings say each visible item is expected to decide (``hooks.ItemNote``)."""
    access = access_for(user, partnership, on=today)
    plan = list(selectors.forward_plan(partnership, today=today, access=access, body=body))
    items = [item for meeting in plan for item in meeting.visible]  # type: ignore[attr-defined]
    notes = hooks.item_notes(items, user=user, on=today)
    for meeting in plan:
        meeting.expected = [  # type: ignore[attr-defined]
            note
            for item in meeting.visible  # type: ignore[attr-defined]
            for note in notes[item.pk]
            if note.expected
        ]
    return plan
