"""Personal API tokens: made from a signed-in page, shown once, kept as a digest, for one
partnership, read or write, expiring and revocable; a token acts as its owner, never as
more than the owner may do on the day, and its use is audited (docs/api.md)."""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from accord.accounts import services
from accord.accounts.models import ApiToken
from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.partnerships.models import ProgrammeOfficer
from tests.governance.register_data import partnership_with_officer

BASE = "/api/governance/partnerships"
PAGE = "/account/api-tokens/"
TODAY = timezone.localdate


@pytest.fixture
def wychwood(db):
    return partnership_with_officer()


@pytest.fixture
def officer(wychwood):
    return get_user_model().objects.get(username="wychwood-officer")


def make_token(officer, partnership, *, access="write", days=30):
    _, secret = services.api_token_create(
        actor=officer, partnership=partnership, name="Committee system", access=access,
        expires_on=TODAY() + datetime.timedelta(days=days), today=TODAY(),
        two_factor_verified=True,
    )  # fmt: skip
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_an_officer_makes_a_token_on_the_page_and_sees_it_once(client, wychwood, sign_in):
    sign_in("wychwood-officer")
    response = client.post(
        PAGE,
        {
            "name": "Committee system",
            "partnership": wychwood.pk,
            "access": "write",
            "expires_on": (TODAY() + datetime.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.prefix, token.digest, token.name}  # the secret is not kept
    event = AuditEvent.objects.get(action="api_token.create")
    assert "digest" not in event.changes  # nor its digest in the trail
    again = client.get(PAGE).content.decode()
    assert secret not in again
    assert token.prefix in again


def test_the_page_refuses_a_token_for_more_than_a_year_naming_the_field(client, wychwood, sign_in):
    sign_in("wychwood-officer")
    response = client.post(
        PAGE,
        {
            "name": "Ledger",
            "partnership": wychwood.pk,
            "access": "read",
            "expires_on": (TODAY() + datetime.timedelta(days=400)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"] == ["A token lasts a year at the most"]
    assert not ApiToken.objects.exists()


def test_someone_who_must_use_two_factor_makes_tokens_only_from_a_verified_session(
    officer, wychwood
):
    with pytest.raises(AccordError, match="two-factor"):
        services.api_token_create(
            actor=officer, partnership=wychwood, name="Ledger", access="read",
            expires_on=TODAY() + datetime.timedelta(days=5), today=TODAY(),
            two_factor_verified=False,
        )  # fmt: skip
    assert not ApiToken.objects.exists()


def test_a_write_token_changes_without_a_session_or_csrf_and_acts_as_its_owner(officer, wychwood):
    secret = make_token(officer, wychwood)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"{BASE}/wychwood/partners",
        {"name": "Wychwood DC", "kind": "district_council"},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="partner.create")
    assert event.actor_name == "wychwood-officer"
    assert client.get(f"{BASE}/wychwood/partners", headers=bearer(secret)).json()["count"] == 1


def test_a_session_still_needs_the_csrf_token_to_change_through_the_api(officer, wychwood, sign_in):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    response = client.post(
        f"{BASE}/wychwood/partners",
        {"name": "Wychwood DC", "kind": "district_council"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert client.get(f"{BASE}/wychwood/partners").status_code == 200


def test_a_read_token_reads_and_changes_nothing(officer, wychwood):
    secret = make_token(officer, wychwood, access="read")
    client = Client()
    assert client.get(f"{BASE}/wychwood/partners", headers=bearer(secret)).status_code == 200
    response = client.post(
        f"{BASE}/wychwood/partners",
        {"name": "Wychwood DC", "kind": "district_council"},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert not AuditEvent.objects.filter(action="partner.create").exists()


def test_a_token_is_for_its_own_partnership_only(officer, wychwood):
    other = partnership_with_officer(slug="evenlode", username="evenlode-officer")
    ProgrammeOfficer.objects.create(partnership=other, user=officer, start_date=wychwood_start())
    secret = make_token(officer, wychwood)
    client = Client()
    response = client.get(f"{BASE}/evenlode/partners", headers=bearer(secret))
    assert response.status_code == 403
    assert "Wychwood" in response.json()["error"]["message"]
    assert client.get(f"{BASE}/wychwood/partners", headers=bearer(secret)).status_code == 200


def wychwood_start() -> datetime.date:
    return datetime.date(2003, 4, 1)


@pytest.mark.parametrize("how", ["unknown", "expired", "revoked", "inactive owner"])
def test_a_token_that_is_not_valid_is_refused_with_401(officer, wychwood, how):
    secret = make_token(officer, wychwood)
    token = ApiToken.objects.get()
    if how == "unknown":
        secret = secret[::-1]
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_on=TODAY() - datetime.timedelta(1))
    elif how == "revoked":
        services.api_token_revoke(actor=officer, token=token)
    else:
        get_user_model().objects.filter(pk=officer.pk).update(is_active=False)
    response = Client().get(f"{BASE}/wychwood/partners", headers=bearer(secret))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_token_grants_no_more_than_its_owner_may_do_on_the_day(officer, wychwood):
    secret = make_token(officer, wychwood)
    ProgrammeOfficer.objects.filter(user=officer).update(end_date=TODAY() - datetime.timedelta(1))
    response = Client().post(
        f"{BASE}/wychwood/partners",
        {"name": "Wychwood DC", "kind": "district_council"},
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="partner.create").exists()


def test_a_tokens_first_use_each_day_is_in_the_audit_trail(officer, wychwood):
    secret = make_token(officer, wychwood, access="read")
    client = Client()
    for _ in range(3):
        assert client.get(f"{BASE}/wychwood/partners", headers=bearer(secret)).status_code == 200
    uses = AuditEvent.objects.filter(action="api_token.use")
    assert uses.count() == 1
    assert uses.get().actor_name == "wychwood-officer"
    assert ApiToken.objects.get().last_used_at is not None


def test_a_person_revokes_their_own_token_and_only_their_own(client, officer, wychwood, sign_in):
    secret = make_token(officer, wychwood)
    token = ApiToken.objects.get()
    other = get_user_model().objects.create_user("someone-else", password="x" * 16)
    client.force_login(other)
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert Client().get(f"{BASE}/wychwood/partners", headers=bearer(secret)).status_code == 200
    sign_in("wychwood-officer")
    response = client.post(f"/account/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert Client().get(f"{BASE}/wychwood/partners", headers=bearer(secret)).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
