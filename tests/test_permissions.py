"""Every route that carries an object id refuses whoever may not see that object.

The table below says, for each such route, who may open it. A meta-test fails when a
new id-bearing route appears without a row here, so no route can skip the policy.
"""

import dataclasses
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Model
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accord.budget.models import Contribution, PlanLine, Pool, Scenario, ScenarioReduction
from accord.commissioning.models import Contract, Dataset, Provider, Service, ServiceLocation
from accord.complaints.models import Complaint
from accord.decisions.models import Ballot, Proposal, Vote
from accord.governance.models import Body, Person
from accord.governance.selectors import partnerships_of_member
from accord.meetings.models import AgendaItem, Attendance, Meeting, Paper
from accord.partnerships.models import Partnership
from tests import factories
from tests.factories import pdf_bytes
from tests.governance.register_data import START, Register, build_register


@dataclass
class Sitting(Register):
    """The register plus a meeting of Oxfordshire's Commissioning Body with a proposal on
    its public agenda, a paper, an open vote and one vote cast, all carrying the MARKER,
    and the caster's attendance."""

    meeting: Meeting
    item: AgendaItem
    paper: Paper
    proposal: Proposal
    ballot: Ballot
    vote: Vote
    attendance: Attendance
    provider: Provider
    dataset: Dataset
    contract: Contract
    service: Service
    location: ServiceLocation
    strategy: Any  # a draft: its pages are the register's, not the public's
    outcome: Any
    intention: Any
    action: Any
    pool: Pool
    contribution: Contribution
    line: PlanLine
    complaint: Complaint
    quarterly_return: Any
    scenario: Scenario
    reduction: ScenarioReduction
    procurement: Any  # open, with the provider's bid: its bids are the programme team's
    awarded: Any  # awarded to the provider's bid, its notice and summaries sent (issue 16)
    staff: Any  # a person who signs in for the provider (issue 18): "provider-staff"
    review: Any  # a service quality review, self-assessed, with an action in its plan
    clarification: Any  # the provider's question on the procurement, awaiting an answer
    review_action: Any
    item_contribution: Any  # an observer's written contribution on the item


def build_sitting(register: Register) -> Sitting:
    from accord.budget import services as budget
    from accord.commissioning import services as commissioning
    from accord.decisions import services as decisions
    from accord.meetings import services as meetings

    body = Body.objects.filter(partnership=register.partnership).get(
        name="Supporting People Commissioning Body"
    )
    meeting = meetings.meeting_schedule(
        actor=None, body=body, date=SITTING, place=f"{MARKER} Hall", title=f"{MARKER} meeting"
    )
    proposal = decisions.proposal_create(
        actor=None,
        partnership=register.partnership,
        title=f"{MARKER} proposal",
        kind="policy",
        deciding_body=body,
        on=SITTING,
    )
    item = decisions.proposal_table(actor=None, proposal=proposal, meeting=meeting)
    pdf = pdf_bytes()
    paper = meetings.paper_upload(
        actor=None, item=item, title=f"{MARKER} paper", upload=io.BytesIO(pdf), name="w.pdf",
        size=len(pdf),
    )  # fmt: skip
    meetings.meeting_publish_agenda(actor=None, meeting=meeting)
    # An observer of the board (no vote) contributes in writing before the meeting.
    from accord.governance import services as governance

    observer = governance.person_create(
        actor=None, partnership=register.partnership, name=f"{MARKER} observer"
    )
    governance.membership_create(
        actor=None, partnership=register.partnership, body=body, person=observer,
        role="observer", start_date=START,
    )  # fmt: skip
    item_contribution = meetings.contribution_submit(
        actor=None, item=item, person=observer, text=f"{MARKER} contribution",
        for_the_record=True, now=datetime.datetime(2010, 1, 19, 12, tzinfo=datetime.UTC),
    )  # fmt: skip
    ballot = decisions.ballot_open(actor=None, proposal=proposal, meeting=meeting)
    unit = ballot.units[0]
    vote = decisions.vote_cast(
        actor=None,
        ballot=ballot,
        unit=unit["key"],
        cast_by=Person.objects.get(pk=unit["representatives"][0]),
        value="for",
        subject_to_ratification=True,
        for_the_record=True,
    )
    attendance = meetings.attendance_record(
        actor=None, meeting=meeting, person=vote.cast_by, status="present"
    )
    provider = commissioning.provider_create(
        actor=None, partnership=register.partnership, name=f"{MARKER} Housing Trust",
        kind="voluntary", address_line_1="1 Market Square", town="Witney", postcode="OX28 6AG",
        contact_name=f"{MARKER} contact",
    )  # fmt: skip
    # A dataset of needs evidence the partnership has not made public: for its members.
    dataset = commissioning.dataset_create(
        actor=None, partnership=register.partnership, kind="homelessness",
        title=f"{MARKER} acceptances", source=f"{MARKER} returns", unit="households",
    )  # fmt: skip
    commissioning.dataset_import(
        actor=None, dataset=dataset, name="w.csv",
        content=b"financial_year,district,client_group,category,value\n2009/10,,,Wychwood,4\n",
    )  # fmt: skip
    award: Any = factories.ProposalFactory(
        deciding_body=body, kind="tender_award", state="carried", title=f"{MARKER} award"
    )
    contract = commissioning.contract_create(
        actor=None, partnership=register.partnership, reference="WYCH-C-1",
        title=f"{MARKER} contract", provider=provider, form="block", route="tender",
        department="Supporting People Team", start_date=datetime.date(2009, 4, 1),
        end_date=datetime.date(2012, 3, 31), status="let", decision=award,
    )  # fmt: skip
    commissioning.contract_value_set(
        actor=None, contract=contract, financial_year=2009, amount="10000.00"
    )
    # Issue 16 items 6 and 7: a variation, then a termination (the provider's notice).
    varying: Any = factories.ProposalFactory(
        deciding_body=body, kind="contract_variation", state="carried",
        title=f"{MARKER} variation decision",
    )  # fmt: skip
    commissioning.contract_vary(
        actor=None, contract=contract, agreed_on=datetime.date(2010, 3, 1),
        effective_on=datetime.date(2010, 4, 1), reason=f"{MARKER} variation",
        decision=varying, values={2010: "9000.00"},
    )  # fmt: skip
    commissioning.contract_terminate(
        actor=None, contract=contract, terminated_on=datetime.date(2011, 9, 30),
        reason_code="provider_notice", reason=f"{MARKER} notice",
    )  # fmt: skip
    service = commissioning.service_create(
        actor=None, partnership=register.partnership, reference="WYCH-0001", provider=provider,
        name=f"{MARKER} sheltered housing", service_type="sheltered", term="long",
        delivery_model="accommodation", primary_client_group=1, capacity=30,
        capacity_unit="units", start_date=SITTING,
    )  # fmt: skip
    location = commissioning.location_add(
        actor=None, service=service, name=f"{MARKER} Court", address_line_1="1 Church Green",
        town="Witney", postcode="OX28 4AZ",
    )  # fmt: skip
    strategy = commissioning.strategy_create(
        actor=None, partnership=register.partnership, title=f"{MARKER} strategy",
        first_year=2009, last_year=2011,
    )  # fmt: skip
    outcome = commissioning.outcome_create(
        actor=None, strategy=strategy, title=f"{MARKER} outcome", measure="services",
        target_figure=5, target_date=datetime.date(2012, 3, 31),
        baseline_date=datetime.date(2009, 4, 1),
    )  # fmt: skip
    intention = commissioning.intention_create(
        actor=None, strategy=strategy, client_group=1, direction="increase",
        rationale=f"{MARKER} rationale",
    )  # fmt: skip
    action = commissioning.action_create(
        actor=None, strategy=strategy, financial_year=2010, text=f"{MARKER} action",
        due_date=datetime.date(2011, 3, 31), proposals=[proposal],
    )  # fmt: skip
    pool = budget.pool_create(
        actor=None, partnership=register.partnership, financial_year=2020,
        grant=Decimal("18000000.00"), note=f"{MARKER} pool",
    )  # fmt: skip
    contribution = budget.contribution_add(
        actor=None, pool=pool, partner=register.partners[0], amount=Decimal("1000000.00"),
        risk_share=Decimal("12.5"),
    )  # fmt: skip
    line = budget.plan_line_add(
        actor=None, pool=pool, kind="reserve", description=f"{MARKER} reserve",
        amount=Decimal("1000.00"),
    )  # fmt: skip
    scenario = budget.scenario_create(
        actor=None, pool=pool, title=f"{MARKER} scenario", fall_percent=Decimal("10"),
    )  # fmt: skip
    reduction = budget.reduction_add(
        actor=None, scenario=scenario, plan_line=line, amount=Decimal("1.00"),
        reason=f"{MARKER} reduction",
    )  # fmt: skip
    from django.contrib.auth import get_user_model

    from accord.complaints import services as complaints

    handler, _ = get_user_model().objects.get_or_create(username=f"{MARKER.lower()}-handler")
    complaint = complaints.complaint_receive(
        actor=None, partnership=register.partnership, handler=handler,
        subject_kind="provider", service=service, received_on=SITTING, channel="letter",
        complainant_name=f"{MARKER} complainant",
    )  # fmt: skip
    from accord.procurement import services as procurement_services

    procurement = procurement_services.procurement_create(
        actor=None, partnership=register.partnership, reference="WYCH-P-1",
        title=f"{MARKER} floating support tender", estimated_value="1200000.00",
        term_months=36, procedure="open", regime="pcr2006_part_b",
        deadline=datetime.datetime(2010, 3, 1, 12, tzinfo=datetime.UTC),
    )  # fmt: skip
    procurement_services.criterion_add(
        actor=None, procurement=procurement, name=f"{MARKER} quality", kind="quality",
        weight=100, max_score=10,
    )  # fmt: skip
    strategy_decision: Any = factories.ProposalFactory(
        deciding_body=body, kind="tendering_strategy", state="carried",
        title=f"{MARKER} tendering strategy",
    )  # fmt: skip
    procurement_services.procurement_open(
        actor=None, procurement=procurement, decision=strategy_decision,
        now=datetime.datetime(2010, 1, 4, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    procurement_services.bid_receive(
        actor=None, procurement=procurement, provider=provider, price="990000.00",
        received_at=datetime.datetime(2010, 2, 26, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    # A procurement awarded to the provider's bid: its contract award notice is published
    # and its assessment summary sent (issue 16 item 7), which only the bidder and the
    # programme team see.
    awarded = procurement_services.procurement_create(
        actor=None, partnership=register.partnership, reference="WYCH-P-2",
        title=f"{MARKER} awarded tender", estimated_value="500000.00", term_months=24,
        procedure="open", regime="pcr2006_part_b",
        deadline=datetime.datetime(2009, 2, 2, 12, tzinfo=datetime.UTC),
    )  # fmt: skip
    procurement_services.criterion_add(
        actor=None, procurement=awarded, name=f"{MARKER} price", kind="price", weight=100
    )
    procurement_services.procurement_open(
        actor=None, procurement=awarded, decision=strategy_decision,
        now=datetime.datetime(2009, 1, 5, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    procurement_services.bid_receive(
        actor=None, procurement=awarded, provider=provider, price="480000.00",
        received_at=datetime.datetime(2009, 1, 30, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    procurement_services.procurement_close(
        actor=None, procurement=awarded, now=datetime.datetime(2009, 2, 3, 9, tzinfo=datetime.UTC)
    )
    procurement_services.evaluation_complete(actor=None, procurement=awarded)
    procurement_services.procurement_award(actor=None, procurement=awarded, decision=award)
    procurement_services.award_notice_publish(
        actor=None, procurement=awarded, on=datetime.date(2009, 3, 2)
    )
    from accord.performance import services as performance
    from accord.performance.periods import Quarter

    quarterly_return = performance.return_submit(
        actor=None, service=service, period=Quarter(2009, 4), today=datetime.date(2010, 5, 4),
        figures={"unit_days_contracted": 2160, "unit_days_available": 2100,
                 "support_days_contracted": 2160, "support_days_used": 2000,
                 "kpi1_numerator": 20, "kpi1_denominator": 21},
    )  # fmt: skip
    # The provider's clarification questions before the deadline: one answered (published,
    # naming no one), one awaiting an answer (issue 16).
    asked = procurement_services.clarification_ask(
        actor=None, procurement=procurement, provider=provider,
        question=f"{MARKER} asks about lots",
        now=datetime.datetime(2010, 2, 1, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    procurement_services.clarification_answer(
        actor=None, clarification=asked, question="May a provider bid for part?", answer="No",
        now=datetime.datetime(2010, 2, 3, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    clarification = procurement_services.clarification_ask(
        actor=None, procurement=procurement, provider=provider,
        question=f"{MARKER} asks about TUPE",
        now=datetime.datetime(2010, 2, 2, 9, tzinfo=datetime.UTC),
    )  # fmt: skip
    # A person who signs in for the provider (issue 18): sees its service's returns only.
    from django.contrib.auth import get_user_model as user_model

    user_model().objects.create_user(STAFF_USERNAME, password="x" * 12)
    staff = commissioning.provider_staff_add(
        actor=None, provider=provider, username=STAFF_USERNAME, start_date=START
    )

    # A service quality review (issue 18), self-assessed, with an action in its plan.
    review = performance.review_plan(actor=None, service=service, due_on=datetime.date(2010, 3, 31))
    performance.review_self_assess(
        actor=None, review=review, on=datetime.date(2010, 2, 1),
        grades=dict.fromkeys(("C1.1", "C1.2", "C1.3", "C1.4", "C1.5", "C1.6", "C1.7"), "C"),
    )  # fmt: skip
    review_action = performance.action_add(
        actor=None, review=review, action=f"{MARKER} action", owner=f"{MARKER} owner",
        due_on=datetime.date(2010, 6, 30),
    )  # fmt: skip
    fields = {f.name: getattr(register, f.name) for f in dataclasses.fields(register)}
    meeting.refresh_from_db()
    return Sitting(
        **fields, meeting=meeting, item=item, paper=paper, proposal=proposal, ballot=ballot,
        vote=vote, attendance=attendance, provider=provider, service=service,
        location=location, dataset=dataset, contract=contract, strategy=strategy,
        outcome=outcome, intention=intention, action=action,
        pool=pool, contribution=contribution, line=line, complaint=complaint,
        quarterly_return=quarterly_return,
        scenario=scenario, reduction=reduction,
        procurement=procurement, awarded=awarded, staff=staff,
        review=review, review_action=review_action, clarification=clarification,
        item_contribution=item_contribution,
    )  # fmt: skip


# route name -> who may open it for an object of Oxfordshire: "public" (everyone),
# "register" (people seated on one of its bodies, its programme officers, administrators),
# "officers" (its programme officers and administrators: the forms that change the register),
# "panel" (a procurement's evaluators only, none of the people here: refused to everyone),
# "post" (buttons that only accept POST: a GET is refused with 405 for everyone and shows
# nothing; who may POST is tested beside each service's pages, in tests/decisions and
# tests/meetings).
ID_ROUTES = {
    "governance:partnership-detail": "public",
    "api:partnership_detail": "public",
    "governance:partner-list": "register",
    "governance:partner-export": "register",
    "governance:body-list": "register",
    "governance:body-export": "register",
    "governance:body-detail": "register",
    "governance:person-list": "register",
    "governance:membership-export": "register",
    "governance:constitution-detail": "register",
    "governance:question-list": "register",
    "governance:question-detail": "register",
    "governance:partner-create": "officers",
    "governance:body-create": "officers",
    "governance:person-create": "officers",
    "governance:membership-create": "officers",
    "governance:membership-end": "officers",
    # A partner's voice: any member may open the forms; the service lets a representative
    # give only their own partner's (tests/governance/test_representatives.py).
    "governance:signature-create": "register",
    "governance:position-create": "register",
    "api:partner_list": "register",
    "api:body_list": "register",
    "api:body_seats": "register",
    "api:person_list": "register",
    "api:membership_list": "register",
    # The create operations share their list's address; this test GETs it, which lists.
    # Who may POST is tested in tests/governance/test_register_api.py.
    "api:partner_create": "register",
    "api:body_create": "register",
    "api:person_create": "register",
    "api:membership_create": "register",
    "api:membership_detail": "register",
    "api:membership_end": "post",
    "api:body_detail": "register",
    "api:body_history": "register",
    "api:constitution_list": "register",
    "api:constitution_detail": "register",
    "api:signature_create": "post",
    "api:question_list": "register",
    "api:question_detail": "register",
    "api:position_detail": "register",
    "api:position_record": "register",  # shares position_detail's address: this test GETs it
    # Meetings: a public meeting's page, published agenda, papers, pack and calendar are
    # public (exempt items aside, tested in tests/meetings); changing them is for officers.
    "meetings:meeting-list": "public",
    "meetings:forward-plan": "public",
    "meetings:meeting-detail": "public",
    "meetings:paper-download": "public",
    "meetings:calendar-feed": "public",
    "meetings:agenda-pack": "public",
    "meetings:minutes-pdf": "public-when-approved",
    "meetings:meeting-create": "officers",
    "meetings:meeting-update": "officers",
    "meetings:agenda-item-create": "officers",
    "meetings:paper-create": "officers",
    "meetings:declaration-create": "officers",
    # Contributions: the forms open to the programme team and to the non-voting members of
    # the meeting's body for themselves (none of the people here sits on the test meeting's
    # body without a vote: the representative votes on it); who may act is tested in
    # tests/meetings/test_contributions.py.
    "meetings:contribution-create": "officers",
    "meetings:contribution-minute": "officers",
    "meetings:contribution-withdraw": "officers",
    "meetings:minutes-edit": "officers",
    "meetings:attendance-create": "officers",
    "meetings:minutes-approve": "officers",
    # Confirmation pages (a POST without confirmation shows the page too).
    "meetings:meeting-publish": "officers",
    "meetings:meeting-cancel": "officers",
    "meetings:agenda-item-update": "officers",
    "meetings:agenda-item-move": "officers",
    "meetings:agenda-item-withdraw": "officers",
    "meetings:paper-update": "officers",
    "meetings:paper-withdraw": "officers",
    "meetings:meeting-held": "post",
    # Proposals and votes are the partnership's: its members read them.
    "decisions:proposal-list": "register",
    "decisions:proposal-detail": "register",
    "decisions:ballot-detail": "register",
    "decisions:simulator": "register",
    "decisions:proposal-create": "officers",
    "decisions:proposal-table": "officers",
    "decisions:step-create": "officers",
    "decisions:vote-ratify": "officers",
    "decisions:stage-create": "officers",
    "decisions:stage-complete": "officers",
    "decisions:ballot-open": "post",
    "decisions:vote-create": "post",
    "decisions:ballot-close": "officers",  # its confirmation page
    # The public record: the register and its downloads are public (what each reader finds
    # in them is tested in tests/decisions/test_record.py); a decision's page exists once a
    # vote on it is closed, and the test's vote is open.
    "decisions:decision-list": "public",
    "decisions:decision-csv": "public",
    "decisions:decision-popolo": "public",
    "decisions:decision-detail": "public-when-decided",
    "decisions:decision-call-in": "public-when-decided",
    "api:decision_list": "public",
    "api:decision_detail": "public-when-decided",
    "api:meeting_list": "public",
    "api:meeting_detail": "public",
    "api:forward_plan": "public",
    "api:agenda_item_detail": "public",
    "api:agenda_item_update": "public",  # its path's GET is agenda_item_detail
    "api:paper_download": "public",
    "api:attendance_detail": "register",
    # Changes sharing a read's address are classed by the read (this test GETs it); who may
    # change is tested in tests/meetings/test_api.py.
    "api:meeting_create": "public",
    "api:meeting_update": "public",
    "api:attendance_record": "register",
    "api:meeting_publish": "post",
    "api:meeting_cancel": "post",
    "api:agenda_item_move": "post",
    "api:agenda_item_withdraw": "post",
    "api:paper_update": "post",
    "api:paper_withdraw": "post",
    "api:attendance_record_all": "post",
    "api:meeting_held": "post",
    "api:minutes_approve": "post",
    "api:agenda_item_create": "post",
    "api:minutes_write": "post",
    "api:paper_create": "post",
    "api:declaration_create": "post",
    "api:contribution_list": "public",
    "api:contribution_submit": "public",  # shares contribution_list's address: GETs the list
    "api:contribution_minute": "post",
    "api:contribution_withdraw": "post",
    "api:proposal_list": "register",
    "api:ballot_list": "register",
    "api:ballot_open": "register",  # shares ballot_list's address: this test GETs the list
    "api:vote_create": "post",
    "api:ballot_close": "post",
    # The create shares the register's address: this test GETs the register.
    "api:proposal_create": "register",
    "api:proposal_detail": "register",
    "api:ballot_detail": "register",
    "api:proposal_table": "post",
    "api:proposal_compromise": "post",
    "api:proposal_escalate": "post",
    "api:escalation_result_record": "post",
    "api:decision_record_outside_constitution": "post",
    "api:decision_call_in": "post",
    "api:proposal_withdraw": "post",
    "api:stage_add": "post",
    "api:stage_complete": "post",
    "api:vote_ratify": "post",
    # A person's own API tokens: the address names no partnership (tests/accounts).
    "accounts:api-token-revoke": "post",
    # A person's own sessions, named by a digest of the key: ending one is a button
    # (whose session may be ended is tested in tests/accounts/test_session_list.py).
    "accounts:session-end": "post",
    # A password reset link: anyone holding it may open it; a wrong link says it does not
    # work (tests/accounts/test_passwords.py).
    "accounts:password-reset-confirm": "public",
    # A partnership's audit trail is its programme team's (tests/audit).
    "api:audit_event_list": "officers",
    # The provider register is public (a services directory); its contacts are not, which
    # tests/commissioning checks; changing it is for officers. The API's create and change
    # share the list's and the provider's addresses: this test GETs them.
    "commissioning:provider-list": "public",
    "commissioning:provider-export": "public",
    "commissioning:provider-detail": "public",
    "commissioning:provider-create": "officers",
    "commissioning:provider-update": "officers",
    # The people who sign in for a provider: the programme team's (issue 18).
    "commissioning:provider-staff-add": "officers",
    "commissioning:provider-staff-end": "officers",
    "api:provider_staff_list": "officers",
    "api:provider_staff_add": "officers",  # shares the list's address: this test GETs it
    "api:provider_staff_detail": "officers",
    "api:provider_staff_end": "post",
    # Complaints are the programme team's; the complainant's details only their handlers'
    # (tests/complaints). A provider's user sees no complaint at all.
    "complaints:complaint-list": "officers",
    "complaints:complaint-export": "officers",
    "complaints:complaint-detail": "officers",
    "complaints:complaint-analysis": "officers",
    # Quarterly returns (tests/performance): the programme team's, and those of the people
    # who sign in for the service's provider ("returns", issue 18); querying and validating
    # stay the team's. Another provider's people open the lists, without this return.
    "performance:return-list": "returns",
    "performance:return-template": "returns",
    "performance:return-submit": "returns",
    "performance:return-detail": "returns",
    "performance:return-resubmit": "returns",
    "performance:return-query": "officers",
    "performance:return-validate": "post",
    "performance:benchmark": "returns",
    "api:return_list": "returns",
    "api:return_submit": "returns",  # shares return_list's address: this test GETs it
    "api:return_detail": "returns",
    "api:return_query": "post",
    "api:return_validate": "post",
    "api:return_resubmit": "post",
    "api:return_replace": "post",
    "api:benchmark_list": "returns",
    "api:return_outstanding": "returns",
    # The quarterly performance report and a service's trend: the programme team and those
    # who sit in the partnership (it goes to its board); attaching it to a meeting is the
    # programme team's (tests/performance/test_report.py).
    "performance:report-detail": "register",
    "performance:report-pdf": "register",
    "performance:report-attach": "officers",
    "performance:service-trend": "register",
    "api:performance_report": "register",
    "api:performance_report_pdf": "register",
    "api:performance_report_attach": "post",
    "api:service_trend": "register",
    "api:indicator_target_set": "post",  # a PUT: its GET is refused
    # Service quality reviews (tests/performance/test_reviews.py): the programme team's.
    "performance:review-list": "officers",
    "performance:review-plan": "officers",
    "performance:review-detail": "officers",
    "performance:review-self-assess": "officers",
    "performance:review-visit": "officers",
    "performance:review-validate": "officers",
    "performance:review-close": "officers",
    "performance:review-propose": "officers",
    "performance:review-action-add": "officers",
    "performance:review-action-complete": "officers",
    "performance:service-reviews": "officers",
    "api:review_list": "officers",
    "api:review_plan": "officers",  # shares review_list's address: this test GETs it
    "api:review_detail": "officers",
    "api:review_self_assess": "post",
    "api:review_visit": "post",
    "api:review_validate": "post",
    "api:review_close": "post",
    "api:review_propose": "post",
    "api:review_action_add": "post",
    "api:review_action_complete": "post",
    "api:review_actions_overdue": "officers",
    "api:reviews_on_schedule": "officers",
    # Governance standards (issue 22): the handbooks, self-assessments and audits are read
    # by those who sit in the partnership and recorded by its programme team. The creates
    # sharing a list's address are classed by the list (this test GETs it); who may
    # change is tested in tests/assurance.
    "assurance:overview": "register",
    "assurance:handbook-create": "officers",
    "assurance:handbook-detail": "register",
    "assurance:standard-add": "officers",
    "assurance:assessment-create": "officers",
    "assurance:assessment-detail": "register",
    "assurance:standard-assess": "officers",
    "assurance:audit-create": "officers",
    "assurance:audit-detail": "register",
    "assurance:finding-add": "officers",
    "assurance:action-add": "officers",
    "assurance:action-complete": "officers",
    "api:handbook_list": "register",
    "api:handbook_create": "register",
    "api:handbook_detail": "register",
    "api:standard_add": "post",
    "api:governance_assessment_list": "register",
    "api:governance_assessment_create": "post",
    "api:governance_assessment_detail": "register",
    "api:standard_assess": "post",  # a PUT: a GET is refused with 405
    "api:governance_audit_list": "register",
    "api:governance_audit_create": "register",
    "api:governance_audit_detail": "register",
    "api:audit_finding_add": "post",
    "api:audit_action_add": "post",
    "api:audit_action_complete": "post",
    "api:audit_actions_overdue": "register",
    # A file of returns uploaded (CSV or XLSX), the template as a workbook (a provider's
    # people get their services' rows, as from the CSV), and reminders of late returns
    # (tests/performance/test_upload.py, test_reminders.py).
    "performance:return-template-xlsx": "returns",
    "performance:return-import": "returns",  # a provider's people send their own services'
    "performance:return-remind": "post",
    "api:return_import": "post",
    "api:return_remind": "post",
    "api:complaint_analysis": "officers",
    "api:complaint_list": "officers",
    "api:complaint_detail": "officers",
    # Recording what happens to a complaint: its programme team's forms; the API's create
    # shares the list's address (this test GETs the list), the rest are POSTs of their own.
    "complaints:complaint-receive": "officers",
    "complaints:complaint-acknowledge": "officers",
    "complaints:complaint-extend": "officers",
    "complaints:complaint-respond": "officers",
    "complaints:complaint-escalate": "officers",
    "complaints:complaint-close": "officers",
    "complaints:complaint-lesson-add": "officers",
    "complaints:complaint-action-add": "officers",
    "complaints:complaint-action-complete": "officers",
    "complaints:complaint-refer": "officers",
    "complaints:complaint-determine": "officers",
    "complaints:complaint-comply": "officers",
    "api:complaint_create": "officers",
    "complaints:complaint-settings": "officers",
    "api:complaint_settings": "officers",
    "api:complaint_settings_update": "officers",  # shares the policy's address: GET
    "api:complaint_acknowledge": "post",
    "api:complaint_extend": "post",
    "api:complaint_respond": "post",
    "api:complaint_escalate": "post",
    "api:complaint_close": "post",
    "api:complaint_lesson_create": "post",
    "api:complaint_action_create": "post",
    "api:complaint_action_complete": "post",
    "api:complaint_referral_create": "post",
    "api:complaint_referral_determine": "post",
    "api:complaint_referral_comply": "post",
    # Complaints' monitoring: the annual report, the self-assessment and the homes figure
    # are the programme team's (counts and redacted text; tests/complaints/test_report.py).
    # Answering and recording share the reads' addresses or are pages: this test GETs them.
    "complaints:complaint-report-list": "officers",
    "complaints:complaint-report-detail": "officers",
    "complaints:complaint-report-pdf": "officers",
    "complaints:assessment-detail": "officers",
    "complaints:assessment-pdf": "officers",
    "complaints:provision-assess": "officers",
    "complaints:homes-managed-record": "officers",
    "complaints:service-users-record": "officers",
    "api:service_users_list": "officers",
    "api:service_users_record": "officers",
    "api:complaint_report": "officers",
    "api:self_assessment_detail": "officers",
    "api:provision_assess": "post",
    "api:homes_managed_list": "officers",
    "api:homes_managed_record": "officers",
    "api:provider_list": "public",
    "api:provider_create": "public",
    "api:provider_detail": "public",
    "api:provider_update": "public",
    "api:provider_elsewhere": "public",
    # Needs evidence: the list is public and shows the public datasets (the test's is not:
    # tests/commissioning/test_evidence_pages.py checks who sees which); a dataset that
    # is not public is its members' (404 for the rest); changing and importing are for
    # officers (the API's create and import share the list's and figures' addresses: GET).
    "commissioning:dataset-list": "public",
    "commissioning:dataset-create": "officers",
    "commissioning:dataset-detail": "register",
    "commissioning:dataset-export": "register",
    "commissioning:dataset-template": "register",
    "commissioning:dataset-update": "officers",
    "commissioning:dataset-import": "officers",
    "api:dataset_list": "public",
    "api:dataset_create": "public",
    "api:dataset_detail": "register",
    "api:dataset_update": "register",
    "api:figure_list": "register",
    "api:dataset_import": "register",
    # Contracts are for the partnership's members and programme team, who keeps them and
    # sees which end soon; the Transparency Code's register of them is public. The API's
    # create, change and value operations share the list's, the contract's and the
    # value's addresses: this test GETs them; the status change is a POST of its own.
    "commissioning:contract-list": "register",
    "commissioning:contract-export": "register",
    "commissioning:contract-detail": "register",
    "commissioning:contract-due": "officers",
    "commissioning:contract-create": "officers",
    "commissioning:contract-update": "officers",
    "commissioning:contract-status": "officers",
    "commissioning:contract-value-set": "officers",
    # Issue 16 items 6 and 7: the contract page's "Record a variation" and "Terminate".
    "commissioning:contract-vary": "officers",
    "commissioning:contract-terminate": "officers",
    "commissioning:contract-value-remove": "officers",
    "commissioning:transparency-register": "public",
    "commissioning:transparency-export": "public",
    "api:contract_list": "register",
    "api:contract_create": "register",
    "api:contract_due": "officers",
    "api:contract_detail": "register",
    "api:contract_update": "register",
    "api:contract_status_change": "post",
    "api:contract_variation_list": "register",
    "api:contract_variation_detail": "register",
    "api:contract_vary": "register",
    "api:contract_termination_detail": "register",
    "api:contract_terminate": "register",
    "api:contract_value_detail": "register",
    "api:contract_value_set": "register",
    "api:contract_value_remove": "register",
    "api:transparency_register": "public",
    # The services directory is public; changing it is for officers (the API's changes
    # share the addresses of the reads, which this test GETs).
    "commissioning:service-list": "public",
    "commissioning:service-export": "public",
    "commissioning:service-detail": "public",
    "commissioning:service-create": "officers",
    "commissioning:service-update": "officers",
    "commissioning:location-create": "officers",
    "commissioning:location-update": "officers",
    "commissioning:location-remove": "officers",
    "api:service_list": "public",
    "api:service_create": "public",
    "api:service_detail": "public",
    "api:service_update": "public",
    "api:service_history": "public",
    "api:location_list": "public",
    "api:location_create": "public",
    "api:location_detail": "public",
    "api:location_update": "public",
    "api:location_remove": "public",
    # Open Referral UK: the directory as open data, no key (tests/commissioning).
    "openreferral:service-detail": "public",
    # The strategy and annual plan: an adopted strategy is public (tests/commissioning);
    # the test's is a draft, for the register. The API's changes share the reads' addresses.
    "commissioning:strategy-list": "public",
    "commissioning:strategy-create": "officers",
    "commissioning:strategy-detail": "register",
    "commissioning:strategy-update": "officers",
    "commissioning:outcome-export": "register",
    "commissioning:outcome-create": "officers",
    "commissioning:outcome-update": "officers",
    "commissioning:intention-list": "register",
    "commissioning:intention-create": "officers",
    "commissioning:intention-update": "officers",
    "commissioning:plan-detail": "register",
    "commissioning:plan-export": "register",
    "commissioning:action-create": "officers",
    "commissioning:action-update": "officers",
    "api:strategy_list": "public",
    "api:strategy_create": "public",
    "api:measure_list": "public",
    "api:strategy_detail": "register",
    "api:strategy_update": "register",
    "api:outcome_list": "register",
    "api:outcome_create": "register",
    "api:outcome_detail": "register",
    "api:outcome_update": "register",
    "api:intention_list": "register",
    "api:intention_create": "register",
    "api:intention_detail": "register",
    "api:intention_update": "register",
    "api:action_list": "register",
    "api:action_create": "register",
    "api:action_detail": "register",
    "api:action_update": "register",
    # The pooled budget: read by the partnership's members and programme team, kept by the
    # programme team (the API's changes share the reads' addresses, which this test GETs).
    "budget:pool-list": "register",
    "budget:pool-export": "register",
    "budget:pool-detail": "register",
    "budget:pool-create": "officers",
    "budget:pool-update": "officers",
    "budget:contribution-create": "officers",
    "budget:contribution-update": "officers",
    "api:pool_list": "register",
    "api:pool_create": "register",
    "api:pool_detail": "register",
    "api:pool_update": "register",
    "api:contribution_create": "post",
    "api:contribution_detail": "register",
    "api:contribution_update": "register",
    "budget:plan-line-create": "officers",
    "budget:plan-line-update": "officers",
    "budget:plan-approve": "officers",
    "budget:virement-create": "officers",
    "api:plan_line_create": "post",
    "api:plan_line_detail": "register",
    "api:plan_line_update": "register",
    "api:plan_approve": "post",
    "api:virement_create": "post",
    "budget:spend-detail": "register",
    "budget:spend-export": "register",
    "budget:ledger-export": "register",
    "budget:spend-import": "officers",
    "api:pool_forecast": "register",
    "api:spend_list": "register",
    "api:spend_import": "register",
    "budget:story": "register",
    "budget:story-export": "register",
    "api:pool_story": "register",
    # Delegated authority (issue 17 item 6): the programme team records the limits and sums.
    "governance:membership-limit": "officers",
    "api:membership_limit": "post",
    "decisions:proposal-commits": "officers",
    "api:proposal_commits_set": "post",
    # Savings scenarios (issue 17 item 5): read as the pool is, built by the programme team.
    "budget:scenario-list": "register",
    "budget:scenario-compare": "register",
    "budget:scenario-export": "register",
    "budget:scenario-create": "officers",
    "budget:scenario-detail": "register",
    "budget:scenario-update": "officers",
    "budget:reduction-create": "officers",
    "budget:reduction-remove": "officers",
    "budget:scenario-propose": "officers",
    "budget:scenario-approve": "officers",
    "api:scenario_list": "register",
    "api:scenario_create": "register",
    "api:scenario_detail": "register",
    "api:scenario_update": "register",
    "api:reduction_create": "post",
    "api:reduction_remove": "post",
    "api:scenario_propose": "post",
    "api:scenario_approve": "post",
    # Procurement: its strategy and state are the register's; its bids and the panel's
    # scores are the programme team's (a member on the panel sees the scores once their
    # own are submitted: tests/procurement/test_api.py); its steps only accept POST.
    "procurement:procurement-list": "register",
    "procurement:procurement-detail": "register",
    "procurement:procurement-open": "officers",
    "procurement:procurement-sign": "officers",
    "procurement:procurement-create": "officers",
    "procurement:procurement-update": "officers",
    "procurement:lot-add": "officers",
    "procurement:criterion-add": "officers",
    "procurement:bid-receive": "officers",
    "procurement:procurement-close": "officers",
    "procurement:evaluator-add": "officers",
    "procurement:procurement-cancel": "officers",
    # The evaluation's pages (tests/procurement/test_evaluation_pages.py): an evaluator's
    # own are for the procurement's panel only, on which no one here sits (404, as the
    # API's); moderation, the award, its notice and challenges are the programme team's.
    "procurement:evaluation-mine": "panel",
    "procurement:evaluation-score": "panel",
    "procurement:evaluation-conflict": "panel",
    "procurement:evaluation-submit": "panel",
    "procurement:moderation": "officers",
    "procurement:moderation-record": "officers",
    "procurement:evaluation-complete": "officers",
    "procurement:procurement-award": "officers",
    "procurement:award-notice": "officers",
    "procurement:challenge-record": "officers",
    "procurement:challenge-resolve": "officers",
    # The evaluation's report (tests/procurement/test_evaluation_report.py): the register's
    # once the contract is awarded (the sitting's awarded procurement), never a bidder's
    # people's; before the award the programme team's only
    # (test_the_evaluation_is_the_programme_teams_until_the_award, below).
    "procurement:evaluation-report": "register",
    "api:evaluation_report": "register",
    "api:my_evaluation": "panel",
    "api:moderation_list": "officers",
    "api:evaluation_ranking": "officers",
    "api:challenge_list": "officers",
    "api:procurement_list": "register",
    "api:procurement_detail": "register",
    "api:procurement_open": "post",
    "api:bid_list": "officers",
    "api:bid_receive": "officers",
    "api:score_record": "officers",
    "api:panel_scores": "officers",
    "api:procurement_award": "post",
    "api:contract_sign": "post",
    "api:procurement_create": "register",  # its address is the list's, which a GET reads
    "api:criterion_add": "post",
    "api:evaluator_add": "post",
    "api:procurement_close": "post",
    "api:conflict_declare": "post",
    "api:scores_submit": "post",
    "api:moderation_record": "officers",  # shares moderation_list's address: this test GETs it
    "api:evaluation_complete": "post",
    "api:award_notice_publish": "post",
    "api:challenge_record": "officers",  # shares challenge_list's address: this test GETs it
    "api:challenge_resolve": "post",
    "api:procurement_update": "register",  # shares procurement_detail's address: a GET reads
    "api:lot_add": "post",
    "api:procurement_cancel": "post",
    # What the procurements published as Open Contracting releases, and the feeds of them,
    # are public (tests/procurement/test_ocds.py): the sitting's procurement is open.
    "procurement:published-list": "public",
    "procurement:published-detail": "public",
    "procurement:release-package": "public",
    "procurement:record-package": "public",
    "api:ocds_release_package": "public",
    "api:ocds_record_package": "public",
    # A provider's own bids (issue 16): its people see theirs (the test's provider bid);
    # another provider's people open the list without it; the programme team every bid.
    "api:bid_own_list": "returns",
    # Notices are public, as published (tests/procurement/test_notices.py); an assessment
    # summary is the bidder's (the test's provider bid in the awarded procurement; another
    # provider's people are refused it) and the programme team's.
    "procurement:notice-detail": "public",
    "api:notice_list": "public",
    "api:notice_detail": "public",
    "procurement:summary-list": "returns",
    "procurement:procurement-summaries": "returns",
    "procurement:summary-detail": "returns",
    "api:summary_list": "returns",
    "api:procurement_summary_list": "returns",
    "api:summary_detail": "returns",
    "procurement:own-bids": "returns",
    # Clarification questions (issue 16): the published questions and answers are public
    # and never name who asked (tests/procurement/test_clarifications.py); any provider's
    # people may ask, whether it bid or not ("providers"), and read their own providers'
    # questions as received ("providers-own": another provider's people see none); the
    # programme team answers.
    "procurement:clarification-list": "public",
    "procurement:clarification-ask": "providers",
    "procurement:clarification-answer": "officers",
    "api:clarification_list": "public",
    "api:clarification_ask": "public",  # shares the list's address: this test GETs it
    "api:clarification_received_list": "providers-own",
    "api:clarification_answer": "post",
}
# Routes whose address carries an object as well as the partnership: which object, and
# the name of its argument.
ROUTE_OBJECTS: dict[str, tuple[Callable[[Sitting], Model], str]] = {
    "governance:body-detail": (lambda register: register.board, "pk"),
    "api:body_seats": (lambda register: register.board, "body_id"),
    "governance:membership-end": (lambda register: register.memberships[0], "pk"),
    "governance:signature-create": (lambda register: register.amendment, "pk"),
    "governance:question-detail": (lambda register: register.question, "pk"),
    "governance:position-create": (lambda register: register.question, "pk"),
    "meetings:meeting-detail": (lambda register: register.meeting, "pk"),
    "meetings:meeting-update": (lambda register: register.meeting, "pk"),
    "meetings:meeting-publish": (lambda register: register.meeting, "pk"),
    "meetings:meeting-cancel": (lambda register: register.meeting, "pk"),
    "meetings:agenda-item-update": (lambda register: register.meeting, "pk"),
    "meetings:agenda-item-move": (lambda register: register.meeting, "pk"),
    "meetings:agenda-item-withdraw": (lambda register: register.meeting, "pk"),
    "meetings:paper-update": (lambda register: register.meeting, "pk"),
    "meetings:paper-withdraw": (lambda register: register.meeting, "pk"),
    "meetings:meeting-held": (lambda register: register.meeting, "pk"),
    "meetings:agenda-item-create": (lambda register: register.meeting, "pk"),
    "meetings:attendance-create": (lambda register: register.meeting, "pk"),
    "meetings:minutes-approve": (lambda register: register.meeting, "pk"),
    "meetings:agenda-pack": (lambda register: register.meeting, "pk"),
    "meetings:minutes-pdf": (lambda register: register.meeting, "pk"),
    "meetings:paper-create": (lambda register: register.meeting, "pk"),
    "meetings:declaration-create": (lambda register: register.meeting, "pk"),
    "meetings:contribution-create": (lambda register: register.meeting, "pk"),
    "meetings:contribution-minute": (lambda register: register.meeting, "pk"),
    "meetings:contribution-withdraw": (lambda register: register.meeting, "pk"),
    "meetings:minutes-edit": (lambda register: register.meeting, "pk"),
    "meetings:paper-download": (lambda register: register.paper, "pk"),
    "meetings:calendar-feed": (lambda register: register.meeting.body, "pk"),
    "decisions:proposal-detail": (lambda register: register.proposal, "pk"),
    "decisions:proposal-table": (lambda register: register.proposal, "pk"),
    "decisions:ballot-open": (lambda register: register.proposal, "pk"),
    "decisions:step-create": (lambda register: register.proposal, "pk"),
    "decisions:ballot-detail": (lambda register: register.ballot, "pk"),
    "decisions:decision-detail": (lambda register: register.proposal, "pk"),
    "decisions:decision-call-in": (lambda register: register.proposal, "pk"),
    "api:decision_detail": (lambda register: register.proposal, "decision_id"),
    "decisions:vote-create": (lambda register: register.ballot, "pk"),
    "decisions:ballot-close": (lambda register: register.ballot, "pk"),
    "decisions:vote-ratify": (lambda register: register.vote, "pk"),
    "decisions:stage-create": (lambda register: register.proposal, "pk"),
    "decisions:stage-complete": (
        lambda register: register.proposal.stages.get(kind="decide"),
        "pk",
    ),
    "api:membership_detail": (lambda register: register.memberships[0], "membership_id"),
    "api:membership_end": (lambda register: register.memberships[0], "membership_id"),
    "api:body_detail": (lambda register: register.board, "body_id"),
    "api:body_history": (lambda register: register.board, "body_id"),
    "api:constitution_detail": (lambda register: register.draft, "version_id"),
    "api:signature_create": (lambda register: register.amendment, "amendment_id"),
    "api:question_detail": (lambda register: register.question, "question_id"),
    "api:position_detail": (lambda register: register.question, "question_id"),
    "api:position_record": (lambda register: register.question, "question_id"),
    "api:meeting_detail": (lambda register: register.meeting, "meeting_id"),
    "api:meeting_update": (lambda register: register.meeting, "meeting_id"),
    "api:meeting_publish": (lambda register: register.meeting, "meeting_id"),
    "api:meeting_cancel": (lambda register: register.meeting, "meeting_id"),
    "api:agenda_item_move": (lambda register: register.meeting, "meeting_id"),
    "api:agenda_item_withdraw": (lambda register: register.meeting, "meeting_id"),
    "api:paper_update": (lambda register: register.meeting, "meeting_id"),
    "api:paper_withdraw": (lambda register: register.meeting, "meeting_id"),
    "api:attendance_record_all": (lambda register: register.meeting, "meeting_id"),
    "api:meeting_held": (lambda register: register.meeting, "meeting_id"),
    "api:minutes_approve": (lambda register: register.meeting, "meeting_id"),
    "api:agenda_item_create": (lambda register: register.meeting, "meeting_id"),
    "api:agenda_item_detail": (lambda register: register.meeting, "meeting_id"),
    "api:agenda_item_update": (lambda register: register.meeting, "meeting_id"),
    "api:minutes_write": (lambda register: register.meeting, "meeting_id"),
    "api:paper_create": (lambda register: register.meeting, "meeting_id"),
    "api:declaration_create": (lambda register: register.meeting, "meeting_id"),
    "api:contribution_list": (lambda register: register.meeting, "meeting_id"),
    "api:contribution_submit": (lambda register: register.meeting, "meeting_id"),
    "api:contribution_minute": (lambda register: register.meeting, "meeting_id"),
    "api:attendance_detail": (lambda register: register.meeting, "meeting_id"),
    "api:attendance_record": (lambda register: register.meeting, "meeting_id"),
    "api:paper_download": (lambda register: register.paper, "paper_id"),
    "api:ballot_list": (lambda register: register.proposal, "proposal_id"),
    "api:ballot_open": (lambda register: register.proposal, "proposal_id"),
    "api:vote_create": (lambda register: register.ballot, "ballot_id"),
    "api:ballot_close": (lambda register: register.ballot, "ballot_id"),
    "api:proposal_detail": (lambda register: register.proposal, "proposal_id"),
    "api:proposal_table": (lambda register: register.proposal, "proposal_id"),
    "api:proposal_compromise": (lambda register: register.proposal, "proposal_id"),
    "api:proposal_escalate": (lambda register: register.proposal, "proposal_id"),
    "api:escalation_result_record": (lambda register: register.proposal, "proposal_id"),
    "api:decision_record_outside_constitution": (
        lambda register: register.proposal,
        "proposal_id",
    ),
    "api:decision_call_in": (lambda register: register.proposal, "proposal_id"),
    "api:proposal_withdraw": (lambda register: register.proposal, "proposal_id"),
    "api:stage_add": (lambda register: register.proposal, "proposal_id"),
    "api:stage_complete": (
        lambda register: register.proposal.stages.get(kind="decide"),
        "stage_id",
    ),
    "api:ballot_detail": (lambda register: register.ballot, "ballot_id"),
    "api:vote_ratify": (lambda register: register.vote, "vote_id"),
    "complaints:complaint-detail": (lambda register: register.complaint, "pk"),
    "performance:return-detail": (lambda register: register.quarterly_return, "pk"),
    "performance:review-detail": (lambda register: register.review, "pk"),
    "performance:review-self-assess": (lambda register: register.review, "pk"),
    "performance:review-visit": (lambda register: register.review, "pk"),
    "performance:review-validate": (lambda register: register.review, "pk"),
    "performance:review-close": (lambda register: register.review, "pk"),
    "performance:review-propose": (lambda register: register.review, "pk"),
    "performance:review-action-add": (lambda register: register.review, "pk"),
    "performance:review-action-complete": (lambda register: register.review, "pk"),
    "performance:service-reviews": (lambda register: register.service, "pk"),
    "api:review_detail": (lambda register: register.review, "review_id"),
    "api:review_self_assess": (lambda register: register.review, "review_id"),
    "api:review_visit": (lambda register: register.review, "review_id"),
    "api:review_validate": (lambda register: register.review, "review_id"),
    "api:review_close": (lambda register: register.review, "review_id"),
    "api:review_propose": (lambda register: register.review, "review_id"),
    "api:review_action_add": (lambda register: register.review, "review_id"),
    "api:review_action_complete": (lambda register: register.review, "review_id"),
    # Governance standards: Oxfordshire's demo handbook, self-assessment and audit.
    "assurance:handbook-detail": (lambda register: demo_handbook(register), "pk"),
    "assurance:standard-add": (lambda register: demo_handbook(register), "pk"),
    "assurance:assessment-create": (lambda register: demo_handbook(register), "pk"),
    "api:handbook_detail": (lambda register: demo_handbook(register), "handbook_id"),
    "api:standard_add": (lambda register: demo_handbook(register), "handbook_id"),
    "api:governance_assessment_create": (lambda register: demo_handbook(register), "handbook_id"),
    "assurance:assessment-detail": (lambda register: demo_assessment(register), "pk"),
    "assurance:standard-assess": (lambda register: demo_assessment(register), "pk"),
    "api:governance_assessment_detail": (
        lambda register: demo_assessment(register),
        "assessment_id",
    ),
    "api:standard_assess": (lambda register: demo_assessment(register), "assessment_id"),
    **{
        f"assurance:{name}": (lambda register: demo_audit(register), "pk")
        for name in ("audit-detail", "finding-add", "action-add", "action-complete")
    },
    **{
        f"api:{name}": (lambda register: demo_audit(register), "audit_id")
        for name in (
            "governance_audit_detail",
            "audit_finding_add",
            "audit_action_add",
            "audit_action_complete",
        )
    },
    "performance:service-trend": (lambda register: register.service, "pk"),
    "api:service_trend": (lambda register: register.service, "service_id"),
    "performance:return-query": (lambda register: register.quarterly_return, "pk"),
    "performance:return-validate": (lambda register: register.quarterly_return, "pk"),
    "performance:return-resubmit": (lambda register: register.quarterly_return, "pk"),
    "api:return_detail": (lambda register: register.quarterly_return, "return_id"),
    "api:return_query": (lambda register: register.quarterly_return, "return_id"),
    "api:return_validate": (lambda register: register.quarterly_return, "return_id"),
    "api:return_resubmit": (lambda register: register.quarterly_return, "return_id"),
    "api:return_replace": (lambda register: register.quarterly_return, "return_id"),
    "api:complaint_detail": (lambda register: register.complaint, "complaint_id"),
    "complaints:complaint-acknowledge": (lambda register: register.complaint, "pk"),
    "complaints:complaint-extend": (lambda register: register.complaint, "pk"),
    "complaints:complaint-respond": (lambda register: register.complaint, "pk"),
    "complaints:complaint-escalate": (lambda register: register.complaint, "pk"),
    "complaints:complaint-close": (lambda register: register.complaint, "pk"),
    "complaints:complaint-lesson-add": (lambda register: register.complaint, "pk"),
    "complaints:complaint-action-add": (lambda register: register.complaint, "pk"),
    "complaints:complaint-action-complete": (lambda register: register.complaint, "pk"),
    "complaints:complaint-refer": (lambda register: register.complaint, "pk"),
    "complaints:complaint-determine": (lambda register: register.complaint, "pk"),
    "complaints:complaint-comply": (lambda register: register.complaint, "pk"),
    "api:complaint_acknowledge": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_extend": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_respond": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_escalate": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_close": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_lesson_create": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_action_create": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_action_complete": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_referral_create": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_referral_determine": (lambda register: register.complaint, "complaint_id"),
    "api:complaint_referral_comply": (lambda register: register.complaint, "complaint_id"),
    "commissioning:provider-detail": (lambda register: register.provider, "pk"),
    "commissioning:provider-update": (lambda register: register.provider, "pk"),
    "commissioning:provider-staff-add": (lambda register: register.provider, "pk"),
    "commissioning:provider-staff-end": (lambda register: register.provider, "pk"),
    "api:provider_staff_list": (lambda register: register.provider, "provider_id"),
    "api:provider_staff_add": (lambda register: register.provider, "provider_id"),
    "api:provider_staff_detail": (lambda register: register.provider, "provider_id"),
    "api:provider_staff_end": (lambda register: register.provider, "provider_id"),
    "api:provider_detail": (lambda register: register.provider, "provider_id"),
    "api:provider_update": (lambda register: register.provider, "provider_id"),
    "api:provider_elsewhere": (lambda register: register.provider, "provider_id"),
    "commissioning:dataset-detail": (lambda register: register.dataset, "pk"),
    "commissioning:dataset-export": (lambda register: register.dataset, "pk"),
    "commissioning:dataset-template": (lambda register: register.dataset, "pk"),
    "commissioning:dataset-update": (lambda register: register.dataset, "pk"),
    "commissioning:dataset-import": (lambda register: register.dataset, "pk"),
    "api:dataset_detail": (lambda register: register.dataset, "dataset_id"),
    "api:dataset_update": (lambda register: register.dataset, "dataset_id"),
    "api:figure_list": (lambda register: register.dataset, "dataset_id"),
    "api:dataset_import": (lambda register: register.dataset, "dataset_id"),
    "commissioning:contract-detail": (lambda register: register.contract, "pk"),
    "commissioning:contract-update": (lambda register: register.contract, "pk"),
    "commissioning:contract-status": (lambda register: register.contract, "pk"),
    "commissioning:contract-value-set": (lambda register: register.contract, "pk"),
    "commissioning:contract-vary": (lambda register: register.contract, "pk"),
    "commissioning:contract-terminate": (lambda register: register.contract, "pk"),
    "commissioning:contract-value-remove": (lambda register: register.contract, "pk"),
    "api:contract_detail": (lambda register: register.contract, "contract_id"),
    "api:contract_update": (lambda register: register.contract, "contract_id"),
    "api:contract_status_change": (lambda register: register.contract, "contract_id"),
    "api:contract_variation_list": (lambda register: register.contract, "contract_id"),
    "api:contract_variation_detail": (lambda register: register.contract, "contract_id"),
    "api:contract_vary": (lambda register: register.contract, "contract_id"),
    "api:contract_termination_detail": (lambda register: register.contract, "contract_id"),
    "api:contract_terminate": (lambda register: register.contract, "contract_id"),
    "api:contract_value_detail": (lambda register: register.contract, "contract_id"),
    "api:contract_value_set": (lambda register: register.contract, "contract_id"),
    "api:contract_value_remove": (lambda register: register.contract, "contract_id"),
    "commissioning:service-detail": (lambda register: register.service, "pk"),
    "commissioning:service-update": (lambda register: register.service, "pk"),
    "commissioning:location-create": (lambda register: register.service, "pk"),
    "commissioning:location-update": (lambda register: register.service, "pk"),
    "commissioning:location-remove": (lambda register: register.service, "pk"),
    "api:service_detail": (lambda register: register.service, "service_id"),
    "api:service_update": (lambda register: register.service, "service_id"),
    "api:service_history": (lambda register: register.service, "service_id"),
    "api:location_list": (lambda register: register.service, "service_id"),
    "api:location_create": (lambda register: register.service, "service_id"),
    "api:location_detail": (lambda register: register.service, "service_id"),
    "api:location_update": (lambda register: register.service, "service_id"),
    "api:location_remove": (lambda register: register.service, "service_id"),
    "commissioning:strategy-detail": (lambda register: register.strategy, "pk"),
    "commissioning:strategy-update": (lambda register: register.strategy, "pk"),
    "commissioning:outcome-export": (lambda register: register.strategy, "pk"),
    "commissioning:outcome-create": (lambda register: register.strategy, "pk"),
    "commissioning:outcome-update": (lambda register: register.outcome, "pk"),
    "commissioning:intention-list": (lambda register: register.strategy, "pk"),
    "commissioning:intention-create": (lambda register: register.strategy, "pk"),
    "commissioning:intention-update": (lambda register: register.intention, "pk"),
    "commissioning:plan-detail": (lambda register: register.strategy, "pk"),
    "commissioning:plan-export": (lambda register: register.strategy, "pk"),
    "commissioning:action-create": (lambda register: register.strategy, "pk"),
    "commissioning:action-update": (lambda register: register.action, "pk"),
    "api:strategy_detail": (lambda register: register.strategy, "strategy_id"),
    "api:strategy_update": (lambda register: register.strategy, "strategy_id"),
    "api:outcome_list": (lambda register: register.strategy, "strategy_id"),
    "api:outcome_create": (lambda register: register.strategy, "strategy_id"),
    "api:outcome_detail": (lambda register: register.outcome, "outcome_id"),
    "api:outcome_update": (lambda register: register.outcome, "outcome_id"),
    "api:intention_list": (lambda register: register.strategy, "strategy_id"),
    "api:intention_create": (lambda register: register.strategy, "strategy_id"),
    "api:intention_detail": (lambda register: register.intention, "intention_id"),
    "api:intention_update": (lambda register: register.intention, "intention_id"),
    "api:action_list": (lambda register: register.strategy, "strategy_id"),
    "api:action_create": (lambda register: register.strategy, "strategy_id"),
    "api:action_detail": (lambda register: register.action, "action_id"),
    "api:action_update": (lambda register: register.action, "action_id"),
    "budget:pool-detail": (lambda register: register.pool, "pk"),
    "budget:pool-update": (lambda register: register.pool, "pk"),
    "budget:contribution-create": (lambda register: register.pool, "pk"),
    "budget:contribution-update": (lambda register: register.pool, "pk"),
    "api:pool_detail": (lambda register: register.pool, "pool_id"),
    "api:pool_update": (lambda register: register.pool, "pool_id"),
    "api:contribution_create": (lambda register: register.pool, "pool_id"),
    "api:contribution_detail": (lambda register: register.pool, "pool_id"),
    "api:contribution_update": (lambda register: register.pool, "pool_id"),
    "budget:plan-line-create": (lambda register: register.pool, "pk"),
    "budget:plan-line-update": (lambda register: register.pool, "pk"),
    "budget:plan-approve": (lambda register: register.pool, "pk"),
    "budget:virement-create": (lambda register: register.pool, "pk"),
    "api:plan_line_create": (lambda register: register.pool, "pool_id"),
    "api:plan_line_detail": (lambda register: register.pool, "pool_id"),
    "api:plan_line_update": (lambda register: register.pool, "pool_id"),
    "api:plan_approve": (lambda register: register.pool, "pool_id"),
    "api:virement_create": (lambda register: register.pool, "pool_id"),
    "budget:spend-detail": (lambda register: register.pool, "pk"),
    "budget:spend-export": (lambda register: register.pool, "pk"),
    "budget:ledger-export": (lambda register: register.pool, "pk"),
    "budget:spend-import": (lambda register: register.pool, "pk"),
    "api:pool_forecast": (lambda register: register.pool, "pool_id"),
    "api:spend_list": (lambda register: register.pool, "pool_id"),
    "api:spend_import": (lambda register: register.pool, "pool_id"),
    "governance:membership-limit": (lambda register: register.memberships[0], "pk"),
    "api:membership_limit": (lambda register: register.memberships[0], "membership_id"),
    "decisions:proposal-commits": (lambda register: register.proposal, "pk"),
    "api:proposal_commits_set": (lambda register: register.proposal, "proposal_id"),
    "budget:scenario-list": (lambda register: register.pool, "pk"),
    "budget:scenario-compare": (lambda register: register.pool, "pk"),
    "budget:scenario-export": (lambda register: register.pool, "pk"),
    "budget:scenario-create": (lambda register: register.pool, "pk"),
    "budget:scenario-detail": (lambda register: register.pool, "pk"),
    "budget:scenario-update": (lambda register: register.pool, "pk"),
    "budget:reduction-create": (lambda register: register.pool, "pk"),
    "budget:reduction-remove": (lambda register: register.pool, "pk"),
    "budget:scenario-propose": (lambda register: register.pool, "pk"),
    "budget:scenario-approve": (lambda register: register.pool, "pk"),
    "api:scenario_list": (lambda register: register.pool, "pool_id"),
    "api:scenario_create": (lambda register: register.pool, "pool_id"),
    "api:scenario_detail": (lambda register: register.pool, "pool_id"),
    "api:scenario_update": (lambda register: register.pool, "pool_id"),
    "api:reduction_create": (lambda register: register.pool, "pool_id"),
    "api:reduction_remove": (lambda register: register.pool, "pool_id"),
    "api:scenario_propose": (lambda register: register.pool, "pool_id"),
    "api:scenario_approve": (lambda register: register.pool, "pool_id"),
    "procurement:procurement-detail": (lambda register: register.procurement, "pk"),
    "procurement:procurement-open": (lambda register: register.procurement, "pk"),
    "procurement:procurement-sign": (lambda register: register.procurement, "pk"),
    "procurement:procurement-update": (lambda register: register.procurement, "pk"),
    "procurement:lot-add": (lambda register: register.procurement, "pk"),
    "procurement:criterion-add": (lambda register: register.procurement, "pk"),
    "procurement:bid-receive": (lambda register: register.procurement, "pk"),
    "procurement:procurement-close": (lambda register: register.procurement, "pk"),
    "procurement:evaluator-add": (lambda register: register.procurement, "pk"),
    "procurement:procurement-cancel": (lambda register: register.procurement, "pk"),
    "procurement:published-detail": (lambda register: register.procurement, "pk"),
    "procurement:notice-detail": (lambda register: register.procurement, "pk"),
    "procurement:procurement-summaries": (lambda register: register.awarded, "pk"),
    "procurement:summary-detail": (lambda register: register.awarded, "pk"),
    "api:notice_list": (lambda register: register.procurement, "procurement_id"),
    "api:notice_detail": (lambda register: register.procurement, "procurement_id"),
    "api:procurement_summary_list": (lambda register: register.awarded, "procurement_id"),
    "api:summary_detail": (lambda register: register.awarded, "procurement_id"),
    "procurement:evaluation-report": (lambda register: register.awarded, "pk"),
    "api:evaluation_report": (lambda register: register.awarded, "procurement_id"),
    **{
        f"procurement:{name}": (lambda register: register.procurement, "pk")
        for name in (
            "evaluation-mine",
            "evaluation-score",
            "evaluation-conflict",
            "evaluation-submit",
            "moderation",
            "moderation-record",
            "evaluation-complete",
            "procurement-award",
            "award-notice",
            "challenge-record",
            "challenge-resolve",
        )
    },
    "procurement:clarification-list": (lambda register: register.procurement, "pk"),
    "procurement:clarification-ask": (lambda register: register.procurement, "pk"),
    "procurement:clarification-answer": (lambda register: register.procurement, "pk"),
    **{
        f"api:{name}": (lambda register: register.procurement, "procurement_id")
        for name in (
            "procurement_detail",
            "procurement_open",
            "bid_list",
            "bid_receive",
            "score_record",
            "panel_scores",
            "procurement_award",
            "contract_sign",
            "criterion_add",
            "evaluator_add",
            "procurement_close",
            "conflict_declare",
            "scores_submit",
            "moderation_record",
            "evaluation_complete",
            "award_notice_publish",
            "challenge_record",
            "challenge_resolve",
            "procurement_update",
            "lot_add",
            "procurement_cancel",
            "my_evaluation",
            "moderation_list",
            "evaluation_ranking",
            "challenge_list",
            "clarification_list",
            "clarification_ask",
            "clarification_received_list",
            "clarification_answer",
        )
    },
}


def demo_handbook(register: Sitting) -> Model:
    from accord.assurance.models import Handbook

    return Handbook.objects.get(partnership=register.partnership)


def demo_standard(register: Sitting) -> Model:
    from accord.assurance.models import Standard

    return Standard.objects.filter(partnership=register.partnership).order_by("pk").first()  # type: ignore[return-value]


def demo_assessment(register: Sitting) -> Model:
    from accord.assurance.models import SelfAssessment

    return SelfAssessment.objects.get(partnership=register.partnership)


def demo_audit(register: Sitting) -> Model:
    from accord.assurance.models import GovernanceAudit

    return GovernanceAudit.objects.get(partnership=register.partnership)


def demo_finding(register: Sitting) -> Model:
    from accord.assurance.models import AuditFinding

    return AuditFinding.objects.get(partnership=register.partnership)


def demo_audit_action(register: Sitting) -> Model:
    from accord.assurance.models import AuditAction

    return AuditAction.objects.get(partnership=register.partnership)


def notice_of(register: Sitting) -> Model:
    """The sitting's open procurement's tender notice (public)."""
    return register.procurement.notices.get()


def awarded_bid(register: Sitting) -> Model:
    """The provider's bid in the awarded procurement, whose summary was sent."""
    return register.awarded.bids.get(provider=register.provider)


# Further arguments of routes that carry more than one id or name.
ROUTE_ARGUMENTS: dict[str, Callable[[Sitting], dict[str, object]]] = {
    "meetings:paper-create": lambda register: {"item_pk": register.item.pk},
    "meetings:declaration-create": lambda register: {"item_pk": register.item.pk},
    "meetings:contribution-create": lambda register: {"item_pk": register.item.pk},
    "meetings:contribution-minute": lambda register: {"item_pk": register.item.pk},
    "meetings:contribution-withdraw": lambda register: {
        "contribution_pk": register.item_contribution.pk
    },
    "meetings:minutes-edit": lambda register: {"item_pk": register.item.pk},
    "meetings:agenda-item-update": lambda register: {"item_pk": register.item.pk},
    "meetings:agenda-item-move": lambda register: {"item_pk": register.item.pk},
    "meetings:agenda-item-withdraw": lambda register: {"item_pk": register.item.pk},
    "meetings:paper-update": lambda register: {"paper_pk": register.paper.pk},
    "meetings:paper-withdraw": lambda register: {"paper_pk": register.paper.pk},
    "api:agenda_item_move": lambda register: {"item_id": register.item.pk},
    "api:agenda_item_withdraw": lambda register: {"item_id": register.item.pk},
    "api:paper_update": lambda register: {"paper_id": register.paper.pk},
    "api:paper_withdraw": lambda register: {"paper_id": register.paper.pk},
    "api:agenda_item_detail": lambda register: {"item_id": register.item.pk},
    "api:agenda_item_update": lambda register: {"item_id": register.item.pk},
    "api:minutes_write": lambda register: {"item_id": register.item.pk},
    "api:paper_create": lambda register: {"item_id": register.item.pk},
    "api:declaration_create": lambda register: {"item_id": register.item.pk},
    "api:contribution_list": lambda register: {"item_id": register.item.pk},
    "api:contribution_submit": lambda register: {"item_id": register.item.pk},
    "api:contribution_minute": lambda register: {"item_id": register.item.pk},
    "api:contribution_withdraw": lambda register: {
        "contribution_id": register.item_contribution.pk
    },
    "api:attendance_detail": lambda register: {"person_id": register.attendance.person_id},
    "api:attendance_record": lambda register: {"person_id": register.attendance.person_id},
    "decisions:step-create": lambda register: {"step": "withdraw"},
    "commissioning:contract-value-remove": lambda register: {"year": 2009},
    "api:contract_value_detail": lambda register: {"year": 2009},
    "api:contract_value_set": lambda register: {"year": 2009},
    "api:contract_value_remove": lambda register: {"year": 2009},
    "api:contract_variation_detail": lambda register: {"number": 1},
    "commissioning:plan-detail": lambda register: {"year": 2010},
    "commissioning:action-create": lambda register: {"year": 2010},
    "api:position_detail": lambda register: {"partner_id": register.partners[0].pk},
    "api:position_record": lambda register: {"partner_id": register.partners[0].pk},
    "commissioning:location-update": lambda register: {"location_pk": register.location.pk},
    "commissioning:location-remove": lambda register: {"location_pk": register.location.pk},
    "api:location_detail": lambda register: {"location_id": register.location.pk},
    "api:location_update": lambda register: {"location_id": register.location.pk},
    "api:location_remove": lambda register: {"location_id": register.location.pk},
    "openreferral:service-detail": lambda register: {"service_id": register.service.uuid},
    "budget:contribution-update": lambda register: {"contribution_pk": register.contribution.pk},
    "api:contribution_detail": lambda register: {"contribution_id": register.contribution.pk},
    "api:contribution_update": lambda register: {"contribution_id": register.contribution.pk},
    "budget:plan-line-update": lambda register: {"line_pk": register.line.pk},
    "api:plan_line_detail": lambda register: {"line_id": register.line.pk},
    "api:plan_line_update": lambda register: {"line_id": register.line.pk},
    "budget:scenario-detail": lambda register: {"scenario_pk": register.scenario.pk},
    "budget:scenario-update": lambda register: {"scenario_pk": register.scenario.pk},
    "budget:reduction-create": lambda register: {"scenario_pk": register.scenario.pk},
    "budget:reduction-remove": lambda register: {
        "scenario_pk": register.scenario.pk,
        "reduction_pk": register.reduction.pk,
    },
    "budget:scenario-propose": lambda register: {"scenario_pk": register.scenario.pk},
    "budget:scenario-approve": lambda register: {"scenario_pk": register.scenario.pk},
    "api:scenario_detail": lambda register: {"scenario_id": register.scenario.pk},
    "api:scenario_update": lambda register: {"scenario_id": register.scenario.pk},
    "api:reduction_create": lambda register: {"scenario_id": register.scenario.pk},
    "api:reduction_remove": lambda register: {
        "scenario_id": register.scenario.pk,
        "reduction_id": register.reduction.pk,
    },
    "api:scenario_propose": lambda register: {"scenario_id": register.scenario.pk},
    "api:scenario_approve": lambda register: {"scenario_id": register.scenario.pk},
    "api:complaint_action_complete": lambda register: {"action_id": 1},
    "performance:review-action-complete": lambda register: {"action_pk": register.review_action.pk},
    "api:review_action_complete": lambda register: {"action_id": register.review_action.pk},
    "assurance:standard-assess": lambda register: {"standard_pk": demo_standard(register).pk},
    "api:standard_assess": lambda register: {"standard_id": demo_standard(register).pk},
    "assurance:action-add": lambda register: {"finding_pk": demo_finding(register).pk},
    "api:audit_action_add": lambda register: {"finding_id": demo_finding(register).pk},
    "assurance:action-complete": lambda register: {"action_pk": demo_audit_action(register).pk},
    "api:audit_action_complete": lambda register: {"action_id": demo_audit_action(register).pk},
    "complaints:complaint-report-detail": lambda register: {"year": 2009},
    "complaints:complaint-report-pdf": lambda register: {"year": 2009},
    "complaints:assessment-detail": lambda register: {"code": "lgsco-2026", "year": 2026},
    "complaints:assessment-pdf": lambda register: {"code": "lgsco-2026", "year": 2026},
    "complaints:provision-assess": lambda register: {
        "code": "lgsco-2026",
        "year": 2026,
        "provision": "annual-report",
    },
    "api:complaint_report": lambda register: {"year": 2009},
    "api:self_assessment_detail": lambda register: {"code": "lgsco-2026", "year": 2026},
    "api:provision_assess": lambda register: {
        "code": "lgsco-2026",
        "year": 2026,
        "provision": "annual-report",
    },
    "api:challenge_resolve": lambda register: {"challenge_id": 1},
    **{
        f"procurement:{name}": lambda register: {"bid_pk": register.procurement.bids.get().pk}
        for name in ("evaluation-score", "evaluation-conflict", "moderation-record")
    },
    "procurement:notice-detail": lambda register: {"notice_pk": notice_of(register).pk},
    "api:notice_detail": lambda register: {"notice_id": notice_of(register).pk},
    "procurement:summary-detail": lambda register: {"bid_pk": awarded_bid(register).pk},
    "api:summary_detail": lambda register: {"bid_id": awarded_bid(register).pk},
    "procurement:clarification-answer": lambda register: {
        "clarification_pk": register.clarification.pk
    },
    "api:clarification_answer": lambda register: {"clarification_id": register.clarification.pk},
    "commissioning:provider-staff-end": lambda register: {"staff_pk": register.staff.pk},
    "api:provider_staff_detail": lambda register: {"staff_id": register.staff.pk},
    "api:provider_staff_end": lambda register: {"staff_id": register.staff.pk},
    "accounts:api-token-revoke": lambda register: {"pk": 1},
    "accounts:session-end": lambda register: {"reference": "0" * 32},
    "accounts:password-reset-confirm": lambda register: {"uidb64": "MQ", "token": "not-a-token"},
}
# Routes whose address names no partnership: a person's own things.
PERSONAL_ROUTES = {
    "accounts:api-token-revoke",
    "accounts:session-end",
    "accounts:password-reset-confirm",
    "openreferral:service-detail",
}
# What nobody refused may see: every name in the register built below carries it.
MARKER = "Wychwood"
# The date of the test's meeting: the 2003 Memorandum is in force (unanimity of all eight).
SITTING = datetime.date(2010, 1, 20)
# Demo users who sit on one of Oxfordshire's bodies (seated below if the demo does not).
SEATED = ["representative", "serviceuser"]
# The admin carries ids in every change page: it refuses everyone but staff (sign-in redirect).
ADMIN_NAMESPACE = "admin"

# "provider-staff" signs in for the test's provider (its service's returns); "other-staff"
# for another of Oxfordshire's providers (issue 18). Neither sits in the partnership.
STAFF_USERNAME = f"{MARKER.lower()}-staff"
PEOPLE = [
    "anonymous",
    "representative",
    "provider",
    "serviceuser",
    "officer-of-another",
    "officer",
    "provider-staff",
    "other-staff",
]


def id_routes(
    resolvers: list[URLPattern | URLResolver], namespace: str = ""
) -> Iterator[tuple[str, str]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            inner = (
                f"{namespace}:{entry.namespace}"
                if entry.namespace and namespace
                else (entry.namespace or namespace)
            )
            yield from id_routes(entry.url_patterns, inner)
        elif entry.pattern.regex.groups and entry.name:
            yield f"{namespace}:{entry.name}" if namespace else entry.name, str(entry.pattern)


def test_every_route_that_carries_an_id_is_in_the_permission_table():
    routes = {
        name
        for name, _ in id_routes(get_resolver().url_patterns)
        if not name.startswith(f"{ADMIN_NAMESPACE}:")
    }
    assert routes - set(ID_ROUTES) == set(), "add these routes to ID_ROUTES with who may open them"
    assert set(ID_ROUTES) - routes == set(), "these routes no longer exist"


@pytest.fixture
def register(demo) -> Sitting:
    """Oxfordshire's register with rows of our own, and the SEATED users on a body."""
    from django.contrib.auth import get_user_model

    from accord.governance import services

    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    register = build_register(oxfordshire, name=MARKER)
    for username in SEATED:
        user = get_user_model().objects.get(username=username)
        if not seated_in(username, oxfordshire):
            seated = services.person_create(
                actor=None, partnership=oxfordshire, name=f"{MARKER} seat of {username}", user=user
            )
            services.membership_create(
                actor=None,
                partnership=oxfordshire,
                body=register.groups[0],
                person=seated,
                role="observer",
                start_date=START,
            )
    return build_sitting(register)


@pytest.fixture
def person(client, register, sign_in, request):
    """Sign in as one of PEOPLE; "officer-of-another" runs Gloucestershire, not Oxfordshire."""
    from accord.governance.services import programme_officer_appoint

    name = request.param
    if name == "officer-of-another":
        from django.contrib.auth import get_user_model

        other = get_user_model().objects.create_user("glos-officer", password="x" * 12)
        programme_officer_appoint(
            actor=None,
            partnership=Partnership.objects.get(slug="gloucestershire"),
            user=other,
            start_date=__import__("datetime").date(2003, 4, 1),
        )
        sign_in("glos-officer")
    elif name == "provider-staff":
        sign_in(STAFF_USERNAME)
    elif name == "other-staff":
        from django.contrib.auth import get_user_model

        from accord.commissioning.services import provider_staff_add

        get_user_model().objects.create_user("other-staff", password="x" * 12)
        others = Provider.objects.filter(partnership=register.partnership).exclude(
            pk=register.provider.pk
        )
        provider_staff_add(actor=None, provider=others[0], username="other-staff", start_date=START)
        sign_in("other-staff")
    elif name != "anonymous":
        sign_in(name)
    return name


def url_for(route: str, register: Sitting) -> str:
    from django.urls import reverse

    kwargs: dict[str, object] = (
        {} if route in PERSONAL_ROUTES else {"slug": register.partnership.slug}
    )
    if route in ROUTE_OBJECTS:
        object_of, argument = ROUTE_OBJECTS[route]
        kwargs[argument] = object_of(register).pk
    if route in ROUTE_ARGUMENTS:
        kwargs.update(ROUTE_ARGUMENTS[route](register))
    return reverse(route, kwargs=kwargs)


def seated_in(username: str, partnership: Partnership) -> bool:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        return False
    on = timezone.localdate()  # the policy reads today's seats
    return partnerships_of_member(user, on=on).filter(pk=partnership.pk).exists()


def may_open(route: str, person: str, partnership: Partnership) -> bool:
    visibility = ID_ROUTES[route]
    if visibility == "panel":
        return False  # no one here is on the procurement's evaluation panel
    if visibility == "public" or person == "officer":
        return True
    if visibility == "returns":
        return person == "provider-staff" or (
            person == "other-staff" and route not in ROUTE_OBJECTS
        )
    if visibility in ("providers", "providers-own"):
        return person in ("provider-staff", "other-staff")
    return visibility == "register" and seated_in(person, partnership)


def shows_other_providers(person: str, route: str) -> bool:
    """Whether the person opens the route but must not see the test's provider's rows: the
    returns lists (issue 18) and the questions received (issue 16), for the people of
    another provider."""
    return person == "other-staff" and ID_ROUTES[route] in ("returns", "providers-own")


def expected_status(route: str, person: str, partnership: Partnership) -> int | None:
    """The status a GET must answer, where it is the same for everyone; else None."""
    visibility = ID_ROUTES[route]
    if visibility == "post":
        return 405
    if visibility == "public-when-approved":
        return 404  # the test meeting's minutes are not approved: nobody gets a document
    if visibility == "public-when-decided":
        return 404  # the test proposal's vote is open: it has no record yet
    return None


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE, indirect=True)
def test_id_routes_open_only_to_those_the_policy_allows(client, person, register):
    """Each person tries every route (one demo load per person, not per route)."""
    oxfordshire = register.partnership
    wrong = []
    for route in sorted(ID_ROUTES):
        response = client.get(url_for(route, register))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        body = content.decode(errors="replace")
        expected = expected_status(route, person, oxfordshire)
        if expected is not None:
            if response.status_code != expected or MARKER in body:
                wrong.append(f"{route}: {response.status_code}, expected {expected}")
        elif may_open(route, person, oxfordshire):
            if response.status_code != 200:
                wrong.append(f"{route}: {response.status_code}, expected 200")
            elif shows_other_providers(person, route) and MARKER in body:
                wrong.append(f"{route}: shows another provider's service")
        # 401: the API asks an anonymous caller to sign in.
        elif response.status_code not in {401, 403, 404} or MARKER in body:
            wrong.append(f"{route}: {response.status_code} showing the register, expected 403")
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("person", PEOPLE, indirect=True)
def test_the_evaluation_is_the_programme_teams_until_the_award(client, person, register):
    """Before the award (the sitting's open procurement, with the provider's bid) the
    evaluation's page and API answer the programme team only: the members, the bidder's
    people and everyone else are refused, as for the bids themselves (issue 16)."""
    from django.urls import reverse

    addresses = [
        reverse("procurement:evaluation-report", args=["oxfordshire", register.procurement.pk]),
        reverse(
            "api:evaluation_report",
            kwargs={"slug": "oxfordshire", "procurement_id": register.procurement.pk},
        ),
    ]
    for address in addresses:
        response = client.get(address)
        if person == "officer":
            assert response.status_code == 200
            assert MARKER in response.content.decode()
        else:
            assert response.status_code in {302, 401, 403, 404}, (address, response.status_code)
            assert MARKER not in response.content.decode()


@pytest.mark.django_db
def test_the_demo_users_seated_in_oxfordshire_may_read_its_register(register):
    assert all(seated_in(username, register.partnership) for username in SEATED)


@pytest.mark.django_db
@pytest.mark.parametrize("person", ["anonymous", "representative", "officer"], indirect=True)
def test_the_admin_refuses_everyone_but_installation_staff(client, person):
    oxfordshire = Partnership.objects.get(slug="oxfordshire")
    response = client.get(f"/admin/partnerships/partnership/{oxfordshire.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_every_action_of_the_policy_is_asked_somewhere():
    """An action declared and never asked is a rule nobody keeps (audit.export was one)."""
    from pathlib import Path

    from accord import policy

    package = Path(policy.__file__).parent
    source = "\n".join(
        path.read_text()
        for path in package.rglob("*.py")
        if path.name != "policy.py" and "migrations" not in path.parts
    )
    source += "\n".join(path.read_text() for path in package.rglob("*.html"))
    unasked = [action for action in policy.POLICY if f'"{action}"' not in source]
    assert unasked == []
