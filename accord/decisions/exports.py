"""The decisions register as open data: CSV rows, and Popolo 1.0.1 motions and vote events
(https://www.popoloproject.com/specs/vote-event.html) with each partner's vote.

Both are built from ``selectors.decision_register`` (votes, steps and meetings prefetched),
so a download costs the same few queries whatever the number of decisions.

Popolo ids follow the governance export's (``accord.governance.popolo``), so that a vote's
``voter_id`` is the partner's organization there: ``accord:oxfordshire:partner:12``, a body
``accord:oxfordshire:body:3``, a motion (the proposal) ``accord:oxfordshire:motion:40``, a
vote event (one vote on it) ``accord:oxfordshire:vote_event:55``. Options are Popolo's
``yes``, ``no``, ``abstain`` and ``absent``; results ``pass`` and ``fail``. A motion's
result is the decision as it took effect, which may differ from its last vote (July 2008:
not carried, then approved outside the constitution): ``outside_constitution`` says so.

Values the source documents do not give (``accord.core.models.Illustrative``) are marked in
both: the CSV's ``illustrative`` column names the row's columns that hold them, separated by
spaces; a Popolo object (motion, vote event, count, vote) names its own properties that hold
them in ``illustrative`` (``["start_date"]``), left out when there are none.
"""

import datetime
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from accord.audit.models import AuditEvent
from accord.governance.popolo import marked
from accord.partnerships.models import Partnership

from .models import Ballot, BallotOutcome, Proposal, ProposalState, VoteValue
from .selectors import decision_route

CSV_HEADER = [
    "id",
    "title",
    "kind",
    "deciding_body",
    "outcome",
    "decided_on",
    "takes_effect_on",
    "outside_constitution",
    "outside_constitution_note",
    "route",
    "last_vote_meeting",
    "last_vote_date",
    "votes_for",
    "votes_against",
    "abstentions",
    "absent",
    "partner_votes",
    "audit_sequence",
    "audit_hash",
    "url",
    "illustrative",  # the columns whose values are not from the source documents
]

OPTION = {VoteValue.FOR: "yes", VoteValue.AGAINST: "no", VoteValue.ABSTAIN: "abstain"}
PASSED = {BallotOutcome.CARRIED, BallotOutcome.CARRIED_SUBJECT_TO_RATIFICATION}
IN_EFFECT = {ProposalState.CARRIED, ProposalState.AWAITING_RATIFICATION}


def unit_votes(ballot: Ballot) -> list[tuple[dict[str, Any], str, bool]]:
    """Each voting unit of the ballot with its option (``absent`` with no vote), and
    whether that option is illustrative (the vote's value, or an absence where the
    ballot's count of absences is)."""
    cast = {vote.unit: vote for vote in ballot.votes.all()}
    votes = []
    for unit in ballot.units:
        vote = cast.get(unit["key"])
        if vote is None:
            votes.append((unit, "absent", ballot.is_illustrative("absent")))
        else:
            votes.append((unit, OPTION[VoteValue(vote.value)], vote.is_illustrative("value")))
    return votes


def csv_rows(
    decisions: Iterable[Proposal], audit: dict[int, AuditEvent], *, site: str, url: Any
) -> Iterable[list[object]]:
    """One row per decision; ``url(proposal)`` is the address of its public page."""
    for proposal in decisions:
        ballots = list(proposal.ballots.all())
        last = ballots[-1] if ballots else None
        event = audit.get(proposal.pk)
        yield [
            proposal.pk,
            proposal.title,
            proposal.get_kind_display(),
            proposal.deciding_body.name,
            proposal.get_state_display(),
            proposal.decided_on.isoformat() if proposal.decided_on else "",
            proposal.takes_effect_on.isoformat() if proposal.takes_effect_on else "",
            "yes" if proposal.outside_constitution else "no",
            proposal.outside_constitution_note,
            "; ".join(
                f"{step.date.isoformat()} {step.text}"
                + ("" if step.within_constitution else " (outside the constitution)")
                for step in decision_route(proposal)
            ),
            last.meeting.name if last else "",
            last.meeting.date.isoformat() if last else "",
            last.votes_for if last else "",
            last.votes_against if last else "",
            last.abstentions if last else "",
            last.absent if last else "",
            "; ".join(f"{unit['label']}: {option}" for unit, option, _ in unit_votes(last))
            if last
            else "",
            event.sequence if event else "",
            event.hash if event else "",
            f"{site}{url(proposal)}",
            illustrative_columns(proposal, last),
        ]


def illustrative_columns(proposal: Proposal, last: Ballot | None) -> str:
    """The row's columns whose values are illustrative (``accord.core.models.Illustrative``),
    in the order of the header, separated by spaces."""
    marked = {
        "decided_on": proposal.is_illustrative("decided_on"),
        "takes_effect_on": proposal.is_illustrative("takes_effect_on"),
        "route": any(step.is_illustrative() for step in decision_route(proposal)),
    }
    if last is not None:
        marked |= {
            "last_vote_date": last.meeting.is_illustrative("date"),
            "votes_for": last.is_illustrative("votes_for"),
            "votes_against": last.is_illustrative("votes_against"),
            "abstentions": last.is_illustrative("abstentions"),
            "absent": last.is_illustrative("absent"),
            "partner_votes": any(illustrative for _, _, illustrative in unit_votes(last)),
        }
    return " ".join(column for column in CSV_HEADER if marked.get(column))


def voter_id(pid: Any, key: str) -> str:
    """A unit's key (``partner-12``, ``member-40``) as the governance export's id of the
    partner's organization or the person."""
    kind, pk = key.split("-", 1)
    return str(pid("person" if kind == "member" else kind, pk))


def popolo_date_time(day: datetime.date, time: datetime.time | None) -> str:
    moment = datetime.datetime.combine(day, time or datetime.time(0, 0))
    return moment.replace(tzinfo=ZoneInfo(settings.TIME_ZONE)).isoformat()


def popolo_vote_events(
    partnership: Partnership, decisions: Iterable[Proposal], *, site: str, url: Any
) -> dict[str, list[dict[str, Any]]]:
    """The decisions as Popolo motions (one per proposal) and vote events (one per vote
    taken on it), each vote event with its counts and every voting unit's vote."""

    def pid(*parts: object) -> str:
        return ":".join(["accord", partnership.slug, *(str(part) for part in parts)])

    motions: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for proposal in decisions:
        ballots = list(proposal.ballots.all())
        source = [{"url": f"{site}{url(proposal)}", "note": "The decision's public record"}]
        motion: dict[str, Any] = {
            "id": pid("motion", proposal.pk),
            "organization_id": pid("body", proposal.deciding_body_id),
            "text": proposal.title,
            "classification": proposal.kind,
            "result": "pass" if proposal.state in IN_EFFECT else "fail",
            "outside_constitution": proposal.outside_constitution,
            "sources": source,
        }
        if proposal.decided_on:
            motion["date"] = popolo_date_time(proposal.decided_on, None)
        if ballots and ballots[-1].required:
            motion["requirement"] = ballots[-1].required
        motions.append(marked(motion, date=proposal.is_illustrative("decided_on")))
        for ballot in ballots:
            meeting = ballot.meeting
            event: dict[str, Any] = {
                "id": pid("vote_event", ballot.pk),
                "organization_id": pid("body", meeting.body_id),
                "motion_id": motion["id"],
                "identifier": f"Vote {ballot.round}",
                "start_date": popolo_date_time(meeting.date, meeting.start_time),
                "result": "pass" if ballot.outcome in PASSED else "fail",
                "counts": [
                    marked(
                        {"option": option, "value": getattr(ballot, count)},
                        value=ballot.is_illustrative(count),
                    )
                    for option, count in POPOLO_COUNTS
                ],
                "votes": [
                    marked(
                        {
                            "vote_event_id": pid("vote_event", ballot.pk),
                            "voter_id": voter_id(pid, unit["key"]),
                            "option": option,
                        },
                        option=illustrative,
                    )
                    for unit, option, illustrative in unit_votes(ballot)
                ],
                "sources": source,
            }
            illustrative_time = meeting.is_illustrative("date") or (
                meeting.start_time is not None and meeting.is_illustrative("start_time")
            )
            events.append(marked(event, start_date=illustrative_time))
    return {"motions": motions, "vote_events": events}


# Each Popolo count's option, and the ballot's count of it.
POPOLO_COUNTS = (
    ("yes", "votes_for"),
    ("no", "votes_against"),
    ("abstain", "abstentions"),
    ("absent", "absent"),
)
