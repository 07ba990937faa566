"""The evaluation's pages (issue 16): an evaluator scores on "My evaluation" without
seeing anyone else's scores until theirs are submitted; the programme team moderates,
completes, awards on the board's carried decision, publishes the award notice and records
challenges. Each refusal is the service's words on the form and changes nothing; the
story is test_services.py's retender of floating support in Oxfordshire."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.procurement import services
from accord.procurement.models import Bid, Conflict, Evaluator, Moderation, Procurement, Score
from tests import factories

from .test_services import AFTER, DEADLINE, NOTICE, World, evaluated, opened, refresh

pytestmark = pytest.mark.django_db

QUALITY, INVOLVEMENT = "Quality of support", "User involvement"


@pytest.fixture
def w() -> World:
    """Anna and Ben sit on the board and are on the panel; the officer runs it; Carol sits
    on the board and is not on the panel."""
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    for user in (world.anna, world.ben, factories.UserFactory(username="carol")):
        seat: Any = factories.MembershipFactory(body=world.board)
        seat.person.user = user
        seat.person.save()
    return world


def provider(w: World, name: str) -> Any:
    return factories.ProviderFactory(partnership=w.partnership, name=name)


def closed(w: World) -> Procurement:
    """Three bids by the deadline and one late (kept, excluded); the tender closed."""
    procurement = opened(w)
    services.bid_receive(
        actor=w.officer,
        procurement=procurement,
        provider=provider(w, "Late Ltd"),
        price="50000.00",
        received_at=DEADLINE + datetime.timedelta(minutes=5),
    )
    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    return refresh(procurement)


def url(name: str, procurement: Procurement, *args: int) -> str:
    return reverse(
        f"procurement:{name}", args=[procurement.partnership.slug, procurement.pk, *args]
    )


def bid(procurement: Procurement, name: str) -> Bid:
    return Bid.objects.get(procurement=procurement, provider__name=name)


def criteria(procurement: Procurement) -> dict[str, Any]:
    return {c.name: c for c in procurement.criteria.all()}


def score_form(procurement: Procurement, quality: object, involvement: object) -> dict[str, Any]:
    by_name = criteria(procurement)
    return {
        f"score_{by_name[QUALITY].pk}": quality,
        f"comment_{by_name[QUALITY].pk}": "",
        f"score_{by_name[INVOLVEMENT].pk}": involvement,
        f"comment_{by_name[INVOLVEMENT].pk}": "",
    }


def score_all(w: World, procurement: Procurement, user: Any, scores=(9, 5)) -> Evaluator:
    evaluator = Evaluator.objects.get(procurement=procurement, user=user)
    quality = [criteria(procurement)[QUALITY], criteria(procurement)[INVOLVEMENT]]
    for row in Bid.objects.filter(procurement=procurement, excluded_reason=""):
        if Conflict.objects.filter(evaluator=evaluator, bid=row).exists():
            continue
        for criterion, score in zip(quality, scores, strict=True):
            services.score_record(
                actor=user, evaluator=evaluator, bid=row, criterion=criterion, score=score
            )
    return evaluator


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def refused_on_the_page(response, words: str) -> None:
    """The form again (200), with the service's words."""
    assert response.status_code == 200
    assert words in response.content.decode()


# ---------------------------------------------------------------- the evaluator's


def test_my_evaluation_lists_the_bids_to_score_and_the_scales_and_nothing_of_the_others(
    client, sign_in, w
):
    procurement = closed(w)
    ben = Evaluator.objects.get(procurement=procurement, user=w.ben)
    services.score_record(
        actor=w.ben, evaluator=ben, bid=bid(procurement, "Vale Support"),
        criterion=criteria(procurement)[QUALITY], score=3, comment="Ben's private reasons",
    )  # fmt: skip
    sign_in(w.anna.username)
    page = client.get(url("evaluation-mine", procurement)).content.decode()
    for name in ("Oxford Floating Support", "Cherwell Housing Trust", "Vale Support"):
        assert name in page
    assert "Late Ltd" not in page  # excluded: never scored
    assert "0 to 10" in page
    assert "0 to 5" in page
    # Independence: nothing of Ben's scores, and no prices (the programme team's).
    assert "Ben's private reasons" not in page
    assert "The panel's scores" not in page
    assert "£" not in page
    assert "Submit my scores" in page


def test_an_evaluator_records_their_scores_of_a_bid_with_an_audit_event(client, sign_in, w):
    procurement = closed(w)
    oxford = bid(procurement, "Oxford Floating Support")
    sign_in(w.anna.username)
    response = client.post(
        url("evaluation-score", procurement, oxford.pk), score_form(procurement, 8, 4)
    )
    assert response.status_code == 302
    anna = Evaluator.objects.get(procurement=procurement, user=w.anna)
    assert sorted(Score.objects.filter(evaluator=anna).values_list("score", flat=True)) == [4, 8]
    assert events("procurement.score") == 2
    # The form shows them again, to change until submitted.
    page = client.get(url("evaluation-score", procurement, oxford.pk)).content.decode()
    assert 'value="8"' in page


def test_a_score_off_the_scale_is_refused_on_its_field_and_nothing_is_recorded(client, sign_in, w):
    procurement = closed(w)
    oxford = bid(procurement, "Oxford Floating Support")
    sign_in(w.anna.username)
    before = AuditEvent.objects.count()
    # The first criterion's score is good, the second's is not: neither is kept.
    response = client.post(
        url("evaluation-score", procurement, oxford.pk), score_form(procurement, 8, 6)
    )
    refused_on_the_page(response, "Give a whole number from 0 to 5")
    assert f'href="#id_score_{criteria(procurement)[INVOLVEMENT].pk}"' in response.content.decode()
    assert not Score.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_conflict_is_declared_and_the_bid_can_no_longer_be_scored(client, sign_in, w):
    procurement = closed(w)
    cherwell = bid(procurement, "Cherwell Housing Trust")
    sign_in(w.anna.username)
    refused_on_the_page(
        client.post(url("evaluation-conflict", procurement, cherwell.pk), {"interest": ""}),
        "Say what your interest in this bid is",
    )
    assert not Conflict.objects.exists()
    response = client.post(
        url("evaluation-conflict", procurement, cherwell.pk),
        {"interest": "My sister is its chief executive"},
    )
    assert response.status_code == 302
    assert events("procurement.conflict_declare") == 1
    page = client.get(url("evaluation-mine", procurement)).content.decode()
    assert "My sister is its chief executive" in page
    assert url("evaluation-score", procurement, cherwell.pk) not in page
    before = AuditEvent.objects.count()
    refused_on_the_page(
        client.post(
            url("evaluation-score", procurement, cherwell.pk), score_form(procurement, 5, 5)
        ),
        "You declared a conflict of interest in this bid: you cannot score it",
    )
    assert not Score.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_late_bid_is_not_scored(client, sign_in, w):
    procurement = closed(w)
    sign_in(w.anna.username)
    response = client.post(
        url("evaluation-score", procurement, bid(procurement, "Late Ltd").pk),
        score_form(procurement, 5, 5),
    )
    refused_on_the_page(response, "This bid is excluded: Received after the deadline")
    assert not Score.objects.exists()


def test_an_evaluator_submits_every_score_then_sees_the_panels_side_by_side(client, sign_in, w):
    procurement = closed(w)
    score_all(w, procurement, w.ben, scores=(3, 2))
    sign_in(w.anna.username)
    submit = url("evaluation-submit", procurement)
    # A POST from elsewhere only asks for confirmation.
    assert client.post(submit).status_code == 200
    refused_on_the_page(
        client.post(submit, {"confirmed": "yes"}), "Score every bid first: 6 scores missing"
    )
    anna = score_all(w, procurement, w.anna)
    assert refresh_evaluator(anna).submitted_at is None
    assert client.post(submit, {"confirmed": "yes"}).status_code == 302
    assert refresh_evaluator(anna).submitted_at is not None
    assert events("procurement.scores_submit") == 1
    page = client.get(url("evaluation-mine", procurement)).content.decode()
    assert "The panel's scores" in page
    assert "ben" in page
    assert "(you)" in page
    assert "Submit my scores" not in page
    # Submitted: no more changes.
    refused_on_the_page(
        client.post(
            url("evaluation-score", procurement, bid(procurement, "Vale Support").pk),
            score_form(procurement, 1, 1),
        ),
        "Your scores are submitted and can no longer change",
    )


def refresh_evaluator(evaluator: Evaluator) -> Evaluator:
    return Evaluator.objects.get(pk=evaluator.pk)


def test_an_evaluator_changes_only_their_own_scores(client, sign_in, w):
    procurement = closed(w)
    ben = score_all(w, procurement, w.ben, scores=(3, 2))
    vale = bid(procurement, "Vale Support")
    sign_in(w.anna.username)
    form = {**score_form(procurement, 9, 5), "evaluator": ben.pk}  # ignored: the page is Anna's
    assert client.post(url("evaluation-score", procurement, vale.pk), form).status_code == 302
    assert sorted(
        Score.objects.filter(evaluator=ben, bid=vale).values_list("score", flat=True)
    ) == [2, 3]
    anna = Evaluator.objects.get(procurement=procurement, user=w.anna)
    assert Score.objects.filter(evaluator=anna, bid=vale).count() == 2


@pytest.mark.parametrize(
    "name", ["evaluation-mine", "evaluation-score", "evaluation-conflict", "evaluation-submit"]
)
def test_the_evaluators_pages_are_the_panels_only(client, sign_in, w, name):
    procurement = closed(w)
    args = (
        [] if name in ("evaluation-mine", "evaluation-submit") else [procurement.bids.all()[0].pk]
    )
    address = url(name, procurement, *args)
    sign_in("carol")  # a member of the partnership, not on the panel
    assert client.get(address).status_code == 404
    form = {**score_form(procurement, 1, 1), "interest": "x", "confirmed": "yes"}
    # The page of one's evaluation only reads (405 to a POST); the forms refuse with 404.
    assert client.post(address, form).status_code == (405 if name == "evaluation-mine" else 404)
    sign_in(w.officer.username)  # the programme team: not on the panel either
    assert client.get(address).status_code == 404
    assert not Score.objects.exists()
    assert not Conflict.objects.exists()


def provider_staff(w: World) -> str:
    from django.contrib.auth import get_user_model

    from accord.commissioning.services import provider_staff_add

    get_user_model().objects.create_user("oxford-staff", password="x" * 12)
    provider_staff_add(
        actor=None, provider=w.providers[0], username="oxford-staff",
        start_date=datetime.date(2020, 1, 1),
    )  # fmt: skip
    return "oxford-staff"


def test_a_providers_staff_reach_no_page_of_the_evaluation(client, sign_in, w):
    procurement = closed(w)
    sign_in(provider_staff(w))
    oxford = bid(procurement, "Oxford Floating Support").pk
    for name, args in (
        ("evaluation-mine", []),
        ("evaluation-score", [oxford]),
        ("moderation", []),
        ("moderation-record", [oxford]),
        ("procurement-award", []),
        ("award-notice", []),
        ("challenge-record", []),
    ):
        assert client.get(url(name, procurement, *args)).status_code == 403, name


# ---------------------------------------------------------------- the programme team's


def all_submitted(w: World) -> Procurement:
    procurement = closed(w)
    for user, scores in ((w.anna, (9, 5)), (w.ben, (7, 3))):
        services.scores_submit(actor=user, evaluator=score_all(w, procurement, user, scores))
    return procurement


def moderation_form(procurement: Procurement, quality, involvement, why="Agreed") -> dict:
    by_name = criteria(procurement)
    return {
        f"score_{by_name[QUALITY].pk}": quality,
        f"rationale_{by_name[QUALITY].pk}": why,
        f"score_{by_name[INVOLVEMENT].pk}": involvement,
        f"rationale_{by_name[INVOLVEMENT].pk}": why,
    }


def test_moderation_waits_for_the_panel_then_needs_each_rationale(client, sign_in, w):
    procurement = closed(w)
    score_all(w, procurement, w.anna)
    oxford = bid(procurement, "Oxford Floating Support")
    sign_in(w.officer.username)
    refused_on_the_page(
        client.post(
            url("moderation-record", procurement, oxford.pk), moderation_form(procurement, 8, 4)
        ),
        "Every evaluator on the panel submits their scores before moderation",
    )
    assert not Moderation.objects.exists()
    services.scores_submit(actor=w.anna, evaluator=Evaluator.objects.get(user=w.anna))
    services.scores_submit(actor=w.ben, evaluator=score_all(w, procurement, w.ben, (7, 3)))
    page = client.get(url("moderation", procurement)).content.decode()
    assert "anna" in page
    assert "ben" in page
    assert "Not yet moderated" in page
    refused_on_the_page(
        client.post(
            url("moderation-record", procurement, oxford.pk),
            moderation_form(procurement, 8, 4, why=""),
        ),
        "Record why the panel agreed this score",
    )
    assert not Moderation.objects.exists()
    response = client.post(
        url("moderation-record", procurement, oxford.pk), moderation_form(procurement, 8, 4)
    )
    assert response.status_code == 302
    assert events("procurement.moderate") == 2
    assert sorted(Moderation.objects.values_list("score", flat=True)) == [4, 8]


def test_an_officer_on_the_panel_sees_no_scores_on_moderation_before_submitting(client, sign_in, w):
    procurement = closed(w)
    services.evaluator_add(actor=w.officer, procurement=procurement, user=w.officer)
    score_all(w, procurement, w.anna)
    sign_in(w.officer.username)
    page = client.get(url("moderation", procurement)).content.decode()
    assert "Submit your own scores before you see the other evaluators" in page
    assert "anna" not in page


def test_the_evaluation_completes_when_every_bid_is_moderated_and_the_ranking_shows(
    client, sign_in, w
):
    procurement = all_submitted(w)
    sign_in(w.officer.username)
    complete = url("evaluation-complete", procurement)
    refused_on_the_page(
        client.post(complete, {"confirmed": "yes"}),
        "Every bid needs a moderated score for each quality criterion",
    )
    assert refresh(procurement).state == "evaluating"
    agreed = {
        "Oxford Floating Support": (9, 5),
        "Cherwell Housing Trust": (6, 3),
        "Vale Support": (7, 4),
    }
    for name, (quality, involvement) in agreed.items():
        client.post(
            url("moderation-record", procurement, bid(procurement, name).pk),
            moderation_form(procurement, quality, involvement),
        )
    detail = client.get(url("procurement-detail", procurement)).content.decode()
    assert url("evaluation-complete", procurement) in detail
    assert client.post(complete, {"confirmed": "yes"}).status_code == 302
    assert refresh(procurement).state == "evaluated"
    assert events("procurement.evaluation_complete") == 1
    page = client.get(url("moderation", procurement)).content.decode()
    assert "Ranking: computed from the agreed scores" in page
    assert page.index("Oxford Floating Support</td>") < page.index("Vale Support</td>")
    assert "86.00" in page


def test_the_award_is_made_on_a_carried_decision_to_the_bid_ranked_first(client, sign_in, w):
    procurement = evaluated(w)
    sign_in(w.officer.username)
    detail = client.get(url("procurement-detail", procurement)).content.decode()
    assert "Award the contract: not yet." in detail  # no carried tender award to choose
    tabled = w.decision("tender_award", "voting")
    award = url("procurement-award", procurement)
    refused_on_the_page(
        client.post(award, {"confirmed": "yes", "decision": tabled.pk}),
        "Choose a carried tender award of this partnership",
    )
    assert refresh(procurement).awarded_bid is None
    carried = w.decision("tender_award")
    detail = client.get(url("procurement-detail", procurement)).content.decode()
    assert f'href="{award}">Award the contract' in detail
    page = client.get(award).content.decode()
    assert "86.00" in page  # the ranking, computed
    assert client.post(award, {"confirmed": "yes", "decision": carried.pk}).status_code == 302
    awarded = refresh(procurement)
    assert awarded.state == "awarded"
    assert awarded.awarded_bid is not None
    assert awarded.awarded_bid.provider.name == "Oxford Floating Support"
    assert events("procurement.award") == 1


def test_an_award_before_the_evaluation_is_complete_is_refused(client, sign_in, w):
    procurement = all_submitted(w)
    carried = w.decision("tender_award")
    sign_in(w.officer.username)
    refused_on_the_page(
        client.post(
            url("procurement-award", procurement), {"confirmed": "yes", "decision": carried.pk}
        ),
        "Complete the evaluation before the award",
    )
    assert refresh(procurement).state == "evaluating"


def awarded(w: World) -> Procurement:
    procurement = evaluated(w)
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    return refresh(procurement)


def notice_form(on: datetime.date, reason: str = "") -> dict[str, Any]:
    return {"on": on.isoformat(), "opt_out_reason": reason}


def test_the_award_notice_starts_the_standstill_computed_from_the_regime(client, sign_in, w):
    procurement = evaluated(w)
    sign_in(w.officer.username)
    notice = url("award-notice", procurement)
    refused_on_the_page(
        client.post(notice, notice_form(NOTICE)), "The award notice follows the award"
    )
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )
    page = client.get(notice).content.decode()
    assert "8 working days beginning with the day" in page
    assert client.post(notice, notice_form(NOTICE)).status_code == 302
    published = refresh(procurement)
    assert published.state == "standstill"
    assert published.standstill_last_day == datetime.date(2026, 1, 6)  # test_services.py
    assert events("procurement.award_notice") == 1


def test_a_light_touch_contract_opts_out_of_standstill_with_its_reason(client, sign_in, w):
    procurement = awarded(w)
    sign_in(w.officer.username)
    response = client.post(
        url("award-notice", procurement), notice_form(NOTICE, "Continuity of support")
    )
    assert response.status_code == 302
    assert refresh(procurement).standstill_last_day is None
    assert refresh(procurement).standstill_opt_out_reason == "Continuity of support"


def challenge_form(bid_pk: int, on: datetime.date, grounds: str) -> dict[str, Any]:
    return {"bid": bid_pk, "received_on": on.isoformat(), "grounds": grounds}


def test_a_challenge_during_the_standstill_is_recorded_then_resolved(client, sign_in, w):
    procurement = awarded(w)
    services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    vale = bid(procurement, "Vale Support").pk
    sign_in(w.officer.username)
    record = url("challenge-record", procurement)
    refused_on_the_page(
        client.post(record, challenge_form(vale, datetime.date(2026, 1, 7), "Too late")),
        "A challenge is recorded when it is received during the standstill",
    )
    assert refresh(procurement).state == "standstill"
    detail = client.get(url("procurement-detail", procurement)).content.decode()
    assert f'href="{record}">Record a challenge' in detail
    response = client.post(
        record, challenge_form(vale, datetime.date(2025, 12, 30), "The formula was misapplied")
    )
    assert response.status_code == 302
    assert refresh(procurement).state == "challenged"
    assert events("procurement.challenge") == 1
    resolve = url("challenge-resolve", procurement)
    assert "The formula was misapplied" in client.get(resolve).content.decode()
    on = {"resolved_on": "2026-01-05"}
    refused_on_the_page(
        client.post(resolve, {**on, "resolution": ""}), "Record how it was resolved"
    )
    assert refresh(procurement).state == "challenged"
    assert client.post(resolve, {**on, "resolution": "Withdrawn"}).status_code == 302
    assert refresh(procurement).state == "standstill"
    assert events("procurement.challenge_resolve") == 1
    # Nothing left to resolve: the table's words.
    refused_on_the_page(
        client.post(resolve, {**on, "resolution": "Again"}), "There is no open challenge"
    )


def test_the_procurement_page_links_a_panel_member_to_their_evaluation(client, sign_in, w):
    procurement = closed(w)
    sign_in(w.anna.username)
    assert (
        url("evaluation-mine", procurement)
        in client.get(url("procurement-detail", procurement)).content.decode()
    )
    sign_in("carol")
    assert (
        url("evaluation-mine", procurement)
        not in client.get(url("procurement-detail", procurement)).content.decode()
    )


def test_my_evaluation_reads_in_a_constant_number_of_queries(
    client, sign_in, w, django_assert_max_num_queries
):
    procurement = closed(w)
    sign_in(w.anna.username)
    with django_assert_max_num_queries(40) as few:
        client.get(url("evaluation-mine", procurement))
    for n in range(4):
        services.bid_receive(
            actor=w.officer, procurement=procurement,
            provider=provider(w, f"More {n}"),
            price="1000.00", received_at=DEADLINE - datetime.timedelta(days=1),
        )  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("evaluation-mine", procurement))


# ---------------------------------------------------------------- the API's reads (parity)

API = "/api/procurement/partnerships/oxon/procurements"


def items(client, address: str) -> list[Any]:
    """A list the API answers, a page at a time."""
    return list(client.get(address).json()["items"])


def test_the_api_reads_what_the_pages_show(client, sign_in, w):
    procurement = all_submitted(w)
    sign_in("carol")
    assert client.get(f"{API}/{procurement.pk}/evaluation/mine").status_code == 404
    sign_in(w.anna.username)
    mine = client.get(f"{API}/{procurement.pk}/evaluation/mine").json()
    assert {row["evaluator"] for row in mine["scores"]} == {"anna"}
    assert [c["max_score"] for c in mine["criteria"]] == [10, 5]
    assert "Late Ltd" not in [b["provider"] for b in mine["bids"]]
    assert client.get(f"{API}/{procurement.pk}/evaluation").status_code == 403
    sign_in(w.officer.username)
    assert items(client, f"{API}/{procurement.pk}/evaluation") == []  # not yet complete
    assert items(client, f"{API}/{procurement.pk}/moderations") == []


def test_the_api_ranks_once_the_evaluation_is_complete_and_lists_challenges(client, sign_in, w):
    procurement = awarded(w)
    sign_in(w.officer.username)
    ranked = items(client, f"{API}/{procurement.pk}/evaluation")
    first = ranked[0]
    assert (first["rank"], first["provider"], first["total"]) == (
        1,
        "Oxford Floating Support",
        "86.00",
    )
    assert len(items(client, f"{API}/{procurement.pk}/moderations")) == 6
    assert items(client, f"{API}/{procurement.pk}/challenges") == []
