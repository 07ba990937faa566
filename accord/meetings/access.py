"""What a reader may see of a partnership's meetings: the policy's answers, asked once and
passed to the selectors as facts (``selectors.Access``)."""

import datetime
import functools
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from accord import policy
from accord.core.scope import Scope
from accord.governance.models import Body
from accord.partnerships.models import Partnership

from . import hooks, selectors
from .models import AgendaItem, Meeting, Paper
from .selectors import Access

User = AbstractBaseUser | AnonymousUser


def access_for(user: User, partnership: Partnership, *, on: datetime.date) -> Access:
    """The policy's answers for this reader: whether they see private meetings and the
    register's details, unpublished agendas, and (asked once per body, when a page first
    needs it) a body's exempt items."""

    @functools.cache
    def exempt(body_id: int) -> bool:
        scope = Scope(partnership.pk, body_id=body_id)
        return policy.may(user, "meeting.view_exempt", scope, on=on)

    return Access(
        private=policy.may(user, "register.view", partnership, on=on),
        unpublished=policy.may(user, "meeting.change", partnership, on=on),
        exempt=exempt,
    )


def visible_agenda(
    user: User, meeting: Meeting, *, on: datetime.date, access: Access | None = None
) -> list[AgendaItem]:
    """The agenda as this person may see it (of a meeting they may see): nothing before
    publication except for the programme team; exempt items only for the body's members
    and the team. The pages, the documents and the API all show this."""
    if access is None:
        access = access_for(user, meeting.partnership, on=on)
    if not access.sees_agenda(meeting):
        return []
    if not access.unpublished and not policy.may(user, "meeting.view_agenda", meeting, on=on):
        return []
    return selectors.meeting_items(meeting, exempt_too=access.sees_exempt(meeting))


def may_read_paper(
    user: User, partnership: Partnership, paper: Paper, *, on: datetime.date
) -> bool:
    """Whether a paper (of the partnership) is served to this person: the programme team
    always; anyone else once they may read its meeting's agenda and see its item (exempt
    items' papers only for the body's members). The page and the API both ask this."""
    access = access_for(user, partnership, on=on)
    return access.unpublished or (
        policy.may(user, "meeting.view_agenda", paper.item.meeting, on=on)
        and selectors.paper_visible(paper, access)
    )


def forward_plan_for(
    user: User, partnership: Partnership, *, today: datetime.date, body: Body | None = None
) -> list[Meeting]:
    """Future meetings as this person may see them, each with ``expected``: what the apps
    above meetings say each visible item is expected to decide (``hooks.ItemNote``);
    ``withheld``: the exempt items withheld from this person that are expected to decide
    something, each to stand as its placeholder ("Item 2: exempt, not for publication,
    paragraph 3 of Schedule 12A") where a member reads what it decides; and ``lines``: both
    in the order of the agenda, as the page lists them (``PlanLine``)."""
    access = access_for(user, partnership, on=today)
    plan = list(selectors.forward_plan(partnership, today=today, access=access, body=body))
    items = [
        item
        for meeting in plan
        for item in (*meeting.visible, *meeting.withheld)  # type: ignore[attr-defined]
    ]
    # A withheld item's notes are read only to know whether it is expected to decide
    # something: what they say of it is not shown.
    notes = hooks.item_notes(items, user=user, on=today, records=False)
    for meeting in plan:
        expected = [
            (item.number, note)
            for item in meeting.visible  # type: ignore[attr-defined]
            for note in notes[item.pk]
            if note.expected
        ]
        withheld = [
            item
            for item in meeting.withheld  # type: ignore[attr-defined]
            if any(note.expected for note in notes[item.pk])
        ]
        meeting.expected = [note for _, note in expected]  # type: ignore[attr-defined]
        meeting.withheld = withheld  # type: ignore[attr-defined]
        meeting.lines = sorted(  # type: ignore[attr-defined]
            [PlanLine(number, note.expected) for number, note in expected]
            + [PlanLine(item.number, item.placeholder, withheld=True) for item in withheld],
            key=lambda line: line.number,
        )
    return plan


@dataclass(frozen=True)
class PlanLine:
    """A line of a meeting in the forward plan: the decision an item is expected to take,
    or, for an exempt item withheld from the reader, its placeholder."""

    number: int
    text: str
    withheld: bool = False
