"""The Quality Assessment Framework (QAF) as data: its core objectives and the levels each
is graded at, for the service quality reviews (issue 18).

Sources (``../shared/commissioning-reference.md`` §9 and ``reference.md`` §1):

- QAF 2003: "seven core objectives and eleven supplementary objectives", C1.1 to C1.7, in
  the words below, quoted exactly from Derbyshire's page
  (derbyshire.gov.uk/.../supporting_people/service_providers/QAF/default.asp). Many
  authorities used six, dropping C1.7 (Sunderland); a partnership that did reviews on six
  grades C1.7 or leaves it ungraded (NOT FOUND: which authorities did).
- The revised QAF (QAF2, CLG "Using the QAF", February 2009; Sitra, November 2010): five
  core service objectives, named below; only C1.1's standard statement is quoted in the
  references, so the others are their names only. NOT FOUND: whether level D survived
  the revision (Sitra's FAQ names only A, B and C): Accord keeps D for both, as the
  2003 framework and the Northern Ireland version of March 2009 have it.
- Levels (2003, exact): A excellence, B good practice, C the required minimum, D failing
  the minimum. Grades are cumulative ("a Level A grading must also satisfy all the
  standards at Level C and at Level B", NI version) and every core objective must reach
  at least C: a service graded D on any objective is flagged.

The eleven supplementary objectives are NOT FOUND in the references by name, so they are
not here. Plain Python: no Django.
"""

from dataclasses import dataclass

A, B, C, D = "A", "B", "C", "D"
LEVELS = (A, B, C, D)
# What each level means (QAF 2003, Derbyshire, exact).
LEVEL_MEANS = {
    A: "Denotes excellence and is associated with service providers striving to be leaders "
    "in their field.",
    B: "Denotes good practice and services at this level should be working towards achieving "
    "level A.",
    C: "Means that the service meets the required minimum standard but there is scope for "
    "improvement.",
    D: "Means that the service is failing to meet the minimum quality standard.",
}
# Every core objective must reach at least this level.
MINIMUM = C


def below_minimum(level: str) -> bool:
    """Whether a grade fails the minimum (D): the review and its service are flagged."""
    return level == D


@dataclass(frozen=True)
class Objective:
    code: str  # "C1.1"
    title: str
    statement: str = ""  # the standard's words where a source quotes them


@dataclass(frozen=True)
class Framework:
    code: str
    name: str
    source: str
    objectives: tuple[Objective, ...]

    def objective(self, code: str) -> Objective:
        for one in self.objectives:
            if one.code == code:
                return one
        raise KeyError(code)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(one.code for one in self.objectives)


QAF_2003 = Framework(
    code="qaf2003",
    name="Quality Assessment Framework (2003): seven core objectives",
    source="Derbyshire County Council, Supporting People, Quality Assessment Framework",
    objectives=(
        Objective(
            "C1.1",
            "Needs and risk assessment",
            "Assessments of needs and risks are carried out for all service users.",
        ),
        Objective(
            "C1.2", "Support planning", "Service users have up-to-date support plans in place."
        ),
        Objective(
            "C1.3",
            "Security, health and safety",
            "The security, health and safety of all service users and staff are protected.",
        ),
        Objective(
            "C1.4",
            "Protection from abuse",
            "Service users have the right to be protected from abuse.",
        ),
        Objective(
            "C1.5",
            "Diversity and inclusion",
            "There is a commitment to the values of diversity and inclusion.",
        ),
        Objective(
            "C1.6",
            "Complaints",
            "Users, carers and other stakeholders are made aware of complaints procedures "
            "and how to use them.",
        ),
        Objective(
            "C1.7",
            "Consultation and involvement",
            "Service users are consulted about the services provided and are offered "
            "opportunities to be involved in their running.",
        ),
    ),
)

QAF_2009 = Framework(
    code="qaf2",
    name="Revised Quality Assessment Framework (QAF2, 2009): five core service objectives",
    source="CLG, Using the Quality Assessment Framework (February 2009); Sitra (November 2010)",
    objectives=(
        Objective(
            "C1.1",
            "Assessment and support planning",
            "All clients receive an assessment of their support needs and any associated "
            "risks. All clients have an up-to-date support and risk management plan. "
            "Assessment and support planning procedures place clients' views at the "
            "centre, are managed by skilled staff and involve other professional and/or "
            "carers as appropriate.",
        ),
        Objective("C1.2", "Security, health and safety"),
        Objective("C1.3", "Safeguarding and protection from abuse"),
        Objective("C1.4", "Fair access, diversity and inclusion"),
        Objective("C1.5", "Client involvement and empowerment"),
    ),
)

FRAMEWORKS = {one.code: one for one in (QAF_2003, QAF_2009)}
