"""Two-factor sign-in: an authenticator app (TOTP) with single-use recovery codes.

Open to everyone; programme officers and administrators must use it. The demo's "officer"
is Oxfordshire's programme officer; "representative" has no such duty.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.models import AuditEvent
from accord.core.demo import DEMO_PASSWORD
from accord.partnerships.models import Partnership, ProgrammeOfficer

SIGN_IN = reverse("accounts:sign-in")
SETUP = reverse("accounts:two-factor-setup")
VERIFY = reverse("accounts:two-factor-verify")
RECOVER = reverse("accounts:two-factor-recover")
HOME = reverse("core:home")


def sign_in(client, username):
    response = client.post(SIGN_IN, {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, "the password was refused"
    return response


def code_for(device):
    """What the person's authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step):06d}"


def app_for(username):
    user = get_user_model().objects.get(username=username)
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def recovery_codes_in(html):
    return re.findall(r'<li><code class="accord-code">([a-z2-7]{8})</code></li>', html)


@pytest.fixture
def officer_without_app(demo):
    user = get_user_model().objects.get(username="officer")
    assert ProgrammeOfficer.objects.filter(user=user).exists()
    return user


@pytest.mark.django_db
def test_a_programme_officer_without_two_factor_is_sent_to_set_it_up(client, officer_without_app):
    sign_in(client, "officer")
    response = client.get(reverse("governance:partnership-detail", args=["oxfordshire"]))
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fpartnerships%2Foxfordshire%2F"


@pytest.mark.django_db
def test_a_programme_officer_appointed_today_must_use_two_factor_from_today(client, demo):
    user = get_user_model().objects.get(username="strategy")
    sign_in(client, "strategy")
    assert client.get(HOME).status_code == 200
    ProgrammeOfficer.objects.create(
        partnership=Partnership.objects.get(slug="oxfordshire"),
        user=user,
        start_date=timezone.localdate(),
    )
    assert client.get(HOME)["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_the_api_refuses_a_programme_officer_who_has_not_given_a_code(client, officer_without_app):
    sign_in(client, "officer")
    response = client.get("/api/governance/partnerships")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"


@pytest.mark.django_db
def test_an_administrator_must_give_a_code_before_using_the_admin(client, demo):
    sign_in(client, "admin")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_before_giving_a_code_one_can_still_sign_out_and_read_the_accessibility_statement(
    client, officer_without_app
):
    sign_in(client, "officer")
    assert client.get(reverse("core:accessibility")).status_code == 200
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_someone_without_the_duty_or_an_app_is_not_asked_for_a_code(client, demo):
    sign_in(client, "representative")
    response = client.get(HOME)
    assert response.status_code == 200
    assert (
        "Signed in as Lead Member, West Oxfordshire District Council" in response.content.decode()
    )


@pytest.mark.django_db
def test_setting_up_shows_a_qr_code_and_the_key_and_needs_a_code_from_the_app(
    client, officer_without_app
):
    sign_in(client, "officer")
    html = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=officer_without_app)
    assert not device.confirmed
    assert '<svg role="img"' in html
    assert "<title>QR code for adding Accord to an authenticator app</title>" in html
    key = re.search(r'id="two-factor-key">([A-Z2-7 ]+)</code>', html)
    assert key is not None
    assert len(key.group(1).replace(" ", "")) == 32  # 20 random bytes in base 32

    response = client.post(SETUP, {"code": "123456" if code_for(device) != "123456" else "654321"})
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The code is not right: enter the code the app shows now" in html
    assert "<title>Error: Set up two-factor sign-in" in html
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
def test_a_confirmed_app_gives_ten_single_use_recovery_codes_shown_once(
    client, officer_without_app
):
    sign_in(client, "officer")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer_without_app)
    session_id = client.session.session_key

    response = client.post(SETUP, {"code": code_for(device), "next": "/accessibility/"})

    html = response.content.decode()
    codes = recovery_codes_in(html)
    assert len(set(codes)) == 10
    assert "Accord will not show these codes again" in html
    assert 'href="/accessibility/"' in html
    device.refresh_from_db()
    assert device.confirmed
    assert client.session.session_key != session_id
    assert (
        "Signed in as Supporting People Programme Officer, Oxfordshire County Council"
        in client.get(HOME).content.decode()
    )
    # Shown once: the two-factor page counts them but never lists them again.
    page = client.get(reverse("accounts:two-factor")).content.decode()
    assert "You have 10 unused recovery codes" in page
    assert not any(code in page for code in codes)


@pytest.mark.django_db
def test_turning_two_factor_on_is_recorded_in_the_audit_trail_without_secrets(
    client, officer_without_app
):
    sign_in(client, "officer")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer_without_app)
    codes = recovery_codes_in(client.post(SETUP, {"code": code_for(device)}).content.decode())

    events = AuditEvent.objects.filter(
        actor_id=officer_without_app.pk, action__startswith="two_factor."
    ).order_by("sequence")
    assert [event.action for event in events] == [
        "two_factor.enable",
        "two_factor.recovery_codes_create",
    ]
    trail = str([(event.object_id, event.changes) for event in events])
    assert device.key not in trail
    assert not any(code in trail for code in codes)


@pytest.mark.django_db
def test_someone_with_an_app_gives_a_code_after_their_password(client, demo):
    device = app_for("representative")
    sign_in(client, "representative")
    response = client.get(HOME)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    session_id = client.session.session_key

    response = client.post(VERIFY, {"code": code_for(device), "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session.session_key != session_id
    assert (
        "Signed in as Lead Member, West Oxfordshire District Council"
        in client.get(HOME).content.decode()
    )


@pytest.mark.django_db
def test_a_wrong_code_is_named_in_the_error_summary_and_next_to_the_field(client, demo):
    app_for("representative")
    sign_in(client, "representative")
    html = client.post(VERIFY, {"code": "12ab"}).content.decode()
    assert "There is a problem" in html
    assert 'href="#id_code"' in html
    assert "Enter the code as 6 digits, for example 123456" in html
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=60)
def test_after_a_wrong_code_even_the_right_one_must_wait(client, demo):
    device = app_for("representative")
    sign_in(client, "representative")
    wrong = "000000" if code_for(device) != "000000" else "111111"
    client.post(VERIFY, {"code": wrong})
    html = client.post(VERIFY, {"code": code_for(device)}).content.decode()
    assert "Too many wrong codes in a row: wait" in html
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
def test_a_code_cannot_be_used_twice(client, demo):
    device = app_for("representative")
    code = code_for(device)
    sign_in(client, "representative")
    client.post(VERIFY, {"code": code})
    client.post(reverse("accounts:sign-out"))
    sign_in(client, "representative")
    html = client.post(VERIFY, {"code": code}).content.decode()
    assert "The code is not right" in html


@pytest.mark.django_db
def test_a_recovery_code_signs_in_once_and_only_once(client, demo):
    device = app_for("representative")
    recovery = StaticDevice.objects.create(user=device.user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="abcd2345")
    StaticToken.objects.create(device=recovery, token="efgh6723")

    sign_in(client, "representative")
    response = client.post(RECOVER, {"code": "ABCD-2345", "next": "/"})
    assert response["Location"] == "/"
    assert "You used a recovery code; 1 left" in client.get(HOME).content.decode()

    client.post(reverse("accounts:sign-out"))
    sign_in(client, "representative")
    html = client.post(RECOVER, {"code": "abcd2345"}).content.decode()
    assert "The recovery code is not right, or has already been used" in html
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
def test_a_password_alone_cannot_replace_someones_app(client, demo):
    app_for("representative")
    sign_in(client, "representative")
    assert client.get(SETUP)["Location"] == VERIFY
    assert client.post(SETUP, {"code": "123456"})["Location"] == VERIFY
    assert client.post(reverse("accounts:two-factor-remove")).status_code == 302
    assert TOTPDevice.objects.filter(user__username="representative").count() == 1


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client, demo, sign_in):
    user = sign_in("representative")
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token="abcd2345")

    html = client.post(reverse("accounts:two-factor-recovery-codes-create")).content.decode()

    codes = recovery_codes_in(html)
    assert len(codes) == 10
    assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
    assert "Your earlier recovery codes no longer work" in html
    event = AuditEvent.objects.get(action="two_factor.recovery_codes_create")
    assert event.changes == {"recovery_codes": [1, 10]}


@pytest.mark.django_db
def test_turning_two_factor_off_removes_the_app_and_the_recovery_codes(client, demo, sign_in):
    user = sign_in("representative")
    StaticDevice.objects.create(user=user, name="Recovery codes")

    response = client.post(reverse("accounts:two-factor-remove"), follow=True)

    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="two_factor.disable", actor_id=user.pk).exists()
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_a_programme_officer_who_removes_their_app_must_set_up_another(client, demo, sign_in):
    sign_in("officer")
    response = client.post(reverse("accounts:two-factor-remove"))
    assert response["Location"] == SETUP
    assert client.get(HOME)["Location"].startswith(SETUP)
