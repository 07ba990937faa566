"""The people who sign in for a provider (issue 18), kept by the programme team on the
provider's page and in the API: added by the username of their account from a date,
their term ended on a date; each change audited; refusals name the field and change
nothing; nobody but the programme team sees or keeps them."""

import datetime

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.commissioning.models import ProviderStaff
from tests import factories

START = datetime.date(2009, 4, 1)


@pytest.fixture
def keystone(db):
    glos = factories.PartnershipFactory(slug="gloucestershire", name="Gloucestershire")
    factories.ProgrammeOfficerFactory(partnership=glos, user__username="officer")
    factories.UserFactory(username="keystone")
    return factories.ProviderFactory(partnership=glos, name="Keystone Care and Support Ltd")


def test_the_officer_adds_and_ends_a_term_on_the_providers_page(client, sign_in, keystone):
    sign_in("officer")
    add = reverse("commissioning:provider-staff-add", args=["gloucestershire", keystone.pk])
    refused = client.post(
        add,
        {"username": "nobody", "start_date_0": "1", "start_date_1": "4", "start_date_2": "2009"},
    )
    assert refused.status_code == 200
    assert "No active account has the username &#x27;nobody&#x27;" in refused.text
    assert not ProviderStaff.objects.exists()
    added = client.post(
        add,
        {"username": "keystone", "start_date_0": "1", "start_date_1": "4", "start_date_2": "2009"},
    )
    assert added.status_code == 302
    term = ProviderStaff.objects.get()
    assert (term.user.username, term.start_date, term.end_date) == ("keystone", START, None)
    again = client.post(
        add,
        {"username": "keystone", "start_date_0": "1", "start_date_1": "5", "start_date_2": "2010"},
    )
    assert "keystone already signs in for Keystone Care and Support Ltd then" in again.text
    page = client.get(
        reverse("commissioning:provider-detail", args=["gloucestershire", keystone.pk])
    )
    assert "People who sign in for this provider" in page.text
    assert "keystone" in page.text
    end = reverse(
        "commissioning:provider-staff-end", args=["gloucestershire", keystone.pk, term.pk]
    )
    ended = client.post(end, {"end_date_0": "31", "end_date_1": "3", "end_date_2": "2011"})
    assert ended.status_code == 302
    term.refresh_from_db()
    assert term.end_date == datetime.date(2011, 3, 31)
    assert list(
        AuditEvent.objects.filter(action__startswith="provider_staff.")
        .order_by("sequence")
        .values_list("action", flat=True)
    ) == ["provider_staff.add", "provider_staff.end"]


def test_the_api_adds_lists_and_ends_a_term_with_the_version_read(client, sign_in, keystone):
    sign_in("officer")
    base = f"/api/commissioning/partnerships/gloucestershire/providers/{keystone.pk}/staff"
    refused = client.post(
        base, {"username": "nobody", "start_date": "2009-04-01"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "username"
    made = client.post(
        base, {"username": "keystone", "start_date": "2009-04-01"}, content_type="application/json"
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["username"], body["start_date"], body["end_date"]) == (
        "keystone",
        "2009-04-01",
        None,
    )
    assert [row["username"] for row in client.get(base).json()["items"]] == ["keystone"]
    address = f"{base}/{body['id']}"
    version = client.get(address)["ETag"]
    assert (
        client.post(
            f"{address}/end", {"end_date": "2011-03-31"}, content_type="application/json"
        ).status_code
        == 428
    )
    too_early = client.post(
        f"{address}/end",
        {"end_date": "2009-03-31"},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert too_early.status_code == 422
    assert too_early.json()["error"]["field"] == "end_date"
    ended = client.post(
        f"{address}/end",
        {"end_date": "2011-03-31"},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert ended.status_code == 200
    assert ended.json()["end_date"] == "2011-03-31"


def test_nobody_but_the_programme_team_sees_or_keeps_them(client, sign_in, keystone):
    from accord.commissioning import services

    services.provider_staff_add(
        actor=None, provider=keystone, username="keystone", start_date=START
    )
    sign_in("keystone")  # the provider's own person: not the team
    page = client.get(
        reverse("commissioning:provider-detail", args=["gloucestershire", keystone.pk])
    )
    assert page.status_code == 200  # the register is public
    assert "People who sign in for this provider" not in page.text
    add = reverse("commissioning:provider-staff-add", args=["gloucestershire", keystone.pk])
    assert client.get(add).status_code == 403
    base = f"/api/commissioning/partnerships/gloucestershire/providers/{keystone.pk}/staff"
    assert client.get(base).status_code == 403
    assert (
        client.post(
            base,
            {"username": "keystone", "start_date": "2012-04-01"},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert ProviderStaff.objects.count() == 1
