"""Service quality reviews (issue 18): the programme team plans a review of a service,
records the provider's self-assessment, the validation visit and the validated grades
(QAF core objectives, A to D), follows up an action plan, records the outcome and takes
it to the board as a commissioning proposal. A service graded D on any objective is
flagged; reviews done on schedule are counted per quarter; the lifecycle table refuses
steps out of order; another partnership's officer is refused; lists do not grow in
queries with the data."""

import datetime
from typing import Any

import pytest
from django.urls import reverse

from accord.audit.models import AuditEvent
from accord.core.errors import AccordError
from accord.decisions.models import ProposalKind, ProposalState
from accord.performance import qaf, selectors, services
from accord.performance.periods import Quarter
from accord.performance.review_models import ActionStatus, Review, ReviewStatus
from accord.rules.lifecycle import REVIEW, LifecycleError
from tests import factories

pytestmark = pytest.mark.django_db

# A review due at the end of September 2009 (2009/10 Q2).
DUE = datetime.date(2009, 9, 30)
ALL_C = dict.fromkeys(qaf.QAF_2003.codes, "C")
ONE_D = {**ALL_C, "C1.3": "D", "C1.1": "B"}


@pytest.fixture
def officers(gloucestershire, oxfordshire):
    factories.ProgrammeOfficerFactory(partnership=gloucestershire, user__username="officer")
    factories.ProgrammeOfficerFactory(partnership=oxfordshire, user__username="other-officer")


@pytest.fixture
def board(gloucestershire):
    return factories.BodyFactory(partnership=gloucestershire, name="Joint Commissioning Board")


def planned(service: Any, due_on: datetime.date = DUE) -> Review:
    return services.review_plan(actor=None, service=service, due_on=due_on)


def validated(service: Any, grades: dict[str, str], *, on: datetime.date = DUE) -> Review:
    review = planned(service)
    services.review_self_assess(
        actor=None, review=review, grades=ALL_C, on=datetime.date(2009, 7, 1)
    )
    services.review_visit(
        actor=None,
        review=review,
        visited_on=datetime.date(2009, 8, 12),
        visited_by="Contracts officer",
        findings="Fire risk assessment out of date",
    )
    return services.review_validate(actor=None, review=review, grades=grades, on=on)


def test_a_review_goes_from_planned_to_closed_and_to_the_board(glos_services, board):
    review = validated(glos_services["sheltered"], ALL_C)
    assert review.status == ReviewStatus.VALIDATED
    closed = services.review_close(
        actor=None,
        review=review,
        outcome="remodel",
        reason="Demand has moved to floating support",
        on=datetime.date(2009, 10, 5),
    )
    assert (closed.status, closed.outcome) == (ReviewStatus.CLOSED, "remodel")
    proposal = services.review_propose(
        actor=None, review=closed, deciding_body=board, on=datetime.date(2009, 10, 6)
    )
    assert proposal.kind == ProposalKind.COMMISSIONING_DECISION
    assert proposal.state == ProposalState.DRAFT
    assert "remodel the service" in proposal.title
    assert "C1.3 C" in proposal.summary
    closed.refresh_from_db()
    assert closed.proposal_id == proposal.pk
    with pytest.raises(AccordError, match="taken to the board already"):
        services.review_propose(
            actor=None, review=closed, deciding_body=board, on=datetime.date(2009, 10, 6)
        )
    actions = list(
        AuditEvent.objects.filter(object_type="performance.review", object_id=str(review.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "review.plan",
        "review.self_assess",
        "review.visit",
        "review.validate",
        "review.close",
        "review.propose",
    ]


def test_the_lifecycle_refuses_steps_out_of_order_and_nothing_changes(glos_services):
    review = planned(glos_services["sheltered"])
    with pytest.raises(AccordError, match="follows the self-assessment") as refused:
        services.review_visit(
            actor=None,
            review=review,
            visited_on=DUE,
            visited_by="Officer",
            findings="Fine",
        )
    assert refused.value.field == "status"
    with pytest.raises(AccordError, match="closed review's outcome"):
        services.review_propose(actor=None, review=review, deciding_body=None, on=DUE)
    review.refresh_from_db()
    assert (review.status, review.visited_on) == (ReviewStatus.PLANNED, None)
    assert REVIEW.triggers(ReviewStatus.PLANNED) == frozenset({"self_assess"})
    with pytest.raises(LifecycleError):
        REVIEW.require(ReviewStatus.CLOSED, "validate")


def test_grades_are_a_to_d_for_every_core_objective_naming_it(glos_services):
    review = planned(glos_services["sheltered"])
    with pytest.raises(AccordError, match=r"Grade C1\.7 Consultation and involvement"):
        services.review_self_assess(
            actor=None,
            review=review,
            grades={**ALL_C, "C1.7": "E"},
            on=DUE,
        )
    with pytest.raises(AccordError, match=r"C2\.1 is not a core objective"):
        services.review_self_assess(
            actor=None, review=review, grades={**ALL_C, "C2.1": "A"}, on=DUE
        )
    review.refresh_from_db()
    assert review.status == ReviewStatus.PLANNED
    assert set(review.grades.values_list("self_assessed", flat=True)) == {""}


def test_the_revised_framework_grades_five_objectives(glos_services):
    review = services.review_plan(
        actor=None, service=glos_services["floating"], due_on=DUE, framework="qaf2"
    )
    assert sorted(review.grades.values_list("objective", flat=True)) == [
        "C1.1",
        "C1.2",
        "C1.3",
        "C1.4",
        "C1.5",
    ]


def test_a_d_on_any_objective_flags_the_review_and_the_service(glos_services):
    glos = glos_services["sheltered"].partnership
    flagged = validated(glos_services["sheltered"], ONE_D)
    validated(glos_services["floating"], ALL_C)
    listed: list[Any] = list(selectors.review_list(glos, today=DUE))
    rows = {row.pk: row.flagged for row in listed}
    assert rows[flagged.pk] is True
    assert sorted(rows.values()) == [False, True]
    assert [s.reference for s in selectors.flagged_services(glos)] == ["GLOS-0001"]
    # A later review at C or better clears the service's flag.
    later = validated(glos_services["sheltered"], ALL_C)
    Review.objects.filter(pk=later.pk).update(due_on=datetime.date(2010, 9, 30))
    assert list(selectors.flagged_services(glos)) == []
    # The provider's own D flags the review before the visit validates it.
    own = planned(glos_services["hostel"])
    services.review_self_assess(actor=None, review=own, grades=ONE_D, on=DUE)
    assert selectors.review_list(glos, today=DUE, flagged=True).filter(pk=own.pk).exists()


def test_a_failing_service_needs_an_action_plan_before_the_review_closes(glos_services):
    review = validated(glos_services["sheltered"], ONE_D)
    with pytest.raises(AccordError, match="needs an action plan"):
        services.review_close(actor=None, review=review, outcome="continue", reason="Ok", on=DUE)
    item = services.action_add(
        actor=None,
        review=review,
        action="Renew the fire risk assessment",
        owner="Scheme manager",
        due_on=datetime.date(2009, 11, 30),
        objective="C1.3",
    )
    assert item.status(datetime.date(2009, 11, 30)) == ActionStatus.OPEN
    assert item.status(datetime.date(2009, 12, 1)) == ActionStatus.OVERDUE
    glos = review.partnership
    assert list(selectors.actions_overdue(glos, today=datetime.date(2009, 12, 1))) == [item]
    closed = services.review_close(
        actor=None, review=review, outcome="continue", reason="Plan agreed", on=DUE
    )
    assert closed.status == ReviewStatus.CLOSED
    done = services.action_complete(
        actor=None, item=item, done_on=datetime.date(2009, 12, 3), note="Seen on site"
    )
    assert done.status(datetime.date(2010, 1, 1)) == ActionStatus.DONE
    assert list(selectors.actions_overdue(glos, today=datetime.date(2010, 1, 1))) == []
    with pytest.raises(AccordError, match="recorded done already"):
        services.action_complete(actor=None, item=item, done_on=datetime.date(2009, 12, 4))


def test_reviews_on_schedule_counts_the_quarters_reviews_validated_by_their_due_date(
    glos_services,
):
    glos = glos_services["sheltered"].partnership
    validated(glos_services["sheltered"], ALL_C, on=DUE)  # on the due date: on schedule
    validated(glos_services["floating"], ALL_C, on=datetime.date(2009, 10, 2))  # late
    planned(glos_services["hostel"])  # not done
    planned(glos_services["hostel"], due_on=datetime.date(2009, 12, 31))  # next quarter
    counted = selectors.reviews_on_schedule(glos, Quarter(2009, 2))
    assert (counted.due, counted.on_schedule, counted.late, counted.not_done) == (3, 1, 1, 1)
    assert counted.percent == "33.33"
    empty = selectors.reviews_on_schedule(glos, Quarter(2008, 1))
    assert (empty.due, empty.percent) == (0, None)


def test_the_officer_takes_a_review_through_every_step_on_the_pages(
    client, sign_in, officers, glos_services, board
):
    sign_in("officer")
    answer = client.post(
        reverse("performance:review-plan", args=["gloucestershire"]),
        {
            "service": glos_services["sheltered"].pk,
            "due_on_0": "30",
            "due_on_1": "9",
            "due_on_2": "2009",
            "framework": "qaf2003",
        },
    )
    assert answer.status_code == 302, answer.content
    review = Review.objects.get()
    detail = answer["Location"]
    assert detail == reverse("performance:review-detail", args=["gloucestershire", review.pk])
    page = client.get(detail).text
    assert "Record the provider's self-assessment" in page
    assert "Validate the grades" not in page

    def grades(values: dict[str, str]) -> dict[str, str]:
        return {"grade_" + code.replace(".", "_"): level for code, level in values.items()}

    steps = [
        (
            "performance:review-self-assess",
            {"on_0": "1", "on_1": "7", "on_2": "2009", **grades(ALL_C)},
        ),
        (
            "performance:review-visit",
            {
                "visited_on_0": "12",
                "visited_on_1": "8",
                "visited_on_2": "2009",
                "visited_by": "Contracts officer",
                "findings": "Fire risk assessment out of date",
            },
        ),
        (
            "performance:review-validate",
            {"on_0": "20", "on_1": "9", "on_2": "2009", **grades(ONE_D)},
        ),
        (
            "performance:review-action-add",
            {
                "action": "Renew the fire risk assessment",
                "owner": "Scheme manager",
                "due_on_0": "30",
                "due_on_1": "11",
                "due_on_2": "2009",
                "objective": "C1.3",
            },
        ),
        (
            "performance:review-close",
            {
                "outcome": "remodel",
                "reason": "Demand has moved to floating support",
                "on_0": "5",
                "on_1": "10",
                "on_2": "2009",
            },
        ),
        ("performance:review-propose", {"deciding_body": board.pk}),
    ]
    for route, data in steps:
        done = client.post(reverse(route, args=["gloucestershire", review.pk]), data)
        assert done.status_code == 302, (route, done.content.decode()[:3000])
    review.refresh_from_db()
    assert (review.status, review.outcome) == (ReviewStatus.CLOSED, "remodel")
    assert review.proposal is not None
    page = client.get(detail).text
    assert "Below the minimum" in page
    assert review.proposal.title in page
    listed = client.get(reverse("performance:review-list", args=["gloucestershire"])).text
    assert "Below the minimum (D)" in listed
    assert "Renew the fire risk assessment" in listed  # overdue: it is past November 2009
    service_page = client.get(
        reverse(
            "performance:service-reviews", args=["gloucestershire", glos_services["sheltered"].pk]
        )
    ).text
    assert "This service is below the minimum (D)" in service_page
    item = review.actions.get()
    answer = client.post(
        reverse("performance:review-action-complete", args=["gloucestershire", review.pk, item.pk]),
        {"done_on_0": "3", "done_on_1": "12", "done_on_2": "2009", "note": "Seen"},
    )
    assert answer.status_code == 302
    item.refresh_from_db()
    assert item.done_on == datetime.date(2009, 12, 3)


def test_a_refused_step_on_the_page_names_the_field_and_changes_nothing(
    client, sign_in, officers, glos_services
):
    review = planned(glos_services["sheltered"])
    services.review_self_assess(actor=None, review=review, grades=ALL_C, on=DUE)
    sign_in("officer")
    answer = client.post(
        reverse("performance:review-visit", args=["gloucestershire", review.pk]),
        {
            "visited_on_0": "1",
            "visited_on_1": "1",
            "visited_on_2": "2009",
            "visited_by": "Officer",
            "findings": "Fine",
        },
    )
    assert answer.status_code == 200
    assert "cannot be before it" in answer.text
    review.refresh_from_db()
    assert review.status == ReviewStatus.SELF_ASSESSED


def test_the_api_takes_every_step_with_the_version_read(
    client, sign_in, officers, glos_services, board
):
    sign_in("officer")
    base = "/api/performance/partnerships/gloucestershire/reviews"
    made = client.post(
        base,
        {"service_id": glos_services["sheltered"].pk, "due_on": "2009-09-30"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["status"], body["flagged"], len(body["grades"])) == ("planned", False, 7)
    address = f"{base}/{body['id']}"
    steps = [
        ("self-assessment", {"grades": ALL_C, "on": "2009-07-01"}),
        (
            "visit",
            {"visited_on": "2009-08-12", "visited_by": "Officer", "findings": "Out of date"},
        ),
        ("validate", {"grades": ONE_D, "on": "2009-09-20"}),
    ]
    for step, data in steps:
        assert (
            client.post(f"{address}/{step}", data, content_type="application/json").status_code
            == 428
        )
        version = client.get(address)["ETag"]
        answer = client.post(
            f"{address}/{step}", data, content_type="application/json", HTTP_IF_MATCH=version
        )
        assert answer.status_code == 200, answer.text
    assert answer.json()["flagged"] is True
    version = client.get(address)["ETag"]
    refused = client.post(
        f"{address}/close",
        {"outcome": "retender", "reason": "Poor quality", "on": "2009-10-01"},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert refused.status_code == 409
    assert "action plan" in refused.json()["error"]["message"]
    action = client.post(
        f"{address}/actions",
        {"action": "Renew it", "owner": "Manager", "due_on": "2009-11-30", "objective": "C1.3"},
        content_type="application/json",
    )
    assert action.status_code == 201, action.text
    assert action.json()["status"] in ("open", "overdue")
    version = client.get(address)["ETag"]
    closed = client.post(
        f"{address}/close",
        {"outcome": "retender", "reason": "Poor quality", "on": "2009-10-01"},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert closed.status_code == 200, closed.text
    version = client.get(address)["ETag"]
    proposed = client.post(
        f"{address}/propose",
        {"deciding_body_id": board.pk},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert proposed.status_code == 200, proposed.text
    assert proposed.json()["proposal_id"] is not None
    overdue = client.get("/api/performance/partnerships/gloucestershire/overdue-actions")
    assert overdue.status_code == 200
    assert [row["service"] for row in overdue.json()["items"]] == ["GLOS-0001"]
    done = client.post(
        f"{address}/actions/{action.json()['id']}/complete",
        {"done_on": "2009-12-01"},
        content_type="application/json",
    )
    assert done.status_code == 200, done.text
    assert done.json()["status"] == "done"
    schedule = client.get(
        "/api/performance/partnerships/gloucestershire/reviews-on-schedule?period=2009/10 Q2"
    )
    assert schedule.json() == {
        "period": "2009/10 Q2",
        "due": 1,
        "on_schedule": 1,
        "late": 0,
        "not_done": 0,
        "percent": "100.00",
    }


def test_the_api_refuses_bad_grades_naming_the_field(client, sign_in, officers, glos_services):
    review = planned(glos_services["sheltered"])
    sign_in("officer")
    address = f"/api/performance/partnerships/gloucestershire/reviews/{review.pk}"
    version = client.get(address)["ETag"]
    answer = client.post(
        f"{address}/self-assessment",
        {"grades": {**ALL_C, "C1.7": None}, "on": "2009-07-01"},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert answer.status_code == 422
    missing = client.post(
        f"{address}/self-assessment",
        {"grades": {"C1.1": "A"}, "on": "2009-07-01"},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert missing.status_code in (409, 422)
    assert missing.json()["error"]["field"] == "grades"
    review.refresh_from_db()
    assert review.status == ReviewStatus.PLANNED


def test_another_partnerships_officer_and_members_are_refused(
    client, sign_in, officers, glos_services
):
    review = planned(glos_services["sheltered"])
    sign_in("other-officer")
    detail = reverse("performance:review-detail", args=["gloucestershire", review.pk])
    assert client.get(detail).status_code == 403
    assert (
        client.get(reverse("performance:review-list", args=["gloucestershire"])).status_code == 403
    )
    api = f"/api/performance/partnerships/gloucestershire/reviews/{review.pk}"
    assert client.get(api).status_code == 403
    assert (
        client.get(
            reverse("performance:review-detail", args=["oxfordshire", review.pk])
        ).status_code
        == 404
    )


def test_the_review_lists_ask_the_same_number_of_queries_whatever_their_length(
    client, sign_in, officers, glos_services, django_assert_max_num_queries
):
    sign_in("officer")
    validated(glos_services["sheltered"], ONE_D)
    pages = [
        reverse("performance:review-list", args=["gloucestershire"]),
        reverse(
            "performance:service-reviews", args=["gloucestershire", glos_services["sheltered"].pk]
        ),
        "/api/performance/partnerships/gloucestershire/reviews",
        "/api/performance/partnerships/gloucestershire/overdue-actions",
    ]
    counts = []
    for url in pages:
        with django_assert_max_num_queries(20) as small:
            assert client.get(url).status_code == 200
        counts.append(len(small.captured_queries))
    provider = glos_services["sheltered"].provider
    for n in range(4, 12):
        service = factories.ServiceFactory(provider=provider, reference=f"GLOS-{n:04d}")
        review = validated(service, ONE_D)
        services.action_add(actor=None, review=review, action="Act", owner="Manager", due_on=DUE)
        validated(glos_services["sheltered"], ALL_C)
    for url, count in zip(pages, counts, strict=True):
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200
