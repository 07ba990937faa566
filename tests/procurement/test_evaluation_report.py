"""The evaluation opened to the board after the award (issue 16: "Evaluators' scores and
bids are confidential until award"): once the contract is awarded on the board's carried
decision, the partnership's members read the bids received, the agreed scores with their
rationale, the weighted totals and the ranking, on a page linked from the procurement's
and in the API; before, only the programme team. A bidder's people never read it (their
own assessment summary only), nor the public; the evaluators' own marks stay the
programme team's. The story is test_services.py's retender of floating support."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from accord import policy
from accord.commissioning import services as commissioning
from accord.procurement import selectors, services
from accord.procurement.models import Bid, Moderation, Procurement
from tests import factories

from .test_services import (
    AFTER,
    AGREED,
    DEADLINE,
    NOTICE,
    World,
    late_provider,
    opened,
    panel_member,
    refresh,
)

pytestmark = pytest.mark.django_db

API = "/api/procurement/partnerships/oxon/procurements"
# What an evaluator wrote beside their own mark: never shown to the members.
OWN_NOTE = "Anna's own mark before moderation"


@pytest.fixture
def w() -> World:
    """Anna and Ben sit on the board and are on the panel; Carol sits on the board only;
    the officer runs the procurement; Cherwell's and Oxford's people sign in for them."""
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    for user in (world.anna, world.ben, factories.UserFactory(username="carol")):
        seat: Any = factories.MembershipFactory(body=world.board)
        seat.person.user = user
        seat.person.save()
    for username, provider in (("oxford-staff", 0), ("cherwell-staff", 1)):
        factories.UserFactory(username=username)
        commissioning.provider_staff_add(
            actor=None, provider=world.providers[provider], username=username,
            start_date=datetime.date(2003, 4, 1),
        )  # fmt: skip
    return world


def evaluated_with_a_late_bid(w: World) -> Procurement:
    """Three bids by the deadline and a late one (excluded); the panel's own marks differ
    from the agreed scores, and Anna wrote a note beside hers."""
    procurement = opened(w)
    services.bid_receive(
        actor=w.officer, procurement=procurement, provider=late_provider(w), price="80000.00",
        received_at=DEADLINE + datetime.timedelta(hours=1),
    )  # fmt: skip
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    criteria = selectors.criteria_of(procurement)[:2]
    bids = list(selectors.included_bids(procurement))
    for user in (w.anna, w.ben):
        evaluator = panel_member(procurement, user)
        for index, bid in enumerate(bids):
            for criterion, score in zip(criteria, AGREED[index], strict=True):
                services.score_record(
                    actor=user, evaluator=evaluator, bid=bid, criterion=criterion,
                    score=max(score - 1, 0), comment=OWN_NOTE if user == w.anna else "",
                )  # fmt: skip
        services.scores_submit(actor=user, evaluator=evaluator)
    for index, bid in enumerate(bids):
        for criterion, score in zip(criteria, AGREED[index], strict=True):
            services.moderation_record(
                actor=w.officer, bid=bid, criterion=criterion, score=score,
                rationale=f"{bid.provider.name}: agreed on {criterion.name}",
            )  # fmt: skip
    services.evaluation_complete(actor=w.officer, procurement=procurement)
    return refresh(procurement)


def awarded(w: World, procurement: Procurement) -> Procurement:
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    return refresh(procurement)


def page_of(procurement: Procurement) -> str:
    return reverse("procurement:evaluation-report", args=["oxon", procurement.pk])


def api_of(procurement: Procurement) -> str:
    return f"{API}/{procurement.pk}/evaluation/report"


def test_before_the_award_the_evaluation_is_the_programme_teams_only(client, sign_in, w):
    procurement = evaluated_with_a_late_bid(w)
    detail = reverse("procurement:procurement-detail", args=["oxon", procurement.pk])
    for member in ("carol", w.anna.username):
        sign_in(member)
        assert client.get(page_of(procurement)).status_code == 403
        assert client.get(api_of(procurement)).status_code == 403
        assert client.get(api_of(procurement)).json()["error"]["code"] == "forbidden"
        assert page_of(procurement) not in client.get(detail).content.decode()
    sign_in("cherwell-staff")  # a provider who bid
    assert client.get(page_of(procurement)).status_code == 403
    assert client.get(api_of(procurement)).status_code == 403
    sign_in(w.officer.username)
    assert client.get(page_of(procurement)).status_code == 200
    assert page_of(procurement) in client.get(detail).content.decode()
    client.logout()
    assert client.get(page_of(procurement)).status_code in (302, 403)
    assert client.get(api_of(procurement)).status_code == 401


def test_after_the_award_the_members_read_the_bids_agreed_scores_totals_and_ranking(
    client, sign_in, w
):
    procurement = awarded(w, evaluated_with_a_late_bid(w))
    ranked = selectors.evaluation(procurement)
    sign_in("carol")  # sits on the board, not on the panel
    detail = client.get(reverse("procurement:procurement-detail", args=["oxon", procurement.pk]))
    assert f'href="{page_of(procurement)}"' in detail.content.decode()
    response = client.get(page_of(procurement))
    assert response.status_code == 200
    html = response.content.decode()
    for row in ranked:
        assert row.bid.provider.name in html
        assert f"{row.total}" in html
        assert f"{row.bid.provider.name}: agreed on Quality of support" in html
    assert "£120,000.00" in html  # Oxford's price
    assert "Late Ltd" in html
    assert "Received after the deadline for bids" in html
    assert "(late)" in html
    assert "9 out of 10" in html  # Oxford's agreed quality score
    # Never the evaluators' own marks or notes.
    assert OWN_NOTE not in html
    assert "anna" not in html.lower().replace("carol", "")

    answer = client.get(api_of(procurement))
    assert answer.status_code == 200
    body = answer.json()
    assert body["awarded_bid_id"] == procurement.awarded_bid_id
    assert [row["rank"] for row in body["bids"]] == [1, 2, 3, None]
    first = body["bids"][0]
    assert first["provider"] == ranked[0].bid.provider.name
    assert first["total"] == str(ranked[0].total)
    assert first["price"] == "120000.00"  # money as a string
    assert Decimal(first["total"]) == sum(Decimal(s["points"]) for s in first["scores"])
    quality = next(s for s in first["scores"] if s["agreed_score"] is not None)
    assert quality["rationale"] == "Oxford Floating Support: agreed on Quality of support"
    late = body["bids"][-1]
    assert late["provider"] == "Late Ltd"
    assert late["late"] is True
    assert late["excluded_reason"].startswith("Received after the deadline for bids")
    assert late["total"] is None
    assert OWN_NOTE not in answer.content.decode()
    assert "evaluator" not in answer.content.decode()


def test_after_the_award_a_bidder_still_reads_its_own_summary_only(client, sign_in, w):
    procurement = awarded(w, evaluated_with_a_late_bid(w))
    sign_in("cherwell-staff")
    assert client.get(page_of(procurement)).status_code == 403
    assert client.get(api_of(procurement)).status_code == 403
    own = Bid.objects.get(procurement=procurement, provider=w.providers[1])
    summary = reverse("procurement:summary-detail", args=["oxon", procurement.pk, own.pk])
    assert client.get(summary).status_code == 200
    client.logout()
    assert client.get(page_of(procurement)).status_code in (302, 403)
    assert client.get(api_of(procurement)).status_code == 401
    # The public pages of the procurement show the award notice, not the evaluation.
    public = client.get(reverse("procurement:published-detail", args=["oxon", procurement.pk]))
    assert public.status_code == 200
    assert page_of(procurement) not in public.content.decode()
    assert "agreed on Quality of support" not in public.content.decode()


def test_a_member_who_signs_in_for_a_bidder_is_refused_it_as_the_bidder_is(client, sign_in, w):
    """Cherwell's person also sits on the board (a provider's representative): once the
    contract is awarded the other members read the evaluation, they do not."""
    seat: Any = factories.MembershipFactory(body=w.board)
    seat.person.user = factories.UserFactory(username="cherwell-staff")
    seat.person.save()
    procurement = awarded(w, evaluated_with_a_late_bid(w))
    sign_in("cherwell-staff")
    assert client.get(page_of(procurement)).status_code == 403
    assert client.get(api_of(procurement)).status_code == 403
    assert "agreed on Quality" not in client.get(page_of(procurement)).content.decode()
    sign_in("oxford-staff")  # a bidder's person with no seat: not a member at all
    assert client.get(page_of(procurement)).status_code == 403
    sign_in("carol")
    assert client.get(page_of(procurement)).status_code == 200


def test_a_procurement_cancelled_after_its_award_keeps_its_evaluation_closed(client, sign_in, w):
    procurement = awarded(w, evaluated_with_a_late_bid(w))
    assert policy.may(w.anna, "procurement.view_evaluation", procurement)
    services.procurement_cancel(actor=w.officer, procurement=procurement, reason="Withdrawn")
    procurement = refresh(procurement)
    sign_in("carol")
    assert client.get(page_of(procurement)).status_code == 403
    sign_in(w.officer.username)
    assert client.get(page_of(procurement)).status_code == 200


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_bids(
    client, sign_in, w, django_assert_max_num_queries
):
    procurement = awarded(w, evaluated_with_a_late_bid(w))
    sign_in("carol")
    with django_assert_max_num_queries(30) as few:
        assert client.get(page_of(procurement)).status_code == 200
    quality = selectors.criteria_of(procurement)[:2]
    for n in range(4):
        bid: Any = factories.BidFactory(
            procurement=procurement,
            provider=factories.ProviderFactory(partnership=w.partnership, name=f"More {n}"),
            price=Decimal("150000.00"),
        )
        for criterion in quality:
            Moderation.objects.create(
                partnership=w.partnership, bid=bid, criterion=criterion, score=1, rationale="Thin"
            )
        factories.BidFactory(
            procurement=procurement,
            provider=factories.ProviderFactory(partnership=w.partnership, name=f"Out {n}"),
            late=True,
            excluded_reason="Received after the deadline for bids",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(page_of(procurement))
    assert "More 3" in response.content.decode()
    assert "Out 3" in response.content.decode()


def test_the_demos_board_reads_its_2004_tender_with_the_late_bid_excluded(client, sign_in, demo):
    """Oxfordshire's older people's floating support, let in 2004 on the board's tender
    award: a representative who sits on the board reads its four bids, the late one
    excluded with why, and the three assessed ranked from the agreed scores."""
    procurement = Procurement.objects.get(
        partnership__slug="oxfordshire", reference="OXON-P-2004-01"
    )
    assert procurement.state == "signed"
    sign_in("representative")
    address = reverse("procurement:evaluation-report", args=["oxfordshire", procurement.pk])
    detail = reverse("procurement:procurement-detail", args=["oxfordshire", procurement.pk])
    assert f'href="{address}"' in client.get(detail).content.decode()
    html = client.get(address).content.decode()
    assert "Illustrative" in html  # the demo's invented prices
    answer = client.get(
        f"/api/procurement/partnerships/oxfordshire/procurements/{procurement.pk}/evaluation/report"
    ).json()
    assert [row["rank"] for row in answer["bids"]] == [1, 2, 3, None]
    assert answer["bids"][0]["bid_id"] == procurement.awarded_bid_id
    late = answer["bids"][-1]
    assert late["late"] is True
    assert late["excluded_reason"] in html
    assert all(row["provider"] in html for row in answer["bids"])


def test_a_criterion_split_into_sub_criteria_reads_as_their_points_added_up(client, sign_in, demo):
    """Gloucestershire's 2004 floating support tender scored its quality criterion by two
    sub-criteria: the report gives each sub-criterion's agreed score and points, and the
    criterion's points as theirs added up, with no score of its own."""
    procurement = Procurement.objects.get(
        partnership__slug="gloucestershire", reference="GLOS-P-2004-01"
    )
    heading = procurement.criteria.filter(parent=None, subcriteria__isnull=False).distinct().get()
    sub_ids = set(procurement.criteria.filter(parent=heading).values_list("pk", flat=True))
    assert len(sub_ids) == 2
    sign_in("admin")  # no demo account sits on a Gloucestershire body
    answer = client.get(
        f"/api/procurement/partnerships/gloucestershire/procurements/{procurement.pk}"
        "/evaluation/report"
    ).json()
    winner = answer["bids"][0]
    scores = {row["criterion_id"]: row for row in winner["scores"]}
    assert scores[heading.pk]["agreed_score"] is None
    assert Decimal(scores[heading.pk]["points"]) == sum(
        Decimal(scores[pk]["points"]) for pk in sub_ids
    )
    assert all(scores[pk]["agreed_score"] is not None for pk in sub_ids)
    html = client.get(
        reverse("procurement:evaluation-report", args=["gloucestershire", procurement.pk])
    ).content.decode()
    assert "By its sub-criteria" in html
    assert f"{heading.name}: " in html
