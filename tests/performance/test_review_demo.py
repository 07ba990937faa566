"""The demo's service quality reviews: Gloucestershire has three, every one marked
illustrative; one below the minimum (D) with an action plan, flagged; one closed with the
outcome "remodel" and taken to the board; loaded once."""

import pytest

from accord.decisions.models import ProposalKind
from accord.demo.reviews import load_reviews
from accord.partnerships.models import Partnership
from accord.performance import selectors
from accord.performance.review_models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


def test_gloucestershire_has_three_illustrative_reviews(demo):
    glos = Partnership.objects.get(slug="gloucestershire")
    reviews = {
        review.service.reference: review
        for review in Review.objects.filter(partnership=glos).select_related("service")
    }
    assert set(reviews) == {"GLOS-0002", "GLOS-0007", "GLOS-0013"}
    assert all(review.is_illustrative("due_on") for review in reviews.values())

    remodelled = reviews["GLOS-0002"]
    assert (remodelled.status, remodelled.outcome) == (ReviewStatus.CLOSED, "remodel")
    assert remodelled.proposal is not None
    assert remodelled.proposal.kind == ProposalKind.COMMISSIONING_DECISION
    assert remodelled.proposal.is_illustrative("summary")

    failing = reviews["GLOS-0013"]
    assert failing.grades.get(objective="C1.3").validated == "D"
    actions = list(failing.actions.all())
    assert len(actions) == 2
    assert all(item.is_illustrative("action") for item in actions)
    assert [s.reference for s in selectors.flagged_services(glos)] == ["GLOS-0013"]

    assert reviews["GLOS-0007"].status == ReviewStatus.PLANNED
    assert not Review.objects.filter(partnership__slug="oxfordshire").exists()
    assert load_reviews(glos) is False
