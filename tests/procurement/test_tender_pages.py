"""The tender's pages (issue 16, the first half of the path): the programme team drafts
the tendering strategy, changes it and adds lots and criteria while it is planned, records
bids (a late one kept, marked late and excluded, and the page says so), closes the tender,
adds evaluators and cancels. Each step's button appears only when the lifecycle table
allows it; each refusal is the service's message on the page and changes nothing; members
and a provider's people are refused the pages. Oxfordshire's retender of floating support
(seed 004); figures are illustrative."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.commissioning.services import provider_staff_add
from accord.governance.models import Person
from accord.procurement import services
from accord.procurement.models import Bid, Criterion, Evaluator, Lot, Procurement
from tests import factories

from .test_services import DEADLINE, World, opened, refresh, strategy

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def w() -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna
    seat.person.save()
    return world


def url(name: str, w: World, pk: int | None = None) -> str:
    args: list[object] = [w.partnership.slug] + ([pk] if pk is not None else [])
    return reverse(f"procurement:{name}", args=args)


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def page_of(client, w: World, procurement: Procurement) -> str:
    return client.get(url("procurement-detail", w, procurement.pk)).content.decode()


def planning(w: World) -> Procurement:
    """A tendering strategy with no criteria yet."""
    return services.procurement_create(
        actor=w.officer,
        partnership=w.partnership,
        reference="OX-FS-2025",
        title="Floating support across Oxfordshire",
        estimated_value="1200000.00",
        term_months=36,
        procedure="open",
        regime="pa2023",
        deadline=DEADLINE,
    )


STRATEGY = {
    "reference": "OX-FS-2025",
    "title": "Floating support across Oxfordshire",
    "description": "Floating support to replace accommodation-based services",
    "estimated_value": "1200000.00",
    "term_months": "36",
    "procedure": "open",
    "regime": "pa2023",
    "light_touch": "on",
    "notice_on_0": "27",
    "notice_on_1": "10",
    "notice_on_2": "2025",
    "deadline_0": "28",
    "deadline_1": "11",
    "deadline_2": "2025",
    "deadline_time": "12pm",
}


# ---------------------------------------------------------------- starting a procurement


def test_the_list_offers_starting_a_procurement_only_to_the_programme_team(client, sign_in, w):
    sign_in(w.anna.username)
    assert "Start a procurement" not in client.get(url("procurement-list", w)).content.decode()
    sign_in(w.officer.username)
    assert "Start a procurement" in client.get(url("procurement-list", w)).content.decode()


def test_starting_a_procurement_drafts_its_tendering_strategy(client, sign_in, w):
    service: Any = factories.ServiceFactory(partnership=w.partnership)
    sign_in(w.officer.username)
    assert client.get(url("procurement-create", w)).status_code == 200
    response = client.post(url("procurement-create", w), {**STRATEGY, "services": [service.pk]})
    procurement = Procurement.objects.get(partnership=w.partnership)
    assert response.status_code == 302
    assert response.url == url("procurement-detail", w, procurement.pk)
    assert procurement.state == "planning"
    assert procurement.light_touch
    assert str(procurement.estimated_value) == "1200000.00"
    assert procurement.deadline == DEADLINE  # noon in London in November is noon UTC
    assert list(procurement.services.all()) == [service]
    assert events("procurement.create") == 1


def test_a_second_procurement_of_the_same_reference_is_refused_on_the_field(client, sign_in, w):
    planning(w)
    sign_in(w.officer.username)
    response = client.post(url("procurement-create", w), STRATEGY)
    assert response.status_code == 200
    assert "already has a procurement with that reference" in response.content.decode()
    assert Procurement.objects.count() == 1


def test_a_light_touch_contract_under_the_2006_regulations_is_refused(client, sign_in, w):
    sign_in(w.officer.username)
    response = client.post(url("procurement-create", w), {**STRATEGY, "regime": "pcr2006_part_b"})
    assert response.status_code == 200
    assert "Light-touch contracts are the Procurement Act 2023" in response.content.decode()
    assert not Procurement.objects.exists()
    assert events("procurement.create") == 0


# ---------------------------------------------------------------- the strategy while planned


def test_a_planned_procurement_offers_its_strategy_steps_and_not_bids(client, sign_in, w):
    procurement = planning(w)
    sign_in(w.officer.username)
    page = page_of(client, w, procurement)
    for step in ("procurement-update", "lot-add", "criterion-add", "evaluator-add"):
        assert url(step, w, procurement.pk) in page
    assert url("procurement-cancel", w, procurement.pk) in page
    assert url("bid-receive", w, procurement.pk) not in page
    assert url("procurement-close", w, procurement.pk) not in page


def test_an_open_tender_offers_bids_and_closing_and_not_changes(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    page = page_of(client, w, procurement)
    for step in ("bid-receive", "procurement-close", "evaluator-add", "procurement-cancel"):
        assert url(step, w, procurement.pk) in page
    for step in ("procurement-update", "lot-add", "criterion-add"):
        assert url(step, w, procurement.pk) not in page


def test_a_member_sees_no_step_buttons(client, sign_in, w):
    procurement = planning(w)
    sign_in(w.anna.username)
    page = page_of(client, w, procurement)
    assert url("procurement-update", w, procurement.pk) not in page
    assert url("procurement-cancel", w, procurement.pk) not in page


def test_the_strategy_changes_while_planned(client, sign_in, w):
    procurement = planning(w)
    sign_in(w.officer.username)
    page = client.get(url("procurement-update", w, procurement.pk)).content.decode()
    assert 'value="Floating support across Oxfordshire"' in page  # the form shows it as read
    form = {**STRATEGY, "title": "Floating support, county-wide", "term_months": "48"}
    response = client.post(url("procurement-update", w, procurement.pk), form)
    assert response.status_code == 302
    changed = refresh(procurement)
    assert (changed.title, changed.term_months) == ("Floating support, county-wide", 48)
    assert events("procurement.update") == 1


def test_the_strategy_cannot_change_once_the_tender_is_published(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    before = events("procurement.update")
    form = {**STRATEGY, "title": "Something else"}
    response = client.post(url("procurement-update", w, procurement.pk), form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "The tendering strategy cannot change once the tender is published" in page
    assert refresh(procurement).title == "Floating support across Oxfordshire"
    assert events("procurement.update") == before


def test_a_lot_is_added_while_planned_and_shown(client, sign_in, w):
    procurement = planning(w)
    sign_in(w.officer.username)
    assert client.get(url("lot-add", w, procurement.pk)).status_code == 200
    form = {"title": "Floating support in Cherwell", "estimated_value": "400000"}
    assert client.post(url("lot-add", w, procurement.pk), form).status_code == 302
    assert Lot.objects.get(procurement=procurement).title == "Floating support in Cherwell"
    assert events("procurement.lot_add") == 1
    page = page_of(client, w, procurement)
    assert "Floating support in Cherwell" in page
    assert "£400,000" in page


def test_a_lot_is_refused_once_the_tender_is_published(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    form = {"title": "Floating support in Cherwell", "estimated_value": "400000"}
    response = client.post(url("lot-add", w, procurement.pk), form)
    assert response.status_code == 200
    assert "cannot change once the tender is published" in response.content.decode()
    assert not Lot.objects.exists()


def test_criteria_are_added_with_their_weights_and_the_page_shows_the_total(client, sign_in, w):
    procurement = planning(w)
    sign_in(w.officer.username)
    assert client.get(url("criterion-add", w, procurement.pk)).status_code == 200
    quality = {"name": "Quality of support", "kind": "quality", "weight": "60", "max_score": "10"}
    assert client.post(url("criterion-add", w, procurement.pk), quality).status_code == 302
    price = {"name": "Price", "kind": "price", "weight": "40"}
    assert client.post(url("criterion-add", w, procurement.pk), price).status_code == 302
    assert events("procurement.criterion_add") == 2
    criteria = Criterion.objects.filter(procurement=procurement).order_by("id")
    assert [(c.name, c.kind, c.weight, c.max_score) for c in criteria] == [
        ("Quality of support", "quality", 60, 10),
        ("Price", "price", 40, 0),
    ]
    page = page_of(client, w, procurement)
    assert "Total" in page
    assert ">100<" in page


@pytest.mark.parametrize(
    ("form", "message"),
    [
        (
            {"name": "Social value", "kind": "quality", "weight": "10", "max_score": "5"},
            "The weights would add up to 110, more than 100",
        ),
        ({"name": "Price again", "kind": "price", "weight": "1"}, "already has its price"),
        (
            {"name": "Social value", "kind": "quality", "weight": "0", "max_score": "5"},
            "Enter a weight of 1 or more",
        ),
        (
            {"name": "Social value", "kind": "quality", "weight": "5"},
            "Enter the top of the scale of a quality criterion",
        ),
    ],
)
def test_a_criterion_the_strategy_cannot_take_is_refused(client, sign_in, w, form, message):
    procurement = strategy(w)  # weights 40 + 20 + 40 = 100, with its price criterion
    sign_in(w.officer.username)
    before = events("procurement.criterion_add")
    response = client.post(url("criterion-add", w, procurement.pk), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Criterion.objects.filter(procurement=procurement).count() == 3
    assert events("procurement.criterion_add") == before


# ---------------------------------------------------------------- bids


def bid_form(provider: Any, day: str, time: str, price: str = "95000") -> dict[str, str]:
    d, m, y = day.split()
    return {
        "provider": str(provider.pk),
        "price": price,
        "received_on_0": d,
        "received_on_1": m,
        "received_on_2": y,
        "received_time": time,
    }


def test_a_bid_received_by_the_deadline_is_recorded(client, sign_in, w):
    procurement = opened(w)
    late: Any = factories.ProviderFactory(partnership=w.partnership, name="Banbury Support")
    sign_in(w.officer.username)
    assert client.get(url("bid-receive", w, procurement.pk)).status_code == 200
    before = events("procurement.bid_receive")
    response = client.post(
        url("bid-receive", w, procurement.pk), bid_form(late, "28 11 2025", "11.45am"), follow=True
    )
    bid = Bid.objects.get(provider=late)
    assert (bid.late, bid.excluded_reason, str(bid.price)) == (False, "", "95000.00")
    assert events("procurement.bid_receive") == before + 1
    assert "Bid recorded" in response.content.decode()
    assert "recorded as late" not in response.content.decode()


def test_a_late_bid_is_kept_marked_late_and_excluded_and_the_page_says_so(client, sign_in, w):
    procurement = opened(w)
    late: Any = factories.ProviderFactory(partnership=w.partnership, name="Banbury Support")
    sign_in(w.officer.username)
    response = client.post(
        url("bid-receive", w, procurement.pk), bid_form(late, "28 11 2025", "1pm"), follow=True
    )
    bid = Bid.objects.get(provider=late)
    assert bid.late
    assert "Received after the deadline for bids (28 November 2025, 12:00)" in bid.excluded_reason
    page = response.content.decode()
    assert "The bid of Banbury Support is recorded as late and excluded from the evaluation" in (
        page
    )
    assert "Received after the deadline for bids (28 November 2025, 12:00): late" in page


def test_a_second_bid_of_a_provider_is_refused_on_the_field(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    before = events("procurement.bid_receive")
    form = bid_form(w.providers[0], "27 11 2025", "10am")
    response = client.post(url("bid-receive", w, procurement.pk), form)
    assert response.status_code == 200
    assert "This provider has already bid" in response.content.decode()
    assert Bid.objects.filter(procurement=procurement).count() == 3
    assert events("procurement.bid_receive") == before


def test_a_bid_is_refused_while_the_strategy_is_planned(client, sign_in, w):
    procurement = planning(w)
    sign_in(w.officer.username)
    form = bid_form(w.providers[0], "27 11 2025", "10am")
    response = client.post(url("bid-receive", w, procurement.pk), form)
    assert response.status_code == 200
    assert "Bids are recorded only while the tender is open" in response.content.decode()
    assert not Bid.objects.exists()


# ---------------------------------------------------------------- closing, the panel, cancelling


def test_the_tender_closes_once_its_deadline_has_passed(client, sign_in, w):
    procurement = opened(w)  # its deadline, 28 November 2025, has passed
    sign_in(w.officer.username)
    page = client.get(url("procurement-close", w, procurement.pk)).content.decode()
    assert "What will follow" in page
    # A POST from elsewhere only asks for confirmation.
    assert client.post(url("procurement-close", w, procurement.pk)).status_code == 200
    assert refresh(procurement).state == "open"
    response = client.post(url("procurement-close", w, procurement.pk), {"confirmed": "yes"})
    assert response.status_code == 302
    assert refresh(procurement).state == "evaluating"
    assert events("procurement.close") == 1


def test_closing_before_the_deadline_is_refused(client, sign_in, w):
    procurement = strategy(w, deadline=datetime.datetime(2099, 1, 1, 12, tzinfo=UTC))
    services.procurement_open(
        actor=w.officer, procurement=procurement, decision=w.decision("tendering_strategy")
    )
    sign_in(w.officer.username)
    page = page_of(client, w, procurement)
    assert "Close the tender: not yet. The deadline for bids has not passed." in page
    response = client.post(url("procurement-close", w, procurement.pk), {"confirmed": "yes"})
    assert response.status_code == 200
    assert "The deadline for bids has not passed" in response.content.decode()
    assert refresh(procurement).state == "open"
    assert events("procurement.close") == 0


def test_an_evaluator_is_added_once(client, sign_in, w):
    procurement = planning(w)
    person = Person.objects.get(partnership=w.partnership, user=w.anna)  # her seat's
    sign_in(w.officer.username)
    assert client.get(url("evaluator-add", w, procurement.pk)).status_code == 200
    response = client.post(url("evaluator-add", w, procurement.pk), {"user": person.pk})
    assert response.status_code == 302
    assert Evaluator.objects.get(procurement=procurement).user == w.anna
    assert events("procurement.evaluator_add") == 1
    response = client.post(url("evaluator-add", w, procurement.pk), {"user": person.pk})
    assert response.status_code == 200
    assert "This person is already on the panel" in response.content.decode()
    assert Evaluator.objects.filter(procurement=procurement).count() == 1


def test_a_person_without_a_sign_in_cannot_be_an_evaluator(client, sign_in, w):
    procurement = planning(w)
    nobody: Any = factories.PersonFactory(partnership=w.partnership)
    sign_in(w.officer.username)
    response = client.post(url("evaluator-add", w, procurement.pk), {"user": nobody.pk})
    assert response.status_code == 200
    assert "Choose a person of this partnership who signs in" in response.content.decode()
    assert not Evaluator.objects.exists()


def test_a_procurement_is_cancelled_with_its_reason(client, sign_in, w):
    procurement = opened(w)
    sign_in(w.officer.username)
    response = client.post(url("procurement-cancel", w, procurement.pk), {"confirmed": "yes"})
    assert response.status_code == 200
    assert "Say why the procurement is cancelled" in response.content.decode()
    assert refresh(procurement).state == "open"
    reason = "The budget for 2010/11 was withdrawn"
    response = client.post(
        url("procurement-cancel", w, procurement.pk), {"confirmed": "yes", "reason": reason}
    )
    assert response.status_code == 302
    assert refresh(procurement).state == "cancelled"
    event = AuditEvent.objects.get(action="procurement.cancel")
    assert event.changes["reason"][1] == reason


def test_a_cancelled_procurement_offers_no_steps_and_refuses_them(client, sign_in, w):
    procurement = planning(w)
    services.procurement_cancel(actor=w.officer, procurement=procurement, reason="Withdrawn")
    sign_in(w.officer.username)
    page = page_of(client, w, procurement)
    assert url("procurement-cancel", w, procurement.pk) not in page
    assert url("evaluator-add", w, procurement.pk) not in page
    response = client.post(
        url("procurement-cancel", w, procurement.pk), {"confirmed": "yes", "reason": "Again"}
    )
    assert "A procurement that is cancelled cannot be cancelled" in response.content.decode()
    person: Any = factories.PersonFactory(partnership=w.partnership, user=w.ben)
    response = client.post(url("evaluator-add", w, procurement.pk), {"user": person.pk})
    assert "Evaluators are added before the evaluation is complete" in response.content.decode()
    assert not Evaluator.objects.exists()
    assert events("procurement.cancel") == 1


# ---------------------------------------------------------------- who may


PAGES = [
    "procurement-update",
    "lot-add",
    "criterion-add",
    "bid-receive",
    "procurement-close",
    "evaluator-add",
    "procurement-cancel",
]


@pytest.mark.parametrize("name", ["procurement-create", *PAGES])
def test_only_the_programme_team_opens_the_tender_pages(client, sign_in, w, name):
    procurement = opened(w)
    address = url(name, w, None if name == "procurement-create" else procurement.pk)
    # Signed out: refused, as every partnership page is (partnership_page asks the policy,
    # which refuses anyone not signed in; no redirect to the sign-in page).
    assert client.get(address).status_code == 403
    assert client.post(address, {"confirmed": "yes", "reason": "x"}).status_code == 403
    sign_in(w.anna.username)  # a member of the partnership's board
    assert client.get(address).status_code == 403
    assert client.post(address, {"confirmed": "yes", "reason": "x"}).status_code == 403
    factories.UserFactory(username="bidder-staff")
    provider_staff_add(
        actor=None,
        provider=w.providers[0],
        username="bidder-staff",
        start_date=datetime.date(2025, 1, 1),
    )
    sign_in("bidder-staff")  # a provider's staff, whose provider bid
    assert client.get(address).status_code == 403
    assert client.post(address, {"confirmed": "yes", "reason": "x"}).status_code == 403
    assert refresh(procurement).state == "open"
    sign_in(w.officer.username)
    assert client.get(address).status_code == 200
