"""The demo's partnership governance standards (Oxfordshire).

Seed 000 paras 3-6: in July 2009 the Oxfordshire Public Service Board approved "a 34-page
Oxfordshire Partnership Governance Handbook" and agreed that partnerships "shall, by
September 2009 ... meet the standards set out in the Handbook"; "few of the criticisms in
the original Audit of Partnerships applied" to this partnership. The handbook itself is
not available, so its standards below are plausible ones, invented and marked illustrative
(the handbook's note says so on its page), as are the 2009 self-assessment against them and
the audit's date, auditor, rating and findings. What the seed does give is used where it
falls: the service user representatives on the Core Strategy Group from 2 September 2009
(para 10), and the conflict-resolution question before the Commissioning Body on
11 December 2009 (paras 16-19).

Loading twice creates nothing."""

import datetime

from accord.assurance import services
from accord.assurance.models import Handbook
from accord.partnerships.models import Partnership

from . import oxfordshire as oxon

TITLE = "Oxfordshire Partnership Governance Handbook"
ADOPTED_ON = datetime.date(2009, 7, 1)  # "the Public Service Board meeting in July 2009"
DEADLINE = datetime.date(2009, 9, 30)  # "by September 2009"
NOTE = (
    "The Public Service Board approved a 34-page handbook of governance standards in July "
    "2009. The handbook itself is not available here: the standards below are plausible "
    "examples of what such a handbook asks, invented for the demonstration, not its own."
)
STANDARD_FIELDS = ["reference", "title", "evidence"]
ROW_FIELDS = ["compliance", "evidence", "action", "owner", "due_on"]
PROGRAMME_MANAGER = "Supporting People Programme Manager"

# (reference, standard, evidence that shows it is met)
STANDARDS = [
    ("1.1", "The partnership has written terms of reference or an agreement setting out its "
     "purpose, membership and powers, reviewed at least every three years",
     "The signed agreement; the minutes recording its last review"),
    ("1.2", "Members, whom they represent and whether they vote are recorded and published",
     "A register of members, kept up to date"),
    ("2.1", "How decisions are made (quorum, voting, what needs every partner's consent) is set "
     "out and followed", "The agreement's decision rules; minutes recording each vote"),
    ("2.2", "There is a procedure for resolving disagreement between partners, with "
     "escalation, that leads to a decision", "The written procedure; records of its use"),
    ("2.3", "Members declare their interests and the declarations are minuted",
     "Declarations in the minutes of each meeting"),
    ("3.1", "The partnership reports at least once a year to the Public Service Board and to "
     "its partners", "The annual report and the minutes of the meetings it went to"),
    ("3.2", "Pooled funds are held under an agreed financial framework: who holds them, how "
     "an overspend or underspend is shared, and how they are audited",
     "The financial framework; the year-end statement"),
    ("3.3", "The partnership keeps a risk register and reviews it at least once a year",
     "The risk register and the minutes of its review"),
    ("4.1", "The partnership sets targets and monitors performance against them",
     "Performance reports to the partnership's meetings"),
    ("4.2", "People who use services are involved in the partnership's decision making, with "
     "training and support to take part", "Membership of service user representatives; "
     "records of their training and support"),
    ("5.1", "Agendas, papers and minutes are published, other than exempt items",
     "The published agendas and minutes"),
]  # fmt: skip

# The 2009 self-assessment, standard by standard: (compliance, evidence, action, due).
ASSESSMENT = {
    "1.1": ("met", "Memorandum of Understanding signed by all eight partners", "", None),
    "1.2": ("met", "Membership of the Commissioning Body and the Core Strategy Group recorded",
            "", None),
    "2.1": ("met", "Unanimity of all eight partners, as the Memorandum provides", "", None),
    "2.2": ("partly_met",
            "Escalation to the local authority chief executives; no rule for a dispute they "
            "cannot resolve", "Commissioning Body to decide whether a majority decision is "
            "allowed at a second meeting", datetime.date(2009, 12, 11)),
    "2.3": ("met", "Declarations minuted at each meeting", "", None),
    "3.1": ("met", "Annual report to the Public Service Board", "", None),
    "3.2": ("met", "Pooled budget held by the County Council with agreed risk shares", "",
            None),
    "3.3": ("partly_met", "Risks reported with the annual plan; no separate register",
            "Keep a risk register and review it each year at the Core Strategy Group",
            datetime.date(2010, 3, 31)),
    "4.1": ("met", "Quarterly performance reports to the Core Strategy Group", "", None),
    "4.2": ("partly_met",
            "Two representatives of the Service User Working Group sit on the Core Strategy "
            "Group from 2 September 2009; none on the Commissioning Body",
            "Put in place processes for service users and providers to attend and contribute "
            "at the Commissioning Body", datetime.date(2010, 3, 31)),
    "5.1": ("met", "Agendas and minutes published on the County Council's website", "", None),
}  # fmt: skip


def load_standards(partnership: Partnership) -> bool:
    """Oxfordshire's handbook, its 2009 self-assessment and the audit; True when it created
    them (none before)."""
    if partnership.slug != "oxfordshire":
        return False
    if Handbook.objects.filter(partnership=partnership, title=TITLE).exists():
        return False
    handbook = services.handbook_adopt(
        actor=None,
        partnership=partnership,
        title=TITLE,
        adopted_by=oxon.PUBLIC_SERVICE_BOARD,
        adopted_on=ADOPTED_ON,
        deadline=DEADLINE,
        note=NOTE,
        illustrative=["adopted_on"],
    )
    standards = {
        reference: services.standard_add(
            actor=None,
            handbook=handbook,
            reference=reference,
            title=title,
            evidence=evidence,
            illustrative=STANDARD_FIELDS,
        )
        for reference, title, evidence in STANDARDS
    }
    assessment = services.self_assessment_create(
        actor=None,
        handbook=handbook,
        assessed_on=DEADLINE,
        assessed_by=oxon.CORE_STRATEGY_GROUP,
        illustrative=["assessed_on", "assessed_by"],
    )
    for reference, (compliance, evidence, action, due_on) in ASSESSMENT.items():
        services.standard_assess(
            actor=None,
            assessment=assessment,
            standard=standards[reference],
            compliance=compliance,
            evidence=evidence,
            action=action,
            owner=PROGRAMME_MANAGER if action else "",
            due_on=due_on,
            illustrative=ROW_FIELDS,
        )
    audit = services.governance_audit_record(
        actor=None,
        partnership=partnership,
        auditor="Oxfordshire County Council Internal Audit",
        audited_on=datetime.date(2008, 10, 31),
        risk="low",
        summary="An audit of the county's partnerships' governance. Few of its criticisms "
        "applied to this partnership.",
        illustrative=["auditor", "audited_on", "risk"],
    )
    finding = services.audit_finding_add(
        actor=None,
        audit=audit,
        finding="The partnership's risks are reported with its annual plan but are not kept "
        "in a risk register reviewed by the partnership.",
        risk="medium",
        illustrative=["finding", "risk"],
    )
    done = services.audit_action_add(
        actor=None,
        finding=finding,
        action="Report the partnership's risks to the Core Strategy Group with the annual plan",
        owner=PROGRAMME_MANAGER,
        due_on=datetime.date(2009, 3, 31),
        illustrative=["action", "owner", "due_on"],
    )
    services.audit_action_complete(
        actor=None,
        item=done,
        done_on=datetime.date(2009, 3, 4),
        note="Risks reported with the annual plan 2009-10.",
    )
    return True
