"""Open questions and the positions partners state on them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accord.audit.services import Actor, audited, save_audited
from accord.partnerships.models import Partnership
from accord.partnerships.selectors import same_partnership

from ..models import Partner, Person, Position, Question
from .constitution import partners_spoken_for


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
    for_the_record: bool = True,
) -> Position:
    """Record a partner's position, replacing the one it stated before (audited).

    The programme team records any partner's position (``for_the_record``, which the page
    or API grants only to the team); otherwise the actor records it for a partner they
    represent as a voting representative on the date stated (``partners_spoken_for``,
    the rule by which a representative signs for the partner too)."""
    same_partnership(question.partnership, partner=partner)
    if not for_the_record:
        signed_in = actor is not None and actor.is_authenticated
        people = (
            list(
                Person.objects.filter(
                    partnership_id=question.partnership_id,
                    user_id=int(getattr(actor, "pk", 0) or 0),
                )
                .order_by()
                .values_list("pk", flat=True)
            )
            if signed_in
            else []
        )
        if partner.pk not in partners_spoken_for(people, recorded_on):
            raise ValidationError(
                {
                    "partner": f"You were not a voting representative of {partner} on "
                    f"{recorded_on:%-d %B %Y}, so cannot state its position"
                }
            )
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
