"""Configuration: the database address, and production settings that pass Django's deploy checks."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from accord.settings.base import (
    ACCORD_DEFAULT_RATE_LIMITS,
    database_from_url,
    env_bool,
    rate_limits,
)

ACCORD = Path(sys.executable).parent / "accord"


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DJANGO_SETTINGS_MODULE": "accord.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "accord.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "ACCORD_OCID_PREFIX": "ocds-a1b2c3",  # as registered with the Open Contracting Partnership
        **extra,
    }


def test_database_url_selects_postgresql():
    config = database_from_url("postgres://postgres@127.0.0.1:5432/accord")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"]) == ("accord", "127.0.0.1", 5432)


def test_the_embedded_database_takes_concurrent_writers_without_locking_errors(tmp_path):
    config = database_from_url(f"sqlite:///{tmp_path / 'accord.sqlite3'}")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    options = config["OPTIONS"]
    assert isinstance(options, dict)
    assert options["transaction_mode"] == "IMMEDIATE"


def test_a_malformed_database_url_is_a_configuration_error_naming_it():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("nosuchdb://somewhere/x")


def test_a_yes_no_variable_refuses_a_value_it_does_not_understand(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", default=False)


@pytest.mark.django_db
def test_the_suite_runs_on_the_database_database_url_names():
    # CI's second pass sets DATABASE_URL to PostgreSQL: prove the suite really runs there.
    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_production_settings_pass_the_deploy_checks_at_warning_level(tmp_path):
    result = subprocess.run(
        [ACCORD, "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=production_env(tmp_path),
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_checks_refuse_the_placeholder_ocid_prefix(tmp_path):
    # Every release keeps its procurement's first ocid: the placeholder must not go live.
    result = subprocess.run(
        [ACCORD, "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=production_env(tmp_path, ACCORD_OCID_PREFIX="ocds-xxxxxx"),
        check=False,
        timeout=120,
    )
    assert result.returncode == 2  # the accord command's exit for a command error
    assert (
        "(accord.procurement.W001) ACCORD_OCID_PREFIX is ocds-xxxxxx (the Open Contracting "
        "placeholder)"
    ) in result.stderr


def test_production_static_files_collect_with_hashed_names(tmp_path):
    # The manifest storage fails if a stylesheet refers to a file we do not ship
    # (the GOV.UK crown and fonts are deliberately left out).
    result = subprocess.run(
        [ACCORD, "collectstatic", "--no-input", "-v0"],
        capture_output=True,
        text=True,
        env=production_env(tmp_path),
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    for name in ("accord/accord.css", "vendor/htmx/htmx.min.js", "accord/init.mjs"):
        assert name in manifest["paths"]


def settings_value(name: str, **env: str) -> str:
    """A setting as the `accord` command (accord.settings.base) sees it in this environment."""
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "accord.settings.base",
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_debug_detail_is_shown_only_when_a_developer_asks_for_it():
    # issue 14: signed out, a 404 on `make run` showed Django's debug page listing every
    # URL pattern; the demo server now shows the real error pages
    assert settings_value("DEBUG") == "False"
    assert settings_value("DEBUG", DEBUG="true") == "True"
    # without DEBUG the local server still serves the stylesheets from the apps
    assert settings_value("WHITENOISE_USE_FINDERS") == "True"
    run = Path(__file__).resolve().parent.parent.joinpath("Makefile").read_text()
    recipe = run.split("\nrun:")[1].split("\n\n")[0]
    assert "DEBUG" not in recipe


def test_rate_limits_are_the_defaults_unless_set_off_or_changed_scope_by_scope():
    defaults = ACCORD_DEFAULT_RATE_LIMITS
    assert rate_limits("", defaults) == defaults
    assert rate_limits("off", defaults) == {}
    raised = rate_limits("api=6000/24000/60", defaults)
    assert raised["api"] == {"per_person": 6000, "per_address": 24000, "seconds": 60}
    assert raised["expensive"] == defaults["expensive"]


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("api=300/1200", "'api=300/1200' is not scope=person/address/seconds"),
        ("search=1/2/3", "with a scope among api, expensive"),
        ("api=300/1200/7200", "a window lasts 1 to 3600 seconds"),
    ],
)
def test_a_rate_limit_setting_that_makes_no_sense_is_a_configuration_error(value, says):
    with pytest.raises(ImproperlyConfigured, match=says):
        rate_limits(value, ACCORD_DEFAULT_RATE_LIMITS)
