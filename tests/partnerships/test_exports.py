"""`accord export FORMAT SLUG`: each app registers its formats; the command runs them."""

import json

import pytest

from accord.cli import main
from accord.partnerships import exports


@pytest.fixture
def oxfordshire(demo):
    return demo


def test_the_command_offers_and_runs_every_registered_format(
    oxfordshire, monkeypatch, capsysbinary
):
    def counts(partnership, actor):
        return {"partnership": partnership.slug, "actor": actor}

    monkeypatch.setitem(
        exports.EXPORTERS, "counts", exports.Exporter("counts", "a format of a test", counts)
    )
    assert main(["export", "counts", "oxfordshire"]) == 0
    written = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    assert written == {"partnership": "oxfordshire", "actor": None}


def test_the_formats_of_the_apps_are_registered_when_django_starts():
    assert "popolo" in exports.EXPORTERS


@pytest.mark.django_db
def test_an_unknown_format_is_one_line_and_exit_status_2(capfd):
    assert main(["export", "nonesuch", "oxfordshire"]) == 2
    error = capfd.readouterr().err
    assert error.startswith("accord: export: ")
    assert "nonesuch" in error
    assert error.count("\n") == 1


def test_two_apps_cannot_register_one_format(monkeypatch):
    monkeypatch.setattr(exports, "EXPORTERS", {})
    exports.register(exports.Exporter("popolo", "the register", lambda p, a: {}))
    with pytest.raises(ValueError, match="already registered"):
        exports.register(exports.Exporter("popolo", "another", lambda p, a: {}))
