"""The demo's service quality reviews (issue 18): three Gloucestershire services reviewed
under the 2003 Quality Assessment Framework, through the performance services, so they are
audited. The seeds say the partnership did "service quality reviews" (seed 004) but give
no review, grade, visit or outcome: every value here is invented and marked illustrative.

- GLOS-0002 Stroud sheltered housing: validated at C or better on every objective, closed
  with the outcome "remodel" and taken to the Partnership Board as a commissioning decision;
- GLOS-0013 Brunswick Road dry house: graded D on C1.3 (security, health and safety) at the
  validation visit, flagged, with an action plan (one action done, one still open);
- GLOS-0007 Gloucester Foyer: planned, due at the end of June 2010.

Loading twice creates nothing."""

import datetime

from accord.commissioning.models import Service
from accord.governance.models import Body
from accord.partnerships.models import Partnership
from accord.performance import services
from accord.performance.review_models import Review

from . import gloucestershire as glos
from .illustrative import illustrative_mark

REVIEW_FIELDS = [
    "due_on",
    "self_assessed_on",
    "visited_on",
    "visited_by",
    "findings",
    "validated_on",
    "outcome",
    "outcome_reason",
    "closed_on",
]
ACTION_FIELDS = ["action", "owner", "due_on", "done_on", "note"]


def grades(levels: str) -> dict[str, str]:
    """QAF 2003's seven core objectives, C1.1 to C1.7, graded in order ("CBCCBCC")."""
    return {f"C1.{n}": level for n, level in enumerate(levels, start=1)}


def _self_assessed(
    service: Service, *, due_on: datetime.date, self_assessed: str, visited_on: datetime.date
) -> Review:
    review = services.review_plan(
        actor=None, service=service, due_on=due_on, illustrative=REVIEW_FIELDS
    )
    review = services.review_self_assess(
        actor=None,
        review=review,
        grades=grades(self_assessed),
        on=visited_on - datetime.timedelta(days=28),
    )
    return review


def load_reviews(partnership: Partnership) -> bool:
    """Gloucestershire's demo reviews; True when it created them (none before)."""
    if partnership.slug != "gloucestershire":
        return False
    if Review.objects.filter(partnership=partnership).exists():
        return False
    by_reference = {
        service.reference: service
        for service in Service.objects.filter(
            partnership=partnership, reference__in=["GLOS-0002", "GLOS-0007", "GLOS-0013"]
        )
    }
    if len(by_reference) < 3:
        return False

    # Stroud sheltered housing: done on schedule, remodelled, taken to the board.
    stroud = _self_assessed(
        by_reference["GLOS-0002"],
        due_on=datetime.date(2009, 9, 30),
        self_assessed="BBCCBCC",
        visited_on=datetime.date(2009, 9, 8),
    )
    stroud = services.review_visit(
        actor=None,
        review=stroud,
        visited_on=datetime.date(2009, 9, 8),
        visited_by="Contracts and review officer; a tenant of the scheme",
        findings="Support plans are current and tenants are consulted, but most tenants "
        "need little support: scheme managers spend much of their time on housing "
        "management tasks the support grant does not pay for.",
    )
    stroud = services.review_validate(
        actor=None, review=stroud, grades=grades("BCCCBCC"), on=datetime.date(2009, 9, 21)
    )
    stroud = services.review_close(
        actor=None,
        review=stroud,
        outcome="remodel",
        reason="Move from scheme-based wardens to a floating support service for older "
        "people across the district, assessed by need rather than by tenure.",
        on=datetime.date(2009, 10, 12),
    )
    board = Body.objects.filter(partnership=partnership).get(name=glos.BOARD)
    proposal = services.review_propose(
        actor=None, review=stroud, deciding_body=board, on=datetime.date(2009, 10, 12)
    )
    illustrative_mark(actor=None, row=proposal, fields=["title", "summary"])

    # Brunswick Road dry house: below the minimum on C1.3, with an action plan.
    dry_house = _self_assessed(
        by_reference["GLOS-0013"],
        due_on=datetime.date(2009, 12, 31),
        self_assessed="CCCCCCC",
        visited_on=datetime.date(2009, 12, 1),
    )
    dry_house = services.review_visit(
        actor=None,
        review=dry_house,
        visited_on=datetime.date(2009, 12, 1),
        visited_by="Contracts and review officer",
        findings="No fire risk assessment since 2007; two bedrooms without working smoke "
        "alarms; lone working at night without a procedure.",
    )
    dry_house = services.review_validate(
        actor=None, review=dry_house, grades=grades("CCDCCCC"), on=datetime.date(2009, 12, 14)
    )
    done = services.action_add(
        actor=None,
        review=dry_house,
        action="Fit and test smoke alarms in every bedroom",
        owner="Open Door Recovery: service manager",
        due_on=datetime.date(2010, 1, 15),
        objective="C1.3",
        illustrative=ACTION_FIELDS,
    )
    services.action_complete(
        actor=None, item=done, done_on=datetime.date(2010, 1, 11), note="Seen at a spot visit."
    )
    services.action_add(
        actor=None,
        review=dry_house,
        action="Commission a fire risk assessment and agree a lone working procedure",
        owner="Open Door Recovery: chief executive",
        due_on=datetime.date(2010, 3, 31),
        objective="C1.3",
        illustrative=ACTION_FIELDS,
    )

    # Gloucester Foyer: planned.
    services.review_plan(
        actor=None,
        service=by_reference["GLOS-0007"],
        due_on=datetime.date(2010, 6, 30),
        illustrative=REVIEW_FIELDS,
    )
    return True
