"""Procurement's pages: the buttons come from the lifecycle table, a refused step is a
message on the form's field and changes nothing, and bids are shown only to the
programme team."""

from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.commissioning.models import Contract
from tests import factories

from .test_services import World, in_standstill, opened, refresh, strategy

pytestmark = pytest.mark.django_db


@pytest.fixture
def w() -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna
    seat.person.save()
    return world


def url(name: str, w: World, pk: int) -> str:
    return reverse(f"procurement:{name}", args=[w.partnership.slug, pk])


def test_the_page_offers_publishing_only_once_the_strategy_is_carried(client, sign_in, w):
    procurement = strategy(w)
    sign_in(w.officer.username)
    page = client.get(url("procurement-detail", w, procurement.pk)).content.decode()
    assert "Publish the tender: not yet." in page
    assert "carried decision approving its tendering strategy" in page


def test_publishing_without_the_carried_decision_is_refused_on_the_field(client, sign_in, w):
    procurement = strategy(w)
    tabled = w.decision("tendering_strategy", "tabled")
    sign_in(w.officer.username)
    events = AuditEvent.objects.count()
    response = client.post(url("procurement-open", w, procurement.pk), {"decision": tabled.pk})
    assert response.status_code == 200
    assert "Choose a carried tendering strategy of this partnership" in response.content.decode()
    assert AuditEvent.objects.count() == events
    carried = w.decision("tendering_strategy")
    response = client.post(url("procurement-open", w, procurement.pk), {"decision": carried.pk})
    assert response.status_code == 302
    assert refresh(procurement).state == "open"


def test_signing_during_the_standstill_is_refused_on_the_page(client, sign_in, w):
    procurement = in_standstill(w)
    sign_in(w.officer.username)
    form = {
        "on": "2026-01-06",
        "reference": "OX-C-2026-01",
        "department": "Supporting People Team",
        "start_date": "2026-04-01",
        "end_date": "2029-03-31",
    }
    response = client.post(url("procurement-sign", w, procurement.pk), form)
    assert response.status_code == 200
    assert "The standstill period has not ended" in response.content.decode()
    assert not Contract.objects.exists()
    form["on"] = "2026-01-07"
    assert client.post(url("procurement-sign", w, procurement.pk), form).status_code == 302
    assert refresh(procurement).state == "signed"


def test_bids_are_shown_to_the_programme_team_and_not_to_a_member(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.anna.username)
    page = client.get(url("procurement-detail", w, procurement.pk)).content.decode()
    assert "Cherwell Housing Trust" not in page
    assert "Bids (confidential)" not in page
    sign_in(w.officer.username)
    page = client.get(url("procurement-detail", w, procurement.pk)).content.decode()
    assert "Cherwell Housing Trust" in page


def test_the_list_reads_in_a_constant_number_of_queries(
    client, sign_in, w, django_assert_max_num_queries
):
    sign_in(w.officer.username)
    strategy(w)
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("procurement:procurement-list", args=[w.partnership.slug]))
    for n in range(5):
        strategy(w, reference=f"OX-{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("procurement:procurement-list", args=[w.partnership.slug]))
