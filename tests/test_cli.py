"""The `accord` console script: Django's commands under one name, mistakes as one line."""

import subprocess
import sys
from pathlib import Path

import pytest

from accord.cli import main

ACCORD = Path(sys.executable).parent / "accord"


def test_the_console_script_is_installed_and_lists_the_commands():
    result = subprocess.run(
        [ACCORD, "help"], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0
    assert "accord help <subcommand>" in result.stdout
    assert "[demo]" in result.stdout


def test_an_unknown_command_is_one_line_on_stderr_with_status_2(capsys):
    assert main(["no-such-command"]) == 2
    captured = capsys.readouterr()
    assert (
        captured.err
        == "accord: unknown command 'no-such-command'; 'accord help' lists the commands\n"
    )


def test_a_bad_argument_is_one_line_naming_it_with_status_2(capsys):
    assert main(["demo", "--no-such-option"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--no-such-option" in err
    assert "Traceback" not in err


@pytest.mark.django_db
def test_a_refused_command_is_one_line_with_status_2(capsys):
    # Django's own commands raise CommandError for a user's mistake; it arrives as one line.
    assert main(["migrate", "no_such_app"]) == 2
    err = capsys.readouterr().err
    assert err == "accord: migrate: No installed app with label 'no_such_app'.\n"


def test_a_missing_production_secret_is_one_line_with_status_2(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "accord.settings.production",
        "ALLOWED_HOSTS": "accord.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [ACCORD, "check"], capture_output=True, text=True, env=env, check=False, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "SECRET_KEY must be set" in result.stderr
