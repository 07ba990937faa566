"""A committee system drives a whole meeting through the API alone, with its programme
officer's token: schedule, an agenda with an exempt item, papers, publication,
attendance, the vote and its close, the minutes, and their approval at the next meeting.
Then the public reads the record without a token and sees nothing of the exempt item.

The meeting is the Oxfordshire Commissioning Body's under the 2003 Memorandum (seed 000,
para 11: the active consent of all eight partners), deciding the Annual Plan 2010/11.
"""

import datetime
import json
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.client import encode_multipart
from django.utils import timezone

from accord.accounts.services import api_token_create
from accord.audit.models import AuditEvent
from accord.decisions.models import Proposal
from accord.demo import oxfordshire as oxon
from accord.meetings.models import Paper
from tests import factories
from tests.decisions.test_voting import Oxon, oxfordshire
from tests.factories import pdf_bytes

PDF = pdf_bytes()
TENDER = "Contract award: accommodation-based services for single homeless people"
PUBLIC_INTEREST = (
    "Bidders' prices before the contract is signed would harm their commercial interests"
)


class Integrator:
    """The committee system: every call carries the token; changes send JSON."""

    def __init__(self, secret: str, slug: str) -> None:
        self.client = Client(enforce_csrf_checks=True)  # a token needs no CSRF token
        self.headers = {"Authorization": f"Bearer {secret}"}
        self.slug = slug

    def url(self, app: str, path: str) -> str:
        return f"/api/{app}/partnerships/{self.slug}{path}"

    def get(self, app: str, path: str) -> Any:
        response = self.client.get(self.url(app, path), headers=self.headers)
        assert response.status_code == 200, response.content
        return response

    def send(
        self, method: str, app: str, path: str, data: dict[str, Any], *, version: str = "",
        expect: int = 200, key: str = "",
    ) -> Any:  # fmt: skip
        headers = dict(self.headers)
        if version:
            headers["If-Match"] = version
        if key:
            headers["Idempotency-Key"] = key
        response = self.client.generic(
            method, self.url(app, path), json.dumps(data), "application/json", headers=headers
        )
        assert response.status_code == expect, response.content
        return response

    def version(self, app: str, path: str) -> str:
        return str(self.get(app, path)["ETag"])


@pytest.fixture
def board(db) -> Oxon:
    return oxfordshire()


@pytest.fixture
def system(board) -> Integrator:
    officer = factories.UserFactory(username="po")
    factories.ProgrammeOfficerFactory(partnership=board.partnership, user=officer)
    today = timezone.localdate()
    _, secret = api_token_create(
        actor=get_user_model().objects.get(username="po"), partnership=board.partnership,
        name="Committee system", access="write", expires_on=today + datetime.timedelta(days=30),
        today=today, two_factor_verified=True,
    )  # fmt: skip
    return Integrator(secret, board.partnership.slug)


def upload(system: Integrator, meeting: int, item: int, title: str, boundary: str) -> Any:
    """A paper sent as a multipart form, with the boundary the client happened to draw."""
    body = encode_multipart(
        boundary, {"title": title, "summary": "", "file": named(PDF, f"{title}.pdf")}
    )
    return system.client.post(
        system.url("meetings", f"/meetings/{meeting}/items/{item}/papers"),
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={**system.headers, "Idempotency-Key": f"paper-{item}"},
    )


def named(content: bytes, name: str) -> Any:
    import io

    upload = io.BytesIO(content)
    upload.name = name
    return upload


def test_a_whole_meeting_through_the_api_and_the_public_record_without_its_exempt_item(
    board, system
):
    m, d = "meetings", "decisions"
    # Schedule February's meeting and March's, at which February's minutes are approved.
    february = system.send("POST", m, "/meetings", {
        "body_id": board.body.pk, "date": "2010-02-05", "start_time": "10:00",
        "place": "County Hall, New Road, Oxford", "is_public": True,
    }, expect=201).json()["id"]  # fmt: skip
    march = system.send("POST", m, "/meetings", {
        "body_id": board.body.pk, "date": "2010-03-05", "start_time": "10:00",
        "place": "County Hall, New Road, Oxford", "is_public": True,
    }, expect=201).json()["id"]  # fmt: skip

    # The agenda: the Annual Plan, tabled from its proposal, and an exempt contract award.
    proposal = system.send("POST", d, "/proposals", {
        "title": "Annual Plan 2010/11", "kind": "annual_plan", "deciding_body_id": board.body.pk,
        "summary": "The programme's plan and its budget for 2010/11",
    }, expect=201).json()["proposal"]["id"]  # fmt: skip
    system.send("POST", d, f"/proposals/{proposal}/table", {"meeting_id": february},
                version=system.version(d, f"/proposals/{proposal}"))  # fmt: skip
    tender = system.send("POST", m, f"/meetings/{february}/items", {
        "title": TENDER, "is_exempt": True, "exempt_paragraph": "3",
        "public_interest_test": PUBLIC_INTEREST,
    }, expect=201).json()  # fmt: skip
    items = system.get(m, f"/meetings/{february}").json()["items"]
    plan = next(item for item in items if item["title"] == "Annual Plan 2010/11")
    assert [item["is_exempt"] for item in items] == [False, True]

    # Papers: the retried upload (another boundary, the same key) makes one paper.
    first = upload(system, february, tender["id"], "Evaluation report", "retry-1")
    again = upload(system, february, tender["id"], "Evaluation report", "retry-2")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Paper.objects.filter(item_id=tender["id"]).count() == 1
    assert upload(system, february, plan["id"], "Annual Plan", "plan").status_code == 201

    # Publish, then record who came: every partner's voting representative.
    system.send("POST", m, f"/meetings/{february}/publish", {},
                version=system.version(m, f"/meetings/{february}"))  # fmt: skip
    for person in board.representatives.values():
        system.send("PUT", m, f"/meetings/{february}/attendance/{person.pk}",
                    {"status": "present"})  # fmt: skip

    # The vote: all eight for; closed on the version read; unanimity carries it.
    ballot = system.send("POST", d, f"/proposals/{proposal}/ballots",
                         {"meeting_id": february}, expect=201).json()  # fmt: skip
    for unit in system.get(d, f"/ballots/{ballot['id']}").json()["units"]:
        system.send("POST", d, f"/ballots/{ballot['id']}/votes", {
            "unit": unit["key"], "value": "for",
            "cast_by_id": board.representatives[unit["label"]].pk,
        }, expect=201)  # fmt: skip
    closed = system.send("POST", d, f"/ballots/{ballot['id']}/close", {},
                         version=system.version(d, f"/ballots/{ballot['id']}")).json()  # fmt: skip
    assert closed["outcome"] == "carried", closed
    assert Proposal.objects.get(pk=proposal).state == "carried"

    # Held; minuted; the minutes approved at March's meeting, once it is held.
    system.send("POST", m, f"/meetings/{february}/held", {},
                version=system.version(m, f"/meetings/{february}"))  # fmt: skip
    for item, minute in [(plan, "The Annual Plan was agreed."), (tender, "The award was made.")]:
        address = f"/meetings/{february}/items/{item['id']}"
        system.send("PUT", m, f"{address}/minutes", {"minutes": minute},
                    version=system.version(m, address))  # fmt: skip
    system.send("POST", m, f"/meetings/{march}/items", {"title": "Minutes of 5 February"},
                expect=201)  # fmt: skip
    system.send("POST", m, f"/meetings/{march}/publish", {},
                version=system.version(m, f"/meetings/{march}"))  # fmt: skip
    system.send("POST", m, f"/meetings/{march}/held", {},
                version=system.version(m, f"/meetings/{march}"))  # fmt: skip
    approved = system.send("POST", m, f"/meetings/{february}/minutes/approve",
                           {"at_meeting_id": march},
                           version=system.version(m, f"/meetings/{february}"))  # fmt: skip
    assert approved.json()["status"] == "minutes_approved"

    # Each step is in the audit trail as the officer's own act.
    acts = set(AuditEvent.objects.filter(actor_name="po").values_list("action", flat=True))
    assert {
        "meeting.schedule", "proposal.create", "agenda_item.add", "paper.upload",
        "meeting.publish_agenda", "attendance.record", "ballot.open", "vote.cast", "ballot.close",
        "meeting.held", "minutes.write", "minutes.approve",
    } <= acts, sorted(acts)  # fmt: skip

    # The public reads the record without a token: the plan, its paper and its minute; not
    # the exempt item, its title, its paper or its minute.
    public = Client()
    record = public.get(system.url(m, f"/meetings/{february}"))
    assert record.status_code == 200
    shown = record.json()
    assert shown["meeting"]["status"] == "minutes_approved"
    assert [item["title"] for item in shown["items"]] == ["Annual Plan 2010/11"]
    assert shown["items"][0]["minutes"] == "The Annual Plan was agreed."
    text = record.content.decode()
    for withheld in (TENDER, "Evaluation report", "The award was made."):
        assert withheld not in text
    assert [gap["placeholder"] for gap in shown["withheld"]] == [
        "Item 2: exempt, not for publication, paragraph 3 of Schedule 12A"
    ]
    plan_paper = shown["items"][0]["papers"][0]["url"]
    assert public.get(plan_paper).status_code == 200
    assert public.get(system.url(m, f"/papers/{first.json()['id']}/content")).status_code == 404
    listing = public.get(system.url(m, "/meetings")).json()["items"]
    assert {meeting["id"] for meeting in listing} >= {february, march}
    assert oxon.COMMISSIONING_BODY in {meeting["body"] for meeting in listing}
