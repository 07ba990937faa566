"""Clarification questions while a tender is open (issue 16): a potential bidder asks (a
provider's people, on the page or through the API), or the programme team records a
question received by e-mail; the team answers, which publishes the question and answer to
every bidder and the public. Who asked is never shown to another provider or the public,
in any page or answer of the API; a question after the deadline for bids is refused."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.commissioning import services as commissioning
from accord.core.errors import AccordError
from accord.procurement import services
from accord.procurement.models import Clarification, Procurement
from tests import factories

from .test_services import World, refresh, strategy

pytestmark = pytest.mark.django_db

# The asker: Cherwell Housing Trust, whose name must never reach another provider or the
# public. Its question names it, as a real one might: the team publishes it reworded.
ASKER = "Cherwell Housing Trust"
QUESTION = "Cherwell Housing Trust already runs the Banbury service: may we bid for one lot?"
PUBLISHED = "May a provider already running a service in the county bid for one lot only?"
ANSWER = "No: the tender has one lot, covering the whole county."


@pytest.fixture
def w() -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna  # a member of the board
    seat.person.save()
    world.providers.append(factories.ProviderFactory(partnership=world.partnership, name="Thame"))
    for username, provider in (("cherwell-staff", 1), ("vale-staff", 2), ("thame-staff", 3)):
        factories.UserFactory(username=username)
        commissioning.provider_staff_add(
            actor=None,
            provider=world.providers[provider],
            username=username,
            start_date=datetime.date(2003, 4, 1),
        )
    return world


def tender(w: World, *, days_left: int = 30) -> Procurement:
    """A tender open now, its deadline ``days_left`` days away (in the past when negative),
    with a bid from Oxford, Cherwell and Vale; Thame has not bid."""
    now = timezone.now()
    procurement = strategy(
        w,
        notice_on=(now - datetime.timedelta(days=40)).date(),
        deadline=now + datetime.timedelta(days=days_left),
    )
    services.procurement_open(
        actor=w.officer,
        procurement=procurement,
        decision=w.decision("tendering_strategy"),
        now=now - datetime.timedelta(days=40),
    )
    for provider in w.providers[:3]:
        services.bid_receive(
            actor=w.officer, procurement=procurement, provider=provider, price="100000.00",
            received_at=now - datetime.timedelta(days=1),
        )  # fmt: skip
    return refresh(procurement)


def api(procurement: Procurement, tail: str = "") -> str:
    return f"/api/procurement/partnerships/oxon/procurements/{procurement.pk}/clarifications{tail}"


def page(name: str, procurement: Procurement, *more: int) -> str:
    return reverse(f"procurement:{name}", args=["oxon", procurement.pk, *more])


def asked_and_answered(w: World, procurement: Procurement) -> Clarification:
    asked = services.clarification_ask(
        actor=None, procurement=procurement, provider=w.providers[1], question=QUESTION
    )
    return services.clarification_answer(
        actor=w.officer, clarification=asked, answer=ANSWER, question=PUBLISHED
    )


# ---------------------------------------------------------------- asking


def test_a_providers_people_ask_on_the_page_and_the_asker_is_kept(client, sign_in, w):
    procurement = tender(w)
    user = sign_in("thame-staff")  # a potential bidder that has not bid
    form = client.get(page("clarification-ask", procurement))
    assert form.status_code == 200
    assert 'name="provider"' not in form.content.decode()  # one provider: no choice
    answer = client.post(page("clarification-ask", procurement), {"question": "Is TUPE likely?"})
    assert answer.status_code == 302
    asked = Clarification.objects.get(procurement=procurement)
    assert (asked.number, asked.provider, asked.asked_by, asked.channel) == (
        1, w.providers[3], user, "accord",
    )  # fmt: skip
    event = AuditEvent.objects.get(action="procurement.clarification_ask")
    assert event.object_id == str(asked.pk)


def test_a_question_through_the_api_numbers_on_and_answers_201(client, sign_in, w):
    procurement = tender(w)
    sign_in("cherwell-staff")
    first = client.post(api(procurement), {"question": QUESTION}, content_type="application/json")
    second = client.post(
        api(procurement), {"question": "And TUPE?"}, content_type="application/json"
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert [first.json()["number"], second.json()["number"]] == [1, 2]
    assert first.json()["provider"] == ASKER  # their own question: they know who asked


def test_the_programme_team_records_a_question_received_by_email_naming_the_provider(
    client, sign_in, w
):
    procurement = tender(w)
    sign_in(w.officer.username)
    missing = client.post(
        api(procurement), {"question": "By e-mail"}, content_type="application/json"
    )
    assert missing.status_code == 422
    assert missing.json()["error"]["field"] == "provider_id"
    answer = client.post(
        page("clarification-ask", procurement),
        {"provider": w.providers[2].pk, "question": "Sent by e-mail: may we visit?"},
    )
    assert answer.status_code == 302
    asked = Clarification.objects.get(procurement=procurement)
    assert (asked.provider, asked.channel, asked.asked_by) == (w.providers[2], "email", w.officer)


def test_a_question_after_the_deadline_is_refused_with_a_clear_message(client, sign_in, w):
    procurement = tender(w, days_left=-1)  # the deadline passed yesterday; not yet closed
    sign_in("thame-staff")
    refused = client.post(
        api(procurement), {"question": "Too late?"}, content_type="application/json"
    )
    assert refused.status_code == 409
    message = "The deadline for bids has passed: clarification questions are no longer taken"
    assert refused.json()["error"] == {"code": "refused", "message": message, "field": "question"}
    form = client.post(page("clarification-ask", procurement), {"question": "Too late?"})
    assert form.status_code == 200
    assert message in form.content.decode()
    listing = client.get(page("clarification-list", procurement)).content.decode()
    assert message in listing
    assert "Ask a question" not in listing
    assert not Clarification.objects.exists()
    assert not AuditEvent.objects.filter(action="procurement.clarification_ask").exists()


def test_a_question_is_refused_once_the_tender_has_closed(w):
    procurement = tender(w, days_left=-1)
    services.procurement_close(actor=w.officer, procurement=procurement)
    with pytest.raises(AccordError, match="asked only while the tender is open"):
        services.clarification_ask(
            actor=None, procurement=refresh(procurement), provider=w.providers[3], question="?"
        )


def test_a_provider_cannot_ask_for_another_provider(client, sign_in, w):
    procurement = tender(w)
    sign_in("thame-staff")
    refused = client.post(
        api(procurement),
        {"question": "?", "provider_id": w.providers[1].pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "provider_id"
    assert not Clarification.objects.exists()


@pytest.mark.parametrize("who", ["anna", None])
def test_members_and_the_public_cannot_ask(client, sign_in, w, who):
    procurement = tender(w)
    if who:
        sign_in(who)
    assert client.post(
        api(procurement), {"question": "?"}, content_type="application/json"
    ).status_code == (403 if who else 401)
    assert client.get(page("clarification-ask", procurement)).status_code in (302, 403)
    assert not Clarification.objects.exists()


def test_an_empty_question_names_the_field(client, sign_in, w):
    procurement = tender(w)
    sign_in("thame-staff")
    refused = client.post(api(procurement), {"question": "  "}, content_type="application/json")
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "question"
    form = client.post(page("clarification-ask", procurement), {"question": ""})
    assert "Enter the question" in form.content.decode()


# ---------------------------------------------------------------- answering and publishing


def test_answering_publishes_the_reworded_question_and_is_audited(client, sign_in, w):
    procurement = tender(w)
    asked = services.clarification_ask(
        actor=None, procurement=procurement, provider=w.providers[1], question=QUESTION
    )
    sign_in(w.officer.username)
    form = client.get(page("clarification-answer", procurement, asked.pk)).content.decode()
    assert ASKER in form  # the team sees who asked
    done = client.post(
        page("clarification-answer", procurement, asked.pk),
        {"question": PUBLISHED, "answer": ANSWER},
    )
    assert done.status_code == 302
    asked.refresh_from_db()
    assert (asked.published_question, asked.answer, asked.answered_by) == (
        PUBLISHED, ANSWER, w.officer,
    )  # fmt: skip
    assert asked.question == QUESTION  # the question as asked is kept for the team
    assert AuditEvent.objects.filter(
        action="procurement.clarification_answer", object_id=str(asked.pk)
    ).exists()


def test_a_question_is_answered_once_and_only_by_the_programme_team(client, sign_in, w):
    procurement = tender(w)
    answered = asked_and_answered(w, procurement)
    with pytest.raises(AccordError, match="already answered"):
        services.clarification_answer(actor=w.officer, clarification=answered, answer="Again")
    sign_in("cherwell-staff")
    refused = client.post(
        api(procurement, f"/{answered.pk}/answer"), {"answer": "Mine"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
    assert client.get(page("clarification-answer", procurement, answered.pk)).status_code == 403
    sign_in(w.officer.username)
    again = client.post(
        api(procurement, f"/{answered.pk}/answer"), {"answer": "Again"},
        content_type="application/json",
    )  # fmt: skip
    assert again.status_code == 409
    assert again.json()["error"]["field"] == "answer"


def test_an_answer_without_its_words_changes_nothing(w):
    procurement = tender(w)
    asked = services.clarification_ask(
        actor=None, procurement=procurement, provider=w.providers[1], question=QUESTION
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.clarification_answer(actor=w.officer, clarification=asked, answer="  ")
    asked.refresh_from_db()
    assert asked.answered_at is None
    assert not AuditEvent.objects.filter(action="procurement.clarification_answer").exists()


# ---------------------------------------------------------------- who sees the asker


@pytest.mark.parametrize("who", [None, "anna", "vale-staff", "thame-staff"])
def test_the_asker_is_never_shown_to_another_provider_a_member_or_the_public(
    client, sign_in, w, who
):
    procurement = tender(w)
    answered = asked_and_answered(w, procurement)
    services.clarification_ask(
        actor=None, procurement=procurement, provider=w.providers[1], question="Cherwell asks"
    )
    if who:
        sign_in(who)
    for address in (
        page("clarification-list", procurement),
        reverse("procurement:published-detail", args=["oxon", procurement.pk]),
    ):
        html = client.get(address)
        assert html.status_code == 200
        assert ASKER not in html.content.decode()
        assert "Cherwell asks" not in html.content.decode()
    published = client.get(api(procurement))
    assert published.status_code == 200
    assert published.json()["items"] == [
        {
            "id": answered.pk,
            "number": 1,
            "question": PUBLISHED,
            "answer": ANSWER,
            "published_at": published.json()["items"][0]["published_at"],
        }
    ]
    assert "Cherwell" not in published.content.decode()
    received = client.get(api(procurement, "/received"))
    if who in ("vale-staff", "thame-staff"):
        assert received.status_code == 200
        assert received.json()["items"] == []
    else:
        assert received.status_code == (403 if who else 401)


def test_the_published_list_shows_the_published_words_on_the_page(client, w):
    procurement = tender(w)
    asked_and_answered(w, procurement)
    html = Client().get(page("clarification-list", procurement)).content.decode()
    assert PUBLISHED in html
    assert ANSWER in html
    assert QUESTION not in html


def test_the_askers_own_people_see_their_questions_the_team_every_asker(client, sign_in, w):
    procurement = tender(w)
    asked_and_answered(w, procurement)
    services.clarification_ask(
        actor=None, procurement=procurement, provider=w.providers[2], question="Vale asks"
    )
    sign_in("cherwell-staff")
    mine = client.get(api(procurement, "/received")).json()["items"]
    assert [row["provider"] for row in mine] == [ASKER]
    html = client.get(page("clarification-list", procurement)).content.decode()
    assert "Your organisation's questions" in html
    assert "Vale asks" not in html
    sign_in(w.officer.username)
    every = client.get(api(procurement, "/received")).json()["items"]
    assert [row["provider"] for row in every] == [ASKER, "Vale Support"]
    html = client.get(page("clarification-list", procurement)).content.decode()
    assert ASKER in html
    assert "Vale Support" in html
    assert "Answer<span" in html


def test_an_unpublished_procurement_has_no_questions_page(client, sign_in, w):
    procurement = strategy(w)  # being planned: nothing published
    sign_in("thame-staff")
    assert client.get(page("clarification-list", procurement)).status_code == 404
    assert client.get(api(procurement)).status_code == 404


def test_the_questions_page_reads_a_fixed_number_of_queries(
    client, sign_in, w, django_assert_max_num_queries
):
    procurement = tender(w)
    asked_and_answered(w, procurement)
    sign_in(w.officer.username)
    with django_assert_max_num_queries(30) as few:
        client.get(page("clarification-list", procurement))
    for n in range(4):
        asked = services.clarification_ask(
            actor=None, procurement=procurement, provider=w.providers[n], question=f"Q {n}"
        )
        if n % 2:
            services.clarification_answer(actor=w.officer, clarification=asked, answer="A")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(page("clarification-list", procurement))
