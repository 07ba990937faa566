"""Quality sub-criteria (issue 16: "the evaluation criteria and their weights (quality and
price, sub-criteria)"). A quality criterion split into sub-criteria is a heading: its
weight is theirs added up (checked before the tender is published), it is never scored
itself, the panel scores and moderates its sub-criteria, and its points are theirs added
up. Oxfordshire's retender of floating support (test_services.py's story); figures are
illustrative."""

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.procurement import selectors, services
from accord.procurement.models import Bid, Criterion, Evaluator, Procurement, Release
from accord.procurement.notice_models import AssessmentSummary, Notice
from tests import factories

from .test_ocds import assert_valid, export
from .test_services import AFTER, DEADLINE, NOTICE, World, refresh, unchanged

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
API = "/api/procurement/partnerships/oxon/procurements"
QUALITY, DELIVERY, OUTCOMES, INVOLVEMENT = (
    "Quality",
    "Service delivery model",
    "Outcomes for service users",
    "Service user involvement",
)
# Moderated scores (delivery /10, outcomes /10, involvement /5) of each provider.
AGREED = {
    "Oxford Floating Support": (9, 8, 5),
    "Cherwell Housing Trust": (6, 5, 3),
    "Vale Support": (7, 7, 4),
}


@pytest.fixture
def w() -> World:
    """The officer runs it; Anna and Ben, on the board, are the panel; Carol is on the board."""
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    for user in (world.anna, world.ben, factories.UserFactory(username="carol")):
        seat: Any = factories.MembershipFactory(body=world.board)
        seat.person.user = user
        seat.person.save()
    return world


def planned(w: World, *, subs=((DELIVERY, 25, 10), (OUTCOMES, 20, 10), (INVOLVEMENT, 15, 5))):
    """Quality 60, split into its sub-criteria; price 40."""
    procurement = services.procurement_create(
        actor=w.officer, partnership=w.partnership, reference="OX-FS-2025",
        title="Floating support across Oxfordshire", estimated_value="1200000.00",
        term_months=36, procedure="open", regime="pa2023",
        notice_on=datetime.date(2025, 10, 27), deadline=DEADLINE,
    )  # fmt: skip
    quality = services.criterion_add(
        actor=w.officer, procurement=procurement, name=QUALITY, kind="quality", weight=60,
        max_score=10,
    )  # fmt: skip
    for name, weight, top in subs:
        services.criterion_add(
            actor=w.officer, procurement=procurement, name=name, kind="quality", weight=weight,
            max_score=top, parent=quality,
        )  # fmt: skip
    services.criterion_add(
        actor=w.officer, procurement=procurement, name="Price", kind="price", weight=40
    )
    return procurement


def opened(w: World, procurement: Procurement | None = None) -> Procurement:
    procurement = procurement or planned(w)
    services.procurement_open(
        actor=w.officer, procurement=procurement, decision=w.decision("tendering_strategy"),
        now=datetime.datetime(2025, 10, 27, 9, tzinfo=UTC),
    )  # fmt: skip
    for user in (w.anna, w.ben):
        services.evaluator_add(actor=w.officer, procurement=procurement, user=user)
    for provider, price in zip(w.providers, ("120000.00", "90000.00", "100000.00"), strict=True):
        services.bid_receive(
            actor=w.officer, procurement=procurement, provider=provider, price=price,
            received_at=DEADLINE - datetime.timedelta(days=1),
        )  # fmt: skip
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    return refresh(procurement)


def by_name(procurement: Procurement) -> dict[str, Criterion]:
    return {c.name: c for c in Criterion.objects.filter(procurement=procurement)}


def leaves(procurement: Procurement) -> list[Criterion]:
    named = by_name(procurement)
    return [named[DELIVERY], named[OUTCOMES], named[INVOLVEMENT]]


def submitted(w: World, procurement: Procurement | None = None) -> Procurement:
    procurement = procurement or opened(w)
    for user in (w.anna, w.ben):
        evaluator = Evaluator.objects.get(procurement=procurement, user=user)
        for bid in Bid.objects.filter(procurement=procurement):
            for criterion, score in zip(
                leaves(procurement), AGREED[bid.provider.name], strict=True
            ):
                services.score_record(
                    actor=user, evaluator=evaluator, bid=bid, criterion=criterion, score=score
                )
        services.scores_submit(actor=user, evaluator=evaluator)
    return procurement


def evaluated(w: World) -> Procurement:
    procurement = submitted(w)
    for bid in Bid.objects.filter(procurement=procurement):
        for criterion, score in zip(leaves(procurement), AGREED[bid.provider.name], strict=True):
            services.moderation_record(
                actor=w.officer, bid=bid, criterion=criterion, score=score,
                rationale=f"Agreed on the evidence of {criterion.name.lower()}",
            )  # fmt: skip
    services.evaluation_complete(actor=w.officer, procurement=procurement)
    return refresh(procurement)


def in_standstill(w: World) -> Procurement:
    procurement = evaluated(w)
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    return refresh(procurement)


# ---------------------------------------------------------------- the weights


def test_sub_criteria_add_up_to_their_criterions_weight_at_most(w):
    procurement = planned(w, subs=((DELIVERY, 25, 10), (OUTCOMES, 20, 10)))
    quality = by_name(procurement)[QUALITY]
    error: Any = unchanged(
        lambda: services.criterion_add(
            actor=w.officer, procurement=procurement, name=INVOLVEMENT, kind="quality",
            weight=16, max_score=5, parent=quality,
        ),
        ValidationError, "weight",
    )  # fmt: skip
    assert error.message_dict["weight"] == [
        "The sub-criteria of Quality would add up to 61, more than its weight 60"
    ]
    # The top level still adds up to 100 (60 + 40): sub-criteria are parts of their criterion.
    assert services.criteria_problem(procurement) == (
        "Quality: its sub-criteria's weights add up to 45, not its weight 60"
    )


def test_the_tender_is_not_published_until_the_sub_criteria_add_up(w):
    procurement = planned(w, subs=((DELIVERY, 25, 10), (OUTCOMES, 20, 10)))
    decision = w.decision("tendering_strategy")
    error: Any = unchanged(
        lambda: services.procurement_open(
            actor=w.officer, procurement=procurement, decision=decision
        ),
        ValidationError, "criteria",
    )  # fmt: skip
    assert "Quality: its sub-criteria's weights add up to 45, not its weight 60" in str(error)
    assert refresh(procurement).state == "planning"
    services.criterion_add(
        actor=w.officer, procurement=procurement, name=INVOLVEMENT, kind="quality", weight=15,
        max_score=5, parent=by_name(procurement)[QUALITY],
    )  # fmt: skip
    services.procurement_open(actor=w.officer, procurement=procurement, decision=decision)
    assert refresh(procurement).state == "open"


@pytest.mark.parametrize(
    ("parent", "kind", "field", "words"),
    [
        ("Price", "quality", "parent", "Price is scored by the formula"),
        (DELIVERY, "quality", "parent", "is a sub-criterion: it cannot have sub-criteria"),
        (QUALITY, "price", "kind", "A sub-criterion is a quality criterion"),
    ],
)
def test_price_and_sub_criteria_have_no_sub_criteria(w, parent, kind, field, words):
    procurement = planned(w, subs=((DELIVERY, 25, 10),))
    error: Any = unchanged(
        lambda: services.criterion_add(
            actor=w.officer, procurement=procurement, name="Social value", kind=kind,
            weight=5, max_score=5, parent=by_name(procurement)[parent],
        ),
        ValidationError, field,
    )  # fmt: skip
    assert words in error.message_dict[field][0]


def test_sub_criteria_are_added_only_while_the_strategy_is_planned(w):
    procurement = opened(w)
    unchanged(
        lambda: services.criterion_add(
            actor=w.officer, procurement=procurement, name="Social value", kind="quality",
            weight=5, max_score=5, parent=by_name(procurement)[QUALITY],
        ),
        AccordError,
    )  # fmt: skip
    assert Criterion.objects.filter(procurement=procurement).count() == 5


def test_a_criterion_of_another_procurement_is_no_parent(w):
    other = planned(w)
    procurement = services.procurement_create(
        actor=w.officer, partnership=w.partnership, reference="OX-FS-2026", title="Another",
        estimated_value="1000.00", term_months=12, procedure="open", regime="pa2023",
    )  # fmt: skip
    unchanged(
        lambda: services.criterion_add(
            actor=w.officer, procurement=procurement, name="Social value", kind="quality",
            weight=5, max_score=5, parent=by_name(other)[QUALITY],
        ),
        ValidationError, "parent",
    )  # fmt: skip


# ---------------------------------------------------------------- scoring the leaves only


def test_a_heading_is_never_scored_nor_moderated_its_sub_criteria_are(w):
    procurement = opened(w)
    quality = by_name(procurement)[QUALITY]
    anna = Evaluator.objects.get(procurement=procurement, user=w.anna)
    bid = Bid.objects.filter(procurement=procurement).order_by("id")[0]
    error: Any = unchanged(
        lambda: services.score_record(
            actor=w.anna, evaluator=anna, bid=bid, criterion=quality, score=8
        ),
        ValidationError, "criterion",
    )  # fmt: skip
    assert error.message_dict["criterion"] == [
        "Quality is scored by its sub-criteria: score each of them instead"
    ]
    # My evaluation lists the sub-criteria, never the heading; submitting needs them only.
    assert [c.name for c in selectors.my_evaluation(anna).criteria] == [
        DELIVERY, OUTCOMES, INVOLVEMENT
    ]  # fmt: skip
    procurement = submitted(w, procurement)
    assert selectors.missing_moderations(procurement) == 9  # 3 bids x 3 sub-criteria
    unchanged(
        lambda: services.moderation_record(
            actor=w.officer, bid=bid, criterion=quality, score=8, rationale="Agreed"
        ),
        ValidationError, "criterion",
    )  # fmt: skip


def test_totals_and_ranking_are_computed_from_the_sub_criteria(w):
    """Prices 120,000 (Oxford), 90,000 (Cherwell), 100,000 (Vale); price 40 by the formula:
    Oxford 90/120 x 40 = 30.00, Cherwell 40.00, Vale 36.00.

    Quality 60 = delivery 25 (/10) + outcomes 20 (/10) + involvement 15 (/5):
    Oxford 9, 8, 5: 22.50 + 16.00 + 15.00 = 53.50, total 83.50;
    Vale 7, 7, 4: 17.50 + 14.00 + 12.00 = 43.50, total 79.50;
    Cherwell 6, 5, 3: 15.00 + 10.00 + 9.00 = 34.00, total 74.00."""
    procurement = evaluated(w)
    named = by_name(procurement)
    ranked = selectors.ranking(procurement)
    assert [(r.bid.provider.name, r.total, r.rank) for r in ranked] == [
        ("Oxford Floating Support", Decimal("83.50"), 1),
        ("Vale Support", Decimal("79.50"), 2),
        ("Cherwell Housing Trust", Decimal("74.00"), 3),
    ]
    first = ranked[0].parts
    assert [first[named[n].pk] for n in (QUALITY, DELIVERY, OUTCOMES, INVOLVEMENT, "Price")] == [
        Decimal("53.50"), Decimal("22.50"), Decimal("16.00"), Decimal("15.00"), Decimal("30.00")
    ]  # fmt: skip
    for row in ranked:  # a heading's points are its sub-criteria's added up
        parts = row.parts
        assert parts[named[QUALITY].pk] == sum(parts[c.pk] for c in leaves(procurement))
        assert row.total == parts[named[QUALITY].pk] + parts[named["Price"].pk]
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    awarded: Any = refresh(procurement).awarded_bid
    assert awarded.provider.name == "Oxford Floating Support"


# ---------------------------------------------------------------- notices, summaries, OCDS


def test_the_tender_notice_and_the_ocds_release_list_the_sub_criteria(w, settings):
    procurement = opened(w)
    notice = Notice.objects.get(procurement=procurement, kind="tender")
    assert (
        "How bids will be assessed: Quality 60% (its sub-criteria: Service delivery model 25%, "
        "Outcomes for service users 20%, Service user involvement 15%); Price 40% (lowest "
        "price scores highest)." in notice.text
    )
    tender = Release.objects.get(procurement=procurement, tag=["tender"]).data["tender"]
    assert tender["awardCriteriaDetails"] == (
        "Quality 60%, the sum of its sub-criteria: Service delivery model 25% (scored 0 to "
        "10), Outcomes for service users 20% (scored 0 to 10), Service user involvement 15% "
        "(scored 0 to 5); Price 40% (lowest price over this price, times the weight)"
    )
    assert_valid("release-package-schema.json", export("oxon"))
    assert_valid("record-package-schema.json", export("oxon", "--records"))


def test_the_assessment_summary_shows_each_sub_criterions_points_and_the_headings(
    client, sign_in, w
):
    procurement = in_standstill(w)
    named = by_name(procurement)
    ranked = {r.bid.pk: r for r in selectors.evaluation(procurement)}
    vale = Bid.objects.get(procurement=procurement, provider__name="Vale Support")
    summary = AssessmentSummary.objects.get(bid=vale)
    winning = ranked[procurement.awarded_bid.pk].parts  # type: ignore[union-attr]
    # The summary's figures are the evaluation's, on each criterion and sub-criterion.
    assert [
        (row["criterion"], row["parent"], row["subcriteria"], row["score"], row["winning_score"])
        for row in summary.figures
    ] == [
        (
            c.name,
            c.parent.name if c.parent else "",
            c.name == QUALITY,
            str(ranked[vale.pk].parts[c.pk]),
            str(winning[c.pk]),
        )
        for c in selectors.criteria_of(procurement)
    ]
    assert summary.figures[0]["score"] == "43.50"
    assert summary.total == ranked[vale.pk].total == Decimal("79.50")
    assert (
        "Quality (weight 60): 43.50 points, the sum of its sub-criteria's below; the winning "
        "bid 53.50 points." in summary.text
    )
    assert (
        "Quality: Service delivery model (weight 25): the panel agreed 7 out of 10, 17.50 "
        "points; the winning bid 9 out of 10, 22.50 points." in summary.text
    )
    sign_in(w.officer.username)
    page = client.get(
        reverse("procurement:summary-detail", args=["oxon", procurement.pk, vale.pk])
    ).content.decode()
    assert "Sub-criterion of Quality: </span>Outcomes for service users" in page
    assert ">14.00 (7 of 10)<" in page  # outcomes: 7/10 x 20
    assert f">{named[QUALITY].weight}<" in page
    # The API gives the same figures.
    api = client.get(f"/api/procurement/partnerships/oxon/procurements/{procurement.pk}"
                     f"/bids/{vale.pk}/summary").json()  # fmt: skip
    assert [(c["criterion"], c["score"], c["parent"]) for c in api["criteria"]] == [
        (row["criterion"], row["score"], row["parent"]) for row in summary.figures
    ]


# ---------------------------------------------------------------- the pages and the API


def test_the_criteria_page_shows_sub_criteria_under_their_criterion(client, sign_in, w):
    procurement = planned(w, subs=((DELIVERY, 25, 10), (OUTCOMES, 20, 10)))
    sign_in(w.officer.username)
    page = client.get(
        reverse("procurement:procurement-detail", args=["oxon", procurement.pk])
    ).content.decode()
    order = [page.index(name) for name in (QUALITY + "<", DELIVERY, OUTCOMES, "Price<")]
    assert order == sorted(order)
    assert "Sub-criterion of Quality: </span>Service delivery model" in page
    assert "their weights add up to 45, not 60, yet" in page
    assert ">100<" in page  # the top-level total: 60 + 40


def test_a_sub_criterion_is_added_on_the_page_and_by_the_api_alike(client, sign_in, w):
    procurement = planned(w, subs=())
    quality = by_name(procurement)[QUALITY]
    sign_in(w.officer.username)
    form = {"name": DELIVERY, "parent": str(quality.pk), "kind": "quality", "weight": "25"}
    add = reverse("procurement:criterion-add", args=["oxon", procurement.pk])
    assert client.post(add, {**form, "max_score": "10"}).status_code == 302
    response = client.post(
        f"{API}/{procurement.pk}/criteria",
        json.dumps({"name": OUTCOMES, "parent_id": quality.pk, "kind": "quality",
                    "weight": 35, "max_score": 10}),
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201
    assert response.json()["parent_id"] == quality.pk
    assert AuditEvent.objects.filter(action="procurement.criterion_add").count() == 4
    # The same refusal, on the page's field and the API's.
    too_much = {**form, "name": "Social value", "weight": "1", "max_score": "5"}
    page = client.post(add, too_much).content.decode()
    assert "The sub-criteria of Quality would add up to 61, more than its weight 60" in page
    refused = client.post(
        f"{API}/{procurement.pk}/criteria",
        json.dumps({"name": "Social value", "parent_id": quality.pk, "kind": "quality",
                    "weight": 1, "max_score": 5}),
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 422
    assert "would add up to 61" in json.dumps(refused.json())
    assert "weight" in json.dumps(refused.json())
    price = by_name(procurement)["Price"]
    refused = client.post(
        f"{API}/{procurement.pk}/criteria",
        json.dumps({"name": "Social value", "parent_id": price.pk, "kind": "quality",
                    "weight": 1, "max_score": 5}),
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 422
    assert "parent_id" in json.dumps(refused.json())
    assert Criterion.objects.filter(procurement=procurement).count() == 4
    detail = client.get(f"{API}/{procurement.pk}").json()
    assert [(c["name"], c["parent_id"]) for c in detail["criteria"]] == [
        (QUALITY, None), (DELIVERY, quality.pk), (OUTCOMES, quality.pk), ("Price", None)
    ]  # fmt: skip


def test_the_score_form_and_moderation_group_the_sub_criteria_under_their_criterion(
    client, sign_in, w
):
    procurement = opened(w)
    named = by_name(procurement)
    bid = Bid.objects.filter(procurement=procurement).first()
    assert bid is not None
    sign_in(w.anna.username)
    score = reverse("procurement:evaluation-score", args=["oxon", procurement.pk, bid.pk])
    page = client.get(score).content.decode()
    assert "Quality: Service delivery model (weight 25)" in page
    assert f'name="score_{named[QUALITY].pk}"' not in page  # the heading is not scored
    mine = client.get(reverse("procurement:evaluation-mine", args=["oxon", procurement.pk]))
    assert "Quality (weight 60): scored by its sub-criteria" in mine.content.decode()
    procurement = submitted(w, procurement)
    sign_in(w.officer.username)
    page = client.get(reverse("procurement:moderation", args=["oxon", procurement.pk]))
    text = page.content.decode()
    assert "Quality (weight 60): scored by its sub-criteria" in text
    assert text.index("scored by its sub-criteria") < text.index("Service delivery model")


def test_the_api_ranks_with_the_points_of_each_criterion_and_sub_criterion(client, sign_in, w):
    procurement = evaluated(w)
    sign_in(w.officer.username)
    first = client.get(f"{API}/{procurement.pk}/evaluation").json()["items"][0]
    named = by_name(procurement)
    points = {row["criterion_id"]: row["points"] for row in first["points"]}
    assert (first["provider"], first["total"]) == ("Oxford Floating Support", "83.50")
    assert points[named[QUALITY].pk] == "53.50"
    assert points[named[DELIVERY].pk] == "22.50"
    mine = client.get(f"{API}/{procurement.pk}/evaluation/mine")
    assert mine.status_code == 404  # the officer is not on the panel
    sign_in(w.anna.username)
    mine = client.get(f"{API}/{procurement.pk}/evaluation/mine").json()
    assert [c["name"] for c in mine["criteria"]] == [DELIVERY, OUTCOMES, INVOLVEMENT]


@pytest.mark.parametrize("page", ["procurement-detail", "moderation"])
def test_the_pages_read_in_as_many_queries_whatever_the_sub_criteria(
    client, sign_in, w, django_assert_max_num_queries, page
):
    few = submitted(w)
    sign_in(w.officer.username)
    with django_assert_max_num_queries(60) as counted:
        client.get(reverse(f"procurement:{page}", args=["oxon", few.pk]))
    many = Procurement.objects.get(pk=few.pk)
    Procurement.objects.filter(pk=few.pk).update(reference="OX-FS-OLD")
    w2 = w
    more = planned(
        w2,
        subs=tuple((f"Part {n}", 6, 10) for n in range(10)),
    )
    assert many.pk != more.pk
    opened(w2, more)
    for user in (w.anna, w.ben):
        evaluator = Evaluator.objects.get(procurement=more, user=user)
        for bid in Bid.objects.filter(procurement=more):
            for criterion in selectors.scored_criteria(selectors.criteria_of(more)):
                services.score_record(
                    actor=user, evaluator=evaluator, bid=bid, criterion=criterion, score=5
                )
        services.scores_submit(actor=user, evaluator=evaluator)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(reverse(f"procurement:{page}", args=["oxon", more.pk]))


def test_my_evaluation_reads_in_as_many_queries_whatever_the_sub_criteria(
    client, sign_in, w, django_assert_max_num_queries
):
    few = opened(w)
    sign_in(w.anna.username)
    with django_assert_max_num_queries(40) as counted:
        client.get(reverse("procurement:evaluation-mine", args=["oxon", few.pk]))
    Procurement.objects.filter(pk=few.pk).update(reference="OX-FS-OLD")
    more = opened(w, planned(w, subs=tuple((f"Part {n}", 6, 10) for n in range(10))))
    with django_assert_max_num_queries(len(counted.captured_queries)):
        client.get(reverse("procurement:evaluation-mine", args=["oxon", more.pk]))
