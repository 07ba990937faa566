"""Votes cast at the same moment: the ballot row lock queues them, so no vote is lost and
exactly one is current for the partner. Needs PostgreSQL's row locks and real concurrency
(SQLite serialises every writer); CI runs it in its PostgreSQL pass."""

import threading

import pytest
from django.db import connection

from accord.audit.selectors import audit_chain_verify
from accord.decisions import services as decisions
from accord.decisions.models import Ballot, Vote
from accord.demo import oxfordshire as oxon

from .test_voting import FEBRUARY, opened, oxfordshire, proposal_for

CASTS = 16


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_casts_for_one_partner_keep_every_vote_and_exactly_one_current():
    board = oxfordshire()
    ballot = opened(proposal_for(board), FEBRUARY)
    unit = board.unit(oxon.WEST)
    # West Oxfordshire's lead member and its substitute (no attendance recorded, so the
    # substitute may cast too) press the button again and again from two devices.
    casters = [board.representatives[oxon.WEST], board.substitute]
    start = threading.Barrier(CASTS)
    failures: list[BaseException] = []
    cast: list[int] = []

    def cast_vote(number: int) -> None:
        try:
            start.wait(timeout=30)
            vote = decisions.vote_cast(
                actor=None,
                ballot=Ballot.objects.get(pk=ballot.pk),
                unit=unit,
                cast_by=casters[number % 2],
                value="for" if number % 2 else "against",
                for_the_record=True,
            )
            cast.append(vote.pk)
        except BaseException as error:  # reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=cast_vote, args=(n,)) for n in range(CASTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    votes = Vote.objects.filter(ballot=ballot, unit=unit)
    assert votes.count() == CASTS == len(cast)
    (current,) = votes.filter(current=True)
    # the current vote is the last one written: every earlier one was replaced by a later
    assert current.pk == max(cast)
    assert not Vote.objects.filter(ballot=ballot).exclude(unit=unit).exists()
    report = audit_chain_verify()
    assert report.intact, report.problem
    closed = decisions.ballot_close(actor=None, ballot=ballot)
    assert (closed.votes_for + closed.votes_against, closed.absent) == (1, 7)
