"""Each lifecycle table speaks of the states its model stores, and no others."""

import pytest

from accord.commissioning.models import ContractStatus
from accord.decisions.models import ProposalState
from accord.meetings.models import MeetingStatus
from accord.performance.models import ReturnStatus
from accord.performance.review_models import ReviewStatus
from accord.procurement.models import ProcurementState
from accord.rules.lifecycle import (
    CONTRACT,
    MEETING,
    PROCUREMENT,
    PROPOSAL,
    RETURN,
    REVIEW,
    Lifecycle,
)


@pytest.mark.parametrize(
    ("lifecycle", "choices"),
    [
        (PROPOSAL, ProposalState),
        (MEETING, MeetingStatus),
        (CONTRACT, ContractStatus),
        (PROCUREMENT, ProcurementState),
        (RETURN, ReturnStatus),
        (REVIEW, ReviewStatus),
    ],
)
def test_a_lifecycles_states_are_its_models_choices(lifecycle: Lifecycle, choices):
    assert set(lifecycle.states) == set(choices.values)
