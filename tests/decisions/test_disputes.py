"""A proposal's life: the lifecycle table refuses what it does not allow; a proposal that
is not carried follows the constitution's conflict route, and anything done outside it is
recorded as it happened and flagged (seed 000, paras 12-17); the call-in period; tabling."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.decisions import services as decisions
from accord.decisions.models import (
    DisputeStep,
    DisputeStepKind,
    EscalationResult,
    Proposal,
    ProposalState,
    Tabling,
)
from accord.decisions.selectors import next_steps
from accord.demo import oxfordshire as oxon
from accord.governance.models import ConflictStep
from accord.meetings import services as meetings
from accord.meetings.models import AgendaItem, Meeting

from .test_voting import (
    FEBRUARY,
    MARCH,
    ROUTE_2004,
    TODAY,
    Oxon,
    meeting_on,
    opened,
    oxfordshire,
    proposal_for,
    tabled,
    voted,
)

APRIL = datetime.date(2010, 4, 9)
ESCALATED_ON = datetime.date(2010, 2, 12)
ESCALATION_NOTE = "Referred to the local authority chief executives (seed 000, para 13)."
# seed 000, para 17: what happened in July 2008.
OUTSIDE_NOTE = (
    "With the agreement of the other local authority chief executives, the County Council's "
    "Chief Executive approved the majority decision of the Commissioning Body."
)


@pytest.fixture
def board(db) -> Oxon:
    return oxfordshire()


def disputed(board: Oxon, title: str = "Strategy 2010-15") -> Proposal:
    """Voted on in February, West Oxfordshire against: not carried (seed 000, para 12)."""
    proposal = proposal_for(board, title)
    voted(proposal, FEBRUARY, board.representatives, against=[oxon.WEST])
    proposal.refresh_from_db()
    return proposal


def escalated(board: Oxon) -> Proposal:
    return decisions.proposal_escalate(
        actor=None, proposal=disputed(board), on=ESCALATED_ON, note=ESCALATION_NOTE
    )


def carried(board: Oxon) -> Proposal:
    proposal = proposal_for(board)
    voted(proposal, FEBRUARY, board.representatives)
    proposal.refresh_from_db()
    return proposal


def withdrawn(board: Oxon) -> Proposal:
    return decisions.proposal_withdraw(actor=None, proposal=proposal_for(board), on=FEBRUARY)


def draft_on_an_agenda(board: Oxon) -> Proposal:
    """An officer put the draft on the agenda as an item, without tabling it."""
    proposal = proposal_for(board)
    meeting = meeting_on(board.body, FEBRUARY)
    item = meetings.agenda_item_add(actor=None, meeting=meeting, title=proposal.title)
    Tabling.objects.create(partnership=proposal.partnership, proposal=proposal, item=item)
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    return proposal


def tabled_proposal(board: Oxon) -> Proposal:
    proposal = proposal_for(board)
    tabled(proposal, FEBRUARY)
    proposal.refresh_from_db()
    return proposal


def voting(board: Oxon) -> Proposal:
    ballot = opened(proposal_for(board), FEBRUARY)
    return Proposal.objects.get(pk=ballot.proposal_id)


STATES: dict[str, Callable[[Oxon], Proposal]] = {
    "draft": proposal_for,
    "draft on an agenda": draft_on_an_agenda,
    "tabled": tabled_proposal,
    "voting": voting,
    "disputed": disputed,
    "escalated": escalated,
    "carried": carried,
    "withdrawn": withdrawn,
}


def escalate(board: Oxon, proposal: Proposal) -> Any:
    return decisions.proposal_escalate(actor=None, proposal=proposal, on=MARCH)


def compromise(board: Oxon, proposal: Proposal) -> Any:
    return decisions.proposal_compromise(
        actor=None, proposal=proposal, on=MARCH, amended_summary="Amended on wardens"
    )


def escalation_result(board: Oxon, proposal: Proposal) -> Any:
    return decisions.escalation_result_record(
        actor=None, proposal=proposal, on=MARCH, result=EscalationResult.NO_CHANGE
    )


def decide_outside(board: Oxon, proposal: Proposal) -> Any:
    return decisions.decision_record_outside_constitution(
        actor=None, proposal=proposal, on=MARCH, note=OUTSIDE_NOTE
    )


def withdraw(board: Oxon, proposal: Proposal) -> Any:
    return decisions.proposal_withdraw(actor=None, proposal=proposal, on=MARCH)


def table(board: Oxon, proposal: Proposal) -> Any:
    april = Meeting.objects.get(body=board.body, date=APRIL)
    return decisions.proposal_table(actor=None, proposal=proposal, meeting=april)


def open_ballot(board: Oxon, proposal: Proposal) -> Any:
    meeting = proposal.tablings.get().item.meeting
    return decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)


# ---------------------------------------------------------------- the lifecycle table


@pytest.mark.parametrize(
    ("state", "step"),
    [
        # a decision once carried is not escalated, withdrawn or tabled again
        ("carried", escalate),
        ("carried", withdraw),
        ("carried", table),
        # a vote is opened on a tabled proposal only, not on a draft put on the agenda
        ("draft on an agenda", open_ballot),
        # the conflict route starts when a vote did not carry, not before
        ("tabled", compromise),
        ("voting", escalate),
        ("tabled", decide_outside),
        ("draft", decide_outside),
        # the escalation body's result comes after an escalation
        ("disputed", escalation_result),
        ("escalated", compromise),
        # one meeting at a time, and nothing after a withdrawal
        ("voting", table),
        ("withdrawn", table),
        ("withdrawn", escalate),
    ],
)
def test_each_step_is_refused_in_a_state_the_lifecycle_does_not_allow_it(board, state, step):
    proposal = STATES[state](board)
    meeting_on(board.body, APRIL)  # a later meeting it could be tabled at
    before = (proposal.state, proposal.summary, proposal.steps.count())
    events = AuditEvent.objects.count()
    with pytest.raises(AccordError) as refused:
        step(board, proposal)
    assert refused.value.field == "state"
    proposal.refresh_from_db()
    assert (proposal.state, proposal.summary, proposal.steps.count()) == before
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("route", "offered"),
    [
        # seed 000, para 13: the Memorandum's route, compromise and escalation
        (
            ROUTE_2004,
            {"table": True, "compromise": True, "escalate": True, "decide_outside": False},
        ),
        # a route without escalation: escalating would be outside the constitution
        (
            [ConflictStep.COMPROMISE],
            {"table": True, "compromise": True, "escalate": False, "decide_outside": False},
        ),
    ],
)
def test_the_next_steps_of_a_disputed_proposal_say_which_are_within_the_constitution(
    db, route, offered
):
    board = oxfordshire(route=route)
    steps = next_steps(disputed(board), on=MARCH)
    within = {row.trigger: allowed for row, allowed in steps}
    assert {trigger: within[trigger] for trigger in offered} == offered
    assert within["withdraw"] is True


# ---------------------------------------------------------------- the conflict route


@pytest.mark.parametrize(
    ("route", "within", "flagged"),
    [
        # seed 000, para 13: the Memorandum provides for both a compromise and escalation
        (ROUTE_2004, [True, True], False),
        # a route with escalation only: the compromise sought anyway is flagged
        ([ConflictStep.ESCALATE, ConflictStep.CALL_IN], [False, True], True),
        # a route with neither: each of the two steps is outside it, not only the first
        ([ConflictStep.CALL_IN], [False, False], True),
    ],
)
def test_steps_outside_the_route_are_recorded_as_they_happened_and_flagged(
    db, route, within, flagged
):
    board = oxfordshire(route=route)
    proposal = disputed(board)
    decisions.proposal_compromise(
        actor=None,
        proposal=proposal,
        on=datetime.date(2010, 2, 8),
        amended_summary="The strategy, amended on resident wardens",
        as_it_happened=True,
    )
    proposal = decisions.proposal_escalate(
        actor=None,
        proposal=proposal,
        on=ESCALATED_ON,
        body=board.chief_executives,
        as_it_happened=True,
    )
    steps = list(proposal.steps.exclude(kind=DisputeStepKind.SECOND_MEETING).order_by("taken_on"))
    assert [s.kind for s in steps] == [DisputeStepKind.COMPROMISE, DisputeStepKind.ESCALATE]
    assert [s.within_constitution for s in steps] == within
    assert (proposal.state, proposal.outside_constitution) == (ProposalState.ESCALATED, flagged)


def test_escalating_when_the_route_lacks_it_is_refused_unless_recorded_as_it_happened(db):
    board = oxfordshire(route=[ConflictStep.COMPROMISE, ConflictStep.CALL_IN])
    proposal = disputed(board)
    with pytest.raises(ValidationError) as no_body:
        decisions.proposal_escalate(actor=None, proposal=proposal, on=ESCALATED_ON)
    assert "body" in no_body.value.message_dict
    with pytest.raises(AccordError) as refused:
        decisions.proposal_escalate(
            actor=None, proposal=proposal, on=ESCALATED_ON, body=board.chief_executives
        )
    assert refused.value.field == "as_it_happened"
    proposal.refresh_from_db()
    assert (proposal.state, proposal.outside_constitution) == (ProposalState.DISPUTED, False)
    assert not proposal.steps.filter(kind=DisputeStepKind.ESCALATE).exists()

    proposal = decisions.proposal_escalate(
        actor=None,
        proposal=proposal,
        on=ESCALATED_ON,
        body=board.chief_executives,
        as_it_happened=True,
    )
    step = proposal.steps.get(kind=DisputeStepKind.ESCALATE)
    assert (step.body, step.within_constitution) == (board.chief_executives, False)
    proposal.refresh_from_db()
    assert (proposal.state, proposal.outside_constitution) == (ProposalState.ESCALATED, True)


def test_escalation_goes_to_the_constitutions_escalation_body(board):
    proposal = escalated(board)
    step = proposal.steps.get(kind=DisputeStepKind.ESCALATE)
    assert (step.body, step.taken_on, step.note) == (
        board.chief_executives,
        ESCALATED_ON,
        ESCALATION_NOTE,
    )
    assert (step.within_constitution, proposal.outside_constitution) == (True, False)


@pytest.mark.parametrize(
    ("result", "amended", "state", "summary_changes"),
    [
        # seed 000, para 14, October 2005: the chief executives found a compromise
        (EscalationResult.COMPROMISE_FOUND, "Amended for teenage parents", "disputed", True),
        # seed 000, para 16, July 2008: no change in positions; it returns as it was
        (EscalationResult.NO_CHANGE, "", ProposalState.DISPUTED, False),
        # domain, "Conflict resolution" 2: the escalation body may determine the question
        (EscalationResult.DETERMINATION, "", ProposalState.CARRIED, False),
    ],
)
def test_the_escalation_bodys_result_returns_the_proposal_or_decides_it(
    board, result, amended, state, summary_changes
):
    proposal = escalated(board)
    summary = proposal.summary
    proposal = decisions.escalation_result_record(
        actor=None,
        proposal=proposal,
        on=datetime.date(2010, 2, 26),
        result=result,
        note="The chief executives met",
        amended_summary=amended,
    )
    assert proposal.state == state
    assert (proposal.summary != summary) == summary_changes
    step = proposal.steps.get(kind=DisputeStepKind.ESCALATION_RESULT)
    assert (step.result, step.body) == (result, board.chief_executives)
    decided = datetime.date(2010, 2, 26) if state == ProposalState.CARRIED else None
    assert proposal.decided_on == decided


@pytest.mark.parametrize(
    ("result", "amended", "field"),
    [
        (EscalationResult.COMPROMISE_FOUND, "  ", "amended_summary"),
        ("agreed", "", "result"),
    ],
)
def test_an_escalation_result_that_makes_no_sense_is_refused(board, result, amended, field):
    proposal = escalated(board)
    with pytest.raises(ValidationError) as refused:
        decisions.escalation_result_record(
            actor=None, proposal=proposal, on=MARCH, result=result, amended_summary=amended
        )
    assert list(refused.value.message_dict) == [field]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ESCALATED


def test_a_decision_taken_outside_the_constitution_is_recorded_flagged_with_no_call_in(db):
    # seed 000, para 17: July 2008, "nor did the usual call-in processes take place"
    board = oxfordshire(call_in_days=10)
    proposal = escalated(board)
    decisions.escalation_result_record(
        actor=None, proposal=proposal, on=MARCH, result=EscalationResult.NO_CHANGE
    )
    with pytest.raises(ValidationError) as refused:
        decisions.decision_record_outside_constitution(
            actor=None, proposal=proposal, on=APRIL, note=" "
        )
    assert "note" in refused.value.message_dict
    proposal = decisions.decision_record_outside_constitution(
        actor=None, proposal=proposal, on=APRIL, note=OUTSIDE_NOTE
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CARRIED
    assert (proposal.outside_constitution, proposal.outside_constitution_note) == (
        True,
        OUTSIDE_NOTE,
    )
    assert (proposal.decided_on, proposal.takes_effect_on) == (APRIL, APRIL)
    step = proposal.steps.get(kind=DisputeStepKind.OUTSIDE_CONSTITUTION)
    assert (step.taken_on, step.within_constitution) == (APRIL, False)
    with pytest.raises(AccordError):
        decisions.decision_call_in(actor=None, proposal=proposal, on=APRIL, body=None, note="")


# ---------------------------------------------------------------- the call-in period


@pytest.mark.parametrize(
    ("meeting_date", "days", "route", "takes_effect_on"),
    [
        # a Friday and five working days: the next Friday
        (datetime.date(2010, 2, 5), 5, ROUTE_2004, datetime.date(2010, 2, 12)),
        # a Wednesday and five working days: the next Wednesday, over the weekend
        (datetime.date(2010, 2, 10), 5, ROUTE_2004, datetime.date(2010, 2, 17)),
        (datetime.date(2010, 2, 5), 10, ROUTE_2004, datetime.date(2010, 2, 19)),
        # no call-in period, or none in the route: it takes effect on the day
        (datetime.date(2010, 2, 5), None, ROUTE_2004, datetime.date(2010, 2, 5)),
        (datetime.date(2010, 2, 5), 5, [ConflictStep.COMPROMISE], datetime.date(2010, 2, 5)),
    ],
)
def test_a_decision_takes_effect_after_the_call_in_period_in_working_days(
    db, meeting_date, days, route, takes_effect_on
):
    board = oxfordshire(call_in_days=days, route=route)
    proposal = proposal_for(board, on=meeting_date)
    voted(proposal, meeting_date, board.representatives)
    proposal.refresh_from_db()
    assert (proposal.decided_on, proposal.takes_effect_on) == (meeting_date, takes_effect_on)


@pytest.mark.parametrize(
    ("called_in_on", "allowed"),
    [
        # decided on Friday 5 February 2010, five working days: in effect on the 12th
        (datetime.date(2010, 2, 5), True),
        (datetime.date(2010, 2, 11), True),
        (datetime.date(2010, 2, 12), False),
        (datetime.date(2010, 3, 1), False),
        # a call-in cannot come before the decision it calls in
        (datetime.date(2010, 2, 4), False),
    ],
)
def test_a_decision_is_called_in_only_within_the_call_in_period(db, called_in_on, allowed):
    board = oxfordshire(call_in_days=5)
    proposal = carried(board)
    assert proposal.takes_effect_on == datetime.date(2010, 2, 12)
    call_in = decisions.decision_call_in
    if not allowed:
        with pytest.raises(AccordError) as refused:
            call_in(actor=None, proposal=proposal, on=called_in_on, body=None, note="Scrutiny")
        assert refused.value.field == "on"
        proposal.refresh_from_db()
        assert proposal.state == ProposalState.CARRIED
        return
    proposal = call_in(actor=None, proposal=proposal, on=called_in_on, body=None, note="Scrutiny")
    assert (proposal.state, proposal.takes_effect_on) == (ProposalState.CALLED_IN, None)
    assert proposal.steps.get(kind=DisputeStepKind.CALL_IN).taken_on == called_in_on
    # it returns to the deciding body at a later meeting
    decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting_on(board.body, MARCH))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.TABLED
    assert proposal.steps.filter(kind=DisputeStepKind.SECOND_MEETING).count() == 1


# ---------------------------------------------------------------- tabling


def held_meeting(board: Oxon, date: datetime.date) -> Any:
    meeting = meeting_on(board.body, date)
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Apologies for absence")
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    return meetings.meeting_mark_held(actor=None, meeting=meeting, today=TODAY)


def cancelled_meeting(board: Oxon, date: datetime.date) -> Any:
    return meetings.meeting_cancel(
        actor=None, meeting=meeting_on(board.body, date), reason="Not quorate"
    )


@pytest.mark.parametrize(
    ("where", "refusal"),
    [
        # the proposal is decided by the Commissioning Body, not the Core Strategy Group
        (lambda b: meeting_on(b.strategy_group, MARCH), "Choose a meeting of"),
        # nor by a meeting of another partnership
        (lambda b: meeting_on(oxfordshire(slug="other").body, MARCH), "Choose a meeting of"),
        # only a meeting still to be held
        (lambda b: held_meeting(b, MARCH), "not been held"),
        (lambda b: cancelled_meeting(b, MARCH), "not been held"),
        # a second meeting comes after the vote that did not carry
        (lambda b: meeting_on(b.body, FEBRUARY), "Choose a meeting after 5 February 2010"),
        (lambda b: meeting_on(b.body, datetime.date(2010, 1, 8)), "Choose a meeting after"),
    ],
)
def test_a_proposal_is_tabled_only_at_a_later_meeting_of_its_deciding_body(board, where, refusal):
    proposal = disputed(board)
    meeting = where(board)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    assert refusal in refused.value.message_dict["meeting"][0]
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DISPUTED
    assert AuditEvent.objects.count() == events
    assert not AgendaItem.objects.filter(meeting=meeting, tabling__proposal=proposal).exists()


def test_a_disputed_proposal_tabled_again_meets_its_second_meeting(board):
    proposal = disputed(board)
    meeting = meeting_on(board.body, MARCH)
    meetings.agenda_item_add(actor=None, meeting=meeting, title="Minutes of 5 February")
    item = decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    assert (item.number, item.tabling.proposal, item.title) == (2, proposal, proposal.title)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.TABLED
    step = proposal.steps.get(kind=DisputeStepKind.SECOND_MEETING)
    assert (step.taken_on, step.body) == (MARCH, board.body)


def test_a_second_round_is_not_voted_at_the_meeting_of_the_first(board):
    proposal = disputed(board)
    first_meeting = proposal.ballots.get().meeting
    tabled(proposal, MARCH)
    with pytest.raises(ValidationError) as refused:
        decisions.ballot_open(actor=None, proposal=proposal, meeting=first_meeting)
    assert "meeting" in refused.value.message_dict
    assert proposal.ballots.count() == 1


# ---------------------------------------------------------------- audited, all or nothing


def test_a_step_writes_its_audit_events_and_a_refused_one_writes_none(board):
    proposal = disputed(board)
    events = AuditEvent.objects.count()
    decisions.proposal_escalate(actor=None, proposal=proposal, on=ESCALATED_ON)
    written = list(AuditEvent.objects.filter(sequence__gt=events).order_by("sequence"))
    assert [e.action for e in written] == ["dispute.escalate", "proposal.escalate"]
    assert {e.partnership_id for e in written} == {board.partnership.pk}
    assert written[1].changes["state"] == [ProposalState.DISPUTED, ProposalState.ESCALATED]

    events = AuditEvent.objects.count()
    with pytest.raises(AccordError):
        decisions.proposal_escalate(actor=None, proposal=proposal, on=ESCALATED_ON)
    assert AuditEvent.objects.count() == events
    assert DisputeStep.objects.filter(kind=DisputeStepKind.ESCALATE).count() == 1


def test_a_service_that_fails_half_way_undoes_what_it_had_written(board):
    # proposal_table saves the proposal and its audit event, then adds the agenda item;
    # an exempt item without its reason is refused, and so is everything before it.
    proposal = proposal_for(board)
    meeting = meeting_on(board.body, FEBRUARY)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Choose the paragraph of Schedule 12A"):
        decisions.proposal_table(
            actor=None, proposal=proposal, meeting=meeting, is_exempt=True, exempt_reason=""
        )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT
    assert AuditEvent.objects.count() == events
    assert not meeting.items.exists()


def test_closing_a_vote_audits_the_ballot_and_the_proposal_together(board):
    ballot = opened(proposal_for(board), FEBRUARY)
    for unit in ballot.units:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=board.representatives[unit["label"]],
            value="for",
            for_the_record=True,
        )
    events = AuditEvent.objects.count()
    decisions.ballot_close(actor=None, ballot=ballot)
    written = AuditEvent.objects.filter(sequence__gt=events).order_by("sequence")
    actions = [e.action for e in written]
    # between them, the pathway's stages the decision completed or made unnecessary
    assert actions[0] == "ballot.close"
    assert actions[-1] == "proposal.decide"
    assert set(actions[1:-1]) <= {"stage.complete"}
    assert list(written)[-1].changes["state"] == [ProposalState.VOTING, ProposalState.CARRIED]
