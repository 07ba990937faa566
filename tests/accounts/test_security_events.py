"""What signing in records: a sign-in in the audit trail once it is complete (after the
second factor, for those who owe one); failures in the security log only, with the
username tried and never the password (docs/personal-data.md, "What goes where")."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.models import AuditEvent
from accord.core.demo import DEMO_PASSWORD

SIGN_IN = reverse("accounts:sign-in")
SIGN_OUT = reverse("accounts:sign-out")
VERIFY = reverse("accounts:two-factor-verify")


def sign_ins() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="user.sign_in").order_by("sequence"))


@pytest.mark.django_db
def test_the_sign_in_is_recorded_when_the_second_factor_is_given_not_the_password(
    client, demo, security_log, django_capture_on_commit_callbacks
):
    user = get_user_model().objects.get(username="representative")  # casts a vote: owes one
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.post(SIGN_IN, {"username": "representative", "password": DEMO_PASSWORD})
    assert sign_ins() == []
    [accepted] = security_log.events("sign_in.password_accepted")
    assert (accepted["user_id"], accepted["second_factor"]) == (user.pk, "required")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(VERIFY, {"code": f"{totp(device.bin_key):06d}"}, HTTP_USER_AGENT="Firefox")
    [signed_in] = sign_ins()
    assert (signed_in.actor_id, signed_in.changes) == (
        user.pk, {"second_factor": [None, "authenticator app"]}
    )  # fmt: skip
    assert signed_in.personal.fields["user_agent"] == "Firefox"
    assert [line["audit_sequence"] for line in security_log.events("user.sign_in")] == [
        signed_in.sequence
    ]
    client.post(SIGN_OUT)
    assert AuditEvent.objects.filter(action="user.sign_out", actor_id=user.pk).count() == 1


@pytest.mark.django_db
def test_a_password_never_followed_by_its_second_factor_is_no_sign_in(client, demo):
    user = get_user_model().objects.get(username="officer")  # a programme officer: owes one
    TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client.post(SIGN_IN, {"username": "officer", "password": DEMO_PASSWORD})
    assert client.get(reverse("core:home")).status_code == 302  # sent to give the code
    client.post(SIGN_OUT)
    assert sign_ins() == []
    assert not AuditEvent.objects.filter(action="user.sign_out").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "logged", "reason"),
    [
        ("strategy", "strategy", "wrong_password"),
        ("nobody-here", "nobody-here", "unknown_user"),
        ("x" * 150, "x" * 150, "unknown_user"),
    ],
)
def test_a_failed_sign_in_is_logged_with_the_username_tried_and_not_the_password(
    client, demo, security_log, username, logged, reason
):
    before = AuditEvent.objects.count()
    response = client.post(
        SIGN_IN, {"username": username, "password": "Tr0ub4dor&3-guess"}, REMOTE_ADDR="192.0.2.44"
    )
    assert response.status_code == 200
    [line] = security_log.lines()
    assert line["event"] == "sign_in.failed"
    assert (line["outcome"], line["username"], line["reason"]) == ("failure", logged, reason)
    assert line["client_address"] == "192.0.2.44"
    assert line["path"] == SIGN_IN
    assert line["request_id"]
    assert "Tr0ub4dor" not in security_log.text
    assert AuditEvent.objects.count() == before  # nothing changed: nothing in the trail


@pytest.mark.django_db
def test_a_username_longer_than_any_is_refused_naming_the_field_before_any_sign_in(
    client, demo, security_log
):
    response = client.post(SIGN_IN, {"username": "x" * 400, "password": "Tr0ub4dor&3-guess"})
    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer" in response.content.decode()
    assert security_log.lines() == []  # no sign-in was tried


@pytest.mark.django_db
def test_a_password_longer_than_any_accord_accepts_is_refused_before_it_is_hashed(
    client, demo, security_log
):
    response = client.post(SIGN_IN, {"username": "officer", "password": "x" * 5000})
    assert response.status_code == 200
    assert "Enter your password as you type it to sign in" in response.content.decode()
    assert security_log.lines() == []  # no sign-in was tried


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_is_refused_and_logged(demo, security_log):
    from django.test import Client

    forger = Client(enforce_csrf_checks=True)
    response = forger.post(SIGN_IN, {"username": "officer", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    (line,) = security_log.lines()
    assert line["event"] == "csrf.refused"
    assert line["outcome"] == "failure"
    assert line["path"] == SIGN_IN
    assert "CSRF" in line["reason"]
    assert DEMO_PASSWORD not in security_log.text
