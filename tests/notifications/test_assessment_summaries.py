"""Assessment summaries e-mailed (issue 16): when the contract award notice is published
and the summaries are sent, the people who sign in for each bidder are told that their
summary is ready, with the link to it: nothing of another bidder's, and no scores in the
e-mail. Tests run the tasks at once; the mail leaves only when the step commits."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from accord.commissioning import services as commissioning
from accord.core.errors import AccordError
from accord.notifications.services import notification_preferences_set
from accord.procurement import services
from accord.procurement.models import AssessmentSummary, Bid, Procurement
from tests import factories
from tests.procurement.test_services import NOTICE, World, evaluated, refresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    """Each of the three bidders has one person who signs in for it; Oxford Floating
    Support a second, whose term ended, and a third without an e-mail address."""
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    for username, provider, end in (
        ("oxford-staff", 0, None),
        ("cherwell-staff", 1, None),
        ("vale-staff", 2, None),
        ("oxford-former", 0, datetime.date(2010, 3, 31)),
        ("oxford-no-mail", 0, None),
    ):
        user: Any = factories.UserFactory(username=username)
        user.email = "" if username == "oxford-no-mail" else f"{username}@example.org"
        user.save()
        staff = commissioning.provider_staff_add(
            actor=None, provider=world.providers[provider], username=username,
            start_date=datetime.date(2003, 4, 1),
        )  # fmt: skip
        if end is not None:
            commissioning.provider_staff_end(actor=None, term=staff, end_date=end)
    return world


def publish(w: World, procurement: Procurement, callbacks: Any) -> Procurement:
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    with callbacks(execute=False) as committed:
        services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
        assert mail.outbox == []  # nothing inside the transaction
    assert mail.outbox == []
    for callback in committed:
        callback()  # the commit
    return refresh(procurement)


def test_each_bidders_people_are_told_their_summary_is_ready_with_its_link_only(
    w, django_capture_on_commit_callbacks
):
    procurement = publish(w, evaluated(w), django_capture_on_commit_callbacks)
    by_address = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_address) == [
        "cherwell-staff@example.org",
        "oxford-staff@example.org",
        "vale-staff@example.org",
    ]
    assert all(len(message.to) == 1 for message in mail.outbox)
    for address, provider in zip(
        ("oxford-staff@example.org", "cherwell-staff@example.org", "vale-staff@example.org"),
        w.providers,
        strict=True,
    ):
        message = by_address[address]
        bid = Bid.objects.get(procurement=procurement, provider=provider)
        summary = AssessmentSummary.objects.get(bid=bid)
        own = reverse("procurement:summary-detail", args=["oxon", procurement.pk, bid.pk])
        assert message.subject == f"Assessment summary ready: {procurement.reference} " + (
            procurement.title
        )
        assert own in message.body
        assert f"assessment summary of {provider.name}'s bid is ready" in message.body
        assert "Tuesday 6 January 2026" in message.body  # the standstill's end
        # Nothing of another bidder's, and no scores at all: the page has them.
        others = [p for p in w.providers if p != provider]
        assert all(other.name not in message.body for other in others)
        assert "/summary/" in message.body
        assert message.body.count("/summary/") == 1
        assert str(summary.total) not in message.body
        assert "points" not in message.body
        assert f"sign in for {provider.name}" in message.body


def test_a_person_who_turned_the_kind_off_is_not_sent_it(w, django_capture_on_commit_callbacks):
    cherwell: Any = factories.UserFactory(username="cherwell-staff")
    notification_preferences_set(
        actor=cherwell, user=cherwell, choices={"assessment_summary_sent": False}
    )
    publish(w, evaluated(w), django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "oxford-staff@example.org",
        "vale-staff@example.org",
    ]


def test_a_step_refused_sends_nothing(w, django_capture_on_commit_callbacks):
    procurement = evaluated(w)  # not awarded: the notice is refused
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(AccordError):
        services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    assert mail.outbox == []
    assert not AssessmentSummary.objects.filter(procurement=procurement).exists()
