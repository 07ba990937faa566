"""Who must use two-factor sign-in: installation administrators, programme officers, and
those who may cast a vote in a partnership that asks its voters to (the default).

A vote is cast by a voting representative, by a substitute for an absent one, or by a
service user representative where the body's rule in force says they vote (seed 000,
paras 8-10): each of them, on the dates they hold the seat.
"""

import datetime
from typing import Any

import pytest

from accord.accounts.selectors import user_requires_two_factor
from tests import factories

ON = datetime.date(2010, 1, 20)


@pytest.fixture
def board(db):
    return factories.BodyFactory()


def seated(board, role, **dates):
    user: Any = factories.UserFactory()
    factories.MembershipFactory(
        body=board, role=role, person__user=user, **({"start_date": factories.START} | dates)
    )
    return user


@pytest.mark.parametrize("role", ["voting_representative", "substitute"])
def test_those_who_may_cast_a_partners_vote_must_use_two_factor(board, role):
    assert user_requires_two_factor(seated(board, role), on=ON)


@pytest.mark.parametrize("role", ["observer", "adviser", "officer", "provider_representative"])
def test_those_whose_seat_carries_no_vote_need_not(board, role):
    assert not user_requires_two_factor(seated(board, role), on=ON)


def test_a_service_user_representative_must_when_the_rule_in_force_lets_them_vote(board):
    user = seated(board, "service_user_representative")
    assert not user_requires_two_factor(user, on=ON)  # no rule: they do not vote
    factories.BodyRuleFactory(
        version__partnership=board.partnership,
        body=board,
        service_user_representatives_vote=True,
    )
    assert user_requires_two_factor(user, on=ON)


def test_only_while_the_seat_is_held(board):
    user = seated(board, "voting_representative", end_date=datetime.date(2009, 12, 31))
    assert user_requires_two_factor(user, on=datetime.date(2009, 12, 31))
    assert not user_requires_two_factor(user, on=ON)


def test_a_partnership_may_turn_it_off_for_its_voters_but_not_for_its_officers(board):
    board.partnership.voters_use_two_factor = False
    board.partnership.save()
    voter = seated(board, "voting_representative")
    assert not user_requires_two_factor(voter, on=ON)
    officer: Any = factories.ProgrammeOfficerFactory(partnership=board.partnership).user
    assert user_requires_two_factor(officer, on=ON)


def test_a_voter_in_two_partnerships_must_if_either_asks_it(board):
    voter = seated(board, "voting_representative")
    board.partnership.voters_use_two_factor = False
    board.partnership.save()
    elsewhere = factories.BodyFactory()
    factories.MembershipFactory(
        body=elsewhere, person__user=voter, role="substitute", start_date=factories.START
    )
    assert user_requires_two_factor(voter, on=ON)


@pytest.mark.django_db
def test_an_installation_administrator_must():
    administrator: Any = factories.UserFactory(is_superuser=True)
    assert user_requires_two_factor(administrator, on=ON)
