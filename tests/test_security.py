"""Secure defaults: headers, no inline scripts, error pages with a support id, clean logs."""

import datetime
import importlib
import io
import json
import logging
import re
import secrets
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.audit.models import AuditEvent
from accord.core.demo import DEMO_PASSWORD
from accord.core.security import security_event, security_handler
from accord.meetings.models import Meeting
from accord.partnerships.models import Partnership, ProgrammeOfficer

SIGN_IN = reverse("accounts:sign-in")
VERIFY = reverse("accounts:two-factor-verify")


# ---------------------------------------------------------------- headers


@pytest.fixture
def production_security(monkeypatch) -> Iterator[None]:
    """The security settings of accord.settings.production, applied to the test server."""
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(50))
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    sys.modules.pop("accord.settings.production", None)
    production = importlib.import_module("accord.settings.production")
    sys.modules.pop("accord.settings.production", None)
    names = [
        name
        for name in vars(production)
        if re.match(r"^(SECURE_|SESSION_COOKIE_|CSRF_COOKIE_|X_FRAME_|CONTENT_SECURITY_)", name)
    ]
    assert "SECURE_HSTS_SECONDS" in names
    with override_settings(**{name: getattr(production, name) for name in names}):
        yield


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in directives}


@pytest.mark.django_db
def test_a_signed_in_page_over_https_carries_the_security_headers(
    production_security, demo, sign_in, client
):
    sign_in("officer")

    response = client.get(reverse("core:home"), secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"
    assert csp_directives(response["Content-Security-Policy"]) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_plain_http_is_sent_to_https(production_security):
    response = Client().get(reverse("core:home"))
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


@pytest.mark.django_db
def test_no_browser_or_proxy_keeps_a_signed_in_users_pages_or_api_answers(demo, sign_in, client):
    sign_in("representative")
    for path in [
        reverse("core:home"),
        "/partnerships/oxfordshire/",
        "/api/governance/partnerships",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


# ---------------------------------------------------------------- no inline scripts


class InlineCode(HTMLParser):
    """Finds what a `script-src 'self'; style-src 'self'` policy would block in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.scripts = 0
        self._open_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>: inline event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=...>: inline style")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:...>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script":
            self.scripts += 1
            self._open_script = attributes

    def handle_data(self, data: str) -> None:
        script = self._open_script
        if script is None or not data.strip():
            return
        # A JSON data block (Swagger UI's settings) is data, never run.
        if "src" not in script and script.get("type") != "application/json":
            self.problems.append(f"inline <script>: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._open_script = None


def inline_code_in(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    assert parser.scripts > 0, "the page has no scripts at all: is it the right page?"
    return parser.problems


def pages_of(client: Client, paths: list[str]) -> Iterator[tuple[str, str]]:
    for path in paths:
        response = client.get(path)
        assert response.status_code in {200, 404}, (path, response.status_code)
        yield path, response.content.decode()


@pytest.mark.django_db
def test_no_page_carries_an_inline_script_style_or_event_handler(demo, sign_in, client):
    pages: list[tuple[str, str]] = []
    public = [
        "/",
        "/accessibility/",
        SIGN_IN,
        "/partnerships/oxfordshire/",
        "/no-such-page/",
        "/api/docs",
    ]
    pages += pages_of(client, public)
    wrong = client.post(SIGN_IN, {"username": "officer", "password": "wrong"})
    pages.append(("sign-in error", wrong.content.decode()))
    for _ in range(5):
        locked = client.post(SIGN_IN, {"username": "strategy", "password": "wrong"})
    pages.append(("locked out", locked.content.decode()))

    officer = Client()
    officer.post(SIGN_IN, {"username": "officer", "password": DEMO_PASSWORD})
    pages += pages_of(officer, [reverse("accounts:two-factor-setup")])
    wrong_code = officer.post(reverse("accounts:two-factor-setup"), {"code": "12"})
    pages.append(("set-up error", wrong_code.content.decode()))

    user = sign_in("representative")
    signed_in = [
        "/",
        "/partnerships/oxfordshire/",
        reverse("accounts:two-factor"),
        "/admin/",
    ]
    user.is_staff = user.is_superuser = True
    user.save()
    pages += pages_of(client, signed_in)
    new_codes = reverse("accounts:two-factor-recovery-codes-create")
    pages += pages_of(client, [new_codes, reverse("accounts:two-factor-remove")])
    refused = client.post(new_codes, {"password": "wrong", "code": "12"})
    pages.append(("new recovery codes error", refused.content.decode()))
    device = TOTPDevice.objects.get(user=user)
    codes = client.post(
        new_codes, {"password": DEMO_PASSWORD, "code": f"{totp(device.bin_key):06d}"}
    )
    assert "Save your recovery codes" in codes.content.decode()
    pages.append(("recovery codes", codes.content.decode()))

    problems = {path: inline_code_in(html) for path, html in pages}
    assert {path: found for path, found in problems.items() if found} == {}


# ---------------------------------------------------------------- the error page


def broken_context(request):
    raise RuntimeError("the context processor's database is gone")


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.failing_urls", DEBUG=False)
def test_a_failure_shows_a_support_id_and_nothing_of_what_went_wrong(client):
    client.raise_request_exception = False

    response = client.get("/fail/")

    assert response.status_code == 500
    html = response.content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert f"Support id: {response['X-Request-ID']}" in text
    assert "Sorry, there is a problem with the service" in html
    for detail in ["Traceback", "DatabaseOnFire", "boom", "hunter2", "failing_urls", "Request"]:
        assert detail not in html


@pytest.mark.django_db
def test_the_error_page_shows_even_when_what_failed_is_every_page_context(client):
    engine: dict[str, Any] = settings.TEMPLATES[0]
    templates = [
        {
            **engine,
            "OPTIONS": {
                **engine["OPTIONS"],
                "context_processors": [
                    *engine["OPTIONS"]["context_processors"],
                    "tests.test_security.broken_context",
                ],
            },
        }
    ]
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF="tests.failing_urls", TEMPLATES=templates):
        response = client.get("/", headers={"X-Request-ID": "support-id-0001"})
    assert response.status_code == 500
    assert 'Support id: <code class="accord-code">support-id-0001</code>' in (
        response.content.decode()
    )


# ---------------------------------------------------------------- logs


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """Everything the configured root handler writes, at every level, for the test."""
    (handler,) = [h for h in logging.getLogger().handlers if h.get_name() == "console"]
    assert isinstance(handler, logging.StreamHandler)
    buffer = io.StringIO()
    # Swapped, not setStream(): that flushes the old stream, which pytest may have closed.
    previous, handler.stream = handler.stream, buffer
    loggers = [logging.getLogger(), logging.getLogger("axes"), logging.getLogger("django")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
    yield buffer
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
    handler.stream = previous


@pytest.mark.django_db
def test_logs_never_hold_passwords_codes_or_email_addresses(log_output, security_log, client):
    email = "olivia.okafor@oxfordshire.example.gov.uk"
    password = "Correct-Horse-Battery-9"
    wrong_password = "Wrong-Guess-Stapler-7"
    user = get_user_model().objects.create_user(username=email, email=email, password=password)
    ProgrammeOfficer.objects.create(
        partnership=Partnership.objects.create(slug="oxon", name="Oxon"),
        user=user,
        start_date=datetime.date(2003, 4, 1),
    )
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    right_code = f"{totp(device.bin_key):06d}"
    wrong_code = "271828" if right_code != "271828" else "314159"

    client.post(SIGN_IN, {"username": email, "password": wrong_password})
    client.post(SIGN_IN, {"username": email, "password": password})
    client.post(VERIFY, {"code": wrong_code})
    client.post(reverse("accounts:sign-out"))
    client.post(SIGN_IN, {"username": email, "password": password})
    client.post(VERIFY, {"code": right_code})
    client.post(reverse("accounts:sign-out"))
    for _ in range(6):
        locked = client.post(SIGN_IN, {"username": email, "password": wrong_password})
    assert locked.status_code == 429
    logging.getLogger("accord.test").warning(
        "Posted %s", {"password": password, "otp_token": right_code, "ni": "QQ 12 34 56 C"}
    )

    logs = log_output.getvalue()
    request_ids = re.compile(r"\[[0-9a-f]{32}\]")
    assert "AXES" in logs, "the sign-in attempts were not logged at all"
    assert request_ids.search(logs), "log lines carry no request id"
    logs = request_ids.sub("", logs)  # random hex, which could hold six digits in a row
    for secret in [password, wrong_password, right_code, wrong_code, email, "QQ 12 34 56 C"]:
        assert secret not in logs
    # The security log names the account (here an e-mail address: it is the username), and
    # never a password or code.
    assert [line["event"] for line in security_log.lines()][:2] == [
        "sign_in.failed",
        "sign_in.password_accepted",
    ]
    for secret in [password, wrong_password, right_code, wrong_code]:
        assert secret not in security_log.text


# ---------------------------------------------------------------- the security log


@pytest.mark.django_db
def test_a_permission_refusal_on_a_page_or_the_api_is_logged_and_not_audited(
    demo, sign_in, client, security_log
):
    user = sign_in("representative")  # sits in Oxfordshire; may not read its audit trail
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    before = AuditEvent.objects.count()
    assert client.get(reverse("audit:event-list"), REMOTE_ADDR="192.0.2.8").status_code == 403
    api = "/api/audit/partnerships/oxfordshire/events"
    assert client.get(api, HTTP_USER_AGENT="curl/8.5").status_code == 403

    page, operation = security_log.events("permission.refused")
    assert page["action"] == operation["action"] == "audit.view"
    assert (page["path"], page["client_address"], page["answered"]) == ("/audit/", "192.0.2.8", 403)
    assert (operation["path"], operation["user_agent"]) == (api, "curl/8.5")
    assert operation["partnership_id"] == oxfordshire.pk
    for line in (page, operation):
        assert (line["outcome"], line["user_id"], line["username"]) == (
            "failure", user.pk, "representative"
        )  # fmt: skip
        assert line["request_id"]
        assert line["method"] == "GET"
    # A refusal changes nothing: a page refreshed a thousand times must not fill the trail.
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_refusal_that_answers_not_found_is_logged_too(demo, client, security_log):
    private = Meeting.objects.select_related("partnership").first()
    assert private is not None
    Meeting.objects.filter(pk=private.pk).update(is_public=False)  # a private meeting
    url = reverse("meetings:meeting-detail", args=[private.partnership.slug, private.pk])
    assert client.get(url).status_code == 404  # the public may not know it exists
    [line] = security_log.events("permission.refused")
    assert (line["action"], line["answered"], line["path"]) == ("meeting.view", 404, url)
    assert (line["user_id"], line["username"]) == (None, "")


def test_the_security_log_writes_one_json_object_a_line_to_its_file(tmp_path):
    """As settings.LOGGING sets it up with ACCORD_SECURITY_LOG naming a file."""
    path = tmp_path / "logs" / "security.log"
    logger = logging.getLogger("accord.security")
    (configured,) = [h for h in logger.handlers if h.get_name() == "security"]
    handler = security_handler(str(path))
    handler.setFormatter(configured.formatter)
    logger.addHandler(handler)
    try:
        security_event("sign_in.failed", outcome="failure", username="ann\n{forged}")
        security_event("permission.refused", outcome="failure", user_id=7, action="audit.view")
    finally:
        logger.removeHandler(handler)
        handler.close()
    first, second = (json.loads(line) for line in path.read_text().splitlines())
    assert first["username"] == "ann\n{forged}"  # a line break typed in stays in its line
    assert second["user_id"] == 7
    when = datetime.datetime.fromisoformat(first["time"])
    assert when.utcoffset() == datetime.timedelta(0)
    assert set(first) >= {
        "time", "event", "outcome", "user_id", "username", "client_address", "user_agent",
        "request_id", "method", "path", "partnership_id",
    }  # fmt: skip
