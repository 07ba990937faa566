"""The public record of decisions (issue 14): a decision's page and the decisions register
(page, CSV, Popolo vote events) open to anyone once the meeting's agenda is published,
exempt items aside (not found, as if absent); the meeting page links each decision and
flags one taken outside the constitution; scrutiny calls a decision in within its period.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from jsonschema import Draft3Validator
from pypdf import PdfReader
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from accord.decisions import services as decisions
from accord.decisions.models import Proposal, ProposalState
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import Partner, Person
from accord.meetings import services as meetings
from accord.meetings.models import Meeting
from accord.partnerships.models import Partnership
from tests.governance.register_data import START, Register, adopt, build_register

POPOLO = Path(__file__).resolve().parents[1] / "standards" / "popolo" / "schemas"
# The majority agreement of the register's board is in force from 4 January 2010, with a
# call-in period of ten working days.
SITTING = datetime.date(2010, 2, 10)


@dataclass
class Board:
    register: Register
    partnership: Partnership
    officer: Any


@pytest.fixture
def board(db) -> Board:
    partnership = governance.partnership_create(
        actor=None, slug="wychwood", name="Wychwood Supporting People"
    )
    officer = get_user_model().objects.create_user("wychwood-officer", password="x" * 16)
    governance.programme_officer_appoint(
        actor=None, partnership=partnership, user=officer, start_date=START
    )
    register = build_register(partnership, size=3)
    adopt(register)
    return Board(register, partnership, officer)


def decided(
    board: Board,
    *,
    title: str = "Strategy 2010-13",
    on: datetime.date = SITTING,
    public: bool = True,
    exempt: bool = False,
    against: int = 0,
) -> Proposal:
    """A proposal voted on at a meeting of the board: the first ``against`` partners vote
    against, the others for (a majority carries)."""
    body = board.register.board
    meeting = meetings.meeting_schedule(
        actor=None, body=body, date=on, place="Witney", is_public=public
    )
    proposal = decisions.proposal_create(
        actor=None,
        partnership=board.partnership,
        title=title,
        kind="strategy",
        deciding_body=body,
        on=on,
        summary="Resident wardens in sheltered housing",
    )
    decisions.proposal_table(
        actor=None,
        proposal=proposal,
        meeting=meeting,
        is_exempt=exempt,
        exempt_paragraph="3" if exempt else "",
        public_interest_test="Prices before the award" if exempt else "",
    )
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    for index, unit in enumerate(ballot.units):
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=Person.objects.get(pk=unit["representatives"][0]),
            value="against" if index < against else "for",
            for_the_record=True,
        )
    decisions.ballot_close(actor=None, ballot=ballot)
    proposal.refresh_from_db()
    return proposal


def login(client: Any, user: Any) -> None:
    """Sign in with a second factor verified for the session (as ``sign_in`` does)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Authenticator app", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def page(client: Any, name: str, board: Board, *args: object) -> Any:
    return client.get(reverse(f"decisions:{name}", args=[board.partnership.slug, *args]))


# ---------------------------------------------------------------- who reads the record


def test_a_decision_of_a_published_public_meeting_is_public(client, board):
    proposal = decided(board)
    response = page(client, "decision-detail", board, proposal.pk)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Strategy 2010-13" in body
    assert "Carried" in body
    assert "10 February 2010" in body
    assert "Vote 1 at the Wychwood Board: carried (3 for, 0 against" in body
    assert "Wychwood Council 0" in body  # each partner's vote
    assert "accord audit verify --published" in body
    register = page(client, "decision-list", board).content.decode()
    assert "Strategy 2010-13" in register
    api = client.get(f"/api/decisions/partnerships/wychwood/decisions/{proposal.pk}")
    assert api.status_code == 200
    assert api.json()["state"] == "carried"
    assert [vote["vote"] for vote in api.json()["ballots"][0]["votes"]] == ["for"] * 3
    assert api.json()["call_in"] is None  # the public cannot call it in


def test_a_decision_of_a_private_meeting_is_not_found_by_the_public(client, board, sign_in):
    proposal = decided(board, public=False)
    assert page(client, "decision-detail", board, proposal.pk).status_code == 404
    assert "Strategy 2010-13" not in page(client, "decision-list", board).content.decode()
    assert (
        client.get(f"/api/decisions/partnerships/wychwood/decisions/{proposal.pk}").status_code
        == 404
    )
    login(client, board.officer)
    assert page(client, "decision-detail", board, proposal.pk).status_code == 200


def test_an_exempt_decision_is_not_found_as_if_absent(client, board):
    secret = decided(board, title="Wychwood floating support contract", exempt=True)
    unknown = page(client, "decision-detail", board, secret.pk + 1000)
    hidden = page(client, "decision-detail", board, secret.pk)
    assert hidden.status_code == unknown.status_code == 404
    for download in ("decision-list", "decision-csv", "decision-popolo"):
        assert "floating support contract" not in page(client, download, board).content.decode()
    api = client.get("/api/decisions/partnerships/wychwood/decisions").json()
    assert api["items"] == []


def test_a_proposal_not_yet_voted_on_has_no_record(client, board):
    body = board.register.board
    proposal = decisions.proposal_create(
        actor=None,
        partnership=board.partnership,
        title="Annual plan",
        kind="annual_plan",
        deciding_body=body,
        on=SITTING,
    )
    login(client, board.officer)
    assert page(client, "decision-detail", board, proposal.pk).status_code == 404


# ---------------------------------------------------------------- the meeting page


def test_the_meeting_page_links_the_decision_and_says_how_it_took_effect(client, board):
    proposal = decided(board, against=2)  # 1 for, 2 against: not carried
    assert proposal.state == ProposalState.DISPUTED
    decisions.decision_record_outside_constitution(
        actor=None,
        proposal=proposal,
        on=datetime.date(2010, 3, 1),
        note="The county's chief executive approved the majority decision",
    )
    meeting = Meeting.objects.get(body=board.register.board, date=SITTING)
    body = client.get(
        reverse("meetings:meeting-detail", args=[board.partnership.slug, meeting.pk])
    ).content.decode()
    assert "Decision: Not carried" in body
    assert "As it took effect: carried on 1 March 2010" in body
    assert "Outside the constitution" in body
    assert reverse("decisions:decision-detail", args=["wychwood", proposal.pk]) in body
    record = page(client, "decision-detail", board, proposal.pk).content.decode()
    assert "The county&#x27;s chief executive approved the majority decision" in record
    assert "Decided outside the constitution" in record
    # The approved minutes carry the same flag and the address of the record.
    meetings.meeting_mark_held(actor=None, meeting=meeting, today=SITTING)
    later = meetings.meeting_schedule(
        actor=None, body=board.register.board, date=datetime.date(2010, 4, 7), place="Witney"
    )
    meetings.agenda_item_add(actor=None, meeting=later, title="Minutes of the last meeting")
    later = meetings.meeting_publish_agenda(actor=None, meeting=later)
    # approved at the later meeting while it is being held (its day)
    meetings.minutes_approve(actor=None, meeting=meeting, at_meeting=later, today=later.date)
    pdf = client.get(reverse("meetings:minutes-pdf", args=["wychwood", meeting.pk]))
    reader = PdfReader(io.BytesIO(pdf.content))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "As it took effect: carried on 1 March 2010, outside the constitution." in text
    assert f"/partnerships/wychwood/decisions/{proposal.pk}/" in text.replace(" ", "")


# ---------------------------------------------------------------- downloads


def test_the_register_downloads_as_csv_with_formulas_neutralised(client, board):
    decided(board, title='=HYPERLINK("http://evil")', against=1)
    response = page(client, "decision-csv", board)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"].startswith("'=")
    assert (row["outcome"], row["decided_on"], row["outside_constitution"]) == (
        "Carried",
        "2010-02-10",
        "no",
    )
    assert (row["votes_for"], row["votes_against"]) == ("2", "1")
    assert row["partner_votes"] == (
        "Wychwood Council 0: no; Wychwood Council 1: yes; Wychwood Council 2: yes"
    )
    assert row["audit_hash"]
    assert row["url"].endswith(f"/decisions/{rows[0]['id']}/")


def popolo_validators() -> dict[str, Draft3Validator]:
    schemas = {path.stem: json.loads(path.read_text()) for path in POPOLO.glob("*.json")}
    registry: Registry = Registry()
    for schema in schemas.values():
        registry = registry.with_resource(
            schema["id"], Resource.from_contents(schema, default_specification=DRAFT3)
        )
    return {
        name: Draft3Validator(
            schemas[name], registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
        )
        for name in ("motion", "vote_event")
    }


def test_the_register_downloads_as_valid_popolo_vote_events_with_each_partners_vote(client, board):
    proposal = decided(board, against=1)
    data = json.loads(page(client, "decision-popolo", board).content)
    validators = popolo_validators()
    for motion in data["motions"]:
        validators["motion"].validate(motion)
    for event in data["vote_events"]:
        validators["vote_event"].validate(event)
    (motion,) = data["motions"]
    (event,) = data["vote_events"]
    assert motion["id"] == f"accord:wychwood:motion:{proposal.pk}"
    assert (motion["result"], event["result"], event["motion_id"]) == ("pass", "pass", motion["id"])
    partners = board.register.partners
    assert [(vote["voter_id"], vote["option"]) for vote in event["votes"]] == [
        (f"accord:wychwood:partner:{partners[0].pk}", "no"),
        (f"accord:wychwood:partner:{partners[1].pk}", "yes"),
        (f"accord:wychwood:partner:{partners[2].pk}", "yes"),
    ]
    assert {count["option"]: count["value"] for count in event["counts"]} == {
        "yes": 2,
        "no": 1,
        "abstain": 0,
        "absent": 0,
    }


def test_the_demo_registers_popolo_marks_what_the_source_documents_do_not_give(demo, client):
    response = client.get(reverse("decisions:decision-popolo", args=["oxfordshire"]))
    data = json.loads(response.content)
    validators = popolo_validators()
    for motion in data["motions"]:
        validators["motion"].validate(motion)
    for event in data["vote_events"]:
        validators["vote_event"].validate(event)
    strategy = Proposal.objects.get(partnership__slug="oxfordshire", title="Strategy 2008-11")
    motion = next(m for m in data["motions"] if m["id"].endswith(f":motion:{strategy.pk}"))
    assert motion["illustrative"] == ["date"]  # approved on 8 August 2008: a day not given
    (event,) = [e for e in data["vote_events"] if e["motion_id"] == motion["id"]]
    # seed 000, para 12: the meeting of 11 July 2008 is sourced, the time of day is not
    assert event["start_date"].startswith("2008-07-11T")
    assert event["illustrative"] == ["start_date"]
    counts = {count["option"]: count.get("illustrative") for count in event["counts"]}
    assert counts == {"yes": ["value"], "no": None, "abstain": ["value"], "absent": ["value"]}
    # the dissenting partner's vote is the seed's; the seven others are inferred
    west = Partner.objects.get(partnership__slug="oxfordshire", name=oxon.WEST)
    votes = {vote["voter_id"]: vote for vote in event["votes"]}
    assert "illustrative" not in votes.pop(f"accord:oxfordshire:partner:{west.pk}")
    assert len(votes) == 7
    assert all(vote["illustrative"] == ["option"] for vote in votes.values())
    # a vote the seed gives whole is not marked (para 14: the second meetings' unanimity)
    unanimous = Proposal.objects.get(partnership__slug="oxfordshire", title="Strategy 2004-09")
    second = next(
        e for e in data["vote_events"]
        if e["motion_id"].endswith(f":motion:{unanimous.pk}") and e["identifier"] == "Vote 2"
    )  # fmt: skip
    assert all("illustrative" not in vote for vote in second["votes"])
    assert all("illustrative" not in count for count in second["counts"])


# ---------------------------------------------------------------- call-in


@pytest.fixture
def scrutiny(board, client):
    """A member of the partnership's scrutiny committee, signed in."""
    committee = governance.body_create(
        actor=None, partnership=board.partnership, name="Wychwood Scrutiny", kind="scrutiny"
    )
    user = get_user_model().objects.create_user("scrutineer", password="x" * 16)
    person = governance.person_create(
        actor=None, partnership=board.partnership, name="Chair of Scrutiny", user=user
    )
    governance.membership_create(
        actor=None,
        partnership=board.partnership,
        body=committee,
        person=person,
        role="observer",
        start_date=START,
    )
    login(client, user)
    return user


def test_scrutiny_sees_the_call_in_period_and_calls_the_decision_in_within_it(
    client, board, scrutiny, monkeypatch
):
    proposal = decided(board)
    assert proposal.takes_effect_on == datetime.date(2010, 2, 24)  # ten working days
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2010, 2, 15))
    body = page(client, "decision-detail", board, proposal.pk).content.decode()
    assert "ends on <strong>Wednesday 24 February 2010</strong>" in body
    assert "Call the decision in" in body
    form = page(client, "decision-call-in", board, proposal.pk)
    assert form.status_code == 200
    response = client.post(
        reverse("decisions:decision-call-in", args=["wychwood", proposal.pk]),
        {"on": "2010-02-15", "note": "Called in by the scrutiny committee"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CALLED_IN


def test_a_call_in_after_the_period_is_refused_saying_why(client, board, scrutiny):
    proposal = decided(board)
    payload = {"on": "2010-03-01", "note": "Too late"}
    detail = client.get(f"/api/decisions/partnerships/wychwood/proposals/{proposal.pk}")
    response = client.post(
        f"/api/decisions/partnerships/wychwood/proposals/{proposal.pk}/steps/call-in",
        payload,
        content_type="application/json",
        headers={"If-Match": detail["ETag"]},
    )
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        "The decision is not in its call-in period on 1 March 2010. The call-in period ended "
        "on 24 February 2010: the decision has taken effect."
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CARRIED


def test_a_member_who_is_not_on_scrutiny_may_not_call_a_decision_in(client, board):
    proposal = decided(board)
    member = get_user_model().objects.create_user("member-only", password="x" * 16)
    person = board.register.people[0]
    person.user = member
    person.save()
    login(client, member)
    assert page(client, "decision-call-in", board, proposal.pk).status_code == 403
    assert (
        "Call the decision in"
        not in page(client, "decision-detail", board, proposal.pk).content.decode()
    )


# ---------------------------------------------------------------- queries


def test_the_register_and_a_decision_page_take_the_same_queries_whatever_the_size(client, board):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(name: str, *args: object) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert page(client, name, board, *args).status_code == 200
        return len(queries)

    first = decided(board, title="One")
    small = {name: count(name) for name in ("decision-list", "decision-csv", "decision-popolo")}
    small_detail = count("decision-detail", first.pk)
    for day in range(1, 5):
        decided(board, title=f"More {day}", on=SITTING + datetime.timedelta(days=7 * day))
    large = {name: count(name) for name in ("decision-list", "decision-csv", "decision-popolo")}
    assert large == small
    assert count("decision-detail", first.pk) == small_detail
