"""Open questions and the positions partners state on them."""

import datetime

from django.db import transaction

from accord.audit.services import Actor, audited, save_audited
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import same_partnership

from ..models import Partner, Position, Question


@transaction.atomic
def question_create(
    *, actor: Actor, partnership: Partnership, title: str, asked_on: datetime.date
) -> Question:
    question = Question(partnership=partnership, title=title, asked_on=asked_on)
    return save_audited(question, actor=actor, action="question.create")


@transaction.atomic
def position_record(
    *,
    actor: Actor,
    question: Question,
    partner: Partner,
    stance: str,
    reasons: str,
    recorded_on: datetime.date,
) -> Position:
    """Record a partner's position, replacing the one it stated before (audited)."""
    same_partnership(question.partnership, partner=partner)
    # The question's lock orders two first records of one partner's position (a page and
    # the API at once): the second finds the first's row and replaces it, not a duplicate.
    Question.objects.select_for_update().get(pk=question.pk)
    position = Position.objects.filter(question=question, partner=partner).first() or Position(
        partnership=question.partnership, question=question, partner=partner
    )
    with audited(position, actor=actor, action="position.record"):
        position.stance = stance
        position.reasons = reasons
        position.recorded_on = recorded_on
    return position
