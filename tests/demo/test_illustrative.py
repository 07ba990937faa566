"""The demo says what the source documents say, and marks what it adds: every value the
seeds do not give is named in its record's ``illustrative`` list and shown as
"Illustrative: not from the source documents" on pages, in PDFs and in the CSV exports; no
page shows an internal reference ("seed 000, para 16") or raw Markdown."""

import datetime
import io
import re
from collections.abc import Iterator
from csv import DictReader, reader
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from pypdf import PdfReader

from accord.audit.models import AuditEvent
from accord.decisions.models import Ballot, DisputeStep, Proposal, Vote
from accord.demo import oxfordshire as oxon
from accord.demo.illustrative import illustrative_mark
from accord.demo.load_history import report_html, report_pdf
from accord.governance.models import (
    Body,
    ConstitutionVersion,
    Membership,
    Partner,
    Person,
    Position,
    Question,
)
from accord.meetings.models import Attendance, Meeting

COMMISSIONING_BODY = {
    "body__partnership__slug": "oxfordshire",
    "body__name": oxon.COMMISSIONING_BODY,
}
NOTE = "Illustrative: not from the source documents"


def meeting_on(date: datetime.date) -> Meeting:
    return Meeting.objects.get(date=date, **COMMISSIONING_BODY)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_what_the_seeds_give_is_not_marked_and_what_they_do_not_is(demo):
    # seed 000, para 12: the dates of the three disputes are sourced; place and time are not
    july_2008 = meeting_on(datetime.date(2008, 7, 11))
    assert not july_2008.is_illustrative("date")
    assert july_2008.is_illustrative("place")
    assert july_2008.is_illustrative("start_time")
    # para 14: "a subsequent meeting", date not given
    assert meeting_on(datetime.date(2005, 1, 26)).is_illustrative("date")
    assert not meeting_on(oxon.COMMISSIONING_BODY_MEETING).is_illustrative("date")
    # the dissenting partner's vote is sourced, the seven others' are not
    first = Ballot.objects.get(proposal__title="Strategy 2008-11")
    assert first.is_illustrative("votes_for")
    votes = {str(v.partner): v for v in Vote.objects.filter(ballot=first).select_related("partner")}
    assert not votes[oxon.WEST].is_illustrative()
    assert all(v.is_illustrative("value") for name, v in votes.items() if name != oxon.WEST)
    # para 14: the second meetings' votes were unanimous, as the seed says
    unanimous = Ballot.objects.get(proposal__title="Strategy 2004-09", round=2)
    assert not unanimous.is_illustrative()
    assert not Vote.objects.filter(ballot=unanimous).exclude(illustrative=[]).exists()
    # attendance is not in the seeds
    assert Attendance.objects.exists()
    assert not Attendance.objects.filter(illustrative=[]).exists()
    # the dates of compromises, escalations and the 2008 approval are not given
    assert not DisputeStep.objects.filter(kind__in=["compromise", "escalate"], illustrative=[])
    assert DisputeStep.objects.get(
        kind="outside_constitution", proposal__title="Strategy 2008-11"
    ).is_illustrative("taken_on")
    # seat start dates: illustrative, except the service users' (para 10: 2 September 2009)
    strategy = Body.objects.get(partnership__slug="oxfordshire", name=oxon.CORE_STRATEGY_GROUP)
    service_users = Membership.objects.filter(body=strategy, role="service_user_representative")
    assert service_users.count() == 2
    assert all(not m.is_illustrative() for m in service_users)
    assert all(
        m.is_illustrative("start_date")
        for m in Membership.objects.filter(body__partnership__slug="oxfordshire").exclude(
            pk__in=service_users
        )
    )
    # officer titles are the demo's; the partners named in the seed are not marked
    assert Person.objects.get(name=oxon.REPRESENTATIVES[oxon.WEST]).is_illustrative("name")
    assert Partner.objects.get(name=oxon.PROBATION).is_illustrative("name")
    assert not Partner.objects.get(name=oxon.WEST).is_illustrative()
    assert ConstitutionVersion.objects.get(
        partnership__slug="oxfordshire", title="Memorandum of Understanding"
    ).is_illustrative("start_date")
    assert all(p.is_illustrative("recorded_on") for p in Position.objects.all())
    assert all(q.is_illustrative("asked_on") for q in Question.objects.all())


def test_marking_is_audited_refuses_unknown_fields_and_marks_once(demo):
    meeting = meeting_on(oxon.COMMISSIONING_BODY_MEETING)
    before = AuditEvent.objects.count()
    illustrative_mark(actor=None, row=meeting, fields=["end_time"])
    assert meeting.is_illustrative("end_time")
    event = AuditEvent.objects.get(sequence=AuditEvent.objects.count())
    assert event.action == "meeting.mark_illustrative"
    illustrative_mark(actor=None, row=meeting, fields=["end_time"])
    assert AuditEvent.objects.count() == before + 1
    with pytest.raises(ValidationError, match="No such field: venue"):
        illustrative_mark(actor=None, row=meeting, fields=["venue"])


def test_pages_pdfs_and_exports_show_the_mark(demo, client, sign_in):
    july_2008 = meeting_on(datetime.date(2008, 7, 11))
    # signed out, on the public meeting page
    html = client.get(
        reverse("meetings:meeting-detail", args=["oxfordshire", july_2008.pk])
    ).content.decode()
    assert 'Illustrative<span class="govuk-visually-hidden">: not from the source documents' in html
    assert NOTE in html
    sign_in("officer")
    proposal = Proposal.objects.get(partnership__slug="oxfordshire", title="Strategy 2008-11")
    html = client.get(
        reverse("decisions:proposal-detail", args=["oxfordshire", proposal.pk])
    ).content.decode()
    decided = re.search(r"Decided</dt><dd[^>]*>(.*?)</dd>", html, re.S)
    assert decided is not None
    assert "8 August 2008" in decided[1]
    assert "Illustrative" in decided[1]
    assert NOTE in html
    # the minutes of a meeting whose minutes were approved: place and attendance marked
    approved = meeting_on(datetime.date(2004, 11, 24))
    pdf = client.get(reverse("meetings:minutes-pdf", args=["oxfordshire", approved.pk])).content
    assert "County Hall, New Road, Oxford Illustrative: not from the source documents" in (
        text_of(pdf)
    )
    # the register's CSV says which columns are illustrative
    csv = client.get(reverse("governance:membership-export", args=["oxfordshire"])).content
    header, *rows = list(reader(io.StringIO(csv.decode())))
    assert header[-1] == "illustrative"
    west = next(row for row in rows if row[1] == oxon.REPRESENTATIVES[oxon.WEST])
    assert west[-1] == "person start_date"
    # the public decisions register's CSV and its page
    register = client.get("/partnerships/oxfordshire/decisions.csv").content.decode()
    by_title = {row["title"]: row for row in DictReader(io.StringIO(register))}
    # the route holds the approval of 8 August 2008, whose date the seed does not give
    assert by_title["Strategy 2008-11"]["illustrative"] == (
        "decided_on takes_effect_on route votes_for abstentions absent partner_votes"
    )
    html = client.get("/partnerships/oxfordshire/decisions/").content.decode()
    assert NOTE in html


TAG = '<strong class="govuk-tag govuk-tag--grey accord-illustrative">Illustrative'


def test_the_public_record_marks_the_route_the_votes_and_the_published_attendance(demo, client):
    strategy = Proposal.objects.get(partnership__slug="oxfordshire", title="Strategy 2008-11")
    html = client.get(
        reverse("decisions:decision-detail", args=["oxfordshire", strategy.pk])
    ).content.decode()
    route = re.findall(r"<li><strong>(\d+ \w+ \d{4})</strong>(.*?)</li>", html, re.S)
    marked = {day: TAG in rest.split(":", 1)[0] for day, rest in route}
    # the meeting of 11 July 2008 is the seed's (para 12); the days of the compromise
    # sought, the escalation and the approval of 8 August 2008 are not given
    assert marked.pop("11 July 2008") is False
    assert "8 August 2008" in marked
    assert set(marked.values()) == {True}
    votes = dict(re.findall(r'<th scope="row" class="govuk-table__header">([^<]+)</th>'
                            r'<td class="govuk-table__cell">(.*?)</td>', html))  # fmt: skip
    assert TAG not in votes[oxon.WEST]  # the dissenting partner's vote is the seed's
    assert all(TAG in vote for name, vote in votes.items() if name != oxon.WEST)
    approved = meeting_on(datetime.date(2004, 11, 24))
    html = client.get(
        reverse("meetings:meeting-detail", args=["oxfordshire", approved.pk])
    ).content.decode()
    published = html.split("Who attended, as recorded in the approved minutes", 1)[1]
    body = published.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    assert body.count("</tr>") > 0
    assert body.count(TAG) == body.count("</tr>")  # attendance is not in the sources


API = "/api/{app}/partnerships/oxfordshire"


def api(client, app: str, path: str) -> Any:
    response = client.get(API.format(app=app) + path)
    assert response.status_code == 200, path
    return response.json()


def marked_objects(data: Any) -> Iterator[dict[str, Any]]:
    """Every object of an API answer that says which of its values are illustrative."""
    if isinstance(data, dict):
        if "illustrative" in data:
            yield data
        for value in data.values():
            yield from marked_objects(value)
    elif isinstance(data, list):
        for value in data:
            yield from marked_objects(value)


def test_the_api_names_each_records_illustrative_fields(demo, client, sign_in):
    answers = []
    # signed out: the public meetings and the public record of decisions
    meetings = {m["date"]: m for m in api(client, "meetings", "/meetings?limit=200")["items"]}
    assert {"place", "start_time"} <= set(meetings["2008-07-11"]["illustrative"])
    assert "date" not in meetings["2008-07-11"]["illustrative"]  # seed 000, para 12
    assert "date" in meetings["2005-01-26"]["illustrative"]  # "a subsequent meeting"
    # minutes approved at the next meeting held: the approval is the demo's
    assert "minutes_approved_at_id" in meetings["2004-11-24"]["illustrative"]
    answers.append(meetings)
    strategy = Proposal.objects.get(partnership__slug="oxfordshire", title="Strategy 2008-11")
    decision = api(client, "decisions", f"/decisions/{strategy.pk}")
    assert decision["illustrative"] == ["decided_on", "takes_effect_on"]
    (vote,) = decision["ballots"]
    assert vote["illustrative"] == ["votes_for", "abstentions", "absent"]
    marks = {row["voter"]: row["illustrative"] for row in vote["votes"]}
    assert marks.pop(oxon.WEST) == []  # the dissenting partner's vote is the seed's
    assert set(map(tuple, marks.values())) == {("vote",)}
    approval = next(step for step in decision["route"] if step["date"] == "2008-08-08")
    assert approval["illustrative"] == ["date"]
    answers.append(decision)
    approved = api(client, "meetings", f"/meetings/{meeting_on(datetime.date(2004, 11, 24)).pk}")
    assert approved["published_attendance"]
    assert all("status" in row["illustrative"] for row in approved["published_attendance"])
    answers.append(approved)

    sign_in("officer")
    proposal = api(client, "decisions", f"/proposals/{strategy.pk}")
    assert proposal["proposal"]["illustrative"] == ["decided_on", "takes_effect_on"]
    votes = proposal["ballots"][0]["votes"]
    assert sorted(len(v["illustrative"]) for v in votes) == [0] + [1] * 7
    assert "taken_on" in proposal["steps"][-1]["illustrative"]
    answers.append(proposal)
    july = api(client, "meetings", f"/meetings/{meeting_on(datetime.date(2008, 7, 11)).pk}")
    assert july["attendance"]
    assert all("status" in row["illustrative"] for row in july["attendance"])
    answers.append(july)
    partners = {p["name"]: p for p in api(client, "governance", "/partners")["items"]}
    assert partners[oxon.PROBATION]["illustrative"] == ["name"]
    assert partners[oxon.WEST]["illustrative"] == []
    people = {p["name"]: p for p in api(client, "governance", "/people?limit=200")["items"]}
    assert people[oxon.REPRESENTATIVES[oxon.WEST]]["illustrative"] == ["name"]
    memberships = api(client, "governance", "/memberships?limit=200")["items"]
    assert memberships
    assert any(m["illustrative"] == ["start_date"] for m in memberships)
    board = Body.objects.get(partnership__slug="oxfordshire", name=oxon.COMMISSIONING_BODY)
    seats = api(client, "governance", f"/bodies/{board.pk}/seats?on=2009-12-11")["items"]
    west = next(seat for seat in seats if seat["person"] == oxon.REPRESENTATIVES[oxon.WEST])
    assert west["illustrative"] == ["person"]  # the officer's title is the demo's
    terms = api(client, "governance", f"/bodies/{board.pk}/memberships?limit=200")["items"]
    assert any({"start_date", "person"} <= set(t["illustrative"]) for t in terms)
    versions = api(client, "governance", "/constitution/versions")["items"]
    mou = next(v for v in versions if v["title"] == "Memorandum of Understanding")
    assert mou["illustrative"] == ["start_date"]
    question = Question.objects.get(partnership__slug="oxfordshire", title=oxon.MAJORITY_VOTING)
    positions = api(client, "governance", f"/questions/{question.pk}")
    assert positions["illustrative"] == ["asked_on"]
    assert any("recorded_on" in row["illustrative"] for row in positions["positions"])
    answers += [partners, people, memberships, seats, terms, versions, positions]

    # Each object names only fields it has, as it names them.
    found = [obj for answer in answers for obj in marked_objects(answer)]
    assert any(obj["illustrative"] for obj in found)
    stray = [
        (sorted(obj), obj["illustrative"]) for obj in found if set(obj["illustrative"]) - set(obj)
    ]
    assert stray == []


def test_the_positions_keep_the_words_of_the_seed_beside_the_category(demo):
    # seed 000, para 22: "Concerns were expressed" is not opposition
    city = Position.objects.get(partner__name=oxon.CITY, question__title=oxon.MAJORITY_VOTING)
    assert city.stance == "undecided"
    assert city.reasons.startswith("\u201cConcerns were expressed about moving to a majority")
    county = Position.objects.get(partner__name=oxon.COUNTY, question__title=oxon.MAJORITY_VOTING)
    assert "limiting the minority against to one vote" in county.reasons


INTERNAL = re.compile(r"seed \d{3}|\bparas?\. ?\d|\bparas? \d", re.IGNORECASE)


def test_no_user_facing_text_shows_an_internal_reference(demo):
    """Every text the demo stored, in every model (service histories, procurements, their
    notices and releases, the audit trail's copies...), reads without our references."""
    texts = [
        f"{model._meta.label}.{field.name}: {value}"
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField, models.JSONField))
        for value in model._default_manager.values_list(field.name, flat=True)
        if value
    ]
    assert any(text.startswith("procurement.Notice.text") for text in texts)
    assert any(text.startswith("commissioning.ServiceChange.summary") for text in texts)
    assert [text for text in texts if INTERNAL.search(text)] == []
    # a citation, where the seed says it, is in words a reader can follow
    note = DisputeStep.objects.filter(kind="escalation_result", result="no_change").first()
    assert note is not None
    assert "(Oxfordshire Supporting People report to the Commissioning Body, paragraph 16)" in (
        note.note
    )


def test_the_officers_report_is_a_formatted_document_not_raw_markdown():
    html = report_html()
    assert "<h2>Conflict resolution</h2>" in html
    assert "<strong>Oxford City Council</strong>" in html
    assert "##" not in html
    assert "**" not in html
    assert "&lt;u&gt;" not in html
    text = text_of(report_pdf())
    assert "FUTURE GOVERNANCE FOR COMMISSIONING" in text
    assert "Conflict resolution" in text
    assert "##" not in text
    assert "**" not in text
