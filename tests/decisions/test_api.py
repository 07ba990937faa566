"""Proposals, disputes, the pathway and votes through the JSON API: each operation does what
its page does, through the same service, refused in the same words (docs/api.md).

The partnership is Oxfordshire's Commissioning Body under the 2003 Memorandum (unanimity
of all eight partners; route: compromise, escalation, call-in), as in test_voting.
"""

import datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.audit.models import AuditEvent
from accord.decisions import services as decisions
from accord.decisions.models import (
    Ballot,
    DisputeStepKind,
    Proposal,
    ProposalKind,
    ProposalState,
    Stage,
    Vote,
)
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import ConflictStep
from accord.meetings import services as meetings
from tests import factories

from .test_disputes import OUTSIDE_NOTE, disputed
from .test_voting import (
    FEBRUARY,
    MARCH,
    Oxon,
    cast_all,
    meeting_on,
    opened,
    oxfordshire,
    proposal_for,
    voted,
)

ESCALATED_ON = datetime.date(2010, 2, 12)


@pytest.fixture
def board(db) -> Oxon:
    board = oxfordshire()
    factories.ProgrammeOfficerFactory(
        partnership=board.partnership, user=factories.UserFactory(username="po")
    )
    # West Oxfordshire's lead member signs in as a member of the partnership.
    west = board.representatives[oxon.WEST]
    west.user = get_user_model().objects.create_user("west", password="x" * 16)
    west.save()
    return board


@pytest.fixture
def officer(client, board, sign_in):
    sign_in("po")
    return client


def base(board: Oxon) -> str:
    return f"/api/decisions/partnerships/{board.partnership.slug}"


def post(client: Any, path: str, data: dict[str, Any] | None = None, version: str | None = None):
    headers = {} if version is None else {"HTTP_IF_MATCH": version}
    return client.post(path, data or {}, content_type="application/json", **headers)


def read(client: Any, board: Oxon, proposal: Proposal) -> tuple[dict[str, Any], str]:
    response = client.get(f"{base(board)}/proposals/{proposal.pk}")
    assert response.status_code == 200
    return response.json(), response["ETag"]


def step(client: Any, board: Oxon, proposal: Proposal, name: str, data: dict[str, Any]):
    """Take a step on the version just read."""
    _, version = read(client, board, proposal)
    return post(client, f"{base(board)}/proposals/{proposal.pk}/steps/{name}", data, version)


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action))


# ---------------------------------------------------------------- proposals


def test_an_officer_drafts_a_proposal_with_the_pathway_its_constitution_implies(officer, board):
    response = post(
        officer,
        f"{base(board)}/proposals",
        {
            "title": "Strategy 2010-15",
            "kind": "strategy",
            "summary": "Resident wardens in sheltered housing",
            "deciding_body_id": board.body.pk,
            "owner_id": board.substitute.pk,
        },
    )
    assert response.status_code == 201
    created = response.json()
    assert created["proposal"]["state"] == "draft"
    assert created["proposal"]["owner_id"] == board.substitute.pk
    assert [(s["kind"], s["body_id"], s["status"]) for s in created["stages"]] == [
        ("recommend", board.strategy_group.pk, "pending"),
        ("decide", board.body.pk, "pending"),
    ]
    proposal = Proposal.objects.get(pk=created["proposal"]["id"])
    assert proposal.title == "Strategy 2010-15"
    assert [e.actor_name for e in events("proposal.create")] == ["po"]
    # The read answers the version the record carries.
    detail, version = read(officer, board, proposal)
    assert detail["proposal"]["version"] == version


def test_a_proposal_is_decided_by_a_deciding_body_of_the_partnership(officer, board):
    proposal = {"title": "Strategy 2010-15", "kind": "strategy"}
    escalation = post(
        officer,
        f"{base(board)}/proposals",
        {**proposal, "deciding_body_id": board.chief_executives.pk},
    )
    assert escalation.status_code == 422
    assert escalation.json()["error"]["field"] == "deciding_body"
    other = oxfordshire(slug="gloucestershire")
    elsewhere = post(
        officer, f"{base(board)}/proposals", {**proposal, "deciding_body_id": other.body.pk}
    )
    assert elsewhere.status_code == 422
    assert elsewhere.json()["error"]["field"] == "deciding_body_id"
    unknown_kind = post(
        officer,
        f"{base(board)}/proposals",
        {**proposal, "kind": "motion", "deciding_body_id": board.body.pk},
    )
    assert unknown_kind.status_code == 422
    assert unknown_kind.json()["error"]["field"] == "kind"
    assert not Proposal.objects.filter(partnership=board.partnership).exists()


def test_the_register_is_filtered_as_its_page_filters_it(officer, board):
    carried = proposal_for(board, "Annual Plan 2010/11")
    voted(carried, FEBRUARY, board.representatives)
    decisions.proposal_create(
        actor=None, partnership=board.partnership, title="Wardens policy", kind="policy",
        deciding_body=board.body, on=FEBRUARY,
    )  # fmt: skip

    def titles(**query: str) -> list[str]:
        response = officer.get(f"{base(board)}/proposals", query)
        assert response.status_code == 200
        return [p["title"] for p in response.json()["items"]]

    assert titles(state="carried") == ["Annual Plan 2010/11"]
    assert titles(kind="policy") == ["Wardens policy"]
    assert titles(state="carried", kind="policy") == []
    assert sorted(titles(state="", kind="")) == ["Annual Plan 2010/11", "Wardens policy"]
    refused = officer.get(f"{base(board)}/proposals", {"state": "adopted"})
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "state"


def test_the_openapi_document_lists_the_values_of_each_choice(client, db):
    document = client.get("/api/openapi.json").json()
    schemas = document["components"]["schemas"]
    assert schemas["ProposalKind"]["enum"] == ProposalKind.values
    assert schemas["ProposalState"]["enum"] == ProposalState.values
    steps = "/api/decisions/partnerships/{slug}/proposals/{proposal_id}/steps/withdraw"
    parameters = document["paths"][steps]["post"]["parameters"]
    assert any(p["name"] == "If-Match" and p["required"] for p in parameters)
    assert set(document["paths"][steps]["post"]["responses"]) >= {"409", "412", "428"}


# ---------------------------------------------------------------- tabling


def test_an_officer_tables_a_proposal_on_the_version_they_read(officer, board):
    proposal = proposal_for(board)
    meeting = meeting_on(board.body, FEBRUARY)
    url = f"{base(board)}/proposals/{proposal.pk}/table"
    without = post(officer, url, {"meeting_id": meeting.pk})
    assert without.status_code == 428
    _, version = read(officer, board, proposal)
    response = post(officer, url, {"meeting_id": meeting.pk}, version)
    assert response.status_code == 200
    tabled = response.json()
    assert tabled["proposal"]["state"] == "tabled"
    [tabling] = tabled["tablings"]
    assert (tabling["meeting_id"], tabling["is_exempt"]) == (meeting.pk, False)
    assert meeting.items.get().pk == tabling["item_id"]
    assert [e.actor_name for e in events("proposal.table")] == ["po"]
    assert response["ETag"] == read(officer, board, proposal)[1] != version
    # Someone who read it before it was tabled is refused, and nothing changes.
    later = meeting_on(board.body, MARCH)
    stale = post(officer, url, {"meeting_id": later.pk}, version)
    assert stale.status_code == 412
    assert not later.items.exists()


def test_a_proposal_is_tabled_only_at_a_meeting_of_its_deciding_body(officer, board):
    proposal = proposal_for(board)
    elsewhere = meeting_on(board.strategy_group, FEBRUARY)
    _, version = read(officer, board, proposal)
    response = post(
        officer,
        f"{base(board)}/proposals/{proposal.pk}/table",
        {"meeting_id": elsewhere.pk},
        version,
    )
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "invalid",
        "message": f"meeting: Choose a meeting of {board.body}",
        "field": "meeting",
    }


def test_an_exempt_tabling_is_shown_only_to_those_who_see_the_bodys_exempt_items(
    client, board, sign_in
):
    proposal = proposal_for(board)
    meeting = meeting_on(board.body, FEBRUARY)
    decisions.proposal_table(
        actor=None, proposal=proposal, meeting=meeting, is_exempt=True,
        exempt_reason="A provider's business affairs",
    )  # fmt: skip
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    # A member of the partnership who sits on its officers' group, not on the deciding body.
    officer_of_a_partner = governance.person_create(
        actor=None, partnership=board.partnership, name="Housing officer, Cherwell DC",
        user=factories.UserFactory(username="cherwell-officer"),
    )  # fmt: skip
    governance.membership_create(
        actor=None, partnership=board.partnership, body=board.strategy_group,
        person=officer_of_a_partner, role="observer", start_date=oxon.PROGRAMME_START,
    )  # fmt: skip
    sign_in("west")  # sits on the deciding body
    assert [t["is_exempt"] for t in read(client, board, proposal)[0]["tablings"]] == [True]
    sign_in("cherwell-officer")
    detail, _ = read(client, board, proposal)
    assert detail["proposal"]["title"] == proposal.title  # the proposal, as on its page
    assert detail["tablings"] == []  # not the exempt item of a body they do not sit on


# ---------------------------------------------------------------- a dispute's steps


def test_the_conflict_route_is_followed_step_by_step_through_the_api(officer, board):
    # seed 000, para 14, October 2005: escalated; the chief executives found a compromise.
    proposal = disputed(board)
    detail, _ = read(officer, board, proposal)
    offered = {s["trigger"]: s["within_constitution"] for s in detail["next_steps"]}
    assert (
        offered.items() >= {"compromise": True, "escalate": True, "decide_outside": False}.items()
    )
    escalated = step(officer, board, proposal, "escalate", {"on": "2010-02-12", "note": "To CEs"})
    assert escalated.status_code == 200
    assert escalated.json()["proposal"]["state"] == "escalated"
    [taken] = escalated.json()["steps"]
    assert (taken["kind"], taken["body_id"], taken["within_constitution"]) == (
        "escalate",
        board.chief_executives.pk,
        True,
    )
    result = step(
        officer,
        board,
        proposal,
        "escalation-result",
        {
            "on": "2010-02-26",
            "result": "compromise_found",
            "amended_summary": "Amended for teenage parents",
        },
    )
    assert result.status_code == 200
    assert result.json()["proposal"]["state"] == "disputed"
    assert result.json()["proposal"]["summary"] == "Amended for teenage parents"
    assert result.json()["steps"][-1]["result"] == "compromise_found"
    assert [e.actor_name for e in events("proposal.escalate")] == ["po"]
    assert [e.actor_name for e in events("proposal.escalation_result")] == ["po"]


def test_a_compromise_amends_the_proposal_and_is_audited(officer, board):
    proposal = disputed(board)
    response = step(
        officer,
        board,
        proposal,
        "compromise",
        {"on": "2010-02-08", "amended_summary": "Wardens kept in rural schemes"},
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert (proposal.state, proposal.summary) == ("disputed", "Wardens kept in rural schemes")
    assert proposal.steps.filter(kind=DisputeStepKind.COMPROMISE).count() == 1
    assert [e.actor_name for e in events("proposal.compromise")] == ["po"]
    missing = step(officer, board, proposal, "compromise", {"on": "2010-02-09"})
    assert missing.status_code == 422
    assert missing.json()["error"]["message"] == "amended_summary: Describe the amended proposal"


def test_a_step_the_lifecycle_refuses_is_refused_in_the_pages_words(officer, board):
    proposal = proposal_for(board)
    voted(proposal, FEBRUARY, board.representatives)  # carried
    proposal.refresh_from_db()
    before = (proposal.state, AuditEvent.objects.count())
    response = step(officer, board, proposal, "withdraw", {"on": "2010-03-05"})
    assert response.status_code == 409
    words = "Not possible while the proposal is carried"
    assert response.json()["error"] == {"code": "refused", "message": words, "field": "state"}
    page = officer.post(
        reverse("decisions:step-create", args=[board.partnership.slug, proposal.pk, "withdraw"]),
        {"on": "2010-03-05"},
    )
    assert words in page.content.decode()
    proposal.refresh_from_db()
    assert (proposal.state, AuditEvent.objects.count()) == before


def test_a_step_outside_the_route_is_refused_unless_recorded_as_it_happened(db, client, sign_in):
    # A route without compromise: a compromise sought anyway is outside the constitution.
    board = oxfordshire(route=[ConflictStep.ESCALATE, ConflictStep.CALL_IN])
    factories.ProgrammeOfficerFactory(
        partnership=board.partnership, user=factories.UserFactory(username="po")
    )
    sign_in("po")
    proposal = disputed(board)
    compromise = {"on": "2010-02-08", "amended_summary": "Wardens kept in rural schemes"}
    refused = step(client, board, proposal, "compromise", compromise)
    assert refused.status_code == 409
    assert refused.json()["error"]["field"] == "as_it_happened"
    assert refused.json()["error"]["message"].startswith(
        "The constitution in force does not provide for this step"
    )
    recorded = step(client, board, proposal, "compromise", {**compromise, "as_it_happened": True})
    assert recorded.status_code == 200
    assert recorded.json()["proposal"]["outside_constitution"] is True
    assert recorded.json()["steps"][-1]["within_constitution"] is False


def test_a_decision_taken_outside_the_constitution_is_recorded_and_flagged(officer, board):
    # seed 000, para 17: July 2008.
    proposal = disputed(board)
    empty = step(officer, board, proposal, "decide-outside", {"on": "2010-04-09", "note": " "})
    assert empty.status_code == 422
    assert empty.json()["error"]["field"] == "note"
    response = step(
        officer, board, proposal, "decide-outside", {"on": "2010-04-09", "note": OUTSIDE_NOTE}
    )
    assert response.status_code == 200
    decided = response.json()
    assert decided["proposal"]["state"] == "carried"
    assert decided["proposal"]["outside_constitution"] is True
    assert decided["steps"][-1]["kind"] == "outside_constitution"
    assert decided["steps"][-1]["within_constitution"] is False
    assert [e.actor_name for e in events("proposal.decide_outside")] == ["po"]


def test_a_call_in_comes_within_the_call_in_period_only(db, client, sign_in):
    board = oxfordshire(call_in_days=5)
    factories.ProgrammeOfficerFactory(
        partnership=board.partnership, user=factories.UserFactory(username="po")
    )
    sign_in("po")
    proposal = proposal_for(board)
    voted(proposal, FEBRUARY, board.representatives)  # in effect on 12 February
    late = step(client, board, proposal, "call-in", {"on": "2010-03-01", "note": "Scrutiny"})
    assert late.status_code == 409
    assert late.json()["error"]["message"] == (
        "The decision is not in its call-in period on 1 March 2010. The call-in period ended "
        "on 12 February 2010: the decision has taken effect."
    )
    response = step(client, board, proposal, "call-in", {"on": "2010-02-08", "note": "Scrutiny"})
    assert response.status_code == 200
    assert response.json()["proposal"]["state"] == "called_in"
    assert response.json()["proposal"]["takes_effect_on"] is None
    assert [e.actor_name for e in events("decision.call_in")] == ["po"]


def test_an_officer_withdraws_a_draft(officer, board):
    proposal = proposal_for(board)
    response = step(officer, board, proposal, "withdraw", {"on": "2010-02-01", "note": "Overtaken"})
    assert response.status_code == 200
    assert response.json()["proposal"]["state"] == "withdrawn"
    assert response.json()["steps"][0]["note"] == "Overtaken"
    assert [e.actor_name for e in events("proposal.withdraw")] == ["po"]


# ---------------------------------------------------------------- who may


def test_a_member_reads_a_proposal_but_takes_no_step(client, board, sign_in):
    proposal = disputed(board)
    url = f"{base(board)}/proposals/{proposal.pk}/steps/withdraw"
    assert post(client, url, {"on": "2010-03-05"}, "*").status_code == 401
    sign_in("west")
    detail, version = read(client, board, proposal)
    assert detail["proposal"]["state"] == "disputed"
    assert detail["next_steps"] == []  # the page offers members none
    assert post(client, url, {"on": "2010-03-05"}, version).status_code == 403
    proposal.refresh_from_db()
    assert proposal.state == "disputed"


def test_a_token_takes_a_step_as_its_owner_and_a_read_token_takes_none(db, board):
    proposal = proposal_for(board)
    user = get_user_model().objects.get(username="po")
    today = timezone.localdate()

    def token(access: str) -> str:
        _, secret = api_token_create(
            actor=user, partnership=board.partnership, name=f"Committee system ({access})",
            access=access, expires_on=today + datetime.timedelta(days=30), today=today,
            two_factor_verified=True,
        )  # fmt: skip
        return f"Bearer {secret}"

    url = f"{base(board)}/proposals/{proposal.pk}/steps/withdraw"
    machine = Client()
    reader = {"Authorization": token("read")}
    version = machine.get(f"{base(board)}/proposals/{proposal.pk}", headers=reader)["ETag"]
    withdraw = {"on": "2010-02-01"}
    refused = machine.post(
        url, withdraw, content_type="application/json", headers={**reader, "If-Match": version}
    )
    assert refused.status_code == 403
    writer = {"Authorization": token("write"), "If-Match": version}
    done = machine.post(url, withdraw, content_type="application/json", headers=writer)
    assert done.status_code == 200
    assert [e.actor_name for e in events("proposal.withdraw")] == ["po"]


# ---------------------------------------------------------------- the pathway


def test_an_officer_adds_a_stage_and_records_it(officer, board):
    proposal = proposal_for(board)
    url = f"{base(board)}/proposals/{proposal.pk}/stages"
    nowhere = post(officer, url, {"kind": "external_approval"})
    assert nowhere.status_code == 422
    assert nowhere.json()["error"] == {
        "code": "invalid",
        "message": "authority: Choose a body or say who takes this stage",
        "field": "authority",
    }
    page = officer.post(
        reverse("decisions:stage-create", args=[board.partnership.slug, proposal.pk]),
        {"kind": "external_approval"},
    )
    assert "Choose a body or say who takes this stage" in page.content.decode()
    assert proposal.stages.count() == 2  # recommend, decide: nothing added
    added = post(officer, url, {"kind": "external_approval", "authority": "Secretary of State"})
    assert added.status_code == 201
    stage = added.json()
    assert (stage["kind"], stage["authority"], stage["status"]) == (
        "external_approval",
        "Secretary of State",
        "pending",
    )
    assert AuditEvent.objects.filter(action="stage.add", object_id=str(stage["id"])).exists()

    complete = f"{base(board)}/stages/{stage['id']}/complete"
    consent = {"status": "done", "on": "2010-05-04", "note": "Consent given"}
    assert post(officer, complete, consent).status_code == 428
    pending = post(officer, complete, {**consent, "status": "pending"}, stage["version"])
    assert pending.status_code == 422
    assert pending.json()["error"]["field"] == "status"
    done = post(officer, complete, consent, stage["version"])
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["completed_on"]) == ("done", "2010-05-04")
    recorded = Stage.objects.get(pk=stage["id"])
    assert (recorded.status, recorded.note) == ("done", "Consent given")
    assert [e.actor_name for e in events("stage.complete")] == ["po"]
    again = post(officer, complete, {**consent, "status": "not_needed"}, stage["version"])
    assert again.status_code == 412  # the stage changed since that version was read


# ---------------------------------------------------------------- votes


def test_the_programme_team_sees_who_may_cast_each_vote_and_a_member_their_own(
    client, board, sign_in
):
    proposal = proposal_for(board)
    ballot = opened(proposal, FEBRUARY)
    url = f"{base(board)}/ballots/{ballot.pk}"
    west_unit = board.unit(oxon.WEST)
    sign_in("po")
    shown = client.get(url)
    assert shown.status_code == 200
    assert shown["ETag"] == shown.json()["ballot"]["version"]
    units = {unit["key"]: unit for unit in shown.json()["units"]}
    assert len(units) == 8
    assert [(c["person_id"], c["role"]) for c in units[west_unit]["casters"]] == [
        (board.representatives[oxon.WEST].pk, "representative"),
        (board.substitute.pk, "substitute"),
    ]
    sign_in("west")
    units = {unit["key"]: unit for unit in client.get(url).json()["units"]}
    assert {key for key, unit in units.items() if unit["casters"]} == {west_unit}
    assert [c["person_id"] for c in units[west_unit]["casters"]] == [
        board.representatives[oxon.WEST].pk
    ]


def test_a_vote_replaced_while_open_is_kept_and_shown(officer, board):
    ballot = opened(proposal_for(board), FEBRUARY)
    url = f"{base(board)}/ballots/{ballot.pk}"
    cast = {
        "unit": board.unit(oxon.WEST),
        "cast_by_id": board.representatives[oxon.WEST].pk,
        "value": "against",
    }
    assert post(officer, f"{url}/votes", cast).status_code == 201
    assert post(officer, f"{url}/votes", {**cast, "value": "for"}).status_code == 201
    votes = officer.get(url).json()["votes"]
    assert [(v["value"], v["current"]) for v in votes] == [("against", False), ("for", True)]
    assert votes[1]["cast_by"] == board.representatives[oxon.WEST].name


def test_closing_a_vote_needs_the_version_read_and_stores_the_outcome(officer, board):
    proposal = proposal_for(board)
    ballot = opened(proposal, FEBRUARY)
    cast_all(ballot, board.representatives, against=[oxon.WEST])
    close = f"{base(board)}/ballots/{ballot.pk}/close"
    assert post(officer, close).status_code == 428
    assert Ballot.objects.get(pk=ballot.pk).is_open
    version = officer.get(f"{base(board)}/ballots/{ballot.pk}")["ETag"]
    response = post(officer, close, version=version)
    assert response.status_code == 200
    closed = response.json()
    assert (closed["is_open"], closed["outcome"], closed["votes_against"]) == (
        False,
        "not_carried",
        1,
    )
    assert closed["audit_sequence"] is not None
    assert response["ETag"] == officer.get(f"{base(board)}/ballots/{ballot.pk}")["ETag"]
    assert [e.actor_name for e in events("ballot.close")] == ["po"]
    # Its units now offer nobody a vote.
    shown = officer.get(f"{base(board)}/ballots/{ballot.pk}").json()
    assert all(unit["casters"] == [] for unit in shown["units"])
    again = post(officer, close, version=response["ETag"])
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "The vote is already closed"


def test_a_ratification_recorded_through_the_api_carries_the_proposal(officer, board):
    # domain, "Decisions": a vote given subject to a partner's cabinet's ratification.
    proposal = proposal_for(board)
    ballot = opened(proposal, FEBRUARY)
    west = board.representatives[oxon.WEST]
    cast_all(ballot, {**board.representatives, oxon.WEST: west}, absent=[oxon.WEST])
    decisions.vote_cast(
        actor=None, ballot=ballot, unit=board.unit(oxon.WEST), cast_by=west, value="for",
        subject_to_ratification=True, for_the_record=True,
    )  # fmt: skip
    decisions.ballot_close(actor=None, ballot=ballot)
    detail, _ = read(officer, board, proposal)
    assert detail["proposal"]["state"] == "awaiting_ratification"
    [pending] = [v for v in detail["ballots"][0]["votes"] if v["ratification"] == "pending"]
    url = f"{base(board)}/votes/{pending['id']}/ratify"
    early = post(officer, url, {"ratified": True, "on": "2010-02-01"}, pending["version"])
    assert early.status_code == 422
    assert early.json()["error"]["field"] == "on"
    response = post(officer, url, {"ratified": True, "on": "2010-02-15"}, pending["version"])
    assert response.status_code == 200
    assert (response.json()["ratification"], response.json()["ratified_on"]) == (
        "ratified",
        "2010-02-15",
    )
    assert Vote.objects.get(pk=pending["id"]).ratification == "ratified"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CARRIED
    assert [e.actor_name for e in events("vote.ratify")] == ["po"]
    again = post(officer, url, {"ratified": True, "on": "2010-02-16"}, response["ETag"])
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "This vote is not awaiting ratification"
