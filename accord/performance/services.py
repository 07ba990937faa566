"""Writes of performance monitoring: each an audited service (docs/adding-an-app.md).

A provider submits a return for one of its services and a quarter that has ended; the
officer queries it (with a question) or validates it; a queried return is submitted again.
A return that exists is changed only by being replaced, with a reason, which keeps the
earlier figures in its history (``ReturnRevision``). Returns a programme officer imports
(``accord performance import``) are validated on import, all of a file or none.
"""

import datetime
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.db import transaction

from accord.audit.services import Actor, audit_record, audited, create_many_audited, save_audited
from accord.commissioning.models import Service
from accord.core.errors import AccordError
from accord.core.text import text_problem
from accord.decisions import services as decisions_services
from accord.decisions.models import Proposal, ProposalKind
from accord.governance.models import Body, Person
from accord.meetings.models import AgendaItem, Paper
from accord.meetings.services import paper_upload
from accord.partnerships.models import Partnership
from accord.rules.lifecycle import RETURN, REVIEW, LifecycleError

from . import qaf, report, selectors
from .figures import figure_problems
from .indicators import CODES
from .models import (
    FIGURES,
    IndicatorTarget,
    QuarterlyReturn,
    ReturnReminder,
    ReturnRevision,
    ReturnStatus,
)
from .periods import Quarter
from .review_models import ActionPlanItem, ObjectiveGrade, Review, ReviewOutcome
from .tasks import remind


@dataclass(frozen=True)
class ReturnRow:
    """One return to store: its service, quarter and figures (checked already)."""

    service: Service
    period: Quarter
    figures: Mapping[str, int | None]


def check_figures(service: Service, figures: Mapping[str, int | None]) -> None:
    problems = figure_problems(service, figures)
    if problems:
        column, problem = problems[0]
        raise AccordError(f"{column}: {problem}", field=column)


def check_period(period: Quarter, *, today: datetime.date) -> None:
    if not period.ended(today):
        raise AccordError(f"{period} has not ended yet", field="period")


def step(quarterly_return: QuarterlyReturn, trigger: str) -> str:
    try:
        return RETURN.require(quarterly_return.status, trigger).next_state
    except LifecycleError as error:
        raise AccordError(str(error), field="status") from error


def locked(quarterly_return: QuarterlyReturn) -> QuarterlyReturn:
    return QuarterlyReturn.objects.select_for_update().get(pk=quarterly_return.pk)


def set_figures(quarterly_return: QuarterlyReturn, figures: Mapping[str, int | None]) -> None:
    for column in FIGURES:
        setattr(quarterly_return, column, figures.get(column))


@transaction.atomic
def return_submit(
    *,
    actor: Actor,
    service: Service,
    period: Quarter,
    figures: Mapping[str, int | None],
    today: datetime.date,
    illustrative: Sequence[str] = (),
) -> QuarterlyReturn:
    """A provider's return for one of its services and a quarter that has ended."""
    check_period(period, today=today)
    check_figures(service, figures)
    if QuarterlyReturn.objects.filter(
        service=service, financial_year=period.year, quarter=period.number
    ).exists():
        raise AccordError(f"{service.reference} already has a return for {period}", field="period")
    quarterly_return = QuarterlyReturn(
        partnership_id=service.partnership_id,
        service=service,
        financial_year=period.year,
        quarter=period.number,
        status=ReturnStatus.SUBMITTED,
        submitted_on=today,
        illustrative=list(illustrative),
    )
    set_figures(quarterly_return, figures)
    return save_audited(quarterly_return, actor=actor, action="return.submit")


@transaction.atomic
def return_resubmit(
    *,
    actor: Actor,
    quarterly_return: QuarterlyReturn,
    figures: Mapping[str, int | None],
    today: datetime.date,
) -> QuarterlyReturn:
    """The provider's answer to a query: the return's figures again, submitted."""
    quarterly_return = locked(quarterly_return)
    next_state = step(quarterly_return, "resubmit")
    check_figures(quarterly_return.service, figures)
    with audited(quarterly_return, actor=actor, action="return.resubmit"):
        set_figures(quarterly_return, figures)
        quarterly_return.status = next_state
        quarterly_return.submitted_on = today
    return quarterly_return


@transaction.atomic
def return_query(
    *, actor: Actor, quarterly_return: QuarterlyReturn, question: str
) -> QuarterlyReturn:
    """The officer's question about a submitted return, which sends it back to the provider."""
    question = question.strip()
    if not question:
        raise AccordError("Say what the provider should check", field="question")
    if problem := text_problem(question):
        raise AccordError(problem, field="question")
    quarterly_return = locked(quarterly_return)
    next_state = step(quarterly_return, "query")
    with audited(quarterly_return, actor=actor, action="return.query"):
        quarterly_return.status = next_state
        quarterly_return.query = question
    return quarterly_return


@transaction.atomic
def return_validate(
    *, actor: Actor, quarterly_return: QuarterlyReturn, today: datetime.date
) -> QuarterlyReturn:
    """The officer accepts the return: from now it counts in reports and benchmarks."""
    quarterly_return = locked(quarterly_return)
    next_state = step(quarterly_return, "validate")
    with audited(quarterly_return, actor=actor, action="return.validate"):
        quarterly_return.status = next_state
        quarterly_return.validated_on = today
    return quarterly_return


def _revise(
    quarterly_return: QuarterlyReturn, *, actor: Actor, reason: str, today: datetime.date
) -> None:
    """Keep the return as it stands in its history, with the reason it is replaced."""
    revision = ReturnRevision(
        partnership_id=quarterly_return.partnership_id,
        quarterly_return=quarterly_return,
        figures=quarterly_return.figures(),
        status=quarterly_return.status,
        submitted_on=quarterly_return.submitted_on,
        reason=reason,
        replaced_on=today,
    )
    save_audited(revision, actor=actor, action="return.revision")


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise AccordError("Say why the return is replaced", field="reason")
    if problem := text_problem(reason):
        raise AccordError(problem, field="reason")
    return reason


@transaction.atomic
def returns_import(
    *,
    actor: Actor,
    rows: Sequence[ReturnRow],
    today: datetime.date,
    replace_reason: str | None = None,
    validated: bool = True,
) -> list[QuarterlyReturn]:
    """Store a file's returns, all or none: validated, as the programme team's, or (a
    provider's people's file, ``validated=False``) submitted, for the team to query or
    validate. A service and quarter that has a return already is refused unless
    ``replace_reason`` is given (the team's only): then the earlier return is kept in its
    history with the reason, and replaced."""
    if replace_reason is not None and not validated:
        raise AccordError("Only the programme team replaces returns", field="reason")
    reason = check_reason(replace_reason) if replace_reason is not None else None
    seen: set[tuple[int, Quarter]] = set()
    for row in rows:
        check_period(row.period, today=today)
        check_figures(row.service, row.figures)
        if (row.service.pk, row.period) in seen:
            raise AccordError(
                f"{row.service.reference} {row.period} is in the file twice", field="service"
            )
        seen.add((row.service.pk, row.period))
    existing = {
        (found.service_id, found.period): found
        for found in QuarterlyReturn.objects.select_for_update().filter(
            service__in=[row.service for row in rows],
            financial_year__in={row.period.year for row in rows},
        )
    }
    stored, new = [], []
    for row in rows:
        earlier = existing.get((row.service.pk, row.period))
        if earlier is None:
            quarterly_return = QuarterlyReturn(
                partnership_id=row.service.partnership_id,
                service=row.service,
                financial_year=row.period.year,
                quarter=row.period.number,
                status=ReturnStatus.VALIDATED if validated else ReturnStatus.SUBMITTED,
                submitted_on=today,
                validated_on=today if validated else None,
            )
            set_figures(quarterly_return, row.figures)
            new.append(quarterly_return)
            continue
        if reason is None:
            raise AccordError(
                f"{row.service.reference} already has a return for {row.period}: "
                "replace it with --replace --reason TEXT",
                field="service",
            )
        _revise(earlier, actor=actor, reason=reason, today=today)
        with audited(earlier, actor=actor, action="return.replace"):
            set_figures(earlier, row.figures)
            earlier.status = ReturnStatus.VALIDATED
            earlier.submitted_on = today
            earlier.validated_on = today
            earlier.query = ""
        stored.append(earlier)
    # Checked above, row by row and against the returns stored (locked): thousands of new
    # returns (a national quarter) are inserted and audited in batches, not one by one.
    action = "return.import" if validated else "return.submit"
    return [*create_many_audited(new, actor=actor, action=action), *stored]


@transaction.atomic
def return_replace(
    *,
    actor: Actor,
    quarterly_return: QuarterlyReturn,
    figures: Mapping[str, int | None],
    reason: str,
    today: datetime.date,
) -> QuarterlyReturn:
    """The officer corrects a return's figures: the earlier ones stay in its history with
    the reason; the corrected return is submitted again, for validation."""
    reason = check_reason(reason)
    quarterly_return = locked(quarterly_return)
    check_figures(quarterly_return.service, figures)
    _revise(quarterly_return, actor=actor, reason=reason, today=today)
    with audited(quarterly_return, actor=actor, action="return.replace"):
        set_figures(quarterly_return, figures)
        quarterly_return.status = ReturnStatus.SUBMITTED
        quarterly_return.submitted_on = today
        quarterly_return.validated_on = None
        quarterly_return.query = ""
    return quarterly_return


@transaction.atomic
def indicator_target_set(
    *, actor: Actor, partnership: Partnership, indicator: str, target: Decimal
) -> IndicatorTarget:
    """The partnership's own target for an indicator (a percentage, 0 to 100)."""
    if indicator not in CODES:
        raise AccordError(f"No indicator {indicator!r}", field="indicator")
    found = (
        IndicatorTarget.objects.select_for_update()
        .filter(partnership=partnership, indicator=indicator)
        .first()
    )
    if found is None:
        return save_audited(
            IndicatorTarget(partnership=partnership, indicator=indicator, target=target),
            actor=actor,
            action="indicator_target.set",
        )
    with audited(found, actor=actor, action="indicator_target.set"):
        found.target = target
    return found


# ---------------------------------------------------------------- reminders of late returns


@dataclass
class Reminded:
    """What ``returns_remind`` did: the reminders it made (each e-mailed once the change
    commits), and the late services it did not remind, with why."""

    period: Quarter
    due_on: datetime.date
    reminders: list[ReturnReminder] = field(default_factory=list)
    already_reminded: list[Service] = field(default_factory=list)
    without_contact: list[Service] = field(default_factory=list)


@transaction.atomic
def returns_remind(
    *, actor: Actor, partnership: Partnership, period: Quarter, today: datetime.date
) -> Reminded:
    """Remind the provider of each of the partnership's services whose return for the
    quarter is late (due 15 working days after it, none received) by e-mail to its
    contact: each reminder recorded and audited, and sent by the background tasks once
    this commits. A service already reminded for the quarter is not reminded again; one
    whose provider has no contact address is listed, not reminded. Refused before the
    returns are late."""
    due = selectors.due_on(period)
    if today <= due:
        raise AccordError(
            f"Returns for {period} are due by {due:%A %-d %B %Y}: none is late yet",
            field="period",
        )
    # One reminding of a partnership at a time, so two at once cannot both remind.
    Partnership.objects.select_for_update().filter(pk=partnership.pk).first()
    reminded = selectors.reminders_of(partnership, period)
    done = Reminded(period=period, due_on=due)
    for row in selectors.returns_outstanding(partnership, period, today=today):
        service = row.service
        if service.pk in reminded:
            done.already_reminded.append(service)
        elif not service.provider.contact_email:
            done.without_contact.append(service)
        else:
            reminder = save_audited(
                ReturnReminder(
                    partnership_id=partnership.pk,
                    service=service,
                    financial_year=period.year,
                    quarter=period.number,
                    sent_to=service.provider.contact_email,
                    reminded_on=today,
                    due_on=due,
                ),
                actor=actor,
                action="return.remind",
            )
            transaction.on_commit(partial(remind.enqueue, reminder.pk))
            done.reminders.append(reminder)
    return done


# ---------------------------------------------------------------------------------------
# Service quality reviews (issue 18): planned, self-assessed by the provider, visited,
# validated, closed with an outcome that is taken to the board; the action plan beside it.
# Each step is a row of ``accord.rules.lifecycle.REVIEW``, which the pages and API ask too.


def _review_step(review: Review, trigger: str, facts: Collection[str] = ()) -> str:
    try:
        return REVIEW.require(review.status, trigger, facts).next_state
    except LifecycleError as error:
        raise AccordError(str(error), field="status") from error


def _review_locked(review: Review) -> Review:
    return Review.objects.select_for_update().get(pk=review.pk)


def _check_grades(review: Review, grades: Mapping[str, str]) -> dict[str, str]:
    """A grade, A to D, for every core objective of the review's framework, and no other."""
    codes = review.qaf.codes
    unknown = sorted(set(grades) - set(codes))
    if unknown:
        raise AccordError(
            f"{', '.join(unknown)} is not a core objective of {review.qaf.name}", field="grades"
        )
    checked = {}
    for code in codes:
        level = (grades.get(code) or "").strip().upper()
        if level not in qaf.LEVELS:
            title = review.qaf.objective(code).title
            raise AccordError(f"Grade {code} {title}: choose A, B, C or D", field="grades")
        checked[code] = level
    return checked


def _check_text(value: str, *, field: str, required: str = "") -> str:
    value = value.strip()
    if required and not value:
        raise AccordError(required, field=field)
    if problem := text_problem(value):
        raise AccordError(problem, field=field)
    return value


@transaction.atomic
def review_plan(
    *,
    actor: Actor,
    service: Service,
    due_on: datetime.date,
    framework: str = qaf.QAF_2003.code,
    illustrative: Sequence[str] = (),
) -> Review:
    """Plan a service's quality review, to be done (validated) by ``due_on``, graded on
    the framework's core objectives."""
    if framework not in qaf.FRAMEWORKS:
        raise AccordError(f"No framework {framework!r}", field="framework")
    review = save_audited(
        Review(
            partnership_id=service.partnership_id,
            service=service,
            framework=framework,
            due_on=due_on,
            illustrative=list(illustrative),
        ),
        actor=actor,
        action="review.plan",
    )
    for objective in qaf.FRAMEWORKS[framework].objectives:
        save_audited(
            ObjectiveGrade(
                partnership_id=service.partnership_id, review=review, objective=objective.code
            ),
            actor=actor,
            action="review.objective",
        )
    return review


def _set_grades(review: Review, grades: Mapping[str, str], field: str, *, actor: Actor) -> None:
    for row in ObjectiveGrade.objects.select_for_update().filter(review=review):
        with audited(row, actor=actor, action=f"review.grade_{field}"):
            setattr(row, field, grades[row.objective])


@transaction.atomic
def review_self_assess(
    *, actor: Actor, review: Review, grades: Mapping[str, str], on: datetime.date
) -> Review:
    """The provider's self-assessment: a grade A to D for each core objective."""
    review = _review_locked(review)
    next_state = _review_step(review, "self_assess")
    checked = _check_grades(review, grades)
    _set_grades(review, checked, "self_assessed", actor=actor)
    with audited(review, actor=actor, action="review.self_assess"):
        review.status = next_state
        review.self_assessed_on = on
    return review


@transaction.atomic
def review_visit(
    *,
    actor: Actor,
    review: Review,
    visited_on: datetime.date,
    visited_by: str,
    findings: str,
) -> Review:
    """The validation visit: when, who visited, what they found."""
    review = _review_locked(review)
    next_state = _review_step(review, "visit")
    visited_by = _check_text(visited_by, field="visited_by", required="Say who visited")
    findings = _check_text(findings, field="findings", required="Say what the visit found")
    if review.self_assessed_on and visited_on < review.self_assessed_on:
        raise AccordError(
            "The visit validates the self-assessment: it cannot be before it "
            f"({review.self_assessed_on:%-d %B %Y})",
            field="visited_on",
        )
    with audited(review, actor=actor, action="review.visit"):
        review.status = next_state
        review.visited_on = visited_on
        review.visited_by = visited_by
        review.findings = findings
    return review


@transaction.atomic
def review_validate(
    *, actor: Actor, review: Review, grades: Mapping[str, str], on: datetime.date
) -> Review:
    """The validated grade of each core objective, after the visit; the review is done."""
    review = _review_locked(review)
    next_state = _review_step(review, "validate")
    checked = _check_grades(review, grades)
    if review.visited_on and on < review.visited_on:
        raise AccordError("The grades are validated on or after the visit", field="on")
    _set_grades(review, checked, "validated", actor=actor)
    with audited(review, actor=actor, action="review.validate"):
        review.status = next_state
        review.validated_on = on
    return review


@transaction.atomic
def review_close(
    *, actor: Actor, review: Review, outcome: str, reason: str, on: datetime.date
) -> Review:
    """The review's outcome (continue, remodel, decommission, retender) and why. A service
    below the minimum on any objective needs an action plan first."""
    review = _review_locked(review)
    if outcome not in ReviewOutcome.values:
        raise AccordError(
            "Choose the outcome: continue, remodel, decommission or retender", field="outcome"
        )
    reason = _check_text(reason, field="reason", required="Say why this is the outcome")
    failing = ObjectiveGrade.objects.filter(review=review, validated=qaf.D).exists()
    planned = ActionPlanItem.objects.filter(review=review).exists()
    facts = {"planned_for_failures"} if planned or not failing else set()
    next_state = _review_step(review, "close", facts)
    with audited(review, actor=actor, action="review.close"):
        review.status = next_state
        review.outcome = outcome
        review.outcome_reason = reason
        review.closed_on = on
    return review


@transaction.atomic
def review_propose(
    *,
    actor: Actor,
    review: Review,
    deciding_body: Body | None,
    on: datetime.date,
    owner: Person | None = None,
) -> Proposal:
    """Take the closed review's outcome to the board: a commissioning decision drafted with
    its pathway (as the savings scenario is), linked to the review."""
    review = Review.objects.select_for_update().select_related("service").get(pk=review.pk)
    facts = {"not_proposed"} if review.proposal_id is None else set()
    _review_step(review, "propose", facts)
    if deciding_body is None:
        raise AccordError("Choose the body that decides", field="deciding_body")
    grades = ", ".join(
        f"{row.objective} {row.validated}"
        for row in ObjectiveGrade.objects.filter(review=review).order_by("objective")
    )
    service = review.service
    outcome = ReviewOutcome(review.outcome)
    proposal = decisions_services.proposal_create(
        actor=actor,
        partnership=review.partnership,
        title=f"Service review of {service.reference} {service.name}: {outcome.label.lower()}",
        kind=ProposalKind.COMMISSIONING_DECISION,
        summary=(
            f"The quality review of {service.reference} {service.name} (due "
            f"{review.due_on:%-d %B %Y}, validated grades under {review.qaf.name}: {grades}) "
            f"recommends: {outcome.label.lower()}. {review.outcome_reason}"
        ),
        deciding_body=deciding_body,
        owner=owner,
        on=on,
    )
    with audited(review, actor=actor, action="review.propose"):
        review.proposal = proposal
    return proposal


@transaction.atomic
def action_add(
    *,
    actor: Actor,
    review: Review,
    action: str,
    owner: str,
    due_on: datetime.date,
    objective: str = "",
    illustrative: Sequence[str] = (),
) -> ActionPlanItem:
    """An action of the review's plan: what, who owns it, when it is due (and, optionally,
    the core objective it raises)."""
    review = _review_locked(review)
    _review_step(review, "add_action")
    if objective and objective not in review.qaf.codes:
        raise AccordError(
            f"{objective} is not a core objective of {review.qaf.name}", field="objective"
        )
    item = ActionPlanItem(
        partnership_id=review.partnership_id,
        review=review,
        objective=objective,
        action=_check_text(action, field="action", required="Say what is to be done"),
        owner=_check_text(owner, field="owner", required="Say who owns the action"),
        due_on=due_on,
        illustrative=list(illustrative),
    )
    return save_audited(item, actor=actor, action="review_action.add")


@transaction.atomic
def action_complete(
    *, actor: Actor, item: ActionPlanItem, done_on: datetime.date, note: str = ""
) -> ActionPlanItem:
    """The officer's follow-up: the action is done, on the date, with a note."""
    item = ActionPlanItem.objects.select_for_update().select_related("review").get(pk=item.pk)
    _review_step(item.review, "complete_action")
    if item.done_on is not None:
        raise AccordError("This action is recorded done already", field="done_on")
    note = _check_text(note, field="note")
    with audited(item, actor=actor, action="review_action.complete"):
        item.done_on = done_on
        item.note = note
    return item


# ---------------------------------------------------------------- the quarterly report
# (issue 18, "The reports people read": docs/performance.md, "The quarterly report")


@transaction.atomic
def report_attach(
    *,
    actor: Actor,
    partnership: Partnership,
    period: Quarter,
    item: AgendaItem,
    today: datetime.date,
) -> Paper:
    """Attach the partnership's quarterly performance report for ``period``, as PDF, to
    an agenda item of one of its meetings (a Core Strategy Group's, usually): the meetings'
    own service stores it as a paper (its checks, its refusals, its audit event), and the
    attachment is audited as ``performance_report.attach``. A quarter that has not ended
    has no report to attach."""
    if item.partnership_id != partnership.pk:
        raise AccordError("Choose an agenda item of this partnership's meetings", field="item")
    check_period(period, today=today)
    built = report.quarterly_report(partnership, period, today=today)
    content = report.report_pdf(built)
    paper = paper_upload(
        actor=actor,
        item=item,
        title=built.title,
        summary=(
            f"The {partnership.name} services' indicators for {period} with their RAG "
            "rating and quartile, exceptions first, and the administering authority's own "
            "measures (generated by Accord from validated returns)."
        ),
        upload=io.BytesIO(content),
        name=report.report_filename(partnership, period),
        size=len(content),
    )
    audit_record(
        actor=actor,
        action="performance_report.attach",
        obj=paper,
        changes={"period": [None, str(period)], "item": [None, item.pk]},
    )
    return paper
