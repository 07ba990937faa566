"""A decision's call-in period is counted on the installation's calendar: bank holidays
and the council's closure days are not working days."""

import datetime

import pytest

from accord.calendar.services import closure_day_add
from tests.decisions.test_voting import oxfordshire, proposal_for, voted

D = datetime.date


@pytest.mark.parametrize(
    ("decided_on", "closed", "takes_effect_on"),
    [
        # Thursday 17 December 2009, ten working days: over Christmas Day, Boxing Day's
        # substitute (Monday 28th) and New Year's Day, so Tuesday 5 January 2010 (counting
        # weekdays only, it would have been Thursday 31 December)
        (D(2009, 12, 17), [], D(2010, 1, 5)),
        # the same with the offices closed on 29, 30 and 31 December: Friday 8 January
        (D(2009, 12, 17), [D(2009, 12, 29), D(2009, 12, 30), D(2009, 12, 31)], D(2010, 1, 8)),
    ],
)
def test_a_call_in_over_christmas_passes_over_bank_holidays_and_closure_days(
    db, decided_on, closed, takes_effect_on
):
    for day in closed:
        closure_day_add(actor=None, date=day, reason="Christmas closure")
    board = oxfordshire(call_in_days=10)
    proposal = proposal_for(board, on=decided_on)
    voted(proposal, decided_on, board.representatives)
    proposal.refresh_from_db()
    assert (proposal.decided_on, proposal.takes_effect_on) == (decided_on, takes_effect_on)
