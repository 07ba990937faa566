"""The quarterly return's lifecycle table on its own (issue 18): submitted, then queried
(answered by submitting again) or validated; a validated return is only replaced."""

import pytest

from accord.rules.lifecycle import RETURN, LifecycleError


@pytest.mark.parametrize(
    ("state", "trigger", "next_state"),
    [
        ("submitted", "query", "queried"),
        ("submitted", "validate", "validated"),
        ("queried", "resubmit", "submitted"),
        ("queried", "validate", "validated"),
    ],
)
def test_the_steps_a_return_may_take(state, trigger, next_state):
    assert RETURN.require(state, trigger).next_state == next_state


@pytest.mark.parametrize(
    ("state", "trigger", "words"),
    [
        ("validated", "validate", "This return is validated already"),
        ("validated", "query", "Only a submitted return can be queried"),
        ("queried", "query", "Only a submitted return can be queried"),
        ("submitted", "resubmit", "Only a queried return can be submitted again"),
        ("validated", "resubmit", "Only a queried return can be submitted again"),
    ],
)
def test_the_steps_refused_say_why(state, trigger, words):
    with pytest.raises(LifecycleError, match=words):
        RETURN.require(state, trigger)


def test_a_validated_return_offers_no_step():
    assert RETURN.available("validated") == []
