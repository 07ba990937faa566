"""Casting a partner's vote and closing the vote under the rule in force on the meeting date.

The partnership under test is Oxfordshire's Commissioning Body as seed 000 describes it:
eight partners, one vote each, the Memorandum of Understanding (unanimity of all eight)
in force from 1 April 2003. West Oxfordshire has a substitute besides its lead member.
The helpers here are shared by the other decision tests of this package.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.audit.selectors import audit_chain_verify
from accord.core.errors import AccordError
from accord.decisions import services as decisions
from accord.decisions.models import (
    Ballot,
    BallotOutcome,
    Proposal,
    ProposalState,
    Ratification,
    RuleSource,
    Vote,
)
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import (
    Amendment,
    Body,
    ConflictStep,
    ConstitutionVersion,
    MembershipRole,
    Partner,
    Person,
)
from accord.meetings import services as meetings
from accord.meetings.models import AgendaItem, AttendanceStatus, Meeting
from accord.partnerships.models import Partnership
from accord.rules import parse_rule
from tests import factories

START = oxon.PROGRAMME_START  # seed 004: the programme began on 1 April 2003
PLACE = "County Hall, New Road, Oxford"
# Meetings after the Commissioning Body of 11 December 2009 (seed 000), on Fridays.
FEBRUARY = datetime.date(2010, 2, 5)
MARCH = datetime.date(2010, 3, 5)
TODAY = datetime.date(2010, 6, 30)

# seed 000, para 11: "the active consent of all eight commissioning partners".
MEMORANDUM: dict[str, Any] = {"kind": "unanimity", "base": "all"}
# seed 000, para 19: a majority decision if unanimity fails again at a second meeting.
OFFICERS_FALLBACK: dict[str, Any] = {
    "kind": "majority",
    "base": "all",
    "threshold": "1/2",
    "strict": True,
}
# seed 000, para 22: the county council, "limiting the minority against to one vote".
COUNTY_FALLBACK: dict[str, Any] = {
    "kind": "majority",
    "base": "all",
    "threshold": "1/2",
    "strict": True,
    "max_against": 1,
}
ROUTE_2004 = [ConflictStep.COMPROMISE, ConflictStep.ESCALATE, ConflictStep.CALL_IN]
ROUTE_2009 = [
    ConflictStep.COMPROMISE,
    ConflictStep.ESCALATE,
    ConflictStep.SECOND_MEETING,
    ConflictStep.CALL_IN,
]
WEST_SUBSTITUTE = "Deputy Leader, West Oxfordshire District Council"


@dataclass
class Oxon:
    partnership: Partnership
    body: Body
    chief_executives: Body
    strategy_group: Body
    partners: dict[str, Partner]
    representatives: dict[str, Person]
    substitute: Person  # West Oxfordshire's
    memorandum: ConstitutionVersion

    def unit(self, partner_name: str) -> str:
        return f"partner-{self.partners[partner_name].pk}"


def oxfordshire(
    *,
    rule: dict[str, Any] | None = None,
    fallback: dict[str, Any] | None = None,
    route: Iterable[str] = ROUTE_2004,
    call_in_days: int | None = None,
    slug: str = "oxfordshire",
) -> Oxon:
    """The Commissioning Body with its eight partners, founded on a constitution in force
    from 1 April 2003 (the Memorandum's rule unless another is given)."""
    partnership = governance.partnership_create(
        actor=None, slug=slug, name=f"Supporting People ({slug})"
    )
    partners = {
        name: governance.partner_create(actor=None, partnership=partnership, name=name, kind=kind)
        for name, kind in oxon.PARTNERS
    }
    body = governance.body_create(
        actor=None, partnership=partnership, name=oxon.COMMISSIONING_BODY, kind="deciding_board"
    )
    chief_executives = governance.body_create(
        actor=None, partnership=partnership, name=oxon.CHIEF_EXECUTIVES, kind="escalation_body"
    )
    strategy_group = governance.body_create(
        actor=None, partnership=partnership, name=oxon.CORE_STRATEGY_GROUP, kind="officers_group"
    )
    representatives = {}
    for partner_name, title in oxon.REPRESENTATIVES.items():
        person = governance.person_create(actor=None, partnership=partnership, name=title)
        governance.membership_create(
            actor=None,
            partnership=partnership,
            body=body,
            person=person,
            partner=partners[partner_name],
            role=MembershipRole.VOTING_REPRESENTATIVE,
            start_date=START,
        )
        representatives[partner_name] = person
    substitute = governance.person_create(actor=None, partnership=partnership, name=WEST_SUBSTITUTE)
    governance.membership_create(
        actor=None,
        partnership=partnership,
        body=body,
        person=substitute,
        partner=partners[oxon.WEST],
        role=MembershipRole.SUBSTITUTE,
        start_date=START,
    )
    memorandum = governance.constitution_version_create(
        actor=None, partnership=partnership, title="Memorandum of Understanding"
    )
    governance.body_rule_set(
        actor=None,
        version=memorandum,
        body=body,
        decision_rule=rule or MEMORANDUM,
        fallback_rule=fallback,
        conflict_route=[str(step) for step in route],
        escalation_body=chief_executives if ConflictStep.ESCALATE in route else None,
        call_in_days=call_in_days,
    )
    governance.constitution_record_founding(actor=None, version=memorandum, start_date=START)
    return Oxon(
        partnership,
        body,
        chief_executives,
        strategy_group,
        partners,
        representatives,
        substitute,
        memorandum,
    )


def amend(
    board: Oxon,
    title: str,
    *,
    signed_on: datetime.date,
    rule: dict[str, Any],
    fallback: dict[str, Any] | None = None,
    route: Iterable[str] = ROUTE_2009,
) -> ConstitutionVersion:
    """A new version, signed by every partner's representative: in force from signed_on."""
    version = governance.constitution_version_create(
        actor=None, partnership=board.partnership, title=title
    )
    governance.body_rule_set(
        actor=None,
        version=version,
        body=board.body,
        decision_rule=rule,
        fallback_rule=fallback,
        conflict_route=[str(step) for step in route],
        escalation_body=board.chief_executives,
    )
    sign_all(
        governance.amendment_propose(actor=None, version=version, proposed_on=signed_on),
        signed_on=signed_on,
    )
    version.refresh_from_db()
    return version


def sign_all(amendment: Amendment, *, signed_on: datetime.date) -> None:
    for partner_name, title in oxon.REPRESENTATIVES.items():
        governance.signature_record(
            actor=None,
            amendment=amendment,
            partner=Partner.objects.get(partnership=amendment.partnership, name=partner_name),
            signed_by=Person.objects.get(partnership=amendment.partnership, name=title),
            signed_on=signed_on,
        )


def meeting_on(body: Body, date: datetime.date) -> Meeting:
    return meetings.meeting_schedule(
        actor=None, body=body, date=date, start_time=datetime.time(10), place=PLACE
    )


def proposal_for(
    board: Oxon | Body, title: str = "Annual Plan 2010/11", on: datetime.date = FEBRUARY
) -> Proposal:
    body = board.body if isinstance(board, Oxon) else board
    return decisions.proposal_create(
        actor=None,
        partnership=body.partnership,
        title=title,
        kind="annual_plan",
        deciding_body=body,
        on=on,
    )


def tabled(proposal: Proposal, date: datetime.date) -> tuple[Meeting, AgendaItem]:
    """The proposal on the published agenda of a meeting of its deciding body."""
    meeting = meeting_on(proposal.deciding_body, date)
    item = decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    meeting = meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    return meeting, item


def opened(proposal: Proposal, date: datetime.date) -> Ballot:
    meeting, _ = tabled(proposal, date)
    return decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)


def cast_all(
    ballot: Ballot,
    representatives: dict[str, Person],
    *,
    against: Iterable[str] = (),
    absent: Iterable[str] = (),
    abstain: Iterable[str] = (),
) -> None:
    """Every partner's representative casts its vote: for, unless listed otherwise."""
    for unit in ballot.units:
        name = unit["label"]
        if name in absent:
            continue
        value = "against" if name in against else "abstain" if name in abstain else "for"
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=unit["key"],
            cast_by=representatives[name],
            value=value,
            for_the_record=True,
        )


def voted(
    proposal: Proposal,
    date: datetime.date,
    representatives: dict[str, Person],
    *,
    against: Iterable[str] = (),
) -> Ballot:
    """A round: tabled, opened, every partner votes, closed."""
    ballot = opened(proposal, date)
    cast_all(ballot, representatives, against=against)
    return decisions.ballot_close(actor=None, ballot=ballot)


@pytest.fixture
def board(db) -> Oxon:
    return oxfordshire()


@pytest.fixture
def ballot(board) -> Ballot:
    return opened(proposal_for(board), FEBRUARY)


# ---------------------------------------------------------------- who may cast a vote


@pytest.mark.parametrize(
    ("representative_attends", "barred", "caster", "refusal"),
    [
        # domain, "Membership": the vote belongs to the partner; its representative casts it
        (AttendanceStatus.PRESENT, False, "representative", None),
        # ... whether or not attendance was taken
        (None, False, "representative", None),
        # domain: a substitute acts only when the representative is absent
        (AttendanceStatus.PRESENT, False, "substitute", "representative is present"),
        (AttendanceStatus.APOLOGIES, False, "substitute", None),
        (AttendanceStatus.ABSENT, False, "substitute", None),
        (None, False, "substitute", None),
        # a declared interest that bars the representative from the item bars their vote;
        # the substitute then casts it although the representative is in the room
        (AttendanceStatus.PRESENT, True, "representative", "declared an interest"),
        (AttendanceStatus.PRESENT, True, "substitute", None),
        # another partner's representative cannot cast West Oxfordshire's vote
        (AttendanceStatus.PRESENT, False, "cherwell", "could not cast"),
    ],
)
def test_a_partners_vote_is_cast_by_its_representative_or_a_substitute_standing_in(
    board, ballot, representative_attends, barred, caster, refusal
):
    west = board.representatives[oxon.WEST]
    if representative_attends is not None:
        meetings.attendance_record(
            actor=None, meeting=ballot.meeting, person=west, status=representative_attends
        )
    if barred:
        meetings.declaration_record(
            actor=None,
            item=ballot.agenda_item,
            person=west,
            interest="Member of a housing association bidding for the wardens' contract",
            bars_participation=True,
        )
    person = {
        "representative": west,
        "substitute": board.substitute,
        "cherwell": board.representatives[oxon.CHERWELL],
    }[caster]

    def cast() -> Vote:
        return decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=board.unit(oxon.WEST),
            cast_by=person,
            value="for",
            for_the_record=True,
        )

    if refusal is None:
        vote = cast()
        assert (vote.cast_by, vote.partner, vote.current) == (
            person,
            board.partners[oxon.WEST],
            True,
        )
    else:
        with pytest.raises(ValidationError) as refused:
            cast()
        assert refusal in refused.value.message_dict["cast_by"][0]
        assert not Vote.objects.exists()


# ---------------------------------------------------------------- who is the caster
# The security issue's first defect: a vote recorded as cast by someone who did not cast
# it. The rule, decided once in the service for the pages and the API alike: a vote is
# recorded as cast by the person who cast it, never by a default.


@pytest.fixture
def people(board) -> dict[str, Any]:
    """The programme officer, and West Oxfordshire's representative signed in as a member."""
    officer = factories.UserFactory(username="po")
    factories.ProgrammeOfficerFactory(partnership=board.partnership, user=officer)
    member = factories.UserFactory(username="west")
    west = board.representatives[oxon.WEST]
    west.user = member
    west.save()
    return {"officer": officer, "member": member}


def test_a_member_casts_only_their_own_partners_vote_and_is_its_caster(board, ballot, people):
    west = board.representatives[oxon.WEST]
    vote = decisions.vote_cast(
        actor=people["member"], ballot=ballot, unit=board.unit(oxon.WEST), cast_by=west,
        value="against",
    )  # fmt: skip
    assert vote.cast_by == west
    event = AuditEvent.objects.get(action="vote.cast", object_id=str(vote.pk))
    assert event.actor_name == "west"
    assert event.changes["cast_by_id"] == [None, west.pk]
    assert event.changes["recorded"] == [None, "by the caster"]
    with pytest.raises(ValidationError) as refused:
        decisions.vote_cast(
            actor=people["member"], ballot=ballot, unit=board.unit(oxon.CHERWELL),
            cast_by=board.representatives[oxon.CHERWELL], value="for",
        )  # fmt: skip
    assert refused.value.message_dict["cast_by"] == ["You can cast only your own vote"]


def test_the_programme_team_names_the_caster_and_the_record_keeps_both(board, ballot, people):
    """A substitute's vote is the substitute's, even with the representative in the room
    refused rather than put down to the representative."""
    meeting = ballot.meeting
    meetings.attendance_record(
        actor=None, meeting=meeting, person=board.representatives[oxon.WEST],
        status=AttendanceStatus.PRESENT,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        decisions.vote_cast(
            actor=people["officer"], ballot=ballot, unit=board.unit(oxon.WEST),
            cast_by=board.substitute, value="for", for_the_record=True,
        )  # fmt: skip
    assert "representative is present" in refused.value.message_dict["cast_by"][0]
    assert not Vote.objects.filter(ballot=ballot).exists()
    vote = decisions.vote_cast(
        actor=people["officer"], ballot=ballot, unit=board.unit(oxon.WEST),
        cast_by=board.representatives[oxon.WEST], value="for", for_the_record=True,
    )  # fmt: skip
    event = AuditEvent.objects.get(action="vote.cast", object_id=str(vote.pk))
    assert event.actor_name == "po"  # the recorder
    assert event.changes["cast_by_id"] == [None, board.representatives[oxon.WEST].pk]
    assert event.changes["recorded"] == [None, "for the record"]


def ballot_url(board: Oxon, ballot: Ballot, *tail: str) -> str:
    name = "decisions:vote-create" if tail else "decisions:ballot-detail"
    return reverse(name, args=[board.partnership.slug, ballot.pk])


def test_the_vote_form_of_the_programme_team_needs_the_caster_named(
    board, ballot, people, client, sign_in
):
    sign_in("po")
    page = client.get(ballot_url(board, ballot)).content.decode()
    west = board.representatives[oxon.WEST]
    assert f"{west.name} (West Oxfordshire District Council&#x27;s representative)" in page
    assert f"{board.substitute.name} (West Oxfordshire District Council&#x27;s substitute)" in page
    posted = {"unit": board.unit(oxon.WEST), "value": "for"}
    response = client.post(ballot_url(board, ballot, "votes"), posted)
    assert "Select who cast the vote" in response.content.decode()
    assert not Vote.objects.filter(ballot=ballot).exists()
    response = client.post(ballot_url(board, ballot, "votes"), {**posted, "cast_by": west.pk})
    assert response.status_code == 302
    assert Vote.objects.get(ballot=ballot).cast_by == west


def test_the_vote_form_of_a_member_offers_their_own_partners_vote_only(
    board, ballot, people, client, sign_in
):
    sign_in("west")
    page = client.get(ballot_url(board, ballot)).content.decode()
    assert 'name="cast_by"' not in page  # the member is the caster
    assert oxon.CHERWELL not in page.split('name="unit"')[1].split("</select>")[0]
    response = client.post(
        ballot_url(board, ballot, "votes"), {"unit": board.unit(oxon.CHERWELL), "value": "for"}
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Vote.objects.filter(ballot=ballot).exists()
    client.post(ballot_url(board, ballot, "votes"), {"unit": board.unit(oxon.WEST), "value": "for"})
    assert Vote.objects.get(ballot=ballot).cast_by == board.representatives[oxon.WEST]


def test_the_api_asks_the_same_rule_of_the_programme_team_and_of_members(
    board, ballot, people, client, sign_in
):
    url = f"/api/decisions/partnerships/{board.partnership.slug}/ballots/{ballot.pk}/votes"
    west, cherwell = board.representatives[oxon.WEST], board.representatives[oxon.CHERWELL]
    sign_in("po")
    refused = client.post(
        url, {"unit": board.unit(oxon.WEST), "value": "for"}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert refused.json()["error"]["field"] == "cast_by_id"
    sign_in("west")
    refused = client.post(
        url,
        {"unit": board.unit(oxon.CHERWELL), "value": "for", "cast_by_id": cherwell.pk},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == "cast_by: You can cast only your own vote"
    cast = client.post(
        url, {"unit": board.unit(oxon.WEST), "value": "for"}, content_type="application/json"
    )
    assert cast.status_code == 201
    assert cast.json()["cast_by_id"] == west.pk


def test_only_the_representative_on_the_meeting_date_casts_the_vote(board):
    # West Oxfordshire's lead member changes at the new year; the February vote is the
    # new lead member's to cast, whoever held the seat before.
    old = board.representatives[oxon.WEST]
    seat = old.memberships.get(body=board.body)
    governance.membership_end(actor=None, membership=seat, end_date=datetime.date(2009, 12, 31))
    new = governance.person_create(
        actor=None, partnership=board.partnership, name="New Lead Member, West Oxfordshire"
    )
    governance.membership_create(
        actor=None,
        partnership=board.partnership,
        body=board.body,
        person=new,
        partner=board.partners[oxon.WEST],
        role=MembershipRole.VOTING_REPRESENTATIVE,
        start_date=datetime.date(2010, 1, 1),
    )
    ballot = opened(proposal_for(board), FEBRUARY)
    with pytest.raises(ValidationError) as refused:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=board.unit(oxon.WEST),
            cast_by=old,
            value="for",
            for_the_record=True,
        )
    assert "could not cast" in refused.value.message_dict["cast_by"][0]
    vote = decisions.vote_cast(
        actor=None,
        ballot=ballot,
        unit=board.unit(oxon.WEST),
        cast_by=new,
        value="for",
        for_the_record=True,
    )
    assert vote.cast_by == new


def test_a_person_of_another_partnership_cannot_cast_a_vote(board, ballot):
    elsewhere = oxfordshire(slug="gloucestershire")
    with pytest.raises(ValidationError) as refused:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=board.unit(oxon.WEST),
            cast_by=elsewhere.representatives[oxon.WEST],
            value="for",
            for_the_record=True,
        )
    assert refused.value.message_dict["cast_by"] == ["Choose a person of this partnership"]


@pytest.mark.parametrize(
    ("unit", "value", "subject_to_ratification", "field"),
    [
        # a unit that is not one of this vote's voting members
        ("partner-999999", "for", False, "unit"),
        ("member-1", "for", False, "unit"),
        ("", "for", False, "unit"),
        # domain, "A decision rule": for, against or abstain; absent is no vote at all
        ("west", "absent", False, "value"),
        ("west", "FOR", False, "value"),
        # issue 5: only a vote for can wait for the partner's cabinet to ratify it
        ("west", "against", True, "subject_to_ratification"),
    ],
)
def test_a_vote_that_makes_no_sense_is_refused_naming_the_field(
    board, ballot, unit, value, subject_to_ratification, field
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=board.unit(oxon.WEST) if unit == "west" else unit,
            cast_by=board.representatives[oxon.WEST],
            value=value,
            subject_to_ratification=subject_to_ratification,
            for_the_record=True,
        )
    assert list(refused.value.message_dict) == [field]
    assert not Vote.objects.exists()
    assert AuditEvent.objects.count() == events


def test_no_vote_is_cast_once_the_vote_is_closed(board, ballot):
    cast_all(ballot, board.representatives)
    decisions.ballot_close(actor=None, ballot=ballot)
    with pytest.raises(AccordError) as refused:
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=board.unit(oxon.WEST),
            cast_by=board.representatives[oxon.WEST],
            value="against",
            for_the_record=True,
        )
    assert refused.value.field == "ballot"
    assert Vote.objects.filter(ballot=ballot).count() == 8
    with pytest.raises(AccordError, match="already closed"):
        decisions.ballot_close(actor=None, ballot=ballot)


# ---------------------------------------------------------------- changing a vote


@pytest.mark.parametrize(
    ("first", "second", "outcome"),
    [
        # West Oxfordshire comes round during the debate: its later vote is the one counted
        ("against", "for", BallotOutcome.CARRIED),
        # ... or changes its mind the other way (seed 000, para 16: positions hardened)
        ("for", "against", BallotOutcome.NOT_CARRIED),
        ("abstain", "for", BallotOutcome.CARRIED),
    ],
)
def test_a_second_vote_for_a_partner_replaces_the_first_and_both_are_kept(
    board, ballot, first, second, outcome
):
    cast_all(ballot, board.representatives, absent=[oxon.WEST])
    west = board.representatives[oxon.WEST]
    earlier = decisions.vote_cast(
        actor=None,
        ballot=ballot,
        unit=board.unit(oxon.WEST),
        cast_by=west,
        value=first,
        for_the_record=True,
    )
    later = decisions.vote_cast(
        actor=None,
        ballot=ballot,
        unit=board.unit(oxon.WEST),
        cast_by=west,
        value=second,
        for_the_record=True,
    )
    rows = Vote.objects.filter(ballot=ballot, unit=board.unit(oxon.WEST)).order_by("pk")
    assert [(v.pk, v.value, v.current) for v in rows] == [
        (earlier.pk, first, False),
        (later.pk, second, True),
    ]
    replaced = AuditEvent.objects.get(action="vote.cast", object_id=str(later.pk))
    assert replaced.changes["replaces"] == [None, [earlier.pk]]
    closed = decisions.ballot_close(actor=None, ballot=ballot)
    assert closed.outcome == outcome
    assert closed.votes_for + closed.votes_against + closed.abstentions == 8


# ---------------------------------------------------------------- closing the vote


@pytest.mark.parametrize(
    ("meeting_date", "version", "outcome"),
    [
        # 2005: the Memorandum (unanimity) was in force; West Oxfordshire's vote blocks
        (datetime.date(2005, 6, 15), "Memorandum of Understanding", BallotOutcome.NOT_CARRIED),
        # the day before the last partner signed the amendment: still the Memorandum
        (datetime.date(2010, 1, 14), "Memorandum of Understanding", BallotOutcome.NOT_CARRIED),
        # seed 000, para 7: the amendment takes effect when all eight have signed
        (datetime.date(2010, 1, 15), "Majority amendment", BallotOutcome.CARRIED),
        (datetime.date(2010, 2, 5), "Majority amendment", BallotOutcome.CARRIED),
    ],
)
def test_closing_applies_the_rule_in_force_on_the_meeting_date_not_today(
    board, meeting_date, version, outcome
):
    amend(
        board,
        "Majority amendment",
        signed_on=datetime.date(2010, 1, 15),
        rule=OFFICERS_FALLBACK,
    )
    proposal = proposal_for(board, on=meeting_date)
    ballot = voted(proposal, meeting_date, board.representatives, against=[oxon.WEST])
    assert str(ballot.constitution_version) == version
    assert ballot.rule_source == RuleSource.DECISION_RULE
    assert ballot.outcome == outcome
    proposal.refresh_from_db()
    expected_state = (
        ProposalState.CARRIED if outcome == BallotOutcome.CARRIED else ProposalState.DISPUTED
    )
    assert proposal.state == expected_state


@pytest.mark.parametrize(
    ("against", "abstain", "absent", "counts", "outcome"),
    [
        # seed 000, para 12: 11 July 2008, West Oxfordshire against, the other seven for
        ([oxon.WEST], [], [], (7, 1, 0, 0), BallotOutcome.NOT_CARRIED),
        # "active consent": an abstention or an absence blocks unanimity as well
        ([], [oxon.PROBATION], [], (7, 0, 1, 0), BallotOutcome.NOT_CARRIED),
        ([], [], [oxon.PROBATION], (7, 0, 0, 1), BallotOutcome.NOT_CARRIED),
        ([], [], [], (8, 0, 0, 0), BallotOutcome.CARRIED),
    ],
)
def test_closing_stores_the_outcome_counts_and_reason_with_a_verifiable_audit_record(
    board, ballot, against, abstain, absent, counts, outcome
):
    cast_all(ballot, board.representatives, against=against, abstain=abstain, absent=absent)
    closed = decisions.ballot_close(actor=None, ballot=ballot)
    closed.refresh_from_db()
    assert (closed.votes_for, closed.votes_against, closed.abstentions, closed.absent) == counts
    assert (closed.outcome, closed.base, closed.is_open) == (outcome, 8, False)
    assert closed.closed_at is not None
    assert closed.required
    assert closed.reason.startswith("Carried" if outcome == "carried" else "Not carried")
    for name in [*against, *abstain, *absent]:
        assert name in closed.reason
    assert closed.audit_sequence is not None
    event = AuditEvent.objects.get(sequence=closed.audit_sequence)
    assert (event.action, event.object_id, event.hash) == (
        "ballot.close",
        str(closed.pk),
        closed.audit_hash,
    )
    assert event.changes["outcome"] == ["", outcome]
    assert audit_chain_verify().intact


def test_the_rule_and_units_are_fixed_when_the_vote_opens(board, ballot):
    assert parse_rule(ballot.rule) == parse_rule(MEMORANDUM)
    assert ballot.constitution_version == board.memorandum
    assert ballot.round == 1
    assert [unit["label"] for unit in ballot.units] == sorted(oxon.REPRESENTATIVES)
    west = next(unit for unit in ballot.units if unit["label"] == oxon.WEST)
    assert west["representatives"] == [board.representatives[oxon.WEST].pk]
    assert west["substitutes"] == [board.substitute.pk]
    proposal = Proposal.objects.get(pk=ballot.proposal_id)
    assert proposal.state == ProposalState.VOTING


# ---------------------------------------------------------------- a second meeting


@pytest.mark.parametrize(
    ("fallback", "route", "against", "source", "outcome"),
    [
        # seed 000, para 19: the officers' recommendation; 7 of 8 is more than half
        (OFFICERS_FALLBACK, ROUTE_2009, [oxon.WEST], RuleSource.FALLBACK_RULE, "carried"),
        (OFFICERS_FALLBACK, ROUTE_2009, [oxon.WEST, oxon.CHERWELL], "fallback_rule", "carried"),
        # seed 000, para 22: the county's variant allows one partner against, not two
        (COUNTY_FALLBACK, ROUTE_2009, [oxon.WEST], RuleSource.FALLBACK_RULE, "carried"),
        (COUNTY_FALLBACK, ROUTE_2009, [oxon.WEST, oxon.CHERWELL], "fallback_rule", "not_carried"),
        # a fallback the route does not reach (no second meeting in it) does not apply
        (OFFICERS_FALLBACK, ROUTE_2004, [oxon.WEST], RuleSource.DECISION_RULE, "not_carried"),
        # the Memorandum: no fallback, unanimity again at the later meeting
        (None, ROUTE_2009, [oxon.WEST], RuleSource.DECISION_RULE, "not_carried"),
    ],
)
def test_a_second_round_uses_the_fallback_rule_where_the_route_provides_one(
    db, fallback, route, against, source, outcome
):
    board = oxfordshire(fallback=fallback, route=route)
    proposal = proposal_for(board)
    first = voted(proposal, FEBRUARY, board.representatives, against=against)
    assert (first.rule_source, first.outcome) == (RuleSource.DECISION_RULE, "not_carried")
    second = voted(proposal, MARCH, board.representatives, against=against)
    assert (second.round, second.rule_source, second.outcome) == (2, source, outcome)
    expected = fallback if source == RuleSource.FALLBACK_RULE else MEMORANDUM
    assert parse_rule(second.rule) == parse_rule(expected)


def test_the_2008_votes_carry_at_a_second_meeting_once_the_partners_sign_the_officers_rule(
    demo,
):
    # seed 000, paras 16-19: had the officers' recommendation been in force in 2008, the
    # Commissioning Body would have decided at its second meeting, West Oxfordshire against.
    partnership = Partnership.objects.get(slug="oxfordshire")
    body = Body.objects.filter(partnership=partnership).get(name=oxon.COMMISSIONING_BODY)
    amendment = Amendment.objects.get(
        partnership=partnership, version__title=oxon.CONSTITUTIONS[1]["title"]
    )
    sign_all(amendment, signed_on=datetime.date(2010, 1, 15))
    representatives = {
        name: Person.objects.get(partnership=partnership, name=title)
        for name, title in oxon.REPRESENTATIVES.items()
    }
    proposal = proposal_for(body, "Strategy 2010-15 and Annual Plan 2010-11")
    first = voted(proposal, FEBRUARY, representatives, against=[oxon.WEST])
    assert (first.votes_for, first.votes_against, first.outcome) == (7, 1, "not_carried")
    second = voted(proposal, MARCH, representatives, against=[oxon.WEST])
    assert str(second.constitution_version) == oxon.CONSTITUTIONS[1]["title"]
    assert second.rule_source == RuleSource.FALLBACK_RULE
    assert parse_rule(second.rule) == parse_rule(OFFICERS_FALLBACK)
    assert (second.votes_for, second.votes_against, second.outcome) == (7, 1, "carried")
    proposal.refresh_from_db()
    assert (proposal.state, proposal.decided_on) == (ProposalState.CARRIED, MARCH)


# ---------------------------------------------------------------- ratification


def ratifying(board: Oxon, ballot: Ballot, *partner_names: str) -> list[Vote]:
    """Every partner votes for; the named ones subject to their cabinet's ratification."""
    cast_all(ballot, board.representatives, absent=partner_names)
    return [
        decisions.vote_cast(
            actor=None,
            ballot=ballot,
            unit=board.unit(name),
            cast_by=board.representatives[name],
            value="for",
            subject_to_ratification=True,
            for_the_record=True,
        )
        for name in partner_names
    ]


def test_a_vote_for_subject_to_ratification_carries_subject_to_ratification(board, ballot):
    # issue 5: a lead member votes for, subject to the delegated authority of their cabinet
    (vote,) = ratifying(board, ballot, oxon.COUNTY)
    assert vote.ratification == Ratification.PENDING
    closed = decisions.ballot_close(actor=None, ballot=ballot)
    assert closed.outcome == BallotOutcome.CARRIED_SUBJECT_TO_RATIFICATION
    assert "ratify" in closed.reason
    proposal = Proposal.objects.get(pk=ballot.proposal_id)
    assert (proposal.state, proposal.decided_on) == (ProposalState.AWAITING_RATIFICATION, None)


@pytest.mark.parametrize(
    ("answers", "outcome", "state"),
    [
        # the county's cabinet ratifies: the decision is carried from that day
        ({oxon.COUNTY: True}, BallotOutcome.CARRIED, ProposalState.CARRIED),
        # a refusal counts as a vote against, and unanimity fails
        ({oxon.COUNTY: False}, BallotOutcome.NOT_CARRIED, ProposalState.DISPUTED),
        # two cabinets to ratify: one is not enough
        (
            {oxon.COUNTY: True, oxon.CITY: None},
            BallotOutcome.CARRIED_SUBJECT_TO_RATIFICATION,
            ProposalState.AWAITING_RATIFICATION,
        ),
        ({oxon.COUNTY: True, oxon.CITY: True}, BallotOutcome.CARRIED, ProposalState.CARRIED),
        ({oxon.COUNTY: True, oxon.CITY: False}, BallotOutcome.NOT_CARRIED, "disputed"),
    ],
)
def test_ratification_carries_the_decision_and_a_refusal_counts_against(
    board, ballot, answers, outcome, state
):
    votes = ratifying(board, ballot, *answers)
    decisions.ballot_close(actor=None, ballot=ballot)
    ratified_on = datetime.date(2010, 2, 22)
    for vote, answer in zip(votes, answers.values(), strict=True):
        if answer is not None:
            decisions.vote_ratify(actor=None, vote=vote, ratified=answer, on=ratified_on)
    ballot.refresh_from_db()
    proposal = Proposal.objects.get(pk=ballot.proposal_id)
    assert (ballot.outcome, proposal.state) == (outcome, state)
    assert proposal.decided_on == (ratified_on if state == ProposalState.CARRIED else None)
    assert ballot.votes_against == list(answers.values()).count(False)


def test_ratification_is_recorded_once_and_not_before_the_meeting(board, ballot):
    (vote,) = ratifying(board, ballot, oxon.COUNTY)
    decisions.ballot_close(actor=None, ballot=ballot)
    with pytest.raises(ValidationError) as refused:
        decisions.vote_ratify(
            actor=None, vote=vote, ratified=True, on=FEBRUARY - datetime.timedelta(days=1)
        )
    assert "on" in refused.value.message_dict
    decisions.vote_ratify(actor=None, vote=vote, ratified=True, on=FEBRUARY)
    with pytest.raises(AccordError, match="not awaiting ratification"):
        decisions.vote_ratify(actor=None, vote=vote, ratified=False, on=FEBRUARY)
    plain = Vote.objects.get(ballot=ballot, unit=board.unit(oxon.WEST))
    with pytest.raises(AccordError, match="not awaiting ratification"):
        decisions.vote_ratify(actor=None, vote=plain, ratified=True, on=FEBRUARY)
