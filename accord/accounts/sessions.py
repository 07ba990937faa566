"""The session engine (``SESSION_ENGINE``): qsessions' database store, whose rows carry the
user, the client's address and browser, and when the session began and was last saved, so
that a person can list and end their own sessions (``selectors.sessions_of``).

qsessions takes the address and browser from the request that loads the session
(``middleware.SessionMiddleware``). A session opened outside a request (a test, a
command) has neither: qsessions would then write both away as unknown the next time it is
saved; this store keeps those of the last request instead.
"""

from typing import Any

from qsessions import IP_SESSION_KEY, USER_AGENT_SESSION_KEY
from qsessions.backends.db import SessionStore as QSessionStore


class SessionStore(QSessionStore):
    def __init__(
        self, session_key: str | None = None, user_agent: str | None = None, ip: str | None = None
    ) -> None:
        super().__init__(session_key, user_agent=user_agent, ip=ip)
        # A request always gives a browser ("" when it names none); nothing else does.
        self.from_request = user_agent is not None

    def load(self) -> dict[str, Any]:
        data: dict[str, Any] = super().load()
        if not self.from_request:
            self.user_agent = data.get(USER_AGENT_SESSION_KEY)
            self.ip = data.get(IP_SESSION_KEY)
            self.modified = False  # nothing has changed: qsessions thought the two had
        return data
