"""The register in the JSON API: session sign-in, the policy, one error shape."""

import pytest
from django.test import Client

from accord.audit.models import AuditEvent
from accord.governance import services
from accord.governance.models import Membership

from .register_data import START, adopt, build_register, partnership_with_officer

BASE = "/api/governance/partnerships"


@pytest.fixture
def wychwood(db, sign_in):
    partnership = partnership_with_officer()
    sign_in("wychwood-officer")
    return partnership


@pytest.mark.parametrize(
    ("entity", "payload", "shown"),
    [
        ("partners", {"name": "Wychwood DC", "kind": "district_council"}, "kind"),
        ("bodies", {"name": "Wychwood Board", "kind": "deciding_board"}, "purpose"),
        ("people", {"name": "Lead Member, Wychwood DC"}, "name"),
    ],
)
def test_an_officer_lists_and_creates_register_rows_through_the_api(
    client, wychwood, entity, payload, shown
):
    response = client.post(f"{BASE}/wychwood/{entity}", payload, content_type="application/json")
    assert response.status_code == 201
    created = response.json()
    assert created["name"] == payload["name"]
    assert shown in created
    listing = client.get(f"{BASE}/wychwood/{entity}").json()["items"]
    assert [row["id"] for row in listing] == [created["id"]]
    assert AuditEvent.objects.filter(actor_name="wychwood-officer", object_id=str(created["id"]))


def test_an_officer_adds_a_membership_and_reads_the_seats_on_a_date(client, wychwood):
    register = build_register(wychwood)
    adopt(register)
    tenant = services.person_create(actor=None, partnership=wychwood, name="Wychwood Tenant")
    response = client.post(
        f"{BASE}/wychwood/memberships",
        {
            "body_id": register.board.pk,
            "person_id": tenant.pk,
            "role": "service_user_representative",
            "start_date": "2009-09-02",
        },
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["partner_id"] is None
    seats = client.get(
        f"{BASE}/wychwood/bodies/{register.board.pk}/seats", {"on": "2010-02-01"}
    ).json()["items"]
    assert {(s["person"], s["votes"]) for s in seats} == {
        ("Wychwood Lead Member 0", "yes"),
        ("Wychwood Lead Member 1", "yes"),
        ("Wychwood Tenant", "yes"),  # the amended constitution lets service users vote
    }
    earlier = client.get(
        f"{BASE}/wychwood/bodies/{register.board.pk}/seats", {"on": "2009-09-02"}
    ).json()["items"]
    assert ("Wychwood Tenant", "no") in {(s["person"], s["votes"]) for s in earlier}
    memberships = client.get(f"{BASE}/wychwood/memberships").json()["items"]
    assert len(memberships) == 3


def test_a_membership_the_rules_refuse_is_a_422_naming_the_field(client, wychwood):
    register = build_register(wychwood)
    before = Membership.objects.count()
    response = client.post(
        f"{BASE}/wychwood/memberships",
        {
            "body_id": register.board.pk,
            "person_id": register.people[0].pk,
            "partner_id": register.partners[1].pk,
            "role": "voting_representative",
            "start_date": "2009-04-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "partner"
    assert "two partners" in error["message"]
    assert Membership.objects.count() == before


def test_bad_api_input_is_a_422_naming_the_field(client, wychwood):
    response = client.post(
        f"{BASE}/wychwood/partners",
        {"name": "Wychwood DC", "kind": "parish"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "kind"
    response = client.get(f"{BASE}/wychwood/bodies/1/seats", {"on": "yesterday"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "on"


def test_the_api_never_lists_or_links_another_partnerships_rows(client, wychwood):
    mine = build_register(wychwood)
    other = services.partnership_create(actor=None, slug="elsewhere", name="Elsewhere")
    theirs = build_register(other, name="Elsewhere")
    for entity in ["partners", "bodies", "people", "memberships"]:
        names = str(client.get(f"{BASE}/wychwood/{entity}").json())
        assert "Elsewhere" not in names
    ids = {m["id"] for m in client.get(f"{BASE}/wychwood/memberships").json()["items"]}
    assert ids == {m.pk for m in mine.memberships}
    assert client.get(f"{BASE}/wychwood/bodies/{theirs.board.pk}/seats").status_code == 404
    response = client.post(
        f"{BASE}/wychwood/memberships",
        {
            "body_id": theirs.board.pk,
            "person_id": mine.people[0].pk,
            "role": "observer",
            "start_date": "2009-04-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body_id"
    assert client.get(f"{BASE}/elsewhere/partners").status_code == 403


def test_the_register_api_needs_a_signed_in_session(db):
    partnership_with_officer()
    response = Client().get(f"{BASE}/wychwood/partners")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_member_reads_the_register_through_the_api_but_cannot_write(client, sign_in, db):
    from django.contrib.auth import get_user_model

    partnership = partnership_with_officer()
    register = build_register(partnership)
    member = get_user_model().objects.create_user("member", password="x" * 16)
    seat = services.person_create(actor=None, partnership=partnership, name="Member", user=member)
    services.membership_create(
        actor=None,
        partnership=partnership,
        body=register.groups[0],
        person=seat,
        role="observer",
        start_date=START,
    )
    sign_in("member")
    assert client.get(f"{BASE}/wychwood/partners").status_code == 200
    response = client.post(
        f"{BASE}/wychwood/partners",
        {"name": "Sneaky", "kind": "other"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_an_api_write_without_the_csrf_token_is_refused(db):
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    partnership_with_officer()
    officer = get_user_model().objects.get(username="wychwood-officer")
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(officer)
    device = TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)
    session = strict.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert strict.get(f"{BASE}/wychwood/partners").status_code == 200
    response = strict.post(
        f"{BASE}/wychwood/partners",
        {"name": "Wychwood DC", "kind": "district_council"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "CSRF" in response.content.decode()
    assert not AuditEvent.objects.filter(action="partner.create").exists()
