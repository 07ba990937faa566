"""The lifecycle machine and its tables, without a database: each table says which steps a
page offers and which the services refuse, so each is tested on its own here."""

import pytest

from accord.rules.lifecycle import (
    MEETING,
    PROPOSAL,
    Lifecycle,
    LifecycleError,
    Transition,
)

# ---------------------------------------------------------------- the machine


def test_a_table_naming_a_state_it_does_not_have_is_refused():
    with pytest.raises(ValueError, match="'held' is not one of its states"):
        Lifecycle(
            "meeting", ("scheduled",), (Transition("scheduled", "hold", "held"),), frozenset()
        )


def test_a_table_with_two_rows_for_one_trigger_in_one_state_is_refused():
    with pytest.raises(ValueError, match="two rows for 'go'"):
        Lifecycle(
            "thing",
            ("a", "b"),
            (Transition("a", "go", "b"), Transition("a", "go", "a")),
            frozenset({"go"}),
        )


def test_a_chosen_trigger_without_a_row_is_refused():
    with pytest.raises(ValueError, match="chosen triggers without a row"):
        Lifecycle("thing", ("a",), (), frozenset({"go"}))


LAMP = Lifecycle(
    "lamp",
    ("off", "on"),
    (
        Transition("off", "switch_on", "on", "plugged_in"),
        Transition("on", "switch_off", "off"),
        Transition("on", "burn_out", "off"),
    ),
    chosen=frozenset({"switch_on", "switch_off"}),
    refusals={"switch_on": "The lamp is already {state}", ("switch_off", "off"): "It is off"},
    guards={"plugged_in": "Plug the lamp in first"},
)


def test_a_refusal_is_in_the_tables_words_for_the_state():
    with pytest.raises(LifecycleError, match=r"^The lamp is already on$"):
        LAMP.transition("on", "switch_on")
    with pytest.raises(LifecycleError, match=r"^It is off$"):
        LAMP.transition("off", "switch_off")
    with pytest.raises(LifecycleError, match="'burn_out' is not possible while the lamp is off"):
        LAMP.transition("off", "burn_out")


def test_a_guard_that_does_not_hold_is_refused_by_require_in_its_own_words():
    assert LAMP.require("off", "switch_on", {"plugged_in"}).next_state == "on"
    with pytest.raises(LifecycleError, match=r"^Plug the lamp in first$"):
        LAMP.require("off", "switch_on", set())


def test_a_page_offers_only_chosen_triggers_whose_guard_holds():
    assert LAMP.triggers("on") == {"switch_off"}  # burning out is not chosen
    assert LAMP.triggers("off") == frozenset()
    assert LAMP.triggers("off", {"plugged_in"}) == {"switch_on"}
    assert [(row.trigger, holds) for row, holds in LAMP.available("off")] == [("switch_on", False)]


# ---------------------------------------------------------------- meetings


@pytest.mark.parametrize(
    ("state", "facts", "buttons"),
    [
        # attendance only once the meeting's day has come; the agenda changes until published
        ("scheduled", set(), {"publish", "cancel", "update", "add_item", "change_item",
                              "withdraw_item", "declare", "add_paper"}),
        ("scheduled", {"date_reached"}, {"publish", "cancel", "update", "add_item",
                                         "change_item", "withdraw_item", "record_attendance",
                                         "declare", "add_paper"}),
        # the agenda is out: items are withdrawn (with a reason), not changed; the meeting is
        # held once its day has come
        # and non-voting members submit written contributions (until it starts: the service
        # checks the hour); spoken ones are minuted from its day
        ("agenda_published", set(), {"cancel", "update", "add_item", "withdraw_item",
                                     "declare", "add_paper", "contribute"}),
        ("agenda_published", {"date_reached"}, {"hold", "cancel", "update", "add_item",
                                                "withdraw_item", "record_attendance", "declare",
                                                "add_paper", "contribute",
                                                "minute_contribution"}),
        # held: its record is completed, and its minutes approved at a later meeting
        ("held", {"date_reached"}, {"approve_minutes", "record_attendance", "declare",
                                    "add_paper", "write_minutes", "minute_contribution"}),
        # approved minutes are read-only; a cancelled meeting has nothing more to do
        ("minutes_approved", {"date_reached"}, set()),
        ("cancelled", set(), set()),
    ],
)  # fmt: skip
def test_the_meeting_page_offers_the_buttons_of_the_meetings_state(state, facts, buttons):
    assert MEETING.triggers(state, facts) == buttons


@pytest.mark.parametrize(
    ("state", "trigger", "words"),
    [
        ("held", "add_item", "Items can only be added before the meeting is held"),
        ("held", "update", "A meeting that is held cannot be changed"),
        ("minutes_approved", "update", "A meeting that is minutes approved cannot be changed"),
        ("minutes_approved", "write_minutes", "The minutes are approved and can no longer be"),
        ("scheduled", "write_minutes", "Minutes are written once the meeting has been held"),
        ("minutes_approved", "approve_minutes", "These minutes are already approved"),
        ("agenda_published", "approve_minutes", "Only the minutes of a meeting that was held"),
        ("cancelled", "declare", "Declarations cannot be recorded once the meeting is cancelled"),
        ("minutes_approved", "add_paper", "Papers cannot be added to this meeting any more"),
        ("held", "cancel", "Only a meeting that has not been held can be cancelled"),
        ("held", "publish", "Only the agenda of a scheduled meeting can be published"),
        ("scheduled", "hold", "Publish the agenda before recording the meeting as held"),
        ("agenda_published", "change_item", "Items and papers can be changed or reordered only"),
        ("held", "withdraw_item", "Items and papers can only be withdrawn before the meeting"),
    ],
)
def test_a_meeting_step_its_state_does_not_allow_is_refused_in_words(state, trigger, words):
    with pytest.raises(LifecycleError, match=f"^{words}"):
        MEETING.transition(state, trigger)


def test_a_meeting_is_held_only_once_its_date_has_come():
    with pytest.raises(LifecycleError, match="The meeting's date has not come yet"):
        MEETING.require("agenda_published", "hold", set())
    assert MEETING.require("agenda_published", "hold", {"date_reached"}).next_state == "held"


def test_attendance_is_recorded_only_once_the_meetings_date_has_come():
    with pytest.raises(LifecycleError, match="The meeting's date has not come yet"):
        MEETING.require("agenda_published", "record_attendance", set())
    assert MEETING.require("held", "record_attendance", {"date_reached"}).next_state == "held"


def test_every_meeting_state_is_reached_from_scheduled():
    reached, frontier = {"scheduled"}, ["scheduled"]
    while frontier:
        state = frontier.pop()
        for row in MEETING.transitions:
            if row.state == state and row.next_state not in reached:
                reached.add(row.next_state)
                frontier.append(row.next_state)
    assert reached == set(MEETING.states)


# ---------------------------------------------------------------- proposals


def test_a_proposal_steps_outside_the_constitution_only_where_a_guard_fails():
    # seed 000, para 17: in July 2008 the county's chief executive approved a majority
    # decision that the route did not provide for: "never" within the constitution.
    outside = dict(PROPOSAL.available("escalated", {"route:escalate"}))
    by_trigger = {row.trigger: holds for row, holds in outside.items()}
    assert by_trigger == {
        "escalation_returns": True,
        "determination": True,
        "decide_outside": False,
        "withdraw": True,
    }
    # A route of compromise only: escalation is outside it.
    disputed = {
        row.trigger: holds for row, holds in PROPOSAL.available("disputed", {"route:compromise"})
    }
    assert disputed["compromise"] is True
    assert disputed["escalate"] is False


def test_a_vote_outcome_moves_a_proposal_without_a_person_choosing_it():
    assert "carried" not in PROPOSAL.chosen
    assert PROPOSAL.transition("voting", "carried").next_state == "carried"
    assert PROPOSAL.transition("awaiting_ratification", "refused").next_state == "disputed"
    assert PROPOSAL.triggers("voting") == frozenset()
