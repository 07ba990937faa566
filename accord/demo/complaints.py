"""The demo's complaints (issue 19): 18 in each demo partnership from 2019 to 2026, about
its Supporting People services and providers and about the administering authority,
through the complaints services, so they are audited and their clocks real.

Seed 004 asks for complaints' details, outcomes, lessons learnt and improvement actions,
with service failure distinguished from policy, standards and communications issues, and
the ombudsman at the end. Everything here is invented: every complainant is a fictional
person with an example.org address, and every value is marked illustrative. Each outcome
and each classification occurs; two complaints go to the ombudsman (one in each
partnership). Loading twice creates nothing.
"""

import datetime
from typing import Any

from django.contrib.auth import get_user_model

from accord.commissioning.models import Service
from accord.complaints import services as complaints
from accord.complaints.clocks import calendar, clock
from accord.complaints.models import Complaint, Stage
from accord.partnerships.models import Partnership

# Fictional complainants: names no one has been given for real use in a document, but
# clearly invented (the e-mail domain is reserved for examples, RFC 2606).
PEOPLE = [
    "Alex Example", "Sam Sample", "Jo Placeholder", "Chris Fictional", "Pat Invented",
    "Robin Madeup", "Morgan Notreal", "Casey Pretend", "Jamie Dummy",
]  # fmt: skip
CHANNELS = ["letter", "email", "telephone", "in_person", "online", "advocate"]
OUTCOMES = ["upheld", "partly_upheld", "not_upheld"]
CLASSES = [
    ["service_failure"],
    ["policy_issue"],
    ["standards_issue"],
    ["communications_issue"],
    ["service_failure", "communications_issue"],
    ["policy_issue", "standards_issue"],
]
SUMMARIES = [
    "Support visits were missed without notice.",
    "The eligibility rules for the service were not explained.",
    "The accommodation was not kept to the standard promised.",
    "Letters were sent in a format the complainant could not read.",
    "A move-on plan was not followed up.",
    "The referral took too long to be decided.",
]
LESSONS = [
    ("Missed visits were not rearranged when a worker was ill", "Cover rota for sickness"),
    ("The eligibility criteria were not published in plain English", "Plain English leaflet"),
    ("Repairs in shared areas were not checked", "Monthly check of shared areas"),
    ("Accessible formats were not asked for at referral", "Ask for formats at referral"),
]
FIELDS = [
    "complainant_name", "complainant_email", "summary", "desired_outcome", "received_on",
    "channel",
]  # fmt: skip
COUNT = 18


def load_complaints(partnership: Partnership) -> bool:
    """The partnership's demo complaints; True when it created them (none before)."""
    if Complaint.objects.filter(partnership=partnership).exists():
        return False
    users = get_user_model().objects
    first, second = users.get(username="officer"), users.get(username="client")
    services = list(Service.objects.filter(partnership=partnership).order_by("reference")[:9])
    cal = calendar()
    for n in range(COUNT):
        received = datetime.date(2019 + n % 8, 1 + (n * 5) % 10, 3 + (n * 7) % 24)
        service = services[n % len(services)] if services and n % 3 else None
        made = complaints.complaint_receive(
            actor=None,
            partnership=partnership,
            handler=first,
            subject_kind="provider" if service else "authority",
            service=service,
            received_on=received,
            channel=CHANNELS[n % len(CHANNELS)],
            complainant_name=PEOPLE[n % len(PEOPLE)],
            complainant_email=f"{PEOPLE[n % len(PEOPLE)].lower().replace(' ', '.')}@example.org",
            summary=SUMMARIES[n % len(SUMMARIES)],
            desired_outcome="An apology and the service put right.",
            adjustments="Large print letters" if n % 5 == 0 else "",
            format="large_print" if n % 5 == 0 else "",
            illustrative=FIELDS,
        )
        _stage(made, 1, n, cal)
        escalate = n % 4 == 1 or n in (5, 13)
        if escalate:
            one = Stage.objects.get(complaint=made, number=1)
            complaints.complaint_escalate(
                actor=None,
                complaint=made,
                requested_on=cal.after(one.responded_on or one.opened_on, 3),
                handler=second,
            )
            _stage(made, 2, n, cal)
        last = (
            Stage.objects.filter(complaint=made)
            .order_by("-number")
            .get(number=2 if escalate else 1)
        )
        answered = last.responded_on or received
        if n % 3 == 0:
            lesson_text, action_text = LESSONS[n % len(LESSONS)]
            lesson = complaints.lesson_add(
                actor=None, complaint=made, text=lesson_text, illustrative=["text"]
            )
            action = complaints.action_add(
                actor=None,
                lesson=lesson,
                description=action_text,
                owner="Service manager",
                due_on=answered + datetime.timedelta(days=60),
                illustrative=["description", "owner", "due_on"],
            )
            if received.year < 2026:
                complaints.action_complete(
                    actor=None,
                    action=action,
                    done_on=answered + datetime.timedelta(days=45),
                )
        if n % 8 != 7:  # two left open, answered but not yet closed
            complaints.complaint_close(
                actor=None, complaint=made, closed_on=answered + datetime.timedelta(days=1)
            )
        if n == 5:  # one referral in each partnership
            referral = complaints.referral_record(
                actor=None,
                complaint=made,
                referred_on=answered + datetime.timedelta(days=30),
                illustrative=["referred_on"],
            )
            complaints.referral_determine(
                actor=None,
                referral=referral,
                determination="maladministration" if partnership.slug < "h" else "no_fault",
                determined_on=answered + datetime.timedelta(days=150),
                remedy_ordered="An apology and £250 for time and trouble (illustrative)",
            )
    return True


def _stage(made: Complaint, number: int, n: int, cal: Any) -> None:
    stage = Stage.objects.get(complaint=made, number=number)
    acknowledged = cal.after(stage.opened_on, 2 + n % 4)
    stage = complaints.stage_acknowledge(actor=None, stage=stage, acknowledged_on=acknowledged)
    if n % 7 == 3:
        due = clock(stage, today=acknowledged, cal=cal).respond_by
        stage = complaints.stage_extend(
            actor=None,
            stage=stage,
            extended_to=cal.after(due, 5),
            reason="Waiting for the provider's records (illustrative)",
            told_on=acknowledged,
        )
    due = clock(stage, today=acknowledged, cal=cal).respond_by
    late = n % 6 == 4
    responded = cal.after(due, 3) if late else cal.after(acknowledged, 4 + n % 5)
    complaints.stage_respond(
        actor=None,
        stage=stage,
        responded_on=responded,
        outcome=OUTCOMES[(n + number) % 3],
        remedy="An apology" if (n + number) % 3 != 2 else "",
        classifications=CLASSES[(n + number) % len(CLASSES)],
    )
