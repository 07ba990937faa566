"""Reminders of late returns: once a quarter's returns are late (due 15 working days after
it), the provider of each service without a return is e-mailed at its contact address,
through the background tasks once the reminder's record commits; each reminder is recorded
and audited, and a service is never reminded twice of the same quarter. The command (for
cron), the returns page's button and the API do the same."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accord.audit.models import AuditEvent
from accord.cli import main
from accord.performance import services
from accord.performance.models import ReturnReminder
from accord.performance.periods import Quarter
from tests import factories

Q2 = Quarter(2009, 2)  # ends Wednesday 30 September 2009; returns due by 21 October
LATE = "2009-10-22"
SHELTERED = {
    "unit_days_contracted": 2760,
    "unit_days_available": 2738,
    "support_days_contracted": 2760,
    "support_days_used": 2590,
    "kpi1_numerator": 27,
    "kpi1_denominator": 28,
}


@pytest.fixture
def contacts(glos_services):
    """Cheltenham Borough Homes' contact for its returns; GLOS-0001 has sent its return."""
    provider = glos_services["sheltered"].provider
    provider.contact_name = "Returns officer"
    provider.contact_email = "returns@cbh.example"
    provider.save()
    services.return_submit(
        actor=None,
        service=glos_services["sheltered"],
        period=Q2,
        figures=SHELTERED,
        today=datetime.date(2009, 10, 5),
    )
    return glos_services


@pytest.fixture
def officers(gloucestershire, oxfordshire):
    factories.ProgrammeOfficerFactory(partnership=gloucestershire, user__username="officer")
    factories.ProgrammeOfficerFactory(partnership=oxfordshire, user__username="other-officer")


def remind(capsys, django_capture_on_commit_callbacks, today=LATE, period="2009/10 Q2"):
    quarter = ["--period", period] if period else []  # a daily cron names none
    with django_capture_on_commit_callbacks(execute=True):
        status = main(["performance", "remind", "gloucestershire", *quarter, "--today", today])
    captured = capsys.readouterr()
    # The tests run each task at once, and django-tasks logs it: not the command's words.
    said = [line for line in captured.err.splitlines(keepends=True) if " django_tasks " not in line]
    return status, captured.out, "".join(said)


def test_the_provider_of_each_late_return_is_e_mailed_once(
    capsys, django_capture_on_commit_callbacks, contacts
):
    status, out, err = remind(capsys, django_capture_on_commit_callbacks)
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "GLOS-0002: reminded",
        "GLOS-0003: reminded",
        "2 reminders sent for 2009/10 Q2 (returns were due by 21 October 2009)",
    ]
    # GLOS-0001 sent its return: no reminder for it.
    assert [m.to for m in mail.outbox] == [["returns@cbh.example"], ["returns@cbh.example"]]
    floating = mail.outbox[0]
    assert floating.subject == (
        f"Quarterly return overdue: GLOS-0002 {contacts['floating'].name}, 2009/10 Q2"
    )
    body = floating.body
    assert body.startswith("Dear Returns officer,")
    assert "for 2009/10 Q2, the quarter from 1 July 2009 to 30 September 2009" in body
    assert "It was due by Wednesday 21 October 2009." in body
    assert "- Support days used" in body
    assert "- KPI 2: service users who moved on in a planned way" in body
    assert "Unit days" not in body  # a support-only service has none to send
    assert "KPI 1" not in body  # nor KPI 1, being short-term
    assert "<" not in body  # plain text
    reminders = list(ReturnReminder.objects.order_by("service__reference"))
    reminded, due = datetime.date(2009, 10, 22), datetime.date(2009, 10, 21)
    assert [(r.service.reference, r.sent_to, r.reminded_on, r.due_on) for r in reminders] == [
        ("GLOS-0002", "returns@cbh.example", reminded, due),
        ("GLOS-0003", "returns@cbh.example", reminded, due),
    ]
    events = AuditEvent.objects.filter(action="return.remind")
    assert events.count() == 2
    assert {e.actor_id for e in events} == {None}  # the command line
    # Run again (cron, the next day): nobody is reminded twice.
    status, out, _ = remind(capsys, django_capture_on_commit_callbacks, today="2009-10-23")
    assert status == 0
    assert out.splitlines() == [
        "GLOS-0002: already reminded for 2009/10 Q2",
        "GLOS-0003: already reminded for 2009/10 Q2",
        "0 reminders sent for 2009/10 Q2 (returns were due by 21 October 2009)",
    ]
    assert len(mail.outbox) == 2
    assert ReturnReminder.objects.count() == 2


def test_no_reminder_before_the_returns_are_late(
    capsys, django_capture_on_commit_callbacks, contacts
):
    status, out, err = remind(capsys, django_capture_on_commit_callbacks, today="2009-10-21")
    assert (status, out) == (2, "")
    assert err == (
        "accord: performance: --period: Returns for 2009/10 Q2 are due by Wednesday 21 "
        "October 2009: none is late yet\n"
    )
    assert mail.outbox == []
    assert not ReturnReminder.objects.exists()
    assert not AuditEvent.objects.filter(action="return.remind").exists()


def test_a_daily_run_without_a_quarter_reminds_of_the_latest_late_one(
    capsys, django_capture_on_commit_callbacks, contacts
):
    """Cron runs the command every day naming no quarter: until Q2's returns are late it
    means Q1 (late since July), and from the day after Q2's due day, Q2."""
    status, out, err = remind(
        capsys, django_capture_on_commit_callbacks, today="2009-10-21", period=None
    )
    assert status == 0
    assert out.splitlines() == [  # GLOS-0003 was not running in Q1: no return due
        "GLOS-0001: reminded",
        "GLOS-0002: reminded",
        "2 reminders sent for 2009/10 Q1 (returns were due by 21 July 2009)",
    ]
    status, out, err = remind(capsys, django_capture_on_commit_callbacks, period=None)
    assert (status, err) == (0, "")
    assert out.splitlines()[-1] == (
        "2 reminders sent for 2009/10 Q2 (returns were due by 21 October 2009)"
    )
    assert (
        sorted(str(r.period) for r in ReturnReminder.objects.all())
        == ["2009/10 Q1"] * 2 + ["2009/10 Q2"] * 2
    )


def test_a_provider_without_a_contact_address_is_listed_not_reminded(
    capsys, django_capture_on_commit_callbacks, contacts
):
    silent = factories.ProviderFactory(partnership=contacts["sheltered"].partnership, name="Quiet")
    factories.ServiceFactory(provider=silent, reference="GLOS-0009", term="long")
    status, out, err = remind(capsys, django_capture_on_commit_callbacks)
    assert status == 0
    assert err == "GLOS-0009: not reminded: its provider has no contact e-mail address\n"
    assert "2 reminders sent" in out
    assert not ReturnReminder.objects.filter(service__reference="GLOS-0009").exists()


def test_a_return_that_arrives_before_the_e_mail_leaves_is_not_chased(
    django_capture_on_commit_callbacks, contacts
):
    glos = contacts["sheltered"].partnership
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = services.returns_remind(
            actor=None, partnership=glos, period=Q2, today=datetime.date(2009, 10, 22)
        )
    assert len(done.reminders) == 2
    assert mail.outbox == []  # nothing inside the transaction
    services.return_submit(
        actor=None,
        service=contacts["hostel"],
        period=Q2,
        figures={**SHELTERED, "kpi1_numerator": None, "kpi1_denominator": None,
                 "kpi2_numerator": 7, "kpi2_denominator": 10},
        today=datetime.date(2009, 10, 22),
    )  # fmt: skip
    for callback in callbacks:
        callback()
    assert [m.subject.split(":")[1].split()[0] for m in mail.outbox] == ["GLOS-0002"]


def test_the_officer_reminds_from_the_returns_page_which_shows_when(
    client, sign_in, officers, contacts, django_capture_on_commit_callbacks
):
    sign_in("officer")
    page_url = reverse("performance:return-list", args=["gloucestershire"]) + "?period=2009/10 Q2"
    page = client.get(page_url).text
    assert "E-mail reminders of late returns" in page
    assert "2 late returns not yet reminded" in page
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("performance:return-remind", args=["gloucestershire"]),
            {"period": "2009/10 Q2"},
        )
    assert answer.status_code == 302
    assert len(mail.outbox) == 2
    page = client.get(answer["Location"]).text
    assert "2 reminders sent" in page
    today = timezone.localdate()
    assert page.count(f"{today.day} {today:%B %Y}") >= 2  # each late service: when reminded
    assert "E-mail reminders of late returns" not in page  # none left to remind
    event = AuditEvent.objects.filter(action="return.remind").first()
    assert event is not None
    assert event.actor_id is not None  # the officer, by name


def test_the_api_reminds_once_and_the_outstanding_list_says_when(
    client, sign_in, officers, contacts, django_capture_on_commit_callbacks
):
    sign_in("officer")
    url = "/api/performance/partnerships/gloucestershire/return-reminders"
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, {"period": "2009/10 Q2"}, content_type="application/json")
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["period"], body["due_on"]) == ("2009/10 Q2", "2009-10-21")
    assert [r["service"] for r in body["reminders"]] == ["GLOS-0002", "GLOS-0003"]
    assert {r["sent_to"] for r in body["reminders"]} == {"returns@cbh.example"}
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"period": "2009/10 Q2"}, content_type="application/json")
    assert again.json()["reminders"] == []
    assert again.json()["already_reminded"] == ["GLOS-0002", "GLOS-0003"]
    assert len(mail.outbox) == 2
    outstanding = client.get(
        "/api/performance/partnerships/gloucestershire/outstanding-returns?period=2009/10 Q2"
    ).json()["items"]
    assert {row["reminded_on"] for row in outstanding} == {timezone.localdate().isoformat()}
    bad = client.post(url, {"period": "2009-10 Q2"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "period"


def test_the_api_refuses_before_the_returns_are_late(client, sign_in, officers, contacts):
    sign_in("officer")
    this_quarter = Quarter.of(timezone.localdate())
    answer = client.post(
        "/api/performance/partnerships/gloucestershire/return-reminders",
        {"period": str(this_quarter)},
        content_type="application/json",
    )
    assert answer.status_code == 409
    assert "none is late yet" in answer.json()["error"]["message"]
    assert not ReturnReminder.objects.exists()


def test_another_partnerships_officer_cannot_remind(client, sign_in, officers, contacts):
    sign_in("other-officer")
    answer = client.post(
        "/api/performance/partnerships/gloucestershire/return-reminders",
        {"period": "2009/10 Q2"},
        content_type="application/json",
    )
    assert answer.status_code in (403, 404)
    assert not ReturnReminder.objects.exists()
