"""The annual complaints performance report of a partnership for a financial year (issue
19, "Monitoring"; the Codes ask for one each year, reference.md §8): what the quarterly
analysis counts, added up for the year and shown by quarter, the rates per 100 service
users (and per 1,000 homes for the ALMO's landlord services), each provider's complaints,
the ombudsman's referrals and determinations, and the lessons learnt with the
improvement actions they led to.

Counts and redacted text only: no complainant's details. The only free text it shows
(lessons, actions, remedies ordered) is written by officers, and passes through
``redact`` first, which blanks any complainant's name, e-mail address or telephone number
the partnership holds, and any e-mail address at all. Computed from two reads of the
partnership's complaints and one of its services, whatever their number.
"""

import datetime
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from accord.core.money import financial_year_bounds, financial_year_label
from accord.partnerships.models import Partnership

from . import analysis, codes, rates, selectors
from .analysis import Quarter
from .models import (
    Complaint,
    ComplaintKind,
    Determination,
    ImprovementActionStatus,
    Ombudsman,
    SubjectKind,
)
from .presenting import REDACTED

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redact(text: str, secrets: Iterable[str]) -> str:
    """The text with every secret (a complainant's name, e-mail or telephone number) and
    every e-mail address replaced by "[redacted]", whatever its case."""
    for secret in sorted({s.strip() for s in secrets if s and s.strip()}, key=len, reverse=True):
        text = re.sub(re.escape(secret), REDACTED, text, flags=re.IGNORECASE)
    return EMAIL.sub(REDACTED, text)


def secrets_of(complaints: Iterable[Complaint]) -> set[str]:
    found: set[str] = set()
    for complaint in complaints:
        found.update(
            value
            for value in (
                complaint.complainant_name,
                complaint.complainant_email,
                complaint.complainant_phone,
                complaint.advocate,
            )
            if value
        )
    return found


@dataclass
class ProviderLine:
    provider_id: int
    name: str
    received: int
    rate: rates.Rate


@dataclass
class ReferralLine:
    ombudsman: str
    referred_on: datetime.date
    determination: str
    remedy_ordered: str
    complied_on: datetime.date | None


@dataclass
class ActionLine:
    description: str
    owner: str
    due_on: datetime.date
    status: str
    done_on: datetime.date | None

    @property
    def status_label(self) -> str:
        return ImprovementActionStatus(self.status).label


@dataclass
class LessonLine:
    text: str
    about: str
    actions: list[ActionLine] = field(default_factory=list)


@dataclass
class AnnualReport:
    financial_year: int
    label: str
    first: datetime.date
    last: datetime.date
    quarters: list[Quarter]
    total: Quarter
    programme_rate: rates.Rate
    homes_rate: rates.Rate
    providers: list[ProviderLine]
    referrals: list[ReferralLine]
    determinations: list[tuple[str, int]]
    lessons: list[LessonLine]
    codes: list[codes.Code]


def quarter_names(year: int) -> list[str]:
    return [f"{year}-{(year + 1) % 100:02d} Q{number}" for number in (1, 2, 3, 4)]


def add_up(name: str, quarters: Iterable[Quarter]) -> Quarter:
    total = Quarter(name)
    for q in quarters:
        total.received += q.received
        total.received_about.update(q.received_about)
        total.service_requests += q.service_requests
        total.closed_at_stage.update(q.closed_at_stage)
        total.answered += q.answered
        total.answered_in_time += q.answered_in_time
        total.outcomes.update(q.outcomes)
        total.classifications.update(q.classifications)
        total.referrals += q.referrals
        total.lessons += q.lessons
        total.actions_open += q.actions_open
        total.actions_done += q.actions_done
    return total


def codes_in(year: int, ombudsmen: Iterable[str]) -> list[codes.Code]:
    """The Codes that apply on some day of the financial year, of the ombudsmen the
    partnership's complaints go to (an ALMO's landlord services: the Housing Ombudsman's)."""
    _, last = financial_year_bounds(year)
    seen = set(ombudsmen)
    return [code for code in codes.CODES if code.applies_from <= last and code.ombudsman in seen]


def annual_report(
    partnership: Partnership, *, financial_year: int, today: datetime.date
) -> AnnualReport:
    first, last = financial_year_bounds(financial_year)
    label = financial_year_label(financial_year)
    by_name = {q.name: q for q in analysis.quarterly(partnership, today=today)}
    quarters = [by_name.get(name) or Quarter(name) for name in quarter_names(financial_year)]
    total = add_up(label, quarters)
    known = rates.sizes(partnership)
    names = selectors.providers_named(partnership)
    rows = list(selectors.complaint_analysis_rows(partnership))
    secrets = secrets_of(rows)
    received: Counter[int] = Counter()
    referrals: list[ReferralLine] = []
    lessons: list[LessonLine] = []
    for complaint in rows:
        if complaint.kind == ComplaintKind.SERVICE_REQUEST:
            continue
        if first <= complaint.received_on <= last and complaint.provider_id is not None:
            received[complaint.provider_id] += 1
        for referral in complaint.referrals.all():
            if first <= referral.referred_on <= last:
                referrals.append(
                    ReferralLine(
                        Ombudsman(referral.ombudsman).label,
                        referral.referred_on,
                        Determination(referral.determination).label,
                        redact(referral.remedy_ordered, secrets),
                        referral.complied_on,
                    )
                )
        stages = list(complaint.stages.all())
        answered = (
            (stages[-1].responded_on or stages[-1].opened_on) if stages else complaint.received_on
        )
        if not first <= answered <= last:
            continue
        about = (
            names.get(complaint.provider_id, "")
            if complaint.provider_id
            else SubjectKind(complaint.subject_kind).label
        )
        for lesson in complaint.lessons.all():
            lessons.append(
                LessonLine(
                    redact(lesson.text, secrets),
                    about,
                    [
                        ActionLine(
                            redact(action.description, secrets),
                            redact(action.owner, secrets),
                            action.due_on,
                            action.status,
                            action.done_on,
                        )
                        for action in lesson.actions.all()
                    ],
                )
            )
    providers = [
        ProviderLine(
            pk,
            name,
            received[pk],
            rates.service_user_rate(known, received[pk], first, last, provider_id=pk),
        )
        for pk, name in sorted(names.items(), key=lambda item: item[1])
        if received[pk]
    ]
    determined = Counter(line.determination for line in referrals)
    return AnnualReport(
        financial_year=financial_year,
        label=label,
        first=first,
        last=last,
        quarters=quarters,
        total=total,
        programme_rate=rates.service_user_rate(
            known, rates.programme_complaints(total.received_about), first, last
        ),
        homes_rate=rates.homes_rate(known, total.received_about.get(codes.ALMO, 0), financial_year),
        providers=providers,
        referrals=sorted(referrals, key=lambda line: line.referred_on),
        determinations=sorted(determined.items()),
        lessons=lessons,
        codes=codes_in(financial_year, {complaint.ombudsman for complaint in rows}),
    )


def report_years(partnership: Partnership, *, today: datetime.date) -> list[int]:
    """The financial years with complaints received, and the current one, newest first."""
    years = {
        month.year if month.month >= 4 else month.year - 1
        for month in selectors.complaint_months(partnership)
    }
    years.add(today.year if today.month >= 4 else today.year - 1)
    return sorted(years, reverse=True)
