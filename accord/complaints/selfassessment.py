"""The Complaint Handling Code's self-assessment (issue 19, "Monitoring"): each provision,
whether it is met, the evidence and the actions, for a financial year, published with the
annual complaints performance report (reference.md §8: the governing body approves it at
least annually; commissioning-reference.md §6: a table of provision number, requirement,
comply yes/no, evidence, commentary).

The provisions are data, and only what Accord's sources give: the Housing Ombudsman Code
2024's nine sections and the provisions of section 6 that landlords' published
self-assessments quote or summarise (commissioning-reference.md §6), and what reference.md
§8 says of the Local Government and Social Care Ombudsman's Code. Where a source quotes a
provision, its words are the requirement; where it only summarises one, or names a section
without its provisions, the summary is shown as such and the requirement is left for the
partnership to fill in: Accord never writes a provision's text itself.

Whether a provision about the timescales or the stage 2 handler is met is computed from the
complaints that follow the Code and whose stage opened in the year, on the Code's own
working days (the partnership's policy may set others: the Code's are what it is assessed
against); the others are answered by officers (``ProvisionAnswer``, through
``services.provision_assess``).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from accord.calendar.working_days import WorkingDays
from accord.core.money import financial_year_bounds
from accord.partnerships.models import Partnership

from . import codes, selectors
from .clocks import calendar
from .models import Met, ProvisionAnswer, Stage

HO = "hos-2024"
LGSCO = "lgsco-2026"
HO_CODE_PAGE = (
    "https://housing-ombudsman.org.uk/landlords-info/complaint-handling-code/the-code-2024"
)
SLOUGH = (
    "https://slough.gov.uk/complaints-feedback/"
    "housing-ombudsman-complaint-handling-code-self-assessment/6"
)
YARMOUTH = "https://www.great-yarmouth.gov.uk/article/8963/Complaint-stages"
HOUSING21 = (
    "https://www.housing21.org.uk/resident-information/get-involved-engagement-and-feedback/"
    "feedback-and-complaints/complaints/timeline-for-complaints/"
)
LGSCO_CODE = "https://llg.org.uk/news/the-lgsco-release-the-complaint-handling-code"
SOUTHAMPTON = (
    "https://southampton.gov.uk/housing/housing-online-documents/"
    "complaint-handling-code-self-assessment-2024"
)
FILL_IN = "To be filled in by the partnership: Accord's sources do not give this provision's text"


@dataclass(frozen=True)
class Provision:
    """One row of a self-assessment. ``requirement``: the provision's words where a source
    quotes them, else empty (the partnership states it); ``summary``: what a source says
    of it otherwise; ``check``: the computed test of whether it is met, if any."""

    key: str
    number: str
    title: str
    requirement: str
    summary: str
    source: str
    check: str = ""

    @property
    def computed(self) -> bool:
        return bool(self.check)

    @property
    def sourced(self) -> bool:
        return bool(self.requirement)


def _section(number: int, title: str, summary: str = "") -> Provision:
    return Provision(
        str(number),
        f"Section {number}",
        title,
        "",
        summary
        or f"The Code's section {number} ({title.lower()}); its provisions are not in "
        "Accord's sources",
        HO_CODE_PAGE,
    )


PROVISIONS: dict[str, tuple[Provision, ...]] = {
    HO: (
        _section(
            1,
            "Definition of a complaint",
            'The Code defines a complaint as "an expression of dissatisfaction, however '
            "made, about the standard of service, actions or lack of action by the "
            "landlord, its own staff, or those acting on its behalf, affecting a resident or "
            'group of residents"; a first report may be a service request',
        ),
        _section(2, "Exclusions"),
        _section(3, "Accessibility and awareness"),
        _section(4, "Complaint handling staff"),
        _section(5, "The complaint handling process", "The process has exactly two stages"),
        Provision(
            "6.1",
            "6.1",
            "Early resolution or investigation",
            "",
            "Processes to decide which complaints can be answered early and which need "
            "investigation, considering complexity and vulnerability",
            SLOUGH,
        ),
        Provision(
            "6.2",
            "6.2",
            "Stage 1 acknowledgement",
            "Complaints must be acknowledged, defined and logged at stage 1 … within five "
            "working days of the complaint being received.",
            "",
            SLOUGH,
            "stage1_acknowledged",
        ),
        Provision(
            "6.3",
            "6.3",
            "Stage 1 response",
            "Landlords must issue a full response to stage 1 complaints within 10 working "
            "days of the complaint being acknowledged.",
            "",
            SLOUGH,
            "stage1_responded",
        ),
        Provision(
            "stage1-extension",
            "",
            "Stage 1 extension",
            "",
            'Any extension at stage 1 "no more than 10 working days without good reason", '
            "with reasons and a date, in writing",
            SLOUGH + "; " + YARMOUTH,
            "stage1_extension",
        ),
        Provision(
            "6.10",
            "6.10",
            "Progressing to stage 2",
            "",
            "Unresolved complaints progress to stage 2, the final response",
            SLOUGH,
        ),
        Provision(
            "6.11",
            "6.11",
            "Stage 2 acknowledgement",
            "",
            "Stage 2 requests are acknowledged, defined and logged within five working days "
            "of the escalation request",
            SLOUGH,
            "stage2_acknowledged",
        ),
        Provision(
            "6.12",
            "6.12",
            "No reasons asked for stage 2",
            "",
            "Residents must not be required to explain why they want stage 2",
            SLOUGH,
        ),
        Provision(
            "6.13",
            "6.13",
            "A different stage 2 handler",
            "",
            "The stage 2 handler must not be the stage 1 handler",
            SLOUGH,
            "stage2_handler",
        ),
        Provision(
            "stage2-response",
            "",
            "Stage 2 response",
            "",
            "Stage 2 responses are due within 20 working days of the acknowledgement, with "
            "an extension of up to 20 more",
            HOUSING21,
            "stage2_responded",
        ),
        Provision(
            "extension-ombudsman",
            "",
            "The Ombudsman's details with an extension",
            "",
            "When told of an extension, residents must be given the Ombudsman's contact details",
            HOUSING21,
        ),
        _section(7, "Putting things right"),
        _section(
            8,
            "Self-assessment, reporting and compliance",
            "The governing body approves the self-assessment at least annually; it is "
            "published in the annual complaints performance and service improvement report "
            "with the governing body's response",
        ),
        _section(
            9,
            "Scrutiny and oversight",
            "Scrutiny includes a Member Responsible for Complaints",
        ),
    ),
    LGSCO: (
        Provision(
            "stage1-acknowledge",
            "",
            "Stage 1 acknowledgement",
            "",
            "The same timescales as the Housing Ombudsman's Code: acknowledged within 5 "
            "working days",
            LGSCO_CODE,
            "stage1_acknowledged",
        ),
        Provision(
            "stage1-response",
            "",
            "Stage 1 response",
            "",
            "Answered within 10 working days of the acknowledgement",
            LGSCO_CODE,
            "stage1_responded",
        ),
        Provision(
            "stage2-acknowledge",
            "",
            "Stage 2 acknowledgement",
            "",
            "Acknowledged within 5 working days of the escalation",
            LGSCO_CODE,
            "stage2_acknowledged",
        ),
        Provision(
            "stage2-response",
            "",
            "Stage 2 response",
            "",
            "Answered within 20 working days of the acknowledgement",
            LGSCO_CODE,
            "stage2_responded",
        ),
        Provision(
            "stage2-handler",
            "",
            "A different stage 2 handler",
            "",
            "The stage 2 handler must differ from stage 1's",
            LGSCO_CODE,
            "stage2_handler",
        ),
        Provision(
            "annual-report",
            "",
            "Annual report",
            "",
            "An annual report is required",
            LGSCO_CODE,
        ),
        Provision(
            "other",
            "",
            "The Code's other provisions",
            "",
            "The Code's other provisions are not in Accord's sources",
            LGSCO_CODE,
        ),
    ),
}

# The Codes' timescales in working days (reference.md §8): acknowledge, respond, extend.
TIMESCALES = {1: (5, 10, 10), 2: (5, 20, 20)}


def provision_for(code: str, key: str) -> Provision | None:
    return next((p for p in PROVISIONS.get(code, ()) if p.key == key), None)


@dataclass(frozen=True)
class Computed:
    cases: int
    met_cases: int
    what: str  # what was counted, as a sentence's subject

    @property
    def met(self) -> str:
        if not self.cases:
            return ""
        return Met.YES if self.met_cases == self.cases else Met.NO

    @property
    def evidence(self) -> str:
        if not self.cases:
            return f"No {self.what} in the year to compute from"
        percent = round(100 * self.met_cases / self.cases)
        return f"{self.met_cases} of {self.cases} {self.what} ({percent}%)"


def _due(stage: Stage, cal: WorkingDays) -> tuple[datetime.date, datetime.date, datetime.date]:
    acknowledge, respond, extend = TIMESCALES[stage.number]
    acknowledge_by = cal.after(stage.opened_on, acknowledge)
    base = cal.after(stage.acknowledged_on or acknowledge_by, respond)
    return acknowledge_by, base, cal.after(base, extend)


def _acknowledged(number: int) -> Callable[[list[Stage], WorkingDays, datetime.date], Computed]:
    def check(stages: list[Stage], cal: WorkingDays, today: datetime.date) -> Computed:
        cases = met = 0
        for stage in stages:
            if stage.number != number:
                continue
            acknowledge_by, _, _ = _due(stage, cal)
            if stage.acknowledged_on is None and today <= acknowledge_by:
                continue  # not yet due
            cases += 1
            met += stage.acknowledged_on is not None and stage.acknowledged_on <= acknowledge_by
        return Computed(cases, met, f"stage {number} complaints acknowledged within 5 working days")

    return check


def _responded(number: int) -> Callable[[list[Stage], WorkingDays, datetime.date], Computed]:
    days = TIMESCALES[number][1]

    def check(stages: list[Stage], cal: WorkingDays, today: datetime.date) -> Computed:
        cases = met = 0
        for stage in stages:
            if stage.number != number:
                continue
            _, base, _ = _due(stage, cal)
            respond_by = stage.extended_to or base
            if stage.responded_on is None and today <= respond_by:
                continue
            cases += 1
            met += stage.responded_on is not None and stage.responded_on <= respond_by
        return Computed(
            cases,
            met,
            f"stage {number} responses within {days} working days of the acknowledgement "
            "(or the extended date)",
        )

    return check


def _extension(number: int) -> Callable[[list[Stage], WorkingDays, datetime.date], Computed]:
    days = TIMESCALES[number][2]

    def check(stages: list[Stage], cal: WorkingDays, today: datetime.date) -> Computed:
        cases = met = 0
        for stage in stages:
            if stage.number != number or stage.extended_to is None:
                continue
            _, _, limit = _due(stage, cal)
            cases += 1
            met += bool(
                stage.extended_to <= limit
                and stage.extension_reason.strip()
                and stage.extension_told_on is not None
            )
        return Computed(
            cases,
            met,
            f"stage {number} extensions of no more than {days} working days, with a reason "
            "and the complainant told in writing",
        )

    return check


def _handler(stages: list[Stage], cal: WorkingDays, today: datetime.date) -> Computed:
    cases = met = 0
    for stage in stages:
        if stage.number != 2:
            continue
        first = next((s for s in stage.complaint.stages.all() if s.number == 1), None)
        cases += 1
        met += first is None or first.handler_id != stage.handler_id
    return Computed(cases, met, "stage 2 complaints handled by someone other than stage 1's")


CHECKS: dict[str, Callable[[list[Stage], WorkingDays, datetime.date], Computed]] = {
    "stage1_acknowledged": _acknowledged(1),
    "stage1_responded": _responded(1),
    "stage1_extension": _extension(1),
    "stage2_acknowledged": _acknowledged(2),
    "stage2_responded": _responded(2),
    "stage2_handler": _handler,
}


@dataclass(frozen=True)
class Row:
    provision: Provision
    computed: Computed | None
    answer: ProvisionAnswer | None

    @property
    def requirement(self) -> str:
        if self.provision.requirement:
            return self.provision.requirement
        return self.answer.requirement if self.answer and self.answer.requirement else ""

    @property
    def met(self) -> str:
        if self.computed is not None:
            return self.computed.met
        return self.answer.met if self.answer else ""

    @property
    def met_label(self) -> str:
        return (
            Met(self.met).label
            if self.met
            else "Not yet answered"
            if (self.computed is None)
            else "Nothing to compute from"
        )

    @property
    def evidence(self) -> list[str]:
        found = [self.computed.evidence] if self.computed is not None else []
        if self.answer and self.answer.evidence:
            found.append(self.answer.evidence)
        return found

    @property
    def actions(self) -> str:
        return self.answer.actions if self.answer else ""


@dataclass(frozen=True)
class SelfAssessment:
    code: codes.Code
    financial_year: int
    rows: list[Row]


def self_assessment(
    partnership: Partnership, *, code: codes.Code, financial_year: int, today: datetime.date
) -> SelfAssessment:
    """Each provision of the Code for the year: computed where the data can say, with the
    officers' answers (three queries whatever the number of complaints)."""
    first, last = financial_year_bounds(financial_year)
    stages = list(selectors.assessment_stages(partnership, code=code.key, first=first, last=last))
    answers = selectors.provision_answers(partnership, code=code.key, financial_year=financial_year)
    cal = calendar()
    rows = [
        Row(
            provision,
            CHECKS[provision.check](stages, cal, today) if provision.check else None,
            answers.get(provision.key),
        )
        for provision in PROVISIONS.get(code.key, ())
    ]
    return SelfAssessment(code, financial_year, rows)
