"""A provider's own bids page (issue 16): the people who sign in for a provider find, from
their home page, its bids in the partnership's procurements (price, when received, late or
excluded and why, the procurement's stage) and the tenders open for bids with their
questions and answers; never another provider's bid, nor any score."""

import datetime
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accord.commissioning import services as commissioning
from accord.commissioning.models import Provider
from accord.procurement import services
from tests import factories

from .test_services import AFTER, DEADLINE, World, late_provider, opened, strategy

pytestmark = pytest.mark.django_db


def late(w: World) -> Any:
    return Provider.objects.get(partnership=w.partnership, name="Late Ltd")


PAGE = reverse("procurement:own-bids", args=["oxon"])


@pytest.fixture
def w() -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna
    seat.person.save()
    for username, provider in (("cherwell-staff", world.providers[1]), ("late-staff", None)):
        factories.UserFactory(username=username)
        if provider is None:
            provider = late_provider(world)  # "Late Ltd": has not bid, or bids late
        commissioning.provider_staff_add(
            actor=None, provider=provider, username=username, start_date=datetime.date(2003, 4, 1)
        )
    return world


def test_a_providers_people_see_their_own_bid_only_with_no_score(client, sign_in, w):
    procurement = opened(w)  # a bid from Oxford (120,000), Cherwell (90,000), Vale (100,000)
    sign_in("cherwell-staff")
    answer = client.get(PAGE)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Cherwell Housing Trust" in html
    assert "£90,000.00" in html
    assert "Oxford Floating Support" not in html
    assert "Vale Support" not in html
    assert "£120,000.00" not in html
    assert "Weighted total" not in html
    assert "Rank" not in html
    assert "Open for bids" in html  # the procurement's stage
    qa = reverse("procurement:clarification-list", args=["oxon", procurement.pk])
    assert f'href="{qa}"' in html


def test_a_late_bid_shows_why_it_is_excluded(client, sign_in, w):
    procurement = opened(w)
    services.bid_receive(
        actor=w.officer, procurement=procurement, provider=late(w), price="80000.00",
        received_at=AFTER,
    )  # fmt: skip
    sign_in("late-staff")
    html = client.get(PAGE).content.decode()
    assert "Late: Received after the deadline for bids" in html
    assert "Cherwell Housing Trust" not in html
    assert DEADLINE.year == 2025


def test_a_provider_that_has_not_bid_sees_no_bid_and_the_open_tenders(client, sign_in, w):
    closed = opened(w)  # its deadline (2025) has passed: no longer open for bids
    now = timezone.now()
    tender = strategy(
        w, reference="OX-FS-NEXT", notice_on=now.date(), deadline=now + datetime.timedelta(days=9)
    )
    services.procurement_open(
        actor=w.officer, procurement=tender, decision=w.decision("tendering_strategy"), now=now
    )
    sign_in("late-staff")
    html = client.get(PAGE).content.decode()
    assert "No bid from your providers yet" in html
    assert "OX-FS-NEXT" in html  # among the tenders open for bids, with its questions
    qa = reverse("procurement:clarification-list", args=["oxon", tender.pk])
    assert f'href="{qa}"' in html
    assert closed.reference not in html
    assert "£" not in html


def test_the_programme_team_sees_every_bid_members_and_the_public_none(client, sign_in, w):
    opened(w)
    sign_in(w.officer.username)
    html = client.get(PAGE).content.decode()
    assert all(p.name in html for p in w.providers[:3])
    sign_in(w.anna.username)
    assert client.get(PAGE).status_code == 403
    client.logout()
    assert client.get(PAGE).status_code in (302, 403)


def test_the_home_page_leads_a_providers_people_to_their_bids(client, sign_in, w):
    opened(w)
    sign_in("cherwell-staff")
    home = client.get("/").content.decode()
    assert f'href="{PAGE}"' in home
    assert "Bids and tenders, Oxfordshire" in home


def test_the_page_reads_a_fixed_number_of_queries(
    client, sign_in, w, django_assert_max_num_queries
):
    opened(w)
    sign_in(w.officer.username)
    with django_assert_max_num_queries(30) as few:
        client.get(PAGE)
    for n in range(3):
        more: Any = factories.ProcurementFactory(partnership=w.partnership)
        factories.BidFactory(procurement=more, provider=w.providers[n])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(PAGE)
