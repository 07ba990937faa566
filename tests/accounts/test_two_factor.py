"""Two-factor sign-in: an authenticator app (TOTP) with single-use recovery codes.

Open to everyone; programme officers, administrators and those who cast votes (where
their partnership asks it, as it does unless it opts out) must use it. The demo's "officer"
is Oxfordshire's programme officer; "representative" casts West Oxfordshire's vote on the
Commissioning Body; "strategy" has no such duty.
"""

import datetime
import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.accounts.models import RecoveryCode, RecoveryCodeDevice
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


def code_for(device, *, steps_ahead=0):
    """What the person's authenticator app shows now (steps_ahead: 30 seconds later each)."""
    return f"{totp(device.bin_key, step=device.step, drift=steps_ahead):06d}"


def app_for(username):
    user = get_user_model().objects.get(username=username)
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def recovery_codes_in(html):
    return re.findall(r'<li><code class="accord-code">([a-z2-7-]+)</code></li>', html)


def recovery_codes_for(user, *codes):
    """Give the user recovery codes, kept as the service keeps them (digests)."""
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes")
    for code in codes:
        RecoveryCode.objects.create(
            device=device, digest=hashlib.sha256(code.replace("-", "").encode()).hexdigest()
        )
    return device


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
    sign_in(client, "strategy")
    response = client.get(HOME)
    assert response.status_code == 200
    assert (
        "Signed in as Housing Strategy Officer, Cherwell District Council"
        in response.content.decode()
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

    response = client.post(
        SETUP,
        {
            "code": "123456" if code_for(device) != "123456" else "654321",
            "password": DEMO_PASSWORD,
        },
    )
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

    response = client.post(
        SETUP, {"code": code_for(device), "password": DEMO_PASSWORD, "next": "/accessibility/"}
    )

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
    codes = recovery_codes_in(
        client.post(SETUP, {"code": code_for(device), "password": DEMO_PASSWORD}).content.decode()
    )

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
    recovery_codes_for(device.user, "abcd-efgh-ijkl-mn23", "efgh-6723-abcd-efgh")

    sign_in(client, "representative")
    response = client.post(RECOVER, {"code": "ABCD-EFGH IJKL-MN23", "next": "/"})
    assert response["Location"] == "/"
    assert "You used a recovery code; 1 left" in client.get(HOME).content.decode()

    client.post(reverse("accounts:sign-out"))
    sign_in(client, "representative")
    html = client.post(RECOVER, {"code": "abcdefghijklmn23"}).content.decode()
    assert "The recovery code is not right, or has already been used" in html
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
def test_a_password_alone_cannot_replace_someones_app(client, demo):
    app_for("representative")
    sign_in(client, "representative")
    assert client.get(SETUP)["Location"] == VERIFY
    assert client.post(SETUP, {"code": "123456", "password": DEMO_PASSWORD})["Location"] == VERIFY
    removing = client.post(
        reverse("accounts:two-factor-remove"), {"password": DEMO_PASSWORD, "code": "123456"}
    )
    assert removing["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user__username="representative").count() == 1


# ---------------------------------------------------------------- changing it: password and code

REMOVE = reverse("accounts:two-factor-remove")
NEW_CODES = reverse("accounts:two-factor-recovery-codes-create")


def wrong_code_for(device):
    return "000000" if code_for(device) != "000000" else "111111"


def recovery_codes_stored():
    return list(RecoveryCode.objects.values_list("digest", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("page", [REMOVE, NEW_CODES])
def test_a_change_to_two_factor_asks_for_the_password_and_a_current_code(client, demo, page):
    device = app_for("strategy")
    sign_in(client, "strategy")
    client.post(VERIFY, {"code": code_for(device)})

    html = client.get(page).content.decode()

    assert 'type="password"' in html
    assert 'autocomplete="current-password"' in html
    assert "Code from your authenticator app, or a recovery code" in html
    assert "There is a problem" not in html
    html = client.post(page, {}).content.decode()
    assert "Enter your password" in html
    assert "Enter the code from your authenticator app, or a recovery code" in html
    assert 'href="#id_password"' in html
    assert 'href="#id_code"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", [REMOVE, NEW_CODES])
def test_a_wrong_password_changes_nothing_and_is_named_on_the_form(client, demo, page):
    device = app_for("strategy")
    recovery_codes_for(device.user, "abcd-efgh-ijkl-mnop")
    sign_in(client, "strategy")
    client.post(VERIFY, {"code": code_for(device)})
    device.refresh_from_db()
    before = recovery_codes_stored()

    response = client.post(page, {"password": "not-the-password", "code": code_for(device)})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in html
    assert 'href="#id_password">The password is not right</a>' in html
    assert TOTPDevice.objects.filter(user=device.user, confirmed=True).exists()
    assert recovery_codes_stored() == before
    event = AuditEvent.objects.get(action="two_factor.password_refused")
    assert event.actor_id == device.user.pk
    assert event.changes["refused"] == [None, "password"]
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # it slows the next try, as a wrong code does


@pytest.mark.django_db
@pytest.mark.parametrize("page", [REMOVE, NEW_CODES])
def test_a_wrong_code_changes_nothing_and_is_named_on_the_form(client, demo, page):
    device = app_for("strategy")
    recovery_codes_for(device.user, "abcd-efgh-ijkl-mnop")
    sign_in(client, "strategy")
    client.post(VERIFY, {"code": code_for(device)})
    before = recovery_codes_stored()

    response = client.post(page, {"password": DEMO_PASSWORD, "code": wrong_code_for(device)})

    html = response.content.decode()
    assert 'href="#id_code">The code is not right: enter the code the app shows now</a>' in html
    assert TOTPDevice.objects.filter(user=device.user, confirmed=True).exists()
    assert recovery_codes_stored() == before
    event = AuditEvent.objects.get(action="two_factor.code_refused")
    assert event.changes["refused"] == [None, "authenticator app"]
    assert event.object_type == "otp_totp.totpdevice"


@pytest.mark.django_db
def test_new_recovery_codes_replace_the_old_ones(client, demo):
    device = app_for("strategy")
    recovery_codes_for(device.user, "abcd-efgh-ijkl-mnop")
    sign_in(client, "strategy")
    client.post(VERIFY, {"code": code_for(device)})

    # The code given to sign in cannot be used again: the app's next one can.
    code = code_for(device, steps_ahead=1)
    response = client.post(NEW_CODES, {"password": DEMO_PASSWORD, "code": code})

    html = response.content.decode()
    codes = recovery_codes_in(html)
    assert len(set(codes)) == 10
    assert "Your earlier recovery codes no longer work" in html
    assert len(recovery_codes_stored()) == 10
    assert hashlib.sha256(b"abcdefghijklmnop").hexdigest() not in recovery_codes_stored()
    event = AuditEvent.objects.get(action="two_factor.recovery_codes_create")
    assert event.changes == {"recovery_codes": [1, 10]}


@pytest.mark.django_db
def test_turning_two_factor_off_needs_the_password_and_a_code_and_removes_both(client, demo):
    device = app_for("strategy")
    recovery_codes_for(device.user, "abcd-efgh-ijkl-mnop")
    sign_in(client, "strategy")
    client.post(VERIFY, {"code": code_for(device)})

    # The app is lost: a recovery code stands in for its code.
    response = client.post(
        REMOVE, {"password": DEMO_PASSWORD, "code": "ABCD EFGH IJKL MNOP"}, follow=True
    )

    assert "Two-factor sign-in is off" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=device.user).exists()
    assert not RecoveryCodeDevice.objects.filter(user=device.user).exists()
    assert AuditEvent.objects.filter(action="two_factor.disable", actor_id=device.user.pk).exists()
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_a_programme_officer_who_removes_their_app_must_set_up_another(client, demo, sign_in):
    user = sign_in("officer")
    device = TOTPDevice.objects.get(user=user)
    response = client.post(REMOVE, {"password": DEMO_PASSWORD, "code": code_for(device)})
    assert response["Location"] == SETUP
    assert client.get(HOME)["Location"].startswith(SETUP)


# ---------------------------------------------------------------- set-up asks the password again


@pytest.mark.django_db
def test_setting_up_an_app_after_signing_in_needs_the_password_again(client, officer_without_app):
    sign_in(client, "officer")
    html = client.get(SETUP).content.decode()
    assert 'autocomplete="current-password"' in html
    device = TOTPDevice.objects.get(user=officer_without_app)

    missing = client.post(SETUP, {"code": code_for(device)}).content.decode()
    assert 'href="#id_password">Enter your password</a>' in missing
    wrong = client.post(SETUP, {"code": code_for(device), "password": "guess"}).content.decode()
    assert 'href="#id_password">The password is not right</a>' in wrong

    device.refresh_from_db()
    assert not device.confirmed
    assert not RecoveryCodeDevice.objects.filter(user=officer_without_app).exists()
    assert client.get(HOME)["Location"].startswith(SETUP)
    assert AuditEvent.objects.filter(action="two_factor.password_refused").count() == 1


# ---------------------------------------------------------------- recovery codes


@pytest.mark.django_db
def test_recovery_codes_have_80_bits_and_are_kept_only_as_digests(client, officer_without_app):
    sign_in(client, "officer")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=officer_without_app)
    response = client.post(SETUP, {"code": code_for(device), "password": DEMO_PASSWORD})

    codes = recovery_codes_in(response.content.decode())
    assert len(set(codes)) == 10
    for code in codes:
        # 16 characters of base 32 (5 bits each): 80 bits, shown in groups of four.
        assert re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}", code)
    stored = recovery_codes_stored()
    assert sorted(stored) == sorted(
        hashlib.sha256(code.replace("-", "").encode()).hexdigest() for code in codes
    )
    # Nowhere in the database in clear, with or without the hyphens.
    from django.db import connection

    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            text = str(cursor.fetchall())
            for code in codes:
                assert code not in text, table
                assert code.replace("-", "") not in text, table


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["wxyz-2345-abcd-efgh", "WXYZ2345ABCDEFGH", " wxyz 2345 abcd efgh "]
)
def test_a_recovery_code_is_accepted_with_or_without_hyphens_or_spaces_in_any_case(
    client, demo, typed
):
    device = app_for("representative")
    recovery_codes_for(device.user, "wxyz-2345-abcd-efgh")
    sign_in(client, "representative")
    assert client.post(RECOVER, {"code": typed, "next": "/"})["Location"] == "/"


# ---------------------------------------------------------------- refused codes and lockouts


@pytest.mark.django_db
def test_a_refused_code_is_recorded_although_the_sign_in_fails(client, demo):
    device = app_for("representative")
    recovery_codes_for(device.user, "wxyz-2345-abcd-efgh")
    sign_in(client, "representative")

    client.post(VERIFY, {"code": wrong_code_for(device)})
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_timestamp=None)
    client.post(RECOVER, {"code": "aaaa-bbbb-cccc-dddd"})

    events = list(AuditEvent.objects.filter(action="two_factor.code_refused").order_by("sequence"))
    assert [(event.changes["refused"][1], event.actor_id) for event in events] == [
        ("authenticator app", device.user.pk),
        ("recovery code", device.user.pk),
    ]
    assert events[0].changes["failures_in_a_row"] == [0, 1]
    trail = str([event.changes for event in events])
    assert "aaaa" not in trail
    assert wrong_code_for(device) not in trail
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
def test_five_wrong_codes_in_a_row_lock_the_app_out_and_that_is_recorded(client, demo):
    device = app_for("representative")
    sign_in(client, "representative")
    for _ in range(5):
        # Each try after the pause that django-otp imposes (moved back, not waited for).
        TOTPDevice.objects.filter(pk=device.pk).update(
            throttling_failure_timestamp=timezone.now() - datetime.timedelta(hours=1)
        )
        client.post(VERIFY, {"code": wrong_code_for(device)})

    assert AuditEvent.objects.filter(action="two_factor.code_refused").count() == 5
    lockout = AuditEvent.objects.get(action="two_factor.locked_out")
    assert lockout.actor_id == device.user.pk
    assert lockout.changes == {"failures_in_a_row": [None, 5]}
    html = client.post(VERIFY, {"code": code_for(device)}).content.decode()
    assert "Too many wrong codes in a row: wait" in html
    assert client.get(HOME).status_code == 302


@pytest.mark.django_db
def test_a_sign_in_lockout_is_logged_with_the_username_and_address(client, demo, security_log):
    before = AuditEvent.objects.count()
    for _ in range(5):
        client.post(
            SIGN_IN, {"username": "officer", "password": "guess"}, REMOTE_ADDR="198.51.100.7"
        )
    refused = client.post(
        SIGN_IN, {"username": "officer", "password": DEMO_PASSWORD}, REMOTE_ADDR="198.51.100.7"
    )
    assert refused.status_code == 429
    [lockout] = security_log.events("user.locked_out")
    assert (lockout["username"], lockout["client_address"], lockout["failures"]) == (
        "officer", "198.51.100.7", 5
    )  # fmt: skip
    reasons = [line["reason"] for line in security_log.events("sign_in.failed")]
    assert reasons == ["wrong_password"] * 5 + ["locked_out"]
    # Anyone can cause a lockout: it changes no record of Accord's, and stays off the trail.
    assert AuditEvent.objects.count() == before


# ---------------------------------------------------------------- who must use it


@pytest.mark.django_db
def test_a_representative_who_casts_votes_is_sent_to_set_up_two_factor(client, demo):
    sign_in(client, "representative")
    assert client.get(HOME)["Location"] == f"{SETUP}?next=%2F"
    html = client.get(SETUP).content.decode()
    assert "representatives and substitutes who cast votes must give a code" in html


@pytest.mark.django_db
def test_a_partnership_may_let_its_voters_sign_in_without_two_factor(client, demo):
    Partnership.objects.update(voters_use_two_factor=False)
    sign_in(client, "representative")
    assert client.get(HOME).status_code == 200
