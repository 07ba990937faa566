"""A provider who bid sees its own bid (issue 16, "including a provider who bid"): the
people who sign in for a provider see its bids, not another provider's, nor any score; the
programme team sees every bid; a member of the partnership sees none."""

import datetime
from typing import Any

import pytest

from accord.commissioning import services as commissioning
from tests import factories

from .test_services import World, opened

pytestmark = pytest.mark.django_db

BIDS = "/api/procurement/partnerships/oxon/bids"


@pytest.fixture
def w() -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna  # a member of the board
    seat.person.save()
    factories.UserFactory(username="cherwell-staff")
    commissioning.provider_staff_add(
        actor=None,
        provider=world.providers[1],
        username="cherwell-staff",
        start_date=datetime.date(2003, 4, 1),
    )
    return world


def test_a_providers_people_see_its_own_bids_only_and_no_scores(client, sign_in, w):
    procurement = opened(w)  # a bid from each of the three providers
    sign_in("cherwell-staff")
    answer = client.get(BIDS)
    assert answer.status_code == 200
    bids = answer.json()["items"]
    assert [bid["provider"] for bid in bids] == ["Cherwell Housing Trust"]
    assert bids[0]["procurement_id"] == procurement.pk
    assert "score" not in str(bids[0]).lower()
    # The procurement's own bids (every provider's) and scores stay the team's.
    base = f"/api/procurement/partnerships/oxon/procurements/{procurement.pk}"
    assert client.get(f"{base}/bids").status_code == 403
    assert client.get(f"{base}/scores").status_code in (403, 404)


def test_the_programme_team_sees_every_bid_and_a_member_none(client, sign_in, w):
    opened(w)
    sign_in(w.officer.username)
    assert client.get(BIDS).json()["count"] == 3
    sign_in(w.anna.username)
    assert client.get(BIDS).status_code == 403
