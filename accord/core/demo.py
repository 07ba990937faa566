"""The demo accounts: one per kind of user in the domain's "Who uses it" table.

`accord demo` creates them; the home page of a demo installation lists them so that
a newcomer can sign in as each kind of user. Production never shows them
(settings.ACCORD_SHOW_DEMO_ACCOUNTS).
"""

from dataclasses import dataclass

DEMO_PASSWORD = "accord-demo-2009"


@dataclass(frozen=True)
class DemoAccount:
    """A demo user, named by role title as the register names people (seed style:
    "Lead Member, Cherwell District Council"), never by an invented personal name."""

    username: str
    title: str
    role: str
    is_superuser: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "officer",
        "Supporting People Programme Officer, Oxfordshire County Council",
        "Programme officer (administering authority)",
    ),
    DemoAccount(
        "representative",
        "Lead Member, West Oxfordshire District Council",
        "Partner representative on the Commissioning Body",
    ),
    DemoAccount(
        "strategy",
        "Housing Strategy Officer, Cherwell District Council",
        "Core Strategy Group officer",
    ),
    DemoAccount(
        "serviceuser",
        "Service User Representative, Service User Working Group",
        "Service user representative",
    ),
    DemoAccount(
        "provider",
        "Provider Representative, Core Strategy Group",
        "Provider",
    ),
    DemoAccount(
        "chiefexec",
        "Chief Executive, Oxfordshire County Council",
        "Chief executive (escalation)",
    ),
    DemoAccount(
        "scrutiny",
        "Scrutiny Committee Member, Oxfordshire County Council",
        "Scrutiny committee member",
    ),
    DemoAccount(
        "client",
        "Client Officer, Cheltenham Borough Council",
        "Client officer (ALMO monitoring)",
    ),
    # Issue 18: a provider's own sign-in, for Keystone in Gloucestershire (illustrative: the
    # seeds name no provider's staff). It sees and submits its services' returns only.
    DemoAccount(
        "keystone",
        "Contracts Manager, Keystone Care and Support Ltd",
        "Provider's staff: its own services' returns (Gloucestershire)",
    ),
    DemoAccount("admin", "Installation Administrator", "Installation administrator", True),
)
