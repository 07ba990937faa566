"""Suite-wide fixtures, and the rule that CI runs every test.

Locally a test may skip for want of PostgreSQL or Chromium. With CI=true a skip is a
failure, except a PostgreSQL-only test skipped in the SQLite pass: CI's second pass
runs the suite on PostgreSQL, where nothing may skip.
"""

import io
import json
import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import caches
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accord.demo.services import DemoReport
from tests import database_template, demo_snapshot


def on_postgresql() -> bool:
    return bool(settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgresql():
        return
    needs_postgresql = pytest.mark.skip(
        reason="needs PostgreSQL (CI runs it in its PostgreSQL pass)"
    )
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(needs_postgresql)


UNEXPECTED_SKIPS: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if os.environ.get("CI") != "true" or not report.skipped:
        return
    allowed = "postgresql" in report.keywords and not on_postgresql()
    if not allowed:
        UNEXPECTED_SKIPS.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if UNEXPECTED_SKIPS:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if UNEXPECTED_SKIPS:
        terminalreporter.write_line(
            f"CI=true: {len(UNEXPECTED_SKIPS)} test(s) skipped that CI must run:", red=True
        )
        for nodeid in UNEXPECTED_SKIPS:
            terminalreporter.write_line(f"  {nodeid}", red=True)


@pytest.fixture
def sign_in(client):
    """Sign a user in, with a confirmed second factor verified for the session."""

    def sign_in_as(username: str) -> AbstractBaseUser:
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="Authenticator app", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return user

    return sign_in_as


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """The test database of this process (one per pytest-xdist worker), copied from a
    template migrated once (tests/database_template.py says how), in place of
    pytest-django's, which migrates in every process; with its row counts as migrated
    noted for ``demo``."""
    with django_db_blocker.unblock():
        original = database_template.set_up()
        demo_snapshot.note_baseline()
    yield
    with django_db_blocker.unblock():
        database_template.tear_down(original)


@pytest.fixture
def demo(db, papers_dir) -> DemoReport:
    """The demo partnerships and accounts, as `accord demo` loads them: loaded once per
    process and copied into each later test (tests/demo_snapshot.py says when and how)."""
    return demo_snapshot.demo_data()


@pytest.fixture(autouse=True)
def papers_dir(settings, tmp_path):
    """Meeting papers go to a folder of the test's own, never the developer's var/."""
    settings.PAPERS_DIR = tmp_path / "papers"
    return settings.PAPERS_DIR


@pytest.fixture(autouse=True)
def documents_cache():
    """Each test starts with no rendered PDF kept (accord.meetings.packs.cached_pdf): a
    document one test drew is never another test's."""
    cache = caches["documents"]
    cache.clear()
    return cache


class SecurityLog:
    """What the security log (``accord.security``) wrote during a test, through the
    formatter the settings configure."""

    def __init__(self, buffer: io.StringIO) -> None:
        self.buffer = buffer

    @property
    def text(self) -> str:
        return self.buffer.getvalue()

    def lines(self) -> list[dict[str, Any]]:
        """Every line, each of which must be one JSON object."""
        parsed = [json.loads(line) for line in self.text.splitlines()]
        assert all(isinstance(line, dict) for line in parsed)
        return parsed

    def events(self, event: str) -> list[dict[str, Any]]:
        return [line for line in self.lines() if line["event"] == event]


@pytest.fixture
def security_log() -> Iterator[SecurityLog]:
    """The security log's lines, as a SIEM would read them. Audit events are written when
    their transaction commits: run the request under ``django_capture_on_commit_callbacks``
    to see those."""
    logger = logging.getLogger("accord.security")
    (configured,) = [h for h in logger.handlers if h.get_name() == "security"]
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(configured.formatter)
    logger.addHandler(handler)
    try:
        yield SecurityLog(buffer)
    finally:
        logger.removeHandler(handler)
