"""The complaint page's buttons and the services agree (``accord.complaints.lifecycle``): in
every state of a complaint's whole course, and of a service request's, each step is tried
through its service (and undone): the service accepts exactly the steps offered."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accord.complaints import selectors, services
from accord.complaints.clocks import calendar, respond_base
from accord.complaints.lifecycle import STEPS, steps_allowed
from accord.complaints.models import Complaint, ImprovementAction, Lesson, Referral, Stage
from accord.core.errors import AccordError
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date
LATE = D(2026, 6, 1)  # after every date of the course: a valid date for any step


class Undone(Exception):
    """Raised to roll a trial back once its service has accepted it."""


def current(complaint: Complaint) -> Stage:
    found = Stage.objects.filter(complaint=complaint).order_by("-number").first()
    if found is None:
        raise AccordError("a service request has no stage")
    return found


def trials(complaint: Complaint, w: dict[str, Any]) -> dict[str, Callable[[], object]]:
    """Each step as its service takes it, with input valid whenever the step is allowed."""

    def extend() -> object:
        stage = current(complaint)
        return services.stage_extend(
            actor=None,
            stage=stage,
            extended_to=calendar().after(respond_base(stage, calendar()), 1),
            reason="Waiting for the provider's records",
            told_on=stage.acknowledged_on or stage.opened_on,
        )

    def lesson() -> Lesson:
        found = Lesson.objects.filter(complaint=complaint).first()
        if found is None:
            raise AccordError("no lesson to add an action to")
        return found

    def action() -> ImprovementAction:
        found = ImprovementAction.objects.filter(lesson__complaint=complaint, status="open").first()
        if found is None:
            raise AccordError("no open action")
        return found

    def referral() -> Referral:
        found = Referral.objects.filter(complaint=complaint).first()
        if found is None:
            raise AccordError("not referred")
        return found

    return {
        "acknowledge": lambda: services.stage_acknowledge(
            actor=None, stage=current(complaint), acknowledged_on=current(complaint).opened_on
        ),
        "respond": lambda: services.stage_respond(
            actor=None,
            stage=current(complaint),
            responded_on=LATE,
            outcome="upheld",
            classifications=["service_failure"],
        ),
        "extend": extend,
        "escalate": lambda: services.complaint_escalate(
            actor=None, complaint=complaint, requested_on=LATE, handler=w["second"]
        ),
        "close": lambda: services.complaint_close(actor=None, complaint=complaint, closed_on=LATE),
        "lesson-add": lambda: services.lesson_add(actor=None, complaint=complaint, text="Lesson"),
        "action-add": lambda: services.action_add(
            actor=None, lesson=lesson(), description="Act", owner="Team", due_on=LATE
        ),
        "action-complete": lambda: services.action_complete(
            actor=None, action=action(), done_on=LATE
        ),
        "refer": lambda: services.referral_record(
            actor=None, complaint=complaint, referred_on=LATE
        ),
        "determine": lambda: services.referral_determine(
            actor=None, referral=referral(), determination="no_fault", determined_on=LATE
        ),
        "comply": lambda: services.referral_comply(
            actor=None, referral=referral(), complied_on=LATE
        ),
    }


def accepted(complaint: Complaint, w: dict[str, Any]) -> list[str]:
    found = []
    for name, trial in trials(complaint, w).items():
        try:
            with transaction.atomic():
                trial()
                raise Undone
        except Undone:
            found.append(name)
        except (AccordError, ValidationError):
            pass
    return [step for step in STEPS if step in found]


def offered(complaint: Complaint) -> list[str]:
    return steps_allowed(selectors.complaint_get(complaint.partnership, complaint.pk))


@pytest.fixture
def world() -> dict[str, Any]:
    partnership = factories.PartnershipFactory()
    return {
        "partnership": partnership,
        "first": factories.UserFactory(username="first-handler"),
        "second": factories.UserFactory(username="second-handler"),
    }


def test_every_state_of_a_complaints_course_offers_exactly_what_its_services_accept(world):
    complaint = services.complaint_receive(
        actor=None, partnership=world["partnership"], handler=world["first"],
        subject_kind="authority", received_on=D(2026, 3, 6), channel="letter",
    )  # fmt: skip
    stage_1 = current(complaint)
    course: list[Callable[[], object]] = [
        lambda: services.stage_acknowledge(
            actor=None, stage=stage_1, acknowledged_on=D(2026, 3, 9)
        ),
        lambda: services.stage_extend(
            actor=None, stage=stage_1, extended_to=D(2026, 3, 30), reason="Records",
            told_on=D(2026, 3, 10),
        ),
        lambda: services.stage_respond(
            actor=None, stage=stage_1, responded_on=D(2026, 3, 20), outcome="not_upheld",
            classifications=[],
        ),
        lambda: services.lesson_add(actor=None, complaint=complaint, text="A lesson"),
        lambda: services.action_add(
            actor=None, lesson=Lesson.objects.get(complaint=complaint), description="Act",
            owner="Team", due_on=D(2026, 5, 1),
        ),
        lambda: services.complaint_escalate(
            actor=None, complaint=complaint, requested_on=D(2026, 3, 23), handler=world["second"]
        ),
        lambda: services.stage_acknowledge(
            actor=None, stage=current(complaint), acknowledged_on=D(2026, 3, 24)
        ),
        lambda: services.stage_respond(
            actor=None, stage=current(complaint), responded_on=D(2026, 4, 20), outcome="upheld",
            classifications=["policy_issue"],
        ),
        lambda: services.action_complete(
            actor=None, action=ImprovementAction.objects.get(), done_on=D(2026, 4, 21)
        ),
        lambda: services.referral_record(
            actor=None, complaint=complaint, referred_on=D(2026, 4, 22)
        ),
        lambda: services.complaint_close(actor=None, complaint=complaint, closed_on=D(2026, 4, 22)),
        lambda: services.referral_determine(
            actor=None, referral=Referral.objects.get(), determination="no_fault",
            determined_on=D(2026, 5, 1),
        ),
        lambda: services.referral_comply(
            actor=None, referral=Referral.objects.get(), complied_on=D(2026, 5, 2)
        ),
    ]  # fmt: skip
    seen = set()
    for number, move in enumerate([lambda: None, *course]):
        move()
        now = offered(complaint)
        assert now == accepted(complaint, world), f"after move {number}"
        seen.update(now)
    assert seen == set(STEPS)


def test_a_service_request_offers_exactly_what_its_services_accept(world):
    request = services.complaint_receive(
        actor=None, partnership=world["partnership"], handler=None, subject_kind="authority",
        received_on=D(2026, 3, 6), channel="letter", kind="service_request",
        routed_to="The repairs team",
    )  # fmt: skip
    assert offered(request) == accepted(request, world) == ["close", "lesson-add"]
    services.complaint_close(actor=None, complaint=request, closed_on=D(2026, 3, 9))
    assert offered(request) == accepted(request, world) == ["lesson-add"]
