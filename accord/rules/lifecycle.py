"""Lifecycles as tables of (state, trigger, next state, guard), one machine for all of them.

A record's life (a proposal's, a meeting's; later a procurement's, a contract's, a
complaint's) is one ``Lifecycle``: its states and the transitions between them. The same
table decides which buttons a page shows (``triggers``) and which calls the services and
the API refuse (``transition``, ``require``), so the two cannot disagree.

A guard names a fact that must hold for a transition (``route:escalate``: the constitution's
conflict route includes escalation; ``date_reached``: the meeting's date has come). What a
failed guard means is the lifecycle's own: for a meeting the step cannot be taken yet
(``require`` refuses it); for a proposal the step is outside the constitution, refused unless
the officer records it "as it happened", when it is flagged wherever the decision is shown
(seed 000, para 17: July 2008).
"""

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Transition:
    state: str
    trigger: str
    next_state: str
    guard: str | None = None  # a fact that must hold (see the module's docstring)
    label: str = ""


class LifecycleError(ValueError):
    """A trigger the table does not allow in the state, or whose guard does not hold;
    the message says why in words a person reads."""


@dataclass(frozen=True)
class Lifecycle:
    """One record's life: its states, its transitions, the triggers a person chooses (the
    others follow from events, such as a vote's outcome), and the words of each refusal.

    ``refusals`` maps a trigger, or a (trigger, state) pair for the words in one state, to
    what a person is told when the state does not allow it; ``{state}`` in it is replaced by
    the state's name. ``guards`` maps a guard to what a person is told when it does not hold.
    """

    name: str
    states: tuple[str, ...]
    transitions: tuple[Transition, ...]
    chosen: frozenset[str]
    refusals: Mapping[str | tuple[str, str], str] = field(default_factory=dict)
    guards: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for row in self.transitions:
            for state in (row.state, row.next_state):
                if state not in self.states:
                    raise ValueError(f"{self.name}: {state!r} is not one of its states")
            if (row.state, row.trigger) in seen:
                raise ValueError(f"{self.name}: two rows for {row.trigger!r} in {row.state!r}")
            seen.add((row.state, row.trigger))
        unknown = self.chosen - {row.trigger for row in self.transitions}
        if unknown:
            raise ValueError(f"{self.name}: chosen triggers without a row: {sorted(unknown)}")

    def refusal(self, state: str, trigger: str) -> str:
        words = self.refusals.get((trigger, state)) or self.refusals.get(trigger)
        if words is None:
            words = f"'{trigger}' is not possible while the {self.name} is {{state}}"
        return words.format(state=state.replace("_", " "))

    def transition(self, state: str, trigger: str) -> Transition:
        """The table's row for a trigger in a state; LifecycleError if there is none."""
        for row in self.transitions:
            if row.state == state and row.trigger == trigger:
                return row
        raise LifecycleError(self.refusal(state, trigger))

    def allows(self, state: str, trigger: str) -> bool:
        return any(row.state == state and row.trigger == trigger for row in self.transitions)

    @staticmethod
    def holds(row: Transition, facts: Collection[str]) -> bool:
        """Whether the row's guard holds given the facts (a row without one always does)."""
        return row.guard is None or row.guard in facts

    def require(self, state: str, trigger: str, facts: Collection[str] = ()) -> Transition:
        """The row, when the state allows the trigger and its guard holds; otherwise
        LifecycleError with the refusal's words (for lifecycles whose guards must hold)."""
        row = self.transition(state, trigger)
        if not self.holds(row, facts):
            raise LifecycleError(self.guards.get(row.guard or "", self.refusal(state, trigger)))
        return row

    def available(self, state: str, facts: Collection[str] = ()) -> list[tuple[Transition, bool]]:
        """The steps a person may choose next, each with whether its guard holds."""
        rows = [
            row for row in self.transitions if row.state == state and row.trigger in self.chosen
        ]
        return [(row, self.holds(row, facts)) for row in rows]

    def triggers(self, state: str, facts: Collection[str] = ()) -> frozenset[str]:
        """The triggers a person may choose now (the buttons a page shows)."""
        return frozenset(row.trigger for row, holds in self.available(state, facts) if holds)


# ---------------------------------------------------------------- proposals

DRAFT = "draft"
TABLED = "tabled"
VOTING = "voting"
AWAITING_RATIFICATION = "awaiting_ratification"
DISPUTED = "disputed"
ESCALATED = "escalated"
CARRIED = "carried"
CALLED_IN = "called_in"
WITHDRAWN = "withdrawn"

PROPOSAL = Lifecycle(
    name="proposal",
    states=(
        DRAFT,
        TABLED,
        VOTING,
        AWAITING_RATIFICATION,
        DISPUTED,
        ESCALATED,
        CARRIED,
        CALLED_IN,
        WITHDRAWN,
    ),
    transitions=(
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
        Transition(
            ESCALATED, "escalation_returns", DISPUTED, None, "Record the escalation's result"
        ),
        Transition(ESCALATED, "determination", CARRIED, None, "Record the escalation's result"),
        Transition(
            DISPUTED,
            "decide_outside",
            CARRIED,
            "never",
            "Record a decision taken outside the rules",
        ),
        Transition(
            ESCALATED,
            "decide_outside",
            CARRIED,
            "never",
            "Record a decision taken outside the rules",
        ),
        Transition(CARRIED, "call_in", CALLED_IN, "in_call_in_period", "Record a call-in"),
        Transition(DRAFT, "withdraw", WITHDRAWN, None, "Withdraw"),
        Transition(TABLED, "withdraw", WITHDRAWN, None, "Withdraw"),
        Transition(DISPUTED, "withdraw", WITHDRAWN, None, "Withdraw"),
        Transition(ESCALATED, "withdraw", WITHDRAWN, None, "Withdraw"),
        Transition(CALLED_IN, "withdraw", WITHDRAWN, None, "Withdraw"),
    ),
    # Triggers a person chooses; the others follow from a vote's outcome or a ratification.
    chosen=frozenset(
        {
            "table",
            "open_ballot",
            "compromise",
            "escalate",
            "escalation_returns",
            "determination",
            "decide_outside",
            "call_in",
            "withdraw",
        }
    ),
)

# ---------------------------------------------------------------- meetings
# Source: issue 6 ("scheduled, agenda published, held, minutes approved, cancelled"); the
# minutes are approved at a later meeting of the same body (seed 004's boards). Triggers
# that keep the state (adding an item, recording attendance) are rows too, so that every
# button of the meeting page comes from this table.

SCHEDULED = "scheduled"
AGENDA_PUBLISHED = "agenda_published"
HELD = "held"
MINUTES_APPROVED = "minutes_approved"
CANCELLED = "cancelled"

_BEFORE = (SCHEDULED, AGENDA_PUBLISHED)  # the meeting has not taken place
_OPEN = (SCHEDULED, AGENDA_PUBLISHED, HELD)  # its record can still be completed


def _keeps(
    trigger: str, states: tuple[str, ...], label: str, guard: str | None = None
) -> tuple[Transition, ...]:
    return tuple(Transition(state, trigger, state, guard, label) for state in states)


MEETING = Lifecycle(
    name="meeting",
    states=(SCHEDULED, AGENDA_PUBLISHED, HELD, MINUTES_APPROVED, CANCELLED),
    transitions=(
        Transition(SCHEDULED, "publish", AGENDA_PUBLISHED, None, "Publish the agenda"),
        Transition(AGENDA_PUBLISHED, "hold", HELD, "date_reached", "Record the meeting as held"),
        Transition(HELD, "approve_minutes", MINUTES_APPROVED, None, "Approve the minutes"),
        Transition(SCHEDULED, "cancel", CANCELLED, None, "Cancel the meeting"),
        Transition(AGENDA_PUBLISHED, "cancel", CANCELLED, None, "Cancel the meeting"),
        *_keeps("update", _BEFORE, "Change date or place"),
        *_keeps("add_item", _BEFORE, "Add an agenda item"),
        *_keeps("change_item", (SCHEDULED,), "Change or reorder the agenda"),
        *_keeps("withdraw_item", _BEFORE, "Withdraw an item"),
        # Attendance is recorded at or after the meeting (issue 14: never before its date).
        *_keeps("record_attendance", _OPEN, "Record attendance", "date_reached"),
        *_keeps("declare", _OPEN, "Record a declaration of interest"),
        *_keeps("add_paper", _OPEN, "Add a paper"),
        *_keeps("write_minutes", (HELD,), "Write the minute"),
        # Contributions of non-voting participants (seed 000, para 22: "attend and
        # contribute as and when they wish to"): written ones while the published agenda is
        # read, until the meeting starts (the service checks the hour); spoken ones minuted
        # from the meeting's day until the minutes are approved.
        *_keeps("contribute", (AGENDA_PUBLISHED,), "Submit a written contribution"),
        *_keeps(
            "minute_contribution",
            (AGENDA_PUBLISHED, HELD),
            "Minute a spoken contribution",
            "date_reached",
        ),
    ),
    chosen=frozenset(
        {
            "publish",
            "hold",
            "approve_minutes",
            "cancel",
            "update",
            "add_item",
            "change_item",
            "withdraw_item",
            "record_attendance",
            "declare",
            "add_paper",
            "write_minutes",
            "contribute",
            "minute_contribution",
        }
    ),
    refusals={
        "publish": "Only the agenda of a scheduled meeting can be published",
        "hold": "Publish the agenda before recording the meeting as held",
        "approve_minutes": "Only the minutes of a meeting that was held can be approved",
        ("approve_minutes", MINUTES_APPROVED): "These minutes are already approved",
        "cancel": "Only a meeting that has not been held can be cancelled",
        "update": "A meeting that is {state} cannot be changed",
        "add_item": "Items can only be added before the meeting is held",
        "change_item": (
            "Items and papers can be changed or reordered only before the agenda is published; "
            "withdraw an item with the reason instead"
        ),
        "withdraw_item": "Items and papers can only be withdrawn before the meeting is held",
        "record_attendance": "Attendance cannot be changed once the minutes are approved",
        "declare": "Declarations cannot be recorded once the meeting is {state}",
        "add_paper": "Papers cannot be added to this meeting any more",
        "write_minutes": "Minutes are written once the meeting has been held",
        "contribute": (
            "Written contributions are submitted once the agenda is published and until the "
            "meeting starts"
        ),
        ("contribute", MINUTES_APPROVED): (
            "The minutes are approved: contributions can no longer change"
        ),
        "minute_contribution": "Spoken contributions are minuted from the meeting's day",
        ("minute_contribution", MINUTES_APPROVED): (
            "The minutes are approved: contributions can no longer change"
        ),
        ("write_minutes", MINUTES_APPROVED): (
            "The minutes are approved and can no longer be changed"
        ),
    },
    guards={"date_reached": "The meeting's date has not come yet"},
)


# ---------------------------------------------------------------- contracts

PLANNED = "planned"
LET = "let"
ENDED = "ended"
TERMINATED = "terminated"

# A contract is planned, then let (with the carried decision that authorised it: the
# commissioning service checks the decision, naming the field), then ends at its end date
# or is terminated early. Issue 15 item 3. Issue 16 items 6 and 7: a let contract is
# varied (value, term, scope, capacity; it stays let) on its own carried decision, and
# its termination (date and reason) ends it on that date.
CONTRACT = Lifecycle(
    name="contract",
    states=(PLANNED, LET, ENDED, TERMINATED),
    transitions=(
        Transition(PLANNED, "let", LET, None, "Enter as let"),
        Transition(LET, "end", ENDED, None, "Record that it ended"),
        Transition(LET, "terminate", TERMINATED, None, "Record that it was terminated early"),
        *_keeps("vary", (LET,), "Record a variation"),
    ),
    chosen=frozenset({"let", "end", "terminate", "vary"}),
    refusals={
        "let": "Only a planned contract can be entered as let",
        "end": "Only a let contract can end",
        "terminate": "Only a let contract can be terminated",
        ("vary", PLANNED): "A planned contract is changed, not varied: vary it once it is let",
        "vary": "A contract that has {state} cannot be varied",
    },
)


# ---------------------------------------------------------------- procurements
# Issue 16: from the tendering strategy to the signed contract. A procurement opens (its
# tender published) only with the board's carried decision on its tendering strategy; bids
# close at the deadline; evaluation ends when every bid has a moderated score for each
# criterion; the award needs the carried tender award; the award notice starts the
# standstill; a challenge recorded during it holds the signature until it is resolved; the
# contract is signed once the standstill is over (Procurement Act 2023, s51; reference.md
# §7). Triggers that keep the state (a bid, a score, a moderation) are rows too, so every
# button of the procurement's page comes from this table.

PLANNING = "planning"
OPEN = "open"
EVALUATING = "evaluating"
EVALUATED = "evaluated"
AWARDED = "awarded"
STANDSTILL = "standstill"
CHALLENGED = "challenged"
SIGNED = "signed"
PROCUREMENT_CANCELLED = "cancelled"
# The states after the award (the board's tender award carried and the award recorded):
# from then on the bids and the moderated scores are open to the partnership's members
# (docs/procurement.md). A procurement cancelled, even after its award, keeps them closed:
# its bids may be tendered again.
AWARD_RECORDED = frozenset({AWARDED, STANDSTILL, CHALLENGED, SIGNED})

PROCUREMENT = Lifecycle(
    name="procurement",
    states=(
        PLANNING,
        OPEN,
        EVALUATING,
        EVALUATED,
        AWARDED,
        STANDSTILL,
        CHALLENGED,
        SIGNED,
        PROCUREMENT_CANCELLED,
    ),
    transitions=(
        *_keeps("change_strategy", (PLANNING,), "Change the tendering strategy"),
        *_keeps("add_lot", (PLANNING,), "Add a lot"),
        *_keeps("add_criterion", (PLANNING,), "Add an evaluation criterion"),
        *_keeps("appoint_evaluator", (PLANNING, OPEN, EVALUATING), "Add an evaluator"),
        Transition(PLANNING, "open", OPEN, "strategy_carried", "Publish the tender"),
        # A bid that arrives after the deadline is still recorded: as late, and excluded.
        *_keeps("receive_bid", (OPEN, EVALUATING), "Record a bid"),
        # Clarification questions while the tender is open: asked before the deadline for
        # bids; answered (and so published to every bidder) until the tender closes.
        *_keeps("ask", (OPEN,), "Ask a clarification question", "before_deadline"),
        *_keeps("answer", (OPEN,), "Answer a clarification question"),
        Transition(OPEN, "close", EVALUATING, "deadline_passed", "Close the tender"),
        *_keeps("declare_conflict", (EVALUATING,), "Declare a conflict of interest"),
        *_keeps("score", (EVALUATING,), "Score a bid"),
        *_keeps("submit_scores", (EVALUATING,), "Submit my scores"),
        *_keeps("moderate", (EVALUATING,), "Moderate a score"),
        Transition(
            EVALUATING, "complete_evaluation", EVALUATED, "moderated", "Complete the evaluation"
        ),
        Transition(EVALUATED, "award", AWARDED, "award_carried", "Award the contract"),
        Transition(
            AWARDED, "publish_award_notice", STANDSTILL, None, "Publish the contract award notice"
        ),
        Transition(STANDSTILL, "challenge", CHALLENGED, None, "Record a challenge"),
        Transition(CHALLENGED, "resolve_challenge", STANDSTILL, None, "Record the outcome"),
        Transition(STANDSTILL, "sign", SIGNED, "standstill_over", "Sign the contract"),
        *(
            Transition(state, "cancel", PROCUREMENT_CANCELLED, None, "Cancel the procurement")
            for state in (PLANNING, OPEN, EVALUATING, EVALUATED, AWARDED, STANDSTILL, CHALLENGED)
        ),
    ),
    chosen=frozenset(
        {
            "change_strategy",
            "add_lot",
            "add_criterion",
            "appoint_evaluator",
            "open",
            "receive_bid",
            "ask",
            "answer",
            "close",
            "declare_conflict",
            "score",
            "submit_scores",
            "moderate",
            "complete_evaluation",
            "award",
            "publish_award_notice",
            "challenge",
            "resolve_challenge",
            "sign",
            "cancel",
        }
    ),
    refusals={
        "change_strategy": "The tendering strategy cannot change once the tender is published",
        "add_lot": "The tendering strategy cannot change once the tender is published",
        "add_criterion": "The tendering strategy cannot change once the tender is published",
        "appoint_evaluator": "Evaluators are added before the evaluation is complete",
        "open": "Only a procurement being planned can open",
        "receive_bid": "Bids are recorded only while the tender is open or being evaluated",
        "ask": "Clarification questions are asked only while the tender is open",
        "answer": "Clarification questions are answered only while the tender is open",
        "close": "Only an open tender can close",
        ("declare_conflict", OPEN): "Conflicts are declared once the tender has closed",
        "declare_conflict": "Conflicts are declared during the evaluation",
        ("score", OPEN): "Bids are scored once the tender has closed",
        "score": "Scores cannot change once the evaluation is {state}",
        "submit_scores": "Scores are submitted during the evaluation",
        "moderate": "Scores are moderated during the evaluation",
        "complete_evaluation": "Only an evaluation in progress can be completed",
        "award": "Complete the evaluation before the award",
        ("award", AWARDED): "The contract is already awarded",
        "publish_award_notice": "The award notice follows the award",
        "challenge": "A challenge is recorded during the standstill",
        "resolve_challenge": "There is no open challenge",
        ("sign", CHALLENGED): (
            "A challenge recorded during the standstill is open: the contract cannot be "
            "signed until it is resolved"
        ),
        ("sign", SIGNED): "The contract is already signed",
        "sign": "The contract is signed after the award notice and the standstill",
        "cancel": "A procurement that is {state} cannot be cancelled",
    },
    guards={
        "strategy_carried": (
            "The tender opens only with the board's carried decision approving its tendering "
            "strategy"
        ),
        "deadline_passed": "The deadline for bids has not passed",
        "before_deadline": (
            "The deadline for bids has passed: clarification questions are no longer taken"
        ),
        "moderated": "Every bid needs a moderated score for each quality criterion",
        "award_carried": "The award needs the board's carried tender award decision",
        "standstill_over": "The standstill period has not ended",
    },
)


# ---------------------------------------------------------------- quarterly returns

SUBMITTED = "submitted"
QUERIED = "queried"
VALIDATED = "validated"

# A provider's quarterly return is submitted, then queried (with the officer's question,
# which the provider answers by submitting it again) or validated; only validated returns
# count in reports and benchmarks (issue 18). A validated return changes only by being
# replaced, with a reason, which keeps it in its history.
RETURN = Lifecycle(
    name="return",
    states=(SUBMITTED, QUERIED, VALIDATED),
    transitions=(
        Transition(SUBMITTED, "query", QUERIED, None, "Query the return"),
        Transition(SUBMITTED, "validate", VALIDATED, None, "Validate the return"),
        Transition(QUERIED, "resubmit", SUBMITTED, None, "Submit the return again"),
        Transition(QUERIED, "validate", VALIDATED, None, "Validate the return"),
    ),
    chosen=frozenset({"query", "validate", "resubmit"}),
    refusals={
        "query": "Only a submitted return can be queried",
        "validate": "This return is validated already",
        "resubmit": "Only a queried return can be submitted again; a validated one is replaced",
    },
)


# ---------------------------------------------------------------- service quality reviews

REVIEW_PLANNED = "planned"
REVIEW_SELF_ASSESSED = "self_assessed"
REVIEW_VISITED = "visited"
REVIEW_VALIDATED = "validated"
REVIEW_CLOSED = "closed"
_GRADED = (REVIEW_SELF_ASSESSED, REVIEW_VISITED, REVIEW_VALIDATED)  # an action plan is made

# A service quality review under the QAF (issue 18; reference.md §1): planned with a due
# date; the provider self-assesses each core objective; a validation visit follows; the
# officer validates the grades; the review closes with an outcome (continue, remodel,
# decommission, retender), which is taken to the board as a commissioning proposal. The
# action plan is made once there are grades and followed up after the review closes.
REVIEW = Lifecycle(
    name="review",
    states=(REVIEW_PLANNED, REVIEW_SELF_ASSESSED, REVIEW_VISITED, REVIEW_VALIDATED, REVIEW_CLOSED),
    transitions=(
        Transition(
            REVIEW_PLANNED,
            "self_assess",
            REVIEW_SELF_ASSESSED,
            None,
            "Record the provider's self-assessment",
        ),
        Transition(
            REVIEW_SELF_ASSESSED, "visit", REVIEW_VISITED, None, "Record the validation visit"
        ),
        Transition(REVIEW_VISITED, "validate", REVIEW_VALIDATED, None, "Validate the grades"),
        # A service below the minimum (D) on any objective needs an action plan first.
        Transition(
            REVIEW_VALIDATED, "close", REVIEW_CLOSED, "planned_for_failures", "Record the outcome"
        ),
        Transition(
            REVIEW_CLOSED, "propose", REVIEW_CLOSED, "not_proposed", "Take the outcome to the board"
        ),
        *_keeps("add_action", _GRADED, "Add an action to the plan"),
        *_keeps("complete_action", (*_GRADED, REVIEW_CLOSED), "Record an action done"),
    ),
    chosen=frozenset(
        {"self_assess", "visit", "validate", "close", "propose", "add_action", "complete_action"}
    ),
    refusals={
        "self_assess": "The provider's self-assessment is recorded once, while the review "
        "is planned; this review is {state}",
        "visit": "The validation visit follows the self-assessment; this review is {state}",
        "validate": "The grades are validated after the visit; this review is {state}",
        "close": "A review closes with its outcome once its grades are validated; this review "
        "is {state}",
        "propose": "Only a closed review's outcome is taken to the board; this review is {state}",
        "add_action": "Actions are planned once the review has grades and until it closes; "
        "this review is {state}",
        "complete_action": "This review has no action plan yet: it is {state}",
    },
    guards={
        "planned_for_failures": "A service below the minimum (D) on an objective needs an "
        "action plan before the review closes: add an action",
        "not_proposed": "This review's outcome has been taken to the board already",
    },
)
