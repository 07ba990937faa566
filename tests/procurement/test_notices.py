"""Notices and assessment summaries (issue 16 item 7): each step publishes its regime's
notice in its own transaction, a published notice is never changed, and each bidder is
sent a summary of its own bid's assessment with the figures of the evaluation, which only
it and the programme team see, on the pages and in the API."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction

from accord.commissioning import contract_hooks
from accord.commissioning import services as commissioning
from accord.decisions.models import ProposalKind, ProposalState
from accord.procurement import notices, selectors, services
from accord.procurement.models import (
    AssessmentSummary,
    Bid,
    Notice,
    Procurement,
    RecordImmutable,
)
from tests import factories

from .test_services import (
    DEADLINE,
    NOTICE,
    World,
    evaluated,
    in_standstill,
    late_provider,
    opened,
    refresh,
    sign,
    strategy,
)

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2026, 1, 7)  # the day after the standstill's last day


def kinds(procurement: Procurement) -> list[tuple[str, str, datetime.date]]:
    return [
        (n.kind, n.name, n.published_on)
        for n in Notice.objects.filter(procurement=procurement).order_by("id")
    ]


@pytest.fixture
def w() -> World:
    world = World()
    factories.ProgrammeOfficerFactory(partnership=world.partnership, user=world.officer)
    seat: Any = factories.MembershipFactory(body=world.board)
    seat.person.user = world.anna  # a member of the board
    seat.person.save()
    for username, provider in (("oxford-staff", 0), ("cherwell-staff", 1)):
        factories.UserFactory(username=username)
        commissioning.provider_staff_add(
            actor=None,
            provider=world.providers[provider],
            username=username,
            start_date=datetime.date(2003, 4, 1),
        )
    return world


def awarded_with_a_late_bid(w: World) -> Procurement:
    """test_services.in_standstill, with a fourth bid received after the deadline."""
    procurement = opened(w)
    services.bid_receive(
        actor=w.officer, procurement=procurement, provider=late_provider(w), price="80000.00",
        received_at=DEADLINE + datetime.timedelta(hours=1),
    )  # fmt: skip
    from .test_services import AFTER, AGREED, panel_member

    services.procurement_close(actor=w.officer, procurement=procurement, now=AFTER)
    criteria = selectors.criteria_of(procurement)[:2]
    bids = list(selectors.included_bids(procurement))
    for user in (w.anna, w.ben):
        evaluator = panel_member(procurement, user)
        for index, bid in enumerate(bids):
            for criterion, score in zip(criteria, AGREED[index], strict=True):
                services.score_record(
                    actor=user, evaluator=evaluator, bid=bid, criterion=criterion, score=score
                )
        services.scores_submit(actor=user, evaluator=evaluator)
    for index, bid in enumerate(bids):
        for criterion, score in zip(criteria, AGREED[index], strict=True):
            services.moderation_record(
                actor=w.officer, bid=bid, criterion=criterion, score=score, rationale="Agreed"
            )
    services.evaluation_complete(actor=w.officer, procurement=procurement)
    return in_standstill_of_awarded(w, procurement, award=True)


# ---------------------------------------------------------------- the steps' notices


def test_each_step_publishes_its_regimes_notice_dated_by_the_step(w):
    procurement = opened(w)
    assert kinds(procurement) == [("tender", "Tender notice", datetime.date(2025, 10, 27))]
    tender = Notice.objects.get(procurement=procurement)
    assert (tender.number, tender.verified, tender.regime) == ("UK4", True, "pa2023")
    assert "Deadline for bids: 28 November 2025, 12:00" in tender.text
    assert "Estimated value: £1,200,000.00 over 36 months" in tender.text
    assert "Quality of support 40%" in tender.text
    from .test_ocds import in_standstill_of

    procurement = in_standstill_of(w, procurement)
    award = Notice.objects.filter(procurement=procurement).latest("id")
    assert (award.kind, award.name, award.number) == (
        "contract_award",
        "Contract award notice",
        "UK6",
    )
    assert award.published_on == NOTICE
    assert "to be awarded to Oxford Floating Support" in award.text
    assert "Standstill: 8 working days, ending at the end of Tuesday 6 January 2026" in award.text
    procurement = sign(w, procurement, SIGNED)
    details = Notice.objects.filter(procurement=procurement).latest("id")
    assert (details.kind, details.name) == ("contract_details", "Contract details notice")
    assert details.contract == procurement.contract
    assert details.published_on == SIGNED
    assert "Contract OX-C-2026-01" in details.text
    # Each with its audit event.
    from accord.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="procurement.notice_publish").count() == 3


def test_variations_and_early_end_of_a_procured_contract_publish_their_notices(w):
    procurement = sign(w, in_standstill(w), SIGNED)
    contract = procurement.contract
    assert contract is not None
    decision: Any = factories.ProposalFactory(
        deciding_body=w.board, kind=ProposalKind.CONTRACT_VARIATION, state=ProposalState.CARRIED,
        decided_on=datetime.date(2027, 2, 11),
    )  # fmt: skip
    commissioning.contract_vary(
        actor=w.officer, contract=contract, agreed_on=datetime.date(2027, 3, 1),
        effective_on=datetime.date(2027, 4, 1), reason="Extended a year", decision=decision,
        end_date=datetime.date(2030, 3, 31),
    )  # fmt: skip
    change = Notice.objects.filter(procurement=procurement).latest("id")
    assert (change.kind, change.name, change.contract) == (
        "contract_change",
        "Contract change notice",
        contract,
    )
    assert change.published_on == datetime.date(2027, 3, 1)
    assert "It now ends on 31 March 2030" in change.text
    commissioning.contract_terminate(
        actor=w.officer, contract=contract, terminated_on=datetime.date(2028, 9, 30),
        reason_code="provider_notice", reason="Six months' notice", decision=None,
    )  # fmt: skip
    ended = Notice.objects.filter(procurement=procurement).latest("id")
    assert (ended.kind, ended.name) == ("contract_termination", "Contract termination notice")
    assert "ends early on 30 September 2028" in ended.text
    assert "The provider gave notice: Six months' notice" in ended.text
    assert "procurement OX-FS-2025" in ended.text


def test_the_2006_regulations_name_their_notices_unverified_and_have_no_contract_details(w):
    procurement = strategy(w, reference="OX-2008", regime="pcr2006_part_b", light_touch=False)
    services.procurement_open(
        actor=w.officer, procurement=procurement, decision=w.decision("tendering_strategy"),
        now=datetime.datetime(2025, 10, 27, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    tender = Notice.objects.get(procurement=procurement)
    assert (tender.name, tender.verified, tender.number) == ("Contract notice", False, "")
    assert "Not verified" in tender.text
    for provider, price in zip(w.providers, ("120000.00", "90000.00", "100000.00"), strict=True):
        services.bid_receive(
            actor=w.officer, procurement=procurement, provider=provider, price=price,
            received_at=DEADLINE - datetime.timedelta(days=1),
        )  # fmt: skip
    for user in (w.anna, w.ben):
        services.evaluator_add(actor=w.officer, procurement=procurement, user=user)
    from .test_ocds import in_standstill_of

    procurement = in_standstill_of(w, procurement)
    assert [k[1] for k in kinds(procurement)] == ["Contract notice", "Contract award notice"]
    assert "No standstill period applies" in Notice.objects.latest("id").text
    sign(w, procurement, NOTICE)
    assert len(kinds(procurement)) == 2  # no contract details notice under the Regulations


def test_a_failed_step_leaves_no_notice_and_no_summary(w, monkeypatch):
    procurement = evaluated(w)
    services.procurement_award(
        actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
    )

    def fails(**kwargs: Any) -> None:
        raise RuntimeError("the notice could not be published")

    monkeypatch.setattr(notices, "award_notice", fails)
    with pytest.raises(RuntimeError):
        services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    procurement = refresh(procurement)
    assert procurement.state == "awarded"
    assert procurement.award_notice_on is None
    assert kinds(procurement) == [("tender", "Tender notice", datetime.date(2025, 10, 27))]
    assert not AssessmentSummary.objects.exists()
    monkeypatch.undo()
    # The same of a variation whose later listener fails: no variation, no notice.
    procurement = sign(w, in_standstill_of_awarded(w, procurement), SIGNED)
    contract = procurement.contract
    assert contract is not None
    published = Notice.objects.count()

    def breaks(variation: Any, actor: Any) -> None:
        raise RuntimeError("a later listener failed")

    contract_hooks.register(varied=breaks)
    try:
        decision: Any = factories.ProposalFactory(
            deciding_body=w.board, kind=ProposalKind.CONTRACT_VARIATION,
            state=ProposalState.CARRIED,
        )  # fmt: skip
        with pytest.raises(RuntimeError):
            commissioning.contract_vary(
                actor=w.officer, contract=contract, agreed_on=datetime.date(2027, 3, 1),
                effective_on=datetime.date(2027, 4, 1), reason="Extended", decision=decision,
                end_date=datetime.date(2030, 3, 31),
            )  # fmt: skip
    finally:
        contract_hooks.unregister(varied=breaks)
    assert Notice.objects.count() == published
    assert not contract.variations.exists()


def in_standstill_of_awarded(
    w: World, procurement: Procurement, award: bool = False
) -> Procurement:
    if award:
        services.procurement_award(
            actor=w.officer, procurement=procurement, decision=w.decision("tender_award")
        )
    services.award_notice_publish(actor=w.officer, procurement=procurement, on=NOTICE)
    return refresh(procurement)


def test_a_published_notice_and_a_sent_summary_are_never_changed(w):
    procurement = in_standstill(w)
    notice = Notice.objects.filter(procurement=procurement).first()
    summary = AssessmentSummary.objects.filter(procurement=procurement).first()
    assert notice is not None
    assert summary is not None
    for row, table in ((notice, "procurement_notice"), (summary, "procurement_assessmentsummary")):
        row.text = "Something else"
        with pytest.raises(RecordImmutable, match="cannot be changed"):
            row.save()
        with pytest.raises(RecordImmutable, match="cannot be removed"):
            row.delete()
        with (
            pytest.raises(Exception, match="never changed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"UPDATE {table} SET text = 'x' WHERE id = %s", [row.pk])  # noqa: S608
        row.refresh_from_db()
        assert row.text != "x"
        assert row.text != "Something else"


# ---------------------------------------------------------------- assessment summaries


def test_each_bidder_gets_a_summary_with_the_evaluations_figures(w):
    procurement = awarded_with_a_late_bid(w)
    ranked = selectors.evaluation(procurement)
    winner = next(row for row in ranked if row.rank == 1)
    criteria = selectors.criteria_of(procurement)
    summaries = {s.bid_id: s for s in AssessmentSummary.objects.filter(procurement=procurement)}
    assert len(summaries) == 4  # three assessed, and the late one
    for row in ranked:
        summary = summaries[row.bid.pk]
        assert summary.rank == row.rank
        assert summary.total == row.total
        assert summary.winning_total == winner.total
        assert summary.bidders_ranked == 3
        assert summary.sent_on == NOTICE
        assert summary.standstill_last_day == datetime.date(2026, 1, 6)
        assert [f["criterion"] for f in summary.figures] == [c.name for c in criteria]
        for figure, criterion in zip(summary.figures, criteria, strict=True):
            assert Decimal(figure["score"]) == row.parts[criterion.pk]
            assert Decimal(figure["winning_score"]) == winner.parts[criterion.pk]
        assert f"with {row.total} points out of 100" in summary.text
        assert "ending at the end of Tuesday 6 January 2026" in summary.text
    second = next(s for s in summaries.values() if s.rank == 2)
    assert "Your bid ranked 2nd of 3" in second.text
    assert f"The winning bid, from Oxford Floating Support, scored {winner.total} points" in (
        second.text
    )
    assert "The panel's reasons: Agreed" in second.text
    assert "your price £100,000.00" in second.text
    first = summaries[winner.bid.pk]
    assert "the contract is to be awarded to you" in first.text
    late = next(s for s in summaries.values() if s.excluded_reason)
    assert late.rank is None
    assert late.figures == []
    assert "Your bid was excluded and was not assessed" in late.text
    assert "Received after the deadline for bids" in late.text


def summary_urls(procurement: Procurement, bid: Bid) -> tuple[str, str]:
    page = f"/partnerships/oxon/procurements/{procurement.pk}/bids/{bid.pk}/summary/"
    api = f"/api/procurement/partnerships/oxon/procurements/{procurement.pk}/bids/{bid.pk}/summary"
    return page, api


def test_a_bidder_sees_its_own_summary_only_and_the_public_none(client, sign_in, w):
    procurement = in_standstill(w)
    own, other = (Bid.objects.get(procurement=procurement, provider=w.providers[i]) for i in (1, 0))
    sign_in("cherwell-staff")
    page, api = summary_urls(procurement, own)
    response = client.get(page)
    assert response.status_code == 200
    assert "Assessment summary for Cherwell Housing Trust" in response.content.decode()
    answer = client.get(api)
    assert answer.status_code == 200
    assert answer.json()["provider"] == "Cherwell Housing Trust"
    assert answer.json()["total"] == str(own.assessment_summary.total)
    listed = client.get("/api/procurement/partnerships/oxon/assessment-summaries").json()
    assert [row["bid_id"] for row in listed["items"]] == [own.pk]
    listed_page = client.get("/partnerships/oxon/assessment-summaries/").content.decode()
    assert "Cherwell Housing Trust" in listed_page
    assert "Vale Support" not in listed_page
    # The bidder's own bids page leads to it, and to no other bidder's.
    bids_page = client.get("/partnerships/oxon/bids/").content.decode()
    assert f'href="{page}"' in bids_page
    assert f"/bids/{other.pk}/summary/" not in bids_page
    # Another bidder's summary: not theirs to know of, on the page and in the API.
    page, api = summary_urls(procurement, other)
    assert client.get(page).status_code == 404
    assert client.get(api).status_code == 404
    assert client.get(api).json()["error"]["code"] == "not_found"
    # A member of the partnership sees none; the public none.
    sign_in(w.anna.username)
    assert client.get(page).status_code == 403
    assert client.get(api).status_code == 403
    client.logout()
    assert client.get(page).status_code in (302, 403)
    assert client.get(api).status_code == 401
    assert client.get("/api/procurement/partnerships/oxon/assessment-summaries").status_code == 401


def test_the_programme_team_sees_every_summary(client, sign_in, w):
    procurement = in_standstill(w)
    sign_in(w.officer.username)
    answer = client.get(
        f"/api/procurement/partnerships/oxon/procurements/{procurement.pk}/summaries"
    )
    assert answer.status_code == 200
    assert [row["rank"] for row in answer.json()["items"]] == [1, 2, 3]
    page = client.get(f"/partnerships/oxon/procurements/{procurement.pk}/summaries/")
    assert page.status_code == 200
    assert all(p.name in page.content.decode() for p in w.providers)
    detail = client.get(f"/partnerships/oxon/procurements/{procurement.pk}/")
    assert "assessment summaries</a> (confidential)" in detail.content.decode()
    assert "Contract award notice" in detail.content.decode()


def test_a_providers_people_who_did_not_bid_cannot_reach_the_procurements_summaries(
    client, sign_in, w
):
    procurement = in_standstill(w)
    factories.UserFactory(username="late-staff")
    commissioning.provider_staff_add(
        actor=None, provider=late_provider(w), username="late-staff",
        start_date=datetime.date(2003, 4, 1),
    )  # fmt: skip
    sign_in("late-staff")
    base = f"/partnerships/oxon/procurements/{procurement.pk}/summaries"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"/api/procurement{base}").status_code == 404


def test_the_notices_are_public_on_the_contracting_pages_and_in_the_api(client, w):
    procurement = sign(w, in_standstill(w), SIGNED)
    page = client.get(f"/partnerships/oxon/contracting/{procurement.pk}/").content.decode()
    assert "Tender notice" in page
    assert "Contract award notice" in page
    assert "Contract details notice" in page
    notice = Notice.objects.filter(procurement=procurement, kind="contract_award").get()
    shown = client.get(f"/partnerships/oxon/contracting/{procurement.pk}/notices/{notice.pk}/")
    assert shown.status_code == 200
    assert "to be awarded to Oxford Floating Support" in shown.content.decode()
    base = f"/api/procurement/partnerships/oxon/procurements/{procurement.pk}/notices"
    listed = client.get(base).json()
    assert [row["kind"] for row in listed["items"]] == [
        "tender",
        "contract_award",
        "contract_details",
    ]
    one = client.get(f"{base}/{notice.pk}").json()
    assert one["name"] == "Contract award notice"
    assert one["number"] == "UK6"
    assert one["text"] == notice.text
    # Never a summary's figures in a public notice.
    assert "Agreed" not in "".join(row["text"] for row in listed["items"])


def test_the_openapi_document_describes_the_operations_errors(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    summary = paths[
        "/api/procurement/partnerships/{slug}/procurements/{procurement_id}/bids/{bid_id}/summary"
    ]["get"]
    assert {"200", "401", "403", "404", "422"} <= set(summary["responses"])
    notices_list = paths[
        "/api/procurement/partnerships/{slug}/procurements/{procurement_id}/notices"
    ]
    assert {"200", "403", "404", "422"} <= set(notices_list["get"]["responses"])
