"""Closure days: added and removed by services that audit themselves in the same
transaction, a weekend refused, and the admin audited too."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accord.audit.models import AuditEvent
from accord.calendar.models import ClosureDay
from accord.calendar.selectors import closure_dates, closure_day_list
from accord.calendar.services import closure_day_add, closure_day_remove

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    return get_user_model().objects.create_superuser("root", password="x" * 16)


def test_closure_day_add_writes_one_audit_event_in_the_same_transaction(administrator):
    before = AuditEvent.objects.count()
    closure_day = closure_day_add(
        actor=administrator, date=D(2026, 12, 29), reason="Christmas closure"
    )
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="closure_day.add")
    assert (event.object_type, event.object_id) == ("calendar.closureday", str(closure_day.pk))
    assert event.actor_name == "root"
    assert event.partnership_id is None
    assert event.changes["date"] == [None, "2026-12-29"]
    assert event.changes["reason"] == [None, "Christmas closure"]


def test_a_closure_day_whose_audit_event_fails_is_not_added(administrator, monkeypatch):
    # The event is written after the row, in the service's transaction: if it fails,
    # the row goes too.
    def failing(**kwargs):
        raise RuntimeError("the audit trail is unavailable")

    monkeypatch.setattr("accord.audit.services.audit_record", failing)
    with pytest.raises(RuntimeError, match="unavailable"):
        closure_day_add(actor=administrator, date=D(2026, 12, 29), reason="Christmas closure")
    assert not ClosureDay.objects.exists()


@pytest.mark.parametrize(
    "day",
    [
        D(2026, 12, 26),  # Saturday, Boxing Day
        D(2026, 12, 27),  # Sunday
    ],
)
def test_a_weekend_is_refused_naming_the_date(administrator, day):
    with pytest.raises(ValidationError) as refused:
        closure_day_add(actor=administrator, date=day, reason="Christmas closure")
    assert list(refused.value.message_dict) == ["date"]
    assert "never a working day" in refused.value.message_dict["date"][0]
    assert not ClosureDay.objects.exists()
    assert not AuditEvent.objects.filter(action="closure_day.add").exists()


def test_a_closure_day_needs_a_reason_and_a_date_of_its_own(administrator):
    with pytest.raises(ValidationError) as refused:
        closure_day_add(actor=administrator, date=D(2026, 12, 29), reason="")
    assert list(refused.value.message_dict) == ["reason"]
    closure_day_add(actor=administrator, date=D(2026, 12, 29), reason="Christmas closure")
    with pytest.raises(ValidationError) as refused:
        closure_day_add(actor=administrator, date=D(2026, 12, 29), reason="Again")
    assert list(refused.value.message_dict) == ["date"]


def test_the_database_refuses_a_closure_day_without_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        ClosureDay.objects.create(date=D(2026, 12, 29), reason="")


def test_closure_day_remove_deletes_it_and_writes_one_audit_event(administrator):
    closure_day = closure_day_add(
        actor=administrator, date=D(2026, 12, 29), reason="Christmas closure"
    )
    pk = closure_day.pk
    before = AuditEvent.objects.count()
    closure_day_remove(actor=administrator, closure_day=closure_day)
    assert not ClosureDay.objects.exists()
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.get(action="closure_day.remove")
    assert (event.object_type, event.object_id) == ("calendar.closureday", str(pk))
    assert event.changes["date"] == ["2026-12-29", None]


def test_the_selectors_list_the_closure_days_in_date_order(administrator):
    closure_day_add(actor=administrator, date=D(2026, 12, 30), reason="Christmas closure")
    closure_day_add(actor=administrator, date=D(2026, 12, 29), reason="Christmas closure")
    assert [day.date for day in closure_day_list()] == [D(2026, 12, 29), D(2026, 12, 30)]
    assert closure_dates() == {D(2026, 12, 29), D(2026, 12, 30)}


def test_a_closure_day_added_and_removed_in_the_admin_is_audited(client, administrator, sign_in):
    sign_in("root")
    response = client.post(
        "/admin/calendar/closureday/add/", {"date": "2026-12-29", "reason": "Christmas closure"}
    )
    assert response.status_code == 302
    closure_day = ClosureDay.objects.get(date=D(2026, 12, 29))
    event = AuditEvent.objects.get(action="closure_day.add")
    assert event.object_id == str(closure_day.pk)
    assert event.changes["via"] == [None, "admin"]
    response = client.post(f"/admin/calendar/closureday/{closure_day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="closure_day.remove").count() == 1


def test_the_admin_refuses_a_weekend(client, administrator, sign_in):
    sign_in("root")
    response = client.post(
        "/admin/calendar/closureday/add/", {"date": "2026-12-26", "reason": "Boxing Day"}
    )
    assert response.status_code == 200
    assert "never a working day" in response.content.decode()
    assert not ClosureDay.objects.exists()
