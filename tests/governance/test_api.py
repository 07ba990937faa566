"""The governance API does what the register pages do: the body page, the constitution and
its signatures, the questions and partners' positions (docs/api.md; tests/parity.py)."""

import datetime
import html

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.audit.models import AuditEvent
from accord.governance import selectors, services
from accord.governance.models import ConstitutionStatus, Position, Signature

from .register_data import START, Register, adopt, build_register, partnership_with_officer

BASE = "/api/governance/partnerships/wychwood"
SIGNED_ON = datetime.date(2009, 12, 14)


@pytest.fixture
def wychwood(db, sign_in):
    partnership = partnership_with_officer()
    sign_in("wychwood-officer")
    return partnership


@pytest.fixture
def register(wychwood) -> Register:
    return build_register(wychwood)


def member_of(register: Register, username: str = "member") -> None:
    """A user seated on one of the partnership's bodies: they read the register, and may
    change nothing."""
    user = get_user_model().objects.create_user(username, password="x" * 16)
    seat = services.person_create(
        actor=None, partnership=register.partnership, name=f"Seat of {username}", user=user
    )
    services.membership_create(
        actor=None,
        partnership=register.partnership,
        body=register.groups[0],
        person=seat,
        role="observer",
        start_date=START,
    )


def bearer(register: Register, access: str) -> str:
    """An ``Authorization`` header with a new token of the officer's."""
    today = timezone.localdate()
    _, secret = api_token_create(
        actor=get_user_model().objects.get(username="wychwood-officer"),
        partnership=register.partnership,
        name="Committee system",
        access=access,
        expires_on=today + datetime.timedelta(days=30),
        today=today,
        two_factor_verified=True,
    )
    return f"Bearer {secret}"


# ---------------------------------------------------------------- the body page


def test_a_body_reads_with_its_version_and_its_history_newest_first(client, register):
    response = client.get(f"{BASE}/bodies/{register.board.pk}")
    assert response.status_code == 200
    assert response.json() == {
        "id": register.board.pk,
        "name": "Wychwood Board",
        "kind": "deciding_board",
        "purpose": "Decides the strategy",
    }
    assert response["ETag"] == client.get(f"{BASE}/bodies/{register.board.pk}")["ETag"]
    later = services.membership_create(
        actor=None,
        partnership=register.partnership,
        body=register.board,
        person=services.person_create(
            actor=None, partnership=register.partnership, name="Wychwood Adviser"
        ),
        role="adviser",
        start_date=datetime.date(2008, 5, 1),
        end_date=datetime.date(2009, 3, 31),
    )
    history = client.get(f"{BASE}/bodies/{register.board.pk}/memberships").json()
    assert history["count"] == 3
    first = history["items"][0]  # the newest term, as the page lists it
    assert (first["id"], first["person"], first["partner"]) == (later.pk, "Wychwood Adviser", None)
    assert (first["start_date"], first["end_date"]) == ("2008-05-01", "2009-03-31")
    assert {(t["person"], t["partner"]) for t in history["items"][1:]} == {
        ("Wychwood Lead Member 0", "Wychwood Council 0"),
        ("Wychwood Lead Member 1", "Wychwood Council 1"),
    }


def test_another_partnerships_body_is_not_found(client, register):
    other = services.partnership_create(actor=None, slug="elsewhere", name="Elsewhere")
    theirs = build_register(other, name="Elsewhere")
    for address in [f"bodies/{theirs.board.pk}", f"bodies/{theirs.board.pk}/memberships"]:
        response = client.get(f"{BASE}/{address}")
        assert response.status_code == 404
        assert "Elsewhere" not in response.content.decode()


# ---------------------------------------------------------------- the constitution


def test_the_constitution_reads_as_the_page_states_it(client, register):
    services.signature_record(
        actor=None,
        amendment=register.amendment,
        partner=register.partners[0],
        signed_by=register.people[0],
        signed_on=SIGNED_ON,
    )
    listing = client.get(f"{BASE}/constitution/versions").json()
    assert listing["count"] == 1
    [version] = listing["items"]
    assert (version["id"], version["status"], version["start_date"], version["in_force"]) == (
        register.draft.pk,
        "draft",
        None,
        False,
    )
    [rule] = version["rules"]
    assert rule["body"] == "Wychwood Board"
    stored = register.draft.body_rules.get()
    assert rule["decision_rule"] == stored.decision_rule  # the rule language, as stored
    assert rule["decision_rule"]["kind"] == "majority"
    assert rule["fallback_rule"] == stored.fallback_rule
    assert rule["conflict_route"] == ["compromise", "escalate", "second_meeting", "call_in"]
    assert rule["route"][1] == "Escalate to the escalation body"
    assert (rule["escalation_body"], rule["call_in_days"]) == ("Wychwood Chief Executives", 10)
    assert rule["service_user_representatives_vote"] is True
    # The same words as the page, which states them with a capital.
    page = html.unescape(
        client.get(reverse("governance:constitution-detail", args=["wychwood"])).content.decode()
    )
    assert rule["decision"][:1].upper() + rule["decision"][1:] in page
    assert rule["fallback"][:1].upper() + rule["fallback"][1:] in page
    amendment = version["amendment"]
    assert amendment["id"] == register.amendment.pk
    assert amendment["proposed_on"] == "2009-12-11"
    assert [(s["partner"], s["signed_by"], s["signed_on"]) for s in amendment["signatures"]] == [
        ("Wychwood Council 0", "Wychwood Lead Member 0", "2009-12-14")
    ]
    assert [p["name"] for p in amendment["still_to_sign"]] == ["Wychwood Council 1"]
    detail = client.get(f"{BASE}/constitution/versions/{register.draft.pk}")
    assert detail.status_code == 200
    assert detail.json() == version
    assert detail["ETag"].startswith('"')


def test_an_adopted_version_is_in_force_and_no_longer_awaits_signature(client, register):
    adopt(register)
    version = client.get(f"{BASE}/constitution/versions/{register.draft.pk}").json()
    assert (version["status"], version["start_date"], version["in_force"]) == (
        "adopted",
        "2010-01-04",
        True,
    )
    assert version["amendment"] is None  # as on the page: its signatures are of a draft


def test_a_rule_the_rule_language_no_longer_reads_is_stated_as_invalid_not_an_error(
    client, register
):
    rule = register.draft.body_rules.get()
    rule.decision_rule = {"kind": "show of hands"}  # as a repair in the admin might leave it
    rule.conflict_route = ["compromise", "toss a coin"]
    rule.save()
    version = client.get(f"{BASE}/constitution/versions/{register.draft.pk}")
    assert version.status_code == 200
    [stated] = version.json()["rules"]
    assert stated["decision_rule"] is None
    assert stated["decision"].startswith("Not a valid rule")
    assert stated["conflict_route"] == ["compromise"]
    assert stated["route"][1] == "toss a coin"


def test_another_partnerships_version_is_not_found(client, register):
    other = services.partnership_create(actor=None, slug="elsewhere", name="Elsewhere")
    theirs = build_register(other, name="Elsewhere")
    assert client.get(f"{BASE}/constitution/versions/{theirs.draft.pk}").status_code == 404


# ---------------------------------------------------------------- signatures


def sign(client, register, partner, person, on="2009-12-14", **headers):
    return client.post(
        f"{BASE}/amendments/{register.amendment.pk}/signatures",
        {"partner_id": partner.pk, "signed_by_id": person.pk, "signed_on": on},
        content_type="application/json",
        **headers,
    )


def test_a_signature_is_recorded_and_the_last_one_brings_the_version_into_force(client, register):
    first = sign(client, register, register.partners[0], register.people[0])
    assert first.status_code == 201
    assert first.json()["partner"] == "Wychwood Council 0"
    assert (first.json()["version_status"], first.json()["version_start_date"]) == ("draft", None)
    event = AuditEvent.objects.get(action="amendment.sign")
    assert (event.actor_name, event.object_id) == ("wychwood-officer", str(first.json()["id"]))
    assert not AuditEvent.objects.filter(action="constitution.adopt").exists()

    last = sign(client, register, register.partners[1], register.people[1], on="2010-01-04")
    assert last.status_code == 201
    assert last.json()["version_id"] == register.draft.pk
    assert (last.json()["version_status"], last.json()["version_start_date"]) == (
        "adopted",
        "2010-01-04",
    )
    register.draft.refresh_from_db()
    assert register.draft.status == ConstitutionStatus.ADOPTED
    assert register.draft.start_date == datetime.date(2010, 1, 4)
    adopted = AuditEvent.objects.get(action="constitution.adopt")
    assert (adopted.actor_name, adopted.object_id) == ("wychwood-officer", str(register.draft.pk))
    on = datetime.date(2010, 1, 4)
    assert selectors.constitution_in_force(register.partnership, on=on) == register.draft


def test_signing_an_amendment_in_force_is_refused_in_the_pages_words(client, register):
    adopt(register)
    late = services.partner_create(
        actor=None, partnership=register.partnership, name="Wychwood Late", kind="other"
    )
    response = sign(client, register, late, register.people[0], on="2010-02-01")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "amendment"
    assert error["message"] == "amendment: This amendment has already taken effect"
    page = client.post(
        reverse("governance:signature-create", args=["wychwood", register.amendment.pk]),
        {"partner": late.pk, "signed_by": register.people[0].pk, "signed_on": "2010-02-01"},
    )
    assert "This amendment has already taken effect" in page.content.decode()
    assert Signature.objects.filter(partner=late).count() == 0


@pytest.mark.parametrize(
    ("who", "on", "field", "words"),
    [
        (1, "2009-12-14", "signed_by", "was not a voting representative of Wychwood Council 0"),
        (0, "2009-12-01", "signed_on", "A signature cannot come before the proposal"),
    ],
)
def test_a_signature_the_rules_refuse_is_a_422_naming_the_field(
    client, register, who, on, field, words
):
    response = sign(client, register, register.partners[0], register.people[who], on=on)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert words in response.json()["error"]["message"]
    assert not Signature.objects.exists()
    assert not AuditEvent.objects.filter(action="amendment.sign").exists()


def test_a_signature_names_rows_of_its_own_partnership_only(client, register):
    other = services.partnership_create(actor=None, slug="elsewhere", name="Elsewhere")
    theirs = build_register(other, name="Elsewhere")
    response = sign(client, register, theirs.partners[0], register.people[0])
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "partner_id"
    response = sign(client, register, register.partners[0], theirs.people[0])
    assert response.json()["error"]["field"] == "signed_by_id"
    response = client.post(
        f"{BASE}/amendments/{theirs.amendment.pk}/signatures",
        {"partner_id": register.partners[0].pk, "signed_by_id": register.people[0].pk,
         "signed_on": "2009-12-14"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 404
    assert not Signature.objects.exists()


def test_a_signature_sent_twice_with_one_key_is_recorded_once(client, register):
    key = {"HTTP_IDEMPOTENCY_KEY": "signature-0001"}
    first = sign(client, register, register.partners[0], register.people[0], **key)
    again = sign(client, register, register.partners[0], register.people[0], **key)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Signature.objects.count() == 1


def test_a_partner_signs_once(client, register):
    assert sign(client, register, register.partners[0], register.people[0]).status_code == 201
    again = sign(client, register, register.partners[0], register.people[0], on="2009-12-15")
    assert again.status_code == 422
    assert "already signed" in again.json()["error"]["message"]
    assert Signature.objects.count() == 1


def test_only_the_programme_team_records_a_signature_for_someone_else(client, register, sign_in):
    # A member may sign only as themselves, for a partner they represent
    # (tests/governance/test_representatives.py): this one names someone else.
    member_of(register)
    sign_in("member")
    refused = sign(client, register, register.partners[0], register.people[0])
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "signed_by"
    assert client.get(f"{BASE}/constitution/versions").status_code == 200  # a member reads
    anonymous = sign(Client(), register, register.partners[0], register.people[0])
    assert anonymous.status_code == 401
    assert not Signature.objects.exists()


# ---------------------------------------------------------------- questions and positions


def test_questions_list_newest_first_and_show_every_partners_position(client, register):
    older = services.question_create(
        actor=None,
        partnership=register.partnership,
        title="Wychwood: a pooled budget?",
        asked_on=datetime.date(2008, 2, 1),
    )
    listing = client.get(f"{BASE}/questions").json()
    assert [q["id"] for q in listing["items"]] == [register.question.pk, older.pk]
    response = client.get(f"{BASE}/questions/{register.question.pk}")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    question = response.json()
    assert (question["title"], question["asked_on"]) == (
        "Wychwood: should service users vote?",
        "2009-09-01",
    )
    assert question["positions"] == [
        {
            "partner_id": register.partners[0].pk,
            "partner": "Wychwood Council 0",
            "stance": "support",
            "reasons": "Service users know the services best",
            "recorded_on": "2009-10-01",
            "illustrative": [],
        },
        {  # none recorded, as the page says
            "partner_id": register.partners[1].pk,
            "partner": "Wychwood Council 1",
            "stance": None,
            "reasons": "",
            "recorded_on": None,
            "illustrative": [],
        },
    ]


def position_address(register: Register, partner_index: int) -> str:
    partner = register.partners[partner_index]
    return f"{BASE}/questions/{register.question.pk}/positions/{partner.pk}"


def put_position(client, address, stance="oppose", version=None, **headers):
    if version is not None:
        headers["HTTP_IF_MATCH"] = version
    return client.put(
        address,
        {"stance": stance, "reasons": "Not yet", "recorded_on": "2009-11-02"},
        content_type="application/json",
        **headers,
    )


def test_a_first_position_is_recorded_without_if_match(client, register):
    address = position_address(register, 1)
    assert client.get(address).status_code == 404  # none recorded yet
    response = put_position(client, address, stance="conditional")
    assert response.status_code == 200
    assert response.json() == {
        "question_id": register.question.pk,
        "partner_id": register.partners[1].pk,
        "partner": "Wychwood Council 1",
        "stance": "conditional",
        "reasons": "Not yet",
        "recorded_on": "2009-11-02",
        "illustrative": [],
    }
    position = Position.objects.get(partner=register.partners[1])
    event = AuditEvent.objects.filter(action="position.record", object_id=str(position.pk)).get()
    assert event.actor_name == "wychwood-officer"
    read = client.get(address)
    assert read.json() == response.json()
    assert read["ETag"] == response["ETag"]


def test_a_recorded_position_is_replaced_only_from_its_current_version(client, register):
    address = position_address(register, 0)
    version = client.get(address)["ETag"]
    recorded = AuditEvent.objects.count()

    missing = put_position(client, address)
    assert missing.status_code == 428
    assert missing.json()["error"]["field"] == "If-Match"
    replaced = put_position(client, address, version=version)
    assert replaced.status_code == 200
    assert replaced.json()["stance"] == "oppose"
    assert replaced["ETag"] != version
    assert AuditEvent.objects.count() == recorded + 1

    stale = put_position(client, address, stance="support", version=version)
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "stale"
    position = Position.objects.get(partner=register.partners[0])
    assert (position.stance, Position.objects.count()) == ("oppose", 1)
    assert AuditEvent.objects.count() == recorded + 1


def test_a_version_sent_for_a_position_not_recorded_is_stale(client, register):
    address = position_address(register, 1)
    other = client.get(position_address(register, 0))["ETag"]
    assert put_position(client, address, version=other).status_code == 412
    assert put_position(client, address, version="*").status_code == 412  # nothing stands
    assert not Position.objects.filter(partner=register.partners[1]).exists()
    assert put_position(client, address).status_code == 200


def test_a_position_must_be_one_of_the_stances(client, register):
    response = put_position(client, position_address(register, 1), stance="abstain")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "stance"


def test_positions_are_recorded_for_the_partnerships_own_partners_and_questions(client, register):
    other = services.partnership_create(actor=None, slug="elsewhere", name="Elsewhere")
    theirs = build_register(other, name="Elsewhere")
    mine, their_partner = register.question.pk, theirs.partners[1].pk
    for address in [
        f"{BASE}/questions/{mine}/positions/{their_partner}",
        f"{BASE}/questions/{theirs.question.pk}/positions/{register.partners[1].pk}",
    ]:
        assert put_position(client, address).status_code == 404
        assert client.get(address).status_code == 404
    assert client.get(f"{BASE}/questions/{theirs.question.pk}").status_code == 404
    assert Position.objects.count() == 2  # one in each register, as built


def test_a_member_reads_positions_but_records_only_a_partner_they_represent(
    client, register, sign_in
):
    # This member represents no partner (an observer): the service refuses, naming the
    # partner; a representative's own partner is tests/governance/test_representatives.py.
    member_of(register)
    sign_in("member")
    assert client.get(f"{BASE}/questions/{register.question.pk}").status_code == 200
    refused = put_position(client, position_address(register, 1))
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "partner"
    assert not Position.objects.filter(partner=register.partners[1]).exists()


def test_a_token_records_a_position_as_its_owner_and_a_read_token_may_not(register):
    machine = Client()
    address = position_address(register, 1)
    refused = put_position(machine, address, HTTP_AUTHORIZATION=bearer(register, "read"))
    assert refused.status_code == 403
    response = put_position(machine, address, HTTP_AUTHORIZATION=bearer(register, "write"))
    assert response.status_code == 200
    position = Position.objects.get(partner=register.partners[1])
    event = AuditEvent.objects.get(action="position.record", object_id=str(position.pk))
    assert event.actor_name == "wychwood-officer"


# ---------------------------------------------------------------- the OpenAPI document


def test_the_openapi_document_lists_the_governance_choices_and_the_position_precondition(client):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert set(schemas["Stance"]["enum"]) == {"support", "oppose", "conditional", "undecided"}
    assert set(schemas["ConstitutionStatus"]["enum"]) == {"draft", "adopted"}
    assert "escalate" in schemas["ConflictStep"]["enum"]
    votes = schemas["SeatOut"]["properties"]["votes"]
    assert set(votes["enum"]) == {"yes", "as substitute", "no"}
    put = document["paths"][
        "/api/governance/partnerships/{slug}/questions/{question_id}/positions/{partner_id}"
    ]["put"]
    [if_match] = [p for p in put["parameters"] if p["name"] == "If-Match"]
    assert if_match["required"] is False
    assert {"200", "412", "428"} <= set(put["responses"])
    assert "ETag" in put["responses"]["200"]["headers"]
