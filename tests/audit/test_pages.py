"""Browsing and exporting the trail: officers see their own partnership, administrators all."""

import csv
import io
import json

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.audit.services import audit_record, personal_erase
from accord.core.demo import DEMO_PASSWORD
from accord.partnerships.models import Partnership
from tests.audit.test_personal_data import request_from

TRAIL = reverse("audit:event-list")


@pytest.mark.django_db
def test_a_programme_officer_sees_their_partnerships_events_and_no_others(client, demo, sign_in):
    sign_in("officer")  # programme officer of Oxfordshire
    html = client.get(TRAIL).content.decode()
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    gloucestershire = Partnership.objects.get(slug="gloucestershire")
    assert f'<option value="{oxfordshire.pk}">Oxfordshire Supporting People</option>' in html
    assert f'<option value="{gloucestershire.pk}">' not in html
    assert "Oxfordshire Supporting People" in html
    shown = client.get(TRAIL, {"object_type": "partnerships.partnership"}).context["page"]
    assert {event.partnership_id for event in shown} == {oxfordshire.pk}
    refused = client.get(TRAIL, {"partnership": gloucestershire.pk})
    assert "Select a valid choice" in refused.content.decode()
    assert refused.context["page"] is None  # no events shown for a partnership not theirs


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["representative", "provider", "serviceuser"])
def test_people_without_an_administrative_role_cannot_read_the_trail(
    client, demo, sign_in, username
):
    sign_in(username)
    assert client.get(TRAIL).status_code == 403
    assert client.get(reverse("audit:event-export-csv")).status_code == 403


@pytest.mark.django_db
def test_the_public_cannot_read_the_trail(client, demo):
    assert client.get(TRAIL).status_code == 403


@pytest.mark.django_db
def test_an_administrator_sees_installation_wide_events_such_as_sign_ins(client, demo, sign_in):
    client.post("/account/sign-in/", {"username": "strategy", "password": DEMO_PASSWORD})
    sign_in("admin")
    response = client.get(TRAIL, {"partnership": "installation", "action": "user.sign_in"})
    assert response.status_code == 200
    [event] = response.context["page"]
    assert (event.action, event.actor_name) == ("user.sign_in", "strategy")


@pytest.mark.django_db
def test_a_bad_date_filter_names_the_field(client, demo, sign_in):
    sign_in("officer")
    response = client.get(TRAIL, {"since": "last tuesday"})
    assert response.status_code == 200
    assert 'class="govuk-error-summary"' in response.content.decode()
    assert "From must be a real date" in response.content.decode()
    response = client.get(TRAIL, {"since": "2026-11-02", "until": "2026-11-01"})
    assert "The to date must be the same as or after the from date" in response.content.decode()


@pytest.mark.django_db
def test_the_trail_exports_as_csv_and_json_and_the_export_is_itself_recorded(client, demo, sign_in):
    officer = sign_in("officer")
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    response = client.get(reverse("audit:event-export-csv"), {"partnership": oxfordshire.pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert {row["partnership_id"] for row in rows} == {str(oxfordshire.pk)}
    assert [int(row["sequence"]) for row in rows] == sorted(int(row["sequence"]) for row in rows)
    assert json.loads(rows[0]["changes"])["slug"] == [None, "oxfordshire"]
    exported = AuditEvent.objects.order_by("-sequence").first()
    assert exported is not None
    assert (exported.action, exported.actor_id) == ("audit.export", officer.pk)

    response = client.get(reverse("audit:event-export-json"), {"partnership": oxfordshire.pk})
    events = response.json()
    assert events[0]["action"] == "partnership.create"
    assert all(len(event["hash"]) == 64 for event in events)


@pytest.mark.django_db
def test_the_trail_page_queries_do_not_grow_with_the_number_of_events(
    client, demo, sign_in, django_assert_max_num_queries
):
    sign_in("admin")
    client.get(TRAIL)
    with django_assert_max_num_queries(20) as few:
        client.get(TRAIL)
    queries_with_few_events = len(few)  # read now: the next request resets the query log
    for number in range(60):  # each with its address and user agent beside the chain
        with request_from(f"192.0.2.{number}"):
            audit_record(actor=None, action="test.event", object_type="test")
    with django_assert_max_num_queries(queries_with_few_events):
        client.get(TRAIL)


@pytest.mark.django_db
def test_the_trail_shows_where_each_event_came_from_until_it_is_erased(client, demo, sign_in):
    sign_in("officer")
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    with request_from("198.51.100.7", "Mozilla/5.0 (Windows NT 10.0) Edge/140.0"):
        event = audit_record(actor=None, action="test.event", partnership_id=oxfordshire.pk)
    filters = {"partnership": oxfordshire.pk, "action": "test.event"}

    html = client.get(TRAIL, filters).content.decode()
    assert "from 198.51.100.7, Mozilla/5.0 (Windows NT 10.0) Edge/140.0" in html
    [row] = csv.DictReader(io.StringIO(exported_csv(client, filters)))
    assert (row["client_address"], row["user_agent"], row["personal_erased"]) == (
        "198.51.100.7", "Mozilla/5.0 (Windows NT 10.0) Edge/140.0", "False"
    )  # fmt: skip
    assert row["personal_digest"] == event.personal_digest

    personal_erase(actor=None, client_address="198.51.100.7")
    html = client.get(TRAIL, filters).content.decode()
    assert "198.51.100.7" not in html
    assert "Address and browser erased" in html
    [row] = csv.DictReader(io.StringIO(exported_csv(client, filters)))
    assert (row["client_address"], row["user_agent"], row["personal_erased"]) == ("", "", "True")
    assert row["personal_digest"] == event.personal_digest  # the chain is unchanged


def exported_csv(client, filters) -> str:
    response = client.get(reverse("audit:event-export-csv"), filters)
    return b"".join(response.streaming_content).decode()
