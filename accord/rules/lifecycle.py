"""A proposal's life as a table of (state, trigger, next state, guard).

The same table decides which actions a page offers and which the services and the API
refuse. A guard names a fact about the constitution in force (``route:escalate``: its
conflict route includes escalation). A step whose guard does not hold is outside the
constitution: the services refuse it unless the officer records it "as it happened", and
then it is flagged wherever the decision is shown (seed 000, para 17: July 2008).
"""

from collections.abc import Collection
from dataclasses import dataclass

DRAFT = "draft"
TABLED = "tabled"
VOTING = "voting"
AWAITING_RATIFICATION = "awaiting_ratification"
DISPUTED = "disputed"
ESCALATED = "escalated"
CARRIED = "carried"
CALLED_IN = "called_in"
WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Transition:
    state: str
    trigger: str
    next_state: str
    guard: str | None = None  # a fact that must hold for the step to be within the constitution
    label: str = ""


TRANSITIONS: tuple[Transition, ...] = (
    Transition(DRAFT, "table", TABLED, None, "Table it at a meeting"),
    Transition(DISPUTED, "table", TABLED, None, "Table it again at a later meeting"),
    Transition(CALLED_IN, "table", TABLED, None, "Table it again at a later meeting"),
    Transition(TABLED, "open_ballot", VOTING, None, "Open the vote"),
    Transition(VOTING, "carried", CARRIED),
    Transition(VOTING, "carried_subject_to_ratification", AWAITING_RATIFICATION),
    Transition(VOTING, "not_carried", DISPUTED),
    Transition(AWAITING_RATIFICATION, "ratified", CARRIED),
    Transition(AWAITING_RATIFICATION, "refused", DISPUTED),
    Transition(AWAITING_RATIFICATION, "still_carried", CARRIED),
    Transition(DISPUTED, "compromise", DISPUTED, "route:compromise", "Seek a compromise"),
    Transition(DISPUTED, "escalate", ESCALATED, "route:escalate", "Escalate"),
    Transition(ESCALATED, "escalation_returns", DISPUTED, None, "Record the escalation's result"),
    Transition(ESCALATED, "determination", CARRIED, None, "Record the escalation's result"),
    Transition(
        DISPUTED, "decide_outside", CARRIED, "never", "Record a decision taken outside the rules"
    ),
    Transition(
        ESCALATED, "decide_outside", CARRIED, "never", "Record a decision taken outside the rules"
    ),
    Transition(CARRIED, "call_in", CALLED_IN, "in_call_in_period", "Record a call-in"),
    Transition(DRAFT, "withdraw", WITHDRAWN, None, "Withdraw"),
    Transition(TABLED, "withdraw", WITHDRAWN, None, "Withdraw"),
    Transition(DISPUTED, "withdraw", WITHDRAWN, None, "Withdraw"),
    Transition(ESCALATED, "withdraw", WITHDRAWN, None, "Withdraw"),
    Transition(CALLED_IN, "withdraw", WITHDRAWN, None, "Withdraw"),
)

# Triggers a person chooses; the others follow from a vote's outcome or a ratification.
CHOSEN = ("table", "open_ballot", "compromise", "escalate", "escalation_returns",
          "determination", "decide_outside", "call_in", "withdraw")  # fmt: skip


class LifecycleError(ValueError):
    """A trigger the table does not allow in the proposal's state."""


def transition(state: str, trigger: str) -> Transition:
    """The table's row for a trigger in a state; LifecycleError if there is none."""
    for row in TRANSITIONS:
        if row.state == state and row.trigger == trigger:
            return row
    raise LifecycleError(f"'{trigger}' is not possible while the proposal is {state}")


def within_constitution(row: Transition, facts: Collection[str]) -> bool:
    return row.guard is None or row.guard in facts


def available(state: str, facts: Collection[str]) -> list[tuple[Transition, bool]]:
    """The steps a person may take next, each with whether it is within the constitution."""
    rows = [row for row in TRANSITIONS if row.state == state and row.trigger in CHOSEN]
    return [(row, within_constitution(row, facts)) for row in rows]
