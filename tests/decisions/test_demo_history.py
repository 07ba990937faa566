"""The demo's Oxfordshire history: the three disputes of seed 000 (para 12) recorded through
the services as they happened, and the rule simulator replaying them under the Memorandum
and the two candidate rules before the Commissioning Body on 11 December 2009."""

import datetime
import itertools
from typing import Any

import pytest

from accord.audit.models import AuditEvent
from accord.audit.selectors import audit_chain_verify
from accord.decisions.models import (
    Ballot,
    DisputeStep,
    DisputeStepKind,
    Proposal,
    ProposalState,
    RuleSource,
    Vote,
)
from accord.decisions.selectors import simulator_cases, simulator_constitutions
from accord.demo import history
from accord.demo import oxfordshire as oxon
from accord.demo.services import demo_load
from accord.meetings.models import AgendaItem, Meeting, MeetingStatus, Paper
from accord.partnerships.models import Partnership
from accord.rules import parse_rule, simulate

MEMORANDUM = "Memorandum of Understanding"
OFFICERS = oxon.CONSTITUTIONS[1]["title"]
COUNTY = oxon.CONSTITUTIONS[2]["title"]


@pytest.fixture
def oxfordshire(demo) -> Partnership:
    return Partnership.objects.get(slug="oxfordshire")


DISPUTES: list[dict[str, Any]] = [
    {
        # seed 000, paras 12-14: 24 November 2004, West Oxfordshire; a compromise sought by
        # all, then a unanimous vote on the amended proposal at a subsequent meeting
        "title": "Strategy 2004-09",
        "rounds": [
            (datetime.date(2004, 11, 24), "not_carried", [oxon.WEST]),
            (datetime.date(2005, 1, 26), "carried", []),
        ],
        "steps": [
            (DisputeStepKind.COMPROMISE, "", True),
            (DisputeStepKind.SECOND_MEETING, "", True),
        ],
        "decided_on": datetime.date(2005, 1, 26),
        "outside": False,
    },
    {
        # seed 000, paras 12-14: 6 October 2005, Cherwell; escalated to the chief
        # executives, who found a compromise; unanimous at a later meeting
        "title": "Amendment of Strategy 2004-09: services for young people",
        "rounds": [
            (datetime.date(2005, 10, 6), "not_carried", [oxon.CHERWELL]),
            (datetime.date(2005, 12, 7), "carried", []),
        ],
        # para 13: "all partners actively sought a compromise" in both earlier cases, and
        # in this one unanimity came through escalating to the chief executives
        "steps": [
            (DisputeStepKind.COMPROMISE, "", True),
            (DisputeStepKind.ESCALATE, "", True),
            (DisputeStepKind.ESCALATION_RESULT, "compromise_found", True),
            (DisputeStepKind.SECOND_MEETING, "", True),
        ],
        "decided_on": datetime.date(2005, 12, 7),
        "outside": False,
    },
    *[
        {
            # seed 000, paras 12, 16-17: 11 July 2008, West Oxfordshire, on both documents;
            # escalated, no change; the county's chief executive approved "the majority
            # decisions": no unanimous vote, no call-in, outside the constitution
            "title": title,
            "rounds": [(datetime.date(2008, 7, 11), "not_carried", [oxon.WEST])],
            "steps": [
                (DisputeStepKind.ESCALATE, "", True),
                (DisputeStepKind.ESCALATION_RESULT, "no_change", True),
                (DisputeStepKind.OUTSIDE_CONSTITUTION, "", False),
            ],
            "decided_on": datetime.date(2008, 8, 8),
            "outside": True,
        }
        for title in ("Strategy 2008-11", "Annual Plan 2008-09")
    ],
]


@pytest.mark.parametrize("dispute", DISPUTES, ids=lambda d: d["title"])
def test_each_dispute_of_the_seed_is_a_proposal_with_its_rounds_and_steps(oxfordshire, dispute):
    proposal = Proposal.objects.get(partnership=oxfordshire, title=dispute["title"])
    ballots = list(proposal.ballots.select_related("meeting", "constitution_version"))
    rounds = []
    for ballot in ballots:
        against = Vote.objects.filter(ballot=ballot, current=True, value="against")
        rounds.append((ballot.meeting.date, ballot.outcome, [str(v.partner) for v in against]))
        assert str(ballot.constitution_version) == MEMORANDUM
        assert ballot.rule_source == RuleSource.DECISION_RULE
        assert ballot.votes_for + ballot.votes_against == 8
        assert ballot.meeting.body.name == oxon.COMMISSIONING_BODY
    assert rounds == dispute["rounds"]
    assert [ballot.round for ballot in ballots] == list(range(1, len(ballots) + 1))
    steps = proposal.steps.order_by("taken_on", "created_at")
    assert [(s.kind, s.result, s.within_constitution) for s in steps] == dispute["steps"]
    assert (proposal.state, proposal.decided_on, proposal.outside_constitution) == (
        ProposalState.CARRIED,
        dispute["decided_on"],
        dispute["outside"],
    )
    assert not steps.filter(kind=DisputeStepKind.CALL_IN).exists()
    escalations = steps.filter(kind=DisputeStepKind.ESCALATE)
    # seed 000, para 13: disputes are escalated to the local authority chief executives
    assert [str(s.body) for s in escalations] == [oxon.CHIEF_EXECUTIVES] * len(
        [kind for kind, _, _ in dispute["steps"] if kind == DisputeStepKind.ESCALATE]
    )


def test_the_2008_case_records_both_documents_decided_flagged_without_a_call_in(oxfordshire):
    # seed 000, para 12: "Strategy 2008-11 and Annual Plan 2008-09"; para 17: "the majority
    # decisions" approved by the county's chief executive
    flagged = Proposal.objects.filter(partnership=oxfordshire, outside_constitution=True)
    assert sorted((p.title, p.kind) for p in flagged) == [
        ("Annual Plan 2008-09", "annual_plan"),
        ("Strategy 2008-11", "strategy"),
    ]
    for proposal in flagged:
        assert proposal.takes_effect_on == proposal.decided_on == datetime.date(2008, 8, 8)
        assert proposal.outside_constitution_note == history.DISPUTES[2]["outside"]["note"]
        assert "Chief Executive approved the majority decisions" in (
            proposal.outside_constitution_note
        )
        step = proposal.steps.get(kind=DisputeStepKind.OUTSIDE_CONSTITUTION)
        assert (step.taken_on, step.within_constitution) == (datetime.date(2008, 8, 8), False)
        # the seed gives no date for the approval: it is marked illustrative
        assert step.is_illustrative("taken_on")
        assert proposal.is_illustrative("decided_on")
    # both were voted at the one meeting of 11 July 2008
    meetings = {p.ballots.get().meeting_id for p in flagged}
    assert len(meetings) == 1


def test_the_amended_proposals_carry_the_compromise_in_their_summary(oxfordshire):
    for dispute in history.DISPUTES[:2]:
        (document,) = dispute["documents"]
        proposal = Proposal.objects.get(partnership=oxfordshire, title=document["title"])
        assert proposal.summary == document["amended"]
    for document in history.DISPUTES[2]["documents"]:
        proposal = Proposal.objects.get(partnership=oxfordshire, title=document["title"])
        assert proposal.summary == document["summary"]


def test_in_2005_a_compromise_was_sought_before_the_escalation(oxfordshire):
    # seed 000, para 13: "In the first two cases all partners actively sought a compromise"
    proposal = Proposal.objects.get(
        partnership=oxfordshire, title="Amendment of Strategy 2004-09: services for young people"
    )
    sought, escalated = proposal.steps.filter(
        kind__in=[DisputeStepKind.COMPROMISE, DisputeStepKind.ESCALATE]
    ).order_by("taken_on")
    assert (sought.kind, escalated.kind) == (DisputeStepKind.COMPROMISE, DisputeStepKind.ESCALATE)
    assert "sought a compromise" in sought.note
    assert sought.taken_on < escalated.taken_on


def test_the_december_2009_agenda_is_published_with_the_officers_report(oxfordshire):
    meeting = Meeting.objects.get(
        body__partnership=oxfordshire,
        body__name=oxon.COMMISSIONING_BODY,
        date=oxon.COMMISSIONING_BODY_MEETING,
    )
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    proposal = meeting.items.get(tabling__isnull=False).tabling.proposal
    assert proposal is not None
    assert proposal.title == history.GOVERNANCE_PROPOSAL["title"]
    assert proposal.state == ProposalState.TABLED
    assert not proposal.ballots.exists()
    papers = Paper.objects.filter(item__meeting=meeting)
    assert {p.title for p in papers} == {history.REPORT_TITLE}
    assert {p.content_type for p in papers} == {"application/pdf"}


def test_minutes_are_approved_only_at_a_later_meeting_that_was_held(oxfordshire):
    # The history's meetings (the demo's contracts add meetings of decisions letting them,
    # accord/demo/contracts_data.py, before 11 July 2008, and its tenders' tendering
    # strategies, accord/demo/procurements_data.py).
    contract_decisions = ["tender_award", "instruction_to_contract", "tendering_strategy"]
    held = list(
        Meeting.objects.filter(body__partnership=oxfordshire, body__name=oxon.COMMISSIONING_BODY)
        .exclude(items__tabling__proposal__kind__in=contract_decisions)
        .order_by("date")
    )
    assert [m.date for m in held] == [
        datetime.date(2004, 11, 24),
        datetime.date(2005, 1, 26),
        datetime.date(2005, 10, 6),
        datetime.date(2005, 12, 7),
        datetime.date(2008, 7, 11),
        oxon.COMMISSIONING_BODY_MEETING,
    ]
    for meeting, following in itertools.pairwise(held[:-2]):
        assert meeting.status == MeetingStatus.MINUTES_APPROVED
        assert meeting.minutes_approved_at == following
        assert meeting.is_illustrative("minutes_approved_at")
        assert all(item.minutes for item in meeting.items.all())
    # the minutes of 11 July 2008 await approval: 11 December 2009 is not recorded as held
    july_2008, december_2009 = held[-2:]
    assert december_2009.status == MeetingStatus.AGENDA_PUBLISHED
    assert (july_2008.status, july_2008.minutes_approved_at) == (MeetingStatus.HELD, None)
    assert audit_chain_verify().intact


def test_no_minutes_anywhere_in_the_demo_are_approved_at_a_meeting_not_held(oxfordshire):
    approved = Meeting.objects.filter(minutes_approved_at__isnull=False).select_related(
        "minutes_approved_at"
    )
    assert approved.exists()
    for meeting in approved:
        at = meeting.minutes_approved_at
        assert at is not None
        assert at.status in {MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED}
        assert at.date > meeting.date


# ---------------------------------------------------------------- the simulator


def test_the_simulator_offers_the_memorandum_then_the_two_candidate_rules(oxfordshire):
    # the adopted version first, then the drafts as the constitution page lists them
    constitutions = simulator_constitutions(oxfordshire)
    assert [c.name for c in constitutions] == [MEMORANDUM, COUNTY, OFFICERS]
    memorandum, county, officers = constitutions
    assert memorandum.fallback_rule is None
    assert "second_meeting" not in memorandum.route
    assert officers.fallback_rule is not None
    assert officers.fallback_rule.kind == "majority"
    assert county.fallback_rule is not None
    # seed 000, para 22: "a majority voting ... limiting the minority against to one vote"
    assert county.fallback_rule == parse_rule(
        {"kind": "majority", "base": "all", "threshold": "1/2", "max_against": 1}
    )
    assert "second_meeting" in officers.route
    assert "second_meeting" in county.route


def test_the_simulator_replays_the_three_disputes_as_they_were_voted(oxfordshire):
    cases = {case.name: case for case in simulator_cases(oxfordshire)}
    assert set(cases) == {d["title"] for d in DISPUTES}
    wardens_2004 = cases["Strategy 2004-09"]
    assert len(wardens_2004.units) == 8
    assert [r.after for r in wardens_2004.rounds] == ["compromise", None]
    assert wardens_2004.rounds[0].votes[oxon.WEST] == "against"
    assert set(wardens_2004.rounds[1].votes.values()) == {"for"}
    young_people = cases["Amendment of Strategy 2004-09: services for young people"]
    assert [r.after for r in young_people.rounds] == ["escalate", None]
    assert young_people.rounds[0].votes[oxon.CHERWELL] == "against"
    for title in ("Strategy 2008-11", "Annual Plan 2008-09"):
        wardens_2008 = cases[title]
        assert [r.after for r in wardens_2008.rounds] == ["escalate"]
        assert list(wardens_2008.rounds[0].votes.values()).count("for") == 7


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        # seed 000, para 14: both earlier disputes were settled at a second meeting under
        # every candidate rule, by the unanimous vote on the amended proposal
        (
            "Strategy 2004-09",
            {MEMORANDUM: (2, "carried"), OFFICERS: (2, "carried"), COUNTY: (2, "carried")},
        ),
        (
            "Amendment of Strategy 2004-09: services for young people",
            {MEMORANDUM: (2, "carried"), OFFICERS: (2, "carried"), COUNTY: (2, "carried")},
        ),
        # seed 000, paras 16-21: 2008 cannot be decided under the Memorandum; the officers'
        # majority and the county's "one against" both carry it at an assumed second meeting
        *[
            (
                title,
                {
                    MEMORANDUM: (1, "not_carried"),
                    OFFICERS: (2, "carried"),
                    COUNTY: (2, "carried"),
                },
            )
            for title in ("Strategy 2008-11", "Annual Plan 2008-09")
        ],
    ],
)
def test_the_simulator_shows_what_each_rule_would_have_decided(oxfordshire, case, expected):
    results = simulate(simulator_constitutions(oxfordshire), simulator_cases(oxfordshire))
    (replayed,) = [r for r in results if r.case == case]
    got = {r.constitution: (r.round_number, r.outcome) for r in replayed.results}
    assert got == expected
    for result in replayed.results:
        assumed = "2008" in case and result.outcome == "carried"
        assert (result.assumed is not None) == assumed
        if assumed:
            assert result.rule_used == "fallback rule"


# ---------------------------------------------------------------- loading again


def counts() -> dict[str, int]:
    return {
        model.__name__: model._default_manager.count()
        for model in [Proposal, Ballot, Vote, Meeting, AgendaItem, Paper, DisputeStep, AuditEvent]
    }


def test_loading_the_demo_again_creates_nothing_new(oxfordshire, papers_dir):
    before = counts()
    files = sorted(papers_dir.iterdir())
    report = demo_load()
    assert counts() == before
    assert sorted(papers_dir.iterdir()) == files
    assert report.created == {}
    assert report.present["meetings and decisions (Oxfordshire)"] == 1
