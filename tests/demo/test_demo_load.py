"""`accord demo`: loads the seeds' partnerships and the demo accounts, idempotently."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from accord.core.demo import DEMO_ACCOUNTS
from accord.core.security import security_write
from accord.demo import oxfordshire as oxon
from accord.demo.services import demo_load
from accord.governance.models import Body
from accord.meetings import services as meetings
from accord.partnerships.models import Partnership


@pytest.mark.django_db
def test_the_demo_has_the_two_partnerships_of_the_seeds_and_one_account_per_role():
    demo_load()
    assert set(Partnership.objects.values_list("name", flat=True)) == {
        "Oxfordshire Supporting People",
        "Gloucestershire Supporting People",
    }
    assert get_user_model().objects.count() == len(DEMO_ACCOUNTS)
    assert len({account.role for account in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)


@pytest.mark.django_db
def test_loading_the_demo_twice_loses_nothing_a_user_changed(capsys):
    call_command("demo")
    officer = get_user_model().objects.get(username="officer")
    officer.set_password("a-password-the-officer-chose")
    officer.save()
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    oxfordshire.description = "Edited by the programme team"
    oxfordshire.save()

    call_command("demo")

    officer.refresh_from_db()
    assert officer.check_password("a-password-the-officer-chose")
    assert Partnership.objects.get(slug="oxfordshire").description == "Edited by the programme team"
    assert Partnership.objects.count() == 2
    assert "partnerships: 0 created, 2 already present" in capsys.readouterr().out


@pytest.mark.django_db
def test_loading_the_demo_tells_nobody_of_its_history(django_capture_on_commit_callbacks):
    """The demo publishes agendas, opens votes and makes decisions years ago: none of it
    is news, so no e-mail is queued; the services tell people again afterwards."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        demo_load()

    # Only the security log's lines, written once each event is committed; nothing else.
    told = [c for c in callbacks if getattr(c, "func", None) is not security_write]
    assert told == []
    assert mail.outbox == []

    officer = get_user_model().objects.get(username="officer")
    board = Body.objects.get(partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY)
    meeting = meetings.meeting_schedule(
        actor=officer, body=board, date=datetime.date(2010, 6, 9), place="County Hall, Oxford"
    )
    meetings.agenda_item_add(actor=officer, meeting=meeting, title="Annual plan 2010/11")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        meetings.meeting_publish_agenda(
            actor=officer, meeting=meeting, today=datetime.date(2010, 5, 26)
        )
    told = [c for c in callbacks if getattr(c, "func", None) is not security_write]
    assert len(told) == 1  # told again once the demo is loaded
    assert len(mail.outbox) >= 1
