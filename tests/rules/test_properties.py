"""Laws of the rule engine, checked over generated rules and ballots (hypothesis).

A ballot is a list of weighted units (weights 0, fractional and whole) and a vote or
absence for each; a rule is any kind, base, threshold, strictness, limit on votes
against and quorum the rule language allows. Examples are derandomised, so the suite is
deterministic, and kept to 200 per law so that it stays fast.
"""

import json
from dataclasses import replace
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from accord.rules import Quorum, Rule, Unit, evaluate
from accord.rules.rule import BASES, KINDS

from .test_evaluate import PARTNERS

RULES = settings(max_examples=200, deadline=None, derandomize=True, database=None)
OUTCOMES = {"carried", "not_carried", "inquorate"}
IDS = [*PARTNERS, "service-users", "providers", "health-and-wellbeing"]
WEIGHTS = [Fraction(0), Fraction(1, 2), Fraction(1), Fraction(3, 2), Fraction(2), Fraction(3)]
# "for" twice as likely as each other choice, so that rules carry often enough to test laws.
VOTE_OR_ABSENT = ["for", "for", "against", "abstain", None]

fractions_in_0_1 = st.builds(
    lambda denominator, numerator: Fraction(min(numerator, denominator), denominator),
    st.integers(min_value=1, max_value=6),
    st.integers(min_value=1, max_value=6),
)
quorums = st.one_of(
    st.none(),
    st.none(),
    st.builds(Quorum, count=st.integers(min_value=0, max_value=8)),
    st.builds(Quorum, fraction=fractions_in_0_1),
)


def rules(kinds=KINDS, bases=BASES, max_against=True):
    return st.builds(
        Rule,
        kind=st.sampled_from(kinds),
        base=st.sampled_from(bases),
        threshold=fractions_in_0_1,
        strict=st.booleans(),
        max_against=st.one_of(st.none(), st.integers(min_value=0, max_value=3))
        if max_against
        else st.none(),
        quorum=quorums,
    )


@st.composite
def ballots(draw, min_size=0, choices=VOTE_OR_ABSENT):
    ids = draw(st.lists(st.sampled_from(IDS), unique=True, min_size=min_size, max_size=len(IDS)))
    units = [Unit(unit_id, draw(st.sampled_from(WEIGHTS))) for unit_id in ids]
    votes = {}
    for unit in units:
        vote = draw(st.sampled_from(choices))
        if vote is not None:
            votes[unit.id] = vote
    return units, votes


@st.composite
def ballots_with_a_unit_voting(draw, previous):
    """A ballot and one unit whose vote (or absence) is one of ``previous``."""
    units, votes = draw(ballots(min_size=1))
    unit = draw(st.sampled_from(units))
    vote = draw(st.sampled_from(previous))
    votes = {key: value for key, value in votes.items() if key != unit.id}
    if vote is not None:
        votes[unit.id] = vote
    return units, votes, unit.id


def with_vote(votes, unit_id, vote):
    changed = {key: value for key, value in votes.items() if key != unit_id}
    if vote is not None:
        changed[unit_id] = vote
    return changed


@RULES
@given(rules(), ballots_with_a_unit_voting(["against", "abstain", None]))
def test_turning_any_vote_or_absence_into_for_never_undoes_a_carried_decision(rule, ballot):
    """Monotonicity, for every kind and base, with or without max_against and quorum.

    against -> for: the base is unchanged, for rises, against falls.
    abstain -> for: under base cast the base rises by w and for by w, and w >= threshold*w.
    absent -> for: present rises, so a quorum met stays met; bases present and cast rise
    by w as for does; under base all an absent unit of weight above 0 already blocked
    unanimity, so unanimity cannot have carried before.
    """
    units, votes, unit_id = ballot
    before = evaluate(rule, units, votes)
    after = evaluate(rule, units, with_vote(votes, unit_id, "for"))
    if before.outcome == "carried":
        assert after.outcome == "carried"


@RULES
@given(rules(), ballots_with_a_unit_voting(["against", "abstain"]))
def test_turning_against_or_abstain_into_for_leaves_the_quorum_as_it_was(rule, ballot):
    """The unit was present before and after, so whether the meeting is quorate is unchanged."""
    units, votes, unit_id = ballot
    before = evaluate(rule, units, votes)
    after = evaluate(rule, units, with_vote(votes, unit_id, "for"))
    assert (before.outcome == "inquorate") == (after.outcome == "inquorate")


@RULES
@given(rules(), ballots_with_a_unit_voting([None]))
def test_an_absent_unit_turning_up_to_vote_for_can_make_a_meeting_quorate_never_inquorate(
    rule, ballot
):
    units, votes, unit_id = ballot
    before = evaluate(rule, units, votes)
    after = evaluate(rule, units, with_vote(votes, unit_id, "for"))
    if after.outcome == "inquorate":
        assert before.outcome == "inquorate"


@RULES
@given(rules(bases=["all", "cast"]), ballots_with_a_unit_voting([None]))
def test_under_base_all_or_cast_abstaining_instead_of_being_absent_changes_only_the_quorum(
    rule, ballot
):
    """Abstentions count towards neither base, nor towards for or against, only presence."""
    units, votes, unit_id = ballot
    before = evaluate(rule, units, votes)
    after = evaluate(rule, units, with_vote(votes, unit_id, "abstain"))
    if before.outcome != "inquorate":
        assert after.outcome == before.outcome


def test_under_base_present_abstaining_instead_of_being_absent_can_defeat_a_majority():
    """The bound on the law above: with base present an abstention enlarges the base."""
    rule = Rule(kind="majority", base="present")
    units = [Unit(unit_id) for unit_id in PARTNERS[:6]]
    votes = dict(zip(PARTNERS, ["for", "for", "for", "against", "against"], strict=False))
    assert evaluate(rule, units, votes).outcome == "carried"  # 3 of 5 present
    votes[PARTNERS[5]] = "abstain"
    assert evaluate(rule, units, votes).outcome == "not_carried"  # 3 of 6 present


@RULES
@given(
    rules(kinds=["unanimity"], max_against=False),
    # Mostly for, so that unanimity often carries and the law is tested, not skipped.
    ballots(choices=["for", "for", "for", "for", "against", "abstain", None]),
    fractions_in_0_1,
    st.booleans(),
    st.one_of(st.none(), st.integers(min_value=0, max_value=3)),
)
def test_unanimity_carried_implies_consensus_and_majority_carried_on_the_same_base_and_quorum(
    unanimity, ballot, threshold, strict, max_against
):
    """For any threshold, except a strict threshold of 1 (see the next law)."""
    units, votes = ballot
    if not evaluate(unanimity, units, votes).carried:
        return
    consensus = replace(unanimity, kind="consensus", max_against=max_against)
    assert evaluate(consensus, units, votes).carried
    if threshold == 1 and strict:
        return
    majority = replace(
        unanimity, kind="majority", threshold=threshold, strict=strict, max_against=max_against
    )
    assert evaluate(majority, units, votes).carried


@RULES
@given(rules(kinds=["majority"]), ballots())
def test_more_than_the_whole_base_never_carries(rule, ballot):
    units, votes = ballot
    rule = replace(rule, threshold=Fraction(1), strict=True)
    assert evaluate(rule, units, votes).outcome != "carried"


@RULES
@given(rules(), ballots(), st.randoms(use_true_random=False))
def test_the_outcome_never_depends_on_the_order_of_the_units(rule, ballot, random):
    units, votes = ballot
    shuffled = list(units)
    random.shuffle(shuffled)
    assert evaluate(rule, shuffled, votes) == evaluate(rule, units, votes)


@RULES
@given(rules(), ballots())
def test_every_valid_ballot_gets_an_outcome_whose_counts_add_up(rule, ballot):
    """Never raises, never divides by zero (empty bases included), and the tally is whole."""
    units, votes = ballot
    result = evaluate(rule, units, votes)
    tally = result.tally
    assert result.outcome in OUTCOMES
    assert tally.for_ + tally.against + tally.abstain + tally.absent == sum(
        (unit.weight for unit in units), Fraction(0)
    )
    assert tally.all_units == sum((unit.weight for unit in units), Fraction(0))
    assert (
        tally.base
        == {
            "all": tally.all_units,
            "present": tally.for_ + tally.against + tally.abstain,
            "cast": tally.for_ + tally.against,
        }[rule.base]
    )
    if result.carried:
        assert tally.base > 0
        assert tally.for_ > 0
    assert result.reason.endswith(".")
    assert json.loads(json.dumps(result.to_json()))["outcome"] == result.outcome
