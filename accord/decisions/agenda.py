"""What decisions says about agenda items (``accord.meetings.hooks``): the proposal an item
concerns, the decision expected there, and each vote taken on it, quoted from its record.
Registered when Django starts (``DecisionsConfig.ready``)."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from accord import policy
from accord.audit.services import Actor
from accord.core.scope import Scope
from accord.meetings.hooks import ItemNote, User
from accord.meetings.models import AgendaItem, Meeting

from .models import Ballot, ProposalState, Tabling, Vote
from .services.ballots import decisions_follow_meeting

# The states in which the decision tabled at an item is still to be taken there.
AWAITING_DECISION = {ProposalState.TABLED, ProposalState.VOTING}
HOLDS = "A vote has been taken at this meeting, so it cannot be cancelled"


@dataclass(frozen=True)
class RollLine:
    """One voting unit's line in a vote's roll (the named vote record the minutes print):
    the partner, and its current vote and who cast it, or none (absent). ``replaced`` says
    an earlier vote for the unit was replaced while the vote was open; only the current one
    is shown as the partner's vote."""

    label: str
    vote: Vote | None
    replaced: bool

    @property
    def value(self) -> str:
        if self.vote is None:
            return "Absent (no vote cast)"
        value = self.vote.get_value_display()
        if self.vote.subject_to_ratification:
            value += f", subject to ratification ({self.vote.get_ratification_display()})"
        return value


def vote_rolls(ballots: Sequence[Ballot]) -> None:
    """Set ``ballot.roll`` on each closed vote, in the order of its units: one query for
    any number of votes."""
    votes: dict[int, list[Vote]] = {}
    for vote in Vote.objects.filter(ballot__in=ballots).select_related("cast_by").order_by():
        votes.setdefault(vote.ballot_id, []).append(vote)
    for ballot in ballots:
        cast = votes.get(ballot.pk, [])
        current = {vote.unit: vote for vote in cast if vote.current}
        replaced = {vote.unit for vote in cast if not vote.current}
        ballot.roll = [  # type: ignore[attr-defined]
            RollLine(unit["label"], current.get(unit["key"]), unit["key"] in replaced)
            for unit in ballot.units
        ]


class ProposalNotes:
    """Three queries for any number of items: the proposals tabled on them, their closed
    votes and each vote's roll (one, without ``records``)."""

    def notes(
        self, items: Sequence[AgendaItem], *, user: User, on: datetime.date, records: bool
    ) -> Mapping[int, Sequence[ItemNote]]:
        ids = [item.pk for item in items]
        tablings = Tabling.objects.filter(item_id__in=ids).select_related("proposal").order_by()
        ballots: dict[int, list[Ballot]] = {}
        open_ballots: dict[int, Ballot] = {}
        if records:
            # Closed votes are quoted from their record with each partner's named vote; an
            # open one is linked to, to cast.
            taken_here: list[Ballot] = []
            for ballot in Ballot.objects.filter(agenda_item_id__in=ids).order_by("round"):
                if ballot.is_open:
                    open_ballots[ballot.agenda_item_id or 0] = ballot
                else:
                    taken_here.append(ballot)
                    ballots.setdefault(ballot.agenda_item_id or 0, []).append(ballot)
            vote_rolls(taken_here)
        # The proposal itself is for those who may read the partnership's proposals; a vote's
        # outcome is shown wherever its item is.
        sees_proposal = policy.may(user, "decision.view", Scope(items[0].partnership_id), on=on)
        notes: dict[int, list[ItemNote]] = {}
        for tabling in tablings:
            proposal = tabling.proposal
            taken = ballots.get(tabling.item_id, [])
            notes[tabling.item_id] = [
                ItemNote(
                    kind="proposal",
                    id=proposal.pk,
                    title=proposal.title,
                    # a proposal already decided (carried, or voted and in dispute) is no
                    # longer expected anywhere: the forward plan lists only what is to come
                    expected=(
                        f"{proposal.title} ({proposal.get_kind_display().lower()})"
                        if proposal.state in AWAITING_DECISION
                        else ""
                    ),
                    vote_taken=bool(taken),
                    page_about="decisions/_agenda_about.html",
                    page_record="decisions/_agenda_record.html",
                    minutes_record="decisions/pdf/_minutes_record.html",
                    context={
                        "sees_proposal": sees_proposal,
                        "state": proposal.get_state_display(),
                        "ballots": taken,
                        # The decision as it took effect, which the record of a vote taken
                        # here may not tell (July 2008: not carried, then approved outside
                        # the constitution): its public page is linked from the item.
                        "proposal": proposal,
                        "took_effect": taken and proposal.decided_on is not None,
                        "open_ballot": open_ballots.get(tabling.item_id),
                    },
                )
            ]
        return notes

    def holds(self, meeting: Meeting) -> str:
        return HOLDS if Ballot.objects.filter(meeting=meeting).exists() else ""

    def holds_item(self, item: AgendaItem, *, removing: bool) -> str:
        """A vote taken on an item keeps it; a proposal tabled on it keeps it on the agenda
        (withdrawn, once published, it still says what it was)."""
        if Ballot.objects.filter(agenda_item=item).exists():
            return "A vote has been taken on this item, so it cannot be withdrawn"
        if removing and Tabling.objects.filter(item=item).exists():
            return (
                "A proposal is tabled on this item, so it stays on the agenda: withdraw the "
                "proposal, or withdraw the item with a reason once the agenda is published"
            )
        return ""

    def moved(self, meeting: Meeting, moved_from: datetime.date, *, actor: Actor) -> None:
        decisions_follow_meeting(meeting, moved_from, actor=actor)
