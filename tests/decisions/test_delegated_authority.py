"""Delegated authority (issue 17 item 6): each partner's representatives act within a
financial limit set by their own organisation; a decision committing more counts their
vote for only subject to ratification by the partner's own body.

Seed 004: the board approves the strategy "in the context of each Partner's delegated
level of authority". The partnership is Oxfordshire's Commissioning Body with its eight
partners (tests/decisions/test_voting.py); the limits are illustrative.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.decisions import services as decisions
from accord.decisions.models import BallotOutcome, Proposal, ProposalState, Ratification, Vote
from accord.demo import oxfordshire as oxon
from accord.governance import services as governance
from accord.governance.models import Membership

from .test_voting import FEBRUARY, START, Oxon, cast_all, opened, oxfordshire, proposal_for

JSON = "application/json"
# Illustrative: the county's Cabinet Member may commit up to a million pounds alone.
COUNTY_LIMIT = Decimal("1000000.00")


def county_seat(board: Oxon) -> Membership:
    return Membership.objects.get(body=board.body, person=board.representatives[oxon.COUNTY])


@pytest.fixture
def board(db) -> Oxon:
    board = oxfordshire()
    governance.membership_limit_set(
        actor=None, membership=county_seat(board), delegated_limit=COUNTY_LIMIT
    )
    return board


def committing(board: Oxon, commits: str | None) -> Proposal:
    proposal = proposal_for(board, "Sheltered housing warden services: new contracts")
    return decisions.proposal_commits_set(
        actor=None, proposal=proposal, commits=None if commits is None else Decimal(commits)
    )


def county_vote(ballot) -> Vote:
    return Vote.objects.get(ballot=ballot, unit=f"partner-{ballot.units[0]['partner_id']}")


def test_the_county_vote_for_beyond_its_limit_counts_subject_to_ratification(board):
    ballot = opened(committing(board, "1500000.00"), FEBRUARY)
    cast_all(ballot, board.representatives)  # all eight for; nobody ticked "subject to"
    county = Vote.objects.get(ballot=ballot, partner=board.partners[oxon.COUNTY], current=True)
    assert county.subject_to_ratification
    assert county.ratification == Ratification.PENDING
    event = AuditEvent.objects.filter(action="vote.cast", object_id=str(county.pk)).get()
    assert event.changes["beyond_delegated_limit"] == [None, True]
    # the other seven have no limit recorded: their votes count as cast
    others = Vote.objects.filter(ballot=ballot, current=True).exclude(pk=county.pk)
    assert not any(vote.subject_to_ratification for vote in others)
    closed = decisions.ballot_close(actor=None, ballot=ballot)
    assert closed.outcome == BallotOutcome.CARRIED_SUBJECT_TO_RATIFICATION
    proposal = Proposal.objects.get(pk=ballot.proposal_id)
    assert proposal.state == ProposalState.AWAITING_RATIFICATION
    # the county's cabinet ratifies: the decision is carried
    decisions.vote_ratify(actor=None, vote=county, ratified=True, on=FEBRUARY.replace(day=22))
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CARRIED


@pytest.mark.parametrize(
    ("commits", "value", "pending"),
    [
        ("1000000.00", "for", False),  # within the limit (equal to it)
        (None, "for", False),  # no stated sum
        ("1500000.00", "against", False),  # a vote against commits nothing
    ],
)
def test_a_vote_within_the_limit_or_not_for_counts_as_cast(board, commits, value, pending):
    ballot = opened(committing(board, commits), FEBRUARY)
    vote = decisions.vote_cast(
        actor=None,
        ballot=ballot,
        unit=board.unit(oxon.COUNTY),
        cast_by=board.representatives[oxon.COUNTY],
        value=value,
        for_the_record=True,
    )
    assert vote.subject_to_ratification is pending


def test_the_limits_are_fixed_when_the_vote_opens(board):
    ballot = opened(committing(board, "1500000.00"), FEBRUARY)
    # raised after the vote opened: the ballot keeps the limit of its meeting day
    governance.membership_limit_set(
        actor=None, membership=county_seat(board), delegated_limit=Decimal("2000000.00")
    )
    assert decisions.ratification_required(
        ballot, board.unit(oxon.COUNTY), board.representatives[oxon.COUNTY].pk
    )


def test_the_sum_is_fixed_once_the_vote_opens(board):
    proposal = committing(board, "1500000.00")
    opened(proposal, FEBRUARY)
    with pytest.raises(Exception, match="fixed once the vote opens") as refusal:
        decisions.proposal_commits_set(actor=None, proposal=proposal, commits=Decimal("1"))
    assert "commits" in refusal.value.error_dict  # type: ignore[attr-defined]


def test_a_seat_held_for_no_partner_has_no_limit(board):
    adviser = governance.person_create(
        actor=None, partnership=board.partnership, name="Financial Manager (co-opted)"
    )
    seat = governance.membership_create(
        actor=None,
        partnership=board.partnership,
        body=board.body,
        person=adviser,
        role="adviser",
        start_date=START,
    )
    with pytest.raises(Exception, match="held for no partner") as refusal:
        governance.membership_limit_set(
            actor=None, membership=seat, delegated_limit=Decimal("1.00")
        )
    assert "delegated_limit" in refusal.value.error_dict  # type: ignore[attr-defined]


# ---------------------------------------------------------------- pages and API


@pytest.fixture
def officer(board, client, sign_in):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("oxon-officer", password="x" * 16)
    governance.programme_officer_appoint(
        actor=None, partnership=board.partnership, user=user, start_date=START
    )
    sign_in("oxon-officer")
    return client


def test_an_officer_sets_a_limit_on_its_page_and_bad_input_names_the_field(board, officer):
    seat = Membership.objects.get(body=board.body, person=board.representatives[oxon.CITY])
    url = reverse("governance:membership-limit", args=[board.partnership.slug, seat.pk])
    refused = officer.post(url, {"delegated_limit": "£5"})
    assert refused.status_code == 200
    assert "Enter the limit in pounds" in refused.content.decode()
    seat.refresh_from_db()
    assert seat.delegated_limit is None
    done = officer.post(url, {"delegated_limit": "250000"})
    assert done.status_code == 302
    seat.refresh_from_db()
    assert seat.delegated_limit == Decimal("250000.00")
    assert AuditEvent.objects.filter(action="membership.limit", object_id=str(seat.pk)).exists()
    page = officer.get(
        reverse("governance:body-detail", args=[board.partnership.slug, board.body.pk])
    )
    assert "£250,000.00" in page.content.decode()


def test_the_api_sets_a_limit_and_a_sum_and_says_whose_vote_awaits_ratification(board, officer):
    slug = board.partnership.slug
    seat = Membership.objects.get(body=board.body, person=board.representatives[oxon.CITY])
    address = f"/api/governance/partnerships/{slug}/memberships/{seat.pk}"
    read = officer.get(address)
    changed = officer.put(
        f"{address}/limit",
        {"delegated_limit": "250000.00"},
        content_type=JSON,
        HTTP_IF_MATCH=read["ETag"],
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["delegated_limit"] == "250000.00"
    bad = officer.put(
        f"{address}/limit", {"delegated_limit": "1e3"}, content_type=JSON, HTTP_IF_MATCH="*"
    )
    assert bad.status_code == 422
    assert "delegated_limit" in bad.content.decode()

    proposal = proposal_for(board, "Floating support: new contracts")
    proposal_api = f"/api/decisions/partnerships/{slug}/proposals/{proposal.pk}"
    read = officer.get(proposal_api)
    assert read.json()["proposal"]["commits"] is None
    changed = officer.put(
        f"{proposal_api}/commits",
        {"commits": "500000.00"},
        content_type=JSON,
        HTTP_IF_MATCH=read["ETag"],
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["proposal"]["commits"] == "500000.00"

    ballot = opened(proposal, FEBRUARY)
    detail = officer.get(f"/api/decisions/partnerships/{slug}/ballots/{ballot.pk}").json()
    beyond = {
        unit["label"]
        for unit in detail["units"]
        for caster in unit["casters"]
        if caster["beyond_delegated_limit"]
    }
    # £500,000 is within the county's million, beyond the city's quarter million
    assert beyond == {oxon.CITY}
    late = officer.put(
        f"{proposal_api}/commits", {"commits": "1.00"}, content_type=JSON, HTTP_IF_MATCH="*"
    )
    assert late.status_code == 422
    assert "commits" in late.content.decode()


def test_the_demo_gives_oxfordshires_representatives_illustrative_limits(demo):
    seats = Membership.objects.filter(
        partnership__slug="oxfordshire",
        body__name=oxon.COMMISSIONING_BODY,
        role="voting_representative",
    ).select_related("partner")
    limits = {seat.partner.name: seat.delegated_limit for seat in seats}
    assert limits == oxon.DELEGATED_LIMITS
    assert all("delegated_limit" in seat.illustrative for seat in seats)
