"""The decisions pages issue a number of queries that does not grow with the data."""

import datetime
from collections.abc import Iterator

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.decisions import services as decisions
from accord.decisions.models import Proposal
from accord.governance.models import Body, Person
from accord.meetings import services as meetings
from accord.partnerships.models import Partnership

BODY = "Supporting People Commissioning Body"
WEST = "West Oxfordshire District Council"


@pytest.fixture
def officer(client, demo, sign_in):
    sign_in("officer")
    return client


def dates(start: datetime.date) -> Iterator[datetime.date]:
    day = start
    while True:
        yield day
        day += datetime.timedelta(days=28)


def disputed_rounds(
    proposal: Proposal, body: Body, days: Iterator[datetime.date], rounds: int
) -> None:
    """Vote the proposal ``rounds`` times, West Oxfordshire against each time (unanimity
    under the 2003 Memorandum, so never carried), with a compromise between rounds."""
    for _ in range(rounds):
        meeting = meetings.meeting_schedule(actor=None, body=body, date=next(days), place="Oxford")
        decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
        meetings.meeting_publish_agenda(actor=None, meeting=meeting)
        ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
        for unit in ballot.units:
            decisions.vote_cast(
                actor=None,
                ballot=ballot,
                unit=unit["key"],
                cast_by=Person.objects.filter(partnership=body.partnership).get(
                    pk=unit["representatives"][0]
                ),
                value="against" if unit["label"] == WEST else "for",
                for_the_record=True,
            )
        decisions.ballot_close(actor=None, ballot=ballot)
        decisions.proposal_compromise(
            actor=None,
            proposal=proposal,
            on=meeting.date + datetime.timedelta(days=1),
            amended_summary="Amended again",
        )


def a_disputed_proposal(rounds: int, start: datetime.date) -> Proposal:
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    body = Body.objects.filter(partnership=oxfordshire).get(name=BODY)
    proposal = decisions.proposal_create(
        actor=None,
        partnership=oxfordshire,
        title=f"Disputed {rounds} times",
        kind="policy",
        deciding_body=body,
        on=start,
    )
    disputed_rounds(proposal, body, dates(start), rounds)
    return proposal


def test_the_proposal_page_queries_do_not_grow_with_its_votes_and_steps(
    officer, django_assert_max_num_queries
):
    few = a_disputed_proposal(1, datetime.date(2010, 1, 6))
    with django_assert_max_num_queries(40) as counted:
        response = officer.get(reverse("decisions:proposal-detail", args=["oxfordshire", few.pk]))
    queries_for_one = len(counted)
    assert response.status_code == 200
    many = a_disputed_proposal(4, datetime.date(2011, 1, 5))
    with django_assert_max_num_queries(queries_for_one):
        response = officer.get(reverse("decisions:proposal-detail", args=["oxfordshire", many.pk]))
    assert response.content.decode().count("Not carried: unanimity needs all 8") == 4


def test_the_register_and_the_simulator_queries_do_not_grow_with_the_proposals(
    officer, django_assert_max_num_queries
):
    pages = [
        reverse("decisions:proposal-list", args=["oxfordshire"]),
        reverse("decisions:simulator", args=["oxfordshire"]),
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(40) as counted:
            assert officer.get(url).status_code == 200
        counts.append(len(counted))
    a_disputed_proposal(2, datetime.date(2010, 1, 6))
    a_disputed_proposal(3, datetime.date(2011, 1, 5))
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            html = officer.get(url).content.decode()
        assert "Disputed 3 times" in html


def test_the_proposal_and_ballot_reads_of_the_api_do_not_grow_with_the_votes(
    officer, django_assert_max_num_queries
):
    api = "/api/decisions/partnerships/oxfordshire"
    few = a_disputed_proposal(1, datetime.date(2010, 1, 6))
    with django_assert_max_num_queries(40) as counted:
        response = officer.get(f"{api}/proposals/{few.pk}")
    queries_for_one = len(counted)
    assert response.status_code == 200
    many = a_disputed_proposal(4, datetime.date(2011, 1, 5))
    with django_assert_max_num_queries(queries_for_one):
        response = officer.get(f"{api}/proposals/{many.pk}")
    assert len(response.json()["ballots"]) == 4
    assert all(len(ballot["votes"]) == 8 for ballot in response.json()["ballots"])
    ballot = many.ballots.order_by("round").last()
    assert ballot is not None
    with django_assert_max_num_queries(20):
        assert officer.get(f"{api}/ballots/{ballot.pk}").status_code == 200


# ---------------------------------------------------------------- what happens next


def test_a_draft_proposal_page_says_what_may_happen_next_in_a_whole_sentence(officer):
    # issue 14: "Under the constitution in force: table it at a meeting is provided for; ."
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    proposal = decisions.proposal_create(
        actor=None,
        partnership=oxfordshire,
        title="Annual Plan 2010-11",
        kind="annual_plan",
        deciding_body=Body.objects.filter(partnership=oxfordshire).get(name=BODY),
        on=datetime.date(2010, 1, 6),
    )
    html = officer.get(
        reverse("decisions:proposal-detail", args=["oxfordshire", proposal.pk])
    ).content.decode()
    assert "What happens next" in html
    assert "Under the constitution in force: table it at a meeting is provided for.</p>" in html
    assert "; ." not in html


def test_a_carried_proposal_shows_no_empty_what_happens_next_and_its_pathway_is_closed(
    officer,
):
    # issue 14: an empty "What happens next" heading, and "Recommend: Core Strategy Group:
    # to do" kept after the decision was carried
    proposal = Proposal.objects.get(partnership__slug="oxfordshire", title="Strategy 2004-09")
    assert proposal.state == "carried"
    html = officer.get(
        reverse("decisions:proposal-detail", args=["oxfordshire", proposal.pk])
    ).content.decode()
    assert "What happens next" not in html
    assert "Under the constitution in force" not in html
    assert "Recommend: Core Strategy Group – not needed on 26 January 2005" in html
    assert "Decide: Supporting People Commissioning Body – done on 26 January 2005" in html
    assert "to do" not in html.split('id="pathway"')[-1].split("</ol>")[0]


def test_carrying_a_proposal_closes_the_stages_it_made_unnecessary_audited(demo):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    body = Body.objects.filter(partnership=oxfordshire).get(name=BODY)
    proposal = decisions.proposal_create(
        actor=None,
        partnership=oxfordshire,
        title="Tendering strategy 2010",
        kind="tendering_strategy",
        deciding_body=body,
        on=datetime.date(2010, 3, 3),
    )
    ratify = decisions.stage_add(
        actor=None, proposal=proposal, kind="ratify", authority="Cherwell cabinet"
    )
    meeting = meetings.meeting_schedule(
        actor=None, body=body, date=datetime.date(2010, 3, 3), place="Oxford"
    )
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    for unit in ballot.units:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=Person.objects.get(pk=unit["representatives"][0]),
            value="for",
            for_the_record=True,
        )
    decisions.ballot_close(actor=None, ballot=ballot)
    stages = {stage.kind: stage for stage in proposal.stages.all()}
    assert (stages["recommend"].status, stages["recommend"].completed_on) == (
        "not_needed",
        meeting.date,
    )
    assert stages["decide"].status == "done"
    # a stage after the decision is still to do
    ratify.refresh_from_db()
    assert ratify.status == "pending"
    closed = AuditEvent.objects.filter(
        action="stage.complete", object_id=str(stages["recommend"].pk)
    )
    assert closed.count() == 1
