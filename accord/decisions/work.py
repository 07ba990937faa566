"""What decisions adds to a person's work (``accord.core.work``): the votes open in which
they may cast their partner's vote now, with a link straight to the vote, and the
decisions in their call-in period; and, on the programme team's meetings, the votes to
close (``accord.meetings.work``). Who may cast a vote is the service's rule
(``vote_casters_of``), asked here, never decided again."""

import datetime
from collections.abc import Mapping, Sequence

from django.urls import reverse

from accord import policy
from accord.core.work import Link, User, WorkItem, WorkList
from accord.governance.models import Person
from accord.meetings.models import Meeting

from .models import Ballot, Proposal, ProposalState, Vote
from .services import vote_casters_of


def ballot_url(ballot: Ballot) -> str:
    return reverse("decisions:ballot-detail", args=[ballot.partnership.slug, ballot.pk])


class DecisionWork:
    """Six queries whatever the data: the person's people, the open votes, who may cast
    them (three), the votes already cast; and one for the decisions in call-in."""

    def lists(self, user: User, *, on: datetime.date) -> Sequence[WorkList]:
        members = policy.member_partnership_ids(user, on=on)
        teams = policy.administered_partnership_ids(user, on=on)
        if not members and not teams:
            return []
        lists = []
        if members:
            lists.append(self.votes_open(user, members))
        calling = (
            Proposal.objects.filter(
                partnership_id__in=members | teams,
                state=ProposalState.CARRIED,
                decided_on__lte=on,
                takes_effect_on__gt=on,
            )
            .select_related("partnership", "deciding_body")
            .order_by("takes_effect_on", "pk")
        )
        lists.append(
            WorkList(
                "call-in",
                "Decisions in their call-in period",
                50,
                [
                    WorkItem(
                        proposal.title,
                        reverse(
                            "decisions:proposal-detail",
                            args=[proposal.partnership.slug, proposal.pk],
                        ),
                        f"Decided by {proposal.deciding_body.name} on "
                        f"{proposal.decided_on:%-d %B %Y}; it can be called in until "
                        f"{proposal.takes_effect_on:%-d %B %Y}",
                    )
                    for proposal in calling
                ],
            )
        )
        return lists

    def votes_open(self, user: User, partnerships: frozenset[int]) -> WorkList:
        own = set(Person.objects.filter(user_id=int(user.pk or 0)).values_list("pk", flat=True))
        ballots = list(
            Ballot.objects.filter(is_open=True, partnership_id__in=partnerships)
            .select_related("proposal", "meeting__body", "partnership")
            .order_by("meeting__date", "pk")
        )
        casters = vote_casters_of(ballots)
        cast = {
            (vote.ballot_id, vote.unit): vote
            for vote in Vote.objects.filter(ballot__in=ballots, current=True).order_by()
        }
        items = []
        for ballot in ballots:
            for unit in ballot.units:
                if not own & set(casters[ballot.pk].get(unit["key"], [])):
                    continue
                vote = cast.get((ballot.pk, unit["key"]))
                state = (
                    f"{unit['label']} voted {vote.get_value_display().lower()}; "
                    "you can change it while the vote is open"
                    if vote
                    else f"{unit['label']} has not voted yet"
                )
                url = ballot_url(ballot)
                items.append(
                    WorkItem(
                        ballot.proposal.title,
                        url,
                        f"{ballot.meeting.name}, {ballot.meeting.date:%-d %B %Y}. {state}.",
                        [Link(f"Cast {unit['label']}'s vote", f"{url}?unit={unit['key']}#vote")],
                    )
                )
        return WorkList("votes", "Votes open for your partner", 10, items)


class BallotSteps:
    """One query: the open votes at the meetings, each a vote to close."""

    def steps(self, meetings: Sequence[Meeting], *, on: datetime.date) -> Mapping[int, list[Link]]:
        steps: dict[int, list[Link]] = {}
        ballots = Ballot.objects.filter(meeting__in=list(meetings), is_open=True).select_related(
            "proposal", "partnership"
        )
        for ballot in ballots.order_by("pk"):
            steps.setdefault(ballot.meeting_id, []).append(
                Link(f"Close the vote: {ballot.proposal.title}", ballot_url(ballot))
            )
        return steps
