"""Open questions and the positions partners state on them."""

import datetime

from django.db import transaction

from accord.audit.services import audit_record, changes_between, created, snapshot

from ..models import Partner, Partnership, Position, Question
from .partnerships import Actor
from .register import same_partnership


@transaction.atomic
def question_create(
    *, actor: Actor, partnership: Partnership, title: str, asked_on: datetime.date
) -> Question:
    question = Question(partnership=partnership, title=title, asked_on=asked_on)
    question.full_clean()
    question.save()
    audit_record(actor=actor, action="question.create", obj=question, changes=created(question))
    return question


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
    position = Position.objects.filter(question=question, partner=partner).first()
    before = snapshot(position) if position else {}
    if position is None:
        position = Position(partnership=question.partnership, question=question, partner=partner)
    position.stance = stance
    position.reasons = reasons
    position.recorded_on = recorded_on
    position.full_clean()
    position.save()
    audit_record(
        actor=actor,
        action="position.record",
        obj=position,
        changes=changes_between(before, snapshot(position)),
    )
    return position
