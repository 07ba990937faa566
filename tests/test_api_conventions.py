"""The API's conventions that every operation shares (docs/api.md): versions (ETag,
If-Match: 412 on a stale write, 428 without one), retried creates (Idempotency-Key), and
the statuses the OpenAPI document describes."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from accord.audit.models import AuditEvent
from accord.governance.models import Partner
from tests.governance.register_data import build_register, partnership_with_officer

BASE = "/api/governance/partnerships/wychwood"


@pytest.fixture
def wychwood(db, sign_in):
    partnership = partnership_with_officer()
    sign_in("wychwood-officer")
    return partnership


@pytest.fixture
def membership(wychwood):
    return build_register(wychwood).memberships[0]


# ---------------------------------------------------------------- versions


def end(client, membership, version=None, on="2011-03-31"):
    headers = {} if version is None else {"HTTP_IF_MATCH": version}
    return client.post(
        f"{BASE}/memberships/{membership.pk}/end",
        {"end_date": on},
        content_type="application/json",
        **headers,
    )


def test_a_record_read_carries_its_version_and_a_change_answers_the_new_one(client, membership):
    read = client.get(f"{BASE}/memberships/{membership.pk}")
    assert read.status_code == 200
    version = read["ETag"]
    assert version.startswith('"')
    assert version.endswith('"')
    assert client.get(f"{BASE}/memberships/{membership.pk}")["ETag"] == version  # stable
    changed = end(client, membership, version)
    assert changed.status_code == 200
    assert changed.json()["end_date"] == "2011-03-31"
    assert changed["ETag"] != version
    assert client.get(f"{BASE}/memberships/{membership.pk}")["ETag"] == changed["ETag"]


def test_a_change_from_a_stale_version_is_refused_with_412_and_changes_nothing(client, membership):
    first = client.get(f"{BASE}/memberships/{membership.pk}")["ETag"]
    assert end(client, membership, first, on="2011-03-31").status_code == 200
    recorded = AuditEvent.objects.count()
    stale = end(client, membership, first, on="2012-03-31")  # someone else read `first` too
    assert stale.status_code == 412
    assert stale.json()["error"] == {
        "code": "stale",
        "message": stale.json()["error"]["message"],
        "field": "If-Match",
    }
    membership.refresh_from_db()
    assert membership.end_date == datetime.date(2011, 3, 31)
    assert AuditEvent.objects.count() == recorded


def test_a_change_without_if_match_is_refused_with_428_and_changes_nothing(client, membership):
    response = end(client, membership)
    assert response.status_code == 428
    assert response.json()["error"]["field"] == "If-Match"
    membership.refresh_from_db()
    assert membership.end_date is None


def test_if_match_star_changes_whatever_version_stands(client, membership):
    assert end(client, membership, "*").status_code == 200


def test_a_refused_change_answers_the_refusal_not_a_version_error(client, membership):
    version = client.get(f"{BASE}/memberships/{membership.pk}")["ETag"]
    response = end(client, membership, version, on="1999-01-01")  # before the term began
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "end_date"


# ---------------------------------------------------------------- retried creates


def add_partner(client, key, name="Wychwood DC"):
    return client.post(
        f"{BASE}/partners",
        {"name": name, "kind": "district_council"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
    )


def test_a_create_sent_twice_with_one_key_makes_one_record_and_answers_the_first_response(
    client, wychwood
):
    first = add_partner(client, "ledger-2026-12-02-0001")
    again = add_partner(client, "ledger-2026-12-02-0001")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Partner.objects.count() == 1
    assert AuditEvent.objects.filter(action="partner.create").count() == 1


def test_a_key_used_again_for_another_request_is_refused_and_makes_nothing(client, wychwood):
    add_partner(client, "k1")
    response = add_partner(client, "k1", name="Evenlode DC")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "idempotency_key_reused"
    assert response.json()["error"]["field"] == "Idempotency-Key"
    assert list(Partner.objects.values_list("name", flat=True)) == ["Wychwood DC"]


def test_a_failed_create_keeps_nothing_so_its_retry_runs_afresh(client, wychwood):
    refused = client.post(
        f"{BASE}/partners",
        {"name": "Wychwood DC", "kind": "parish"},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="k2",
    )
    assert refused.status_code == 422
    assert add_partner(client, "k2").status_code == 201  # another body: not a reused key
    assert Partner.objects.count() == 1


def test_keys_are_each_callers_own(client, wychwood):
    add_partner(client, "shared")
    other = get_user_model().objects.get(username="wychwood-officer")
    second = get_user_model().objects.create_user("second-officer", password="x" * 16)
    from accord.governance.services import programme_officer_appoint

    programme_officer_appoint(
        actor=None, partnership=wychwood, user=second, start_date=datetime.date(2003, 4, 1)
    )
    assert other != second
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    caller = Client()
    caller.force_login(second)
    device = TOTPDevice.objects.create(user=second, name="app", confirmed=True)
    session = caller.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    response = add_partner(caller, "shared", name="Evenlode DC")
    assert response.status_code == 201
    assert Partner.objects.count() == 2


def test_a_key_that_is_not_printable_or_too_long_is_refused_naming_the_header(client, wychwood):
    assert add_partner(client, "x" * 256).status_code == 422
    assert Partner.objects.count() == 0


# ---------------------------------------------------------------- text a database refuses


def test_a_nul_character_in_a_body_or_a_query_is_refused_naming_the_field(client, wychwood):
    """Found by schemathesis on PostgreSQL, which cannot store one: it was a 500."""
    response = client.post(
        f"{BASE}/partners",
        {"name": "Wychwood\x00DC", "kind": "district_council"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "name"
    assert Partner.objects.count() == 0
    listed = client.get("/api/audit/partnerships/wychwood/events", {"actor_name": "po\x00"})
    assert listed.status_code == 422
    assert listed.json()["error"]["field"] == "actor_name"


def test_a_partnership_name_no_partnership_could_have_is_not_found(client, wychwood):
    response = client.get("/api/governance/partnerships/wych%00wood/partners")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_body_that_is_not_json_is_refused_in_the_one_shape(client, wychwood):
    response = client.post(f"{BASE}/partners", "{name: Wychwood", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body"


def test_a_lone_surrogate_is_refused_naming_the_field_and_saves_nothing(client, wychwood):
    """JSON may escape half of a character ("\\ud800"); no database can store it: a 500."""
    response = client.post(
        f"{BASE}/partners",
        '{"name": "Wychwood\\ud800", "kind": "district_council"}',
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": "name: Must be text: it contains a lone surrogate (half of a character)",
        "field": "name",
    }
    assert Partner.objects.count() == 0


def test_a_body_larger_than_the_limit_is_refused_in_the_one_shape(client, wychwood, settings):
    """Django refuses it before the API reads it: that answer too is the API's JSON."""
    name = "W" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        f"{BASE}/partners",
        f'{{"name": "{name}", "kind": "district_council"}}',
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "too_large"
    assert response.json()["error"]["field"] == "body"
    assert Partner.objects.count() == 0


def test_an_address_under_the_api_that_does_not_exist_answers_in_the_one_shape(client, db):
    response = client.get("/api/governance/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found", "field": None}
    }
    page = client.get("/no-such-page/")  # pages keep the page
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_server_error_under_the_api_answers_in_the_one_shape_with_a_support_id(rf, db):
    from accord.core.views import server_error

    request = rf.get("/api/governance/partnerships/wychwood/partners")
    request.request_id = "abc123def456"
    response = server_error(request)
    assert response.status_code == 500
    assert json.loads(response.content)["error"] == {
        "code": "server_error",
        "message": "Something went wrong on our side. Quote this support id: abc123def456",
        "field": None,
    }
    page = rf.get("/partnerships/")
    page.request_id = "abc123def456"
    answer = server_error(page)  # pages keep the page, with the same support id
    assert answer["Content-Type"].startswith("text/html")
    assert b"abc123def456" in answer.content
