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
    position = Position.objects.filter(question=question, partner=partner).first() or Position(
        partnership=question.partnership, question=question, partner=partner
    )
    with audited(position, actor=actor, action="position.record"):
        position.stance = stance
        position.reasons = reasons
        position.recorded_on = recorded_on
    return position
