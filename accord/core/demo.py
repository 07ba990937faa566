"""The demo accounts: one per kind of user in the domain's "Who uses it" table.

`accord demo` creates them; the home page of a demo installation lists them so that
a newcomer can sign in as each kind of user. Production never shows them
(settings.ACCORD_SHOW_DEMO_ACCOUNTS).
"""

from dataclasses import dataclass

DEMO_PASSWORD = "accord-demo-2009"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    is_superuser: bool = False


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("officer", "Olivia", "Okafor", "Programme officer (administering authority)"),
    DemoAccount("representative", "Rupert", "Reeve", "Partner representative (lead member)"),
    DemoAccount("strategy", "Sunita", "Shah", "Core Strategy Group officer"),
    DemoAccount("serviceuser", "Sam", "Ussher", "Service user representative"),
    DemoAccount("provider", "Priya", "Patel", "Provider (support services)"),
    DemoAccount("chiefexec", "Charles", "Edwards", "Chief executive (escalation)"),
    DemoAccount("scrutiny", "Sarah", "Cole", "Scrutiny committee member"),
    DemoAccount("client", "Colin", "Lee", "Client officer (ALMO monitoring)"),
    DemoAccount("admin", "Ada", "Min", "Installation administrator", is_superuser=True),
)
