"""The security log: one JSON object a line, for a SIEM (OWASP ASVS 4.0.3, 7.1 and 7.2).

Every audit event is written here once its transaction commits (``accord.audit.services``),
and so are the security events that change nothing and so stay out of the audit trail's
hash chain: failed sign-ins, sign-in lockouts, a password accepted before its second
factor, permission refusals (``accord.policy.require``), refused API tokens. Each line says
when (``time``, UTC), what (``event``, ``outcome``: ``success`` or ``failure``), who
(``user_id``, ``username``), from where (``client_address``, ``user_agent``), in which
request (``request_id``, ``method``, ``path``) and partnership (``partnership_id``), and the
event's own details. Never a password, code or token: only what is named here.

The logger is ``accord.security``; settings.LOGGING sends it to ``ACCORD_SECURITY_LOG``
(docs/deployment.md).
"""

import logging
import logging.handlers
from pathlib import Path
from typing import Any

from .requests import current_request, current_request_id

logger = logging.getLogger("accord.security")

SUCCESS = "success"
FAILURE = "failure"
# An attempted username is kept to this length: what was typed in the username box is not
# always a username, and the log must stay one short line.
USERNAME_LENGTH = 150


def security_line(
    event: str,
    *,
    outcome: str,
    user_id: int | None = None,
    username: str = "",
    partnership_id: int | None = None,
    **details: Any,
) -> dict[str, Any]:
    """The fields of one line, with the request in progress (none outside one)."""
    facts = current_request()
    return {
        "event": event,
        "outcome": outcome,
        "user_id": user_id,
        "username": username[:USERNAME_LENGTH],
        "client_address": facts.client_address,
        "user_agent": facts.user_agent,
        "request_id": current_request_id(),
        "method": facts.method,
        "path": facts.path,
        "partnership_id": partnership_id,
        **details,
    }


def security_write(line: dict[str, Any]) -> None:
    """Write a line made by ``security_line`` (perhaps later: an audit event's, once its
    transaction has committed)."""
    logger.info(line["event"], extra=line)


def security_event(
    event: str,
    *,
    outcome: str,
    user_id: int | None = None,
    username: str = "",
    partnership_id: int | None = None,
    **details: Any,
) -> None:
    """Write one line to the security log now."""
    security_write(
        security_line(
            event,
            outcome=outcome,
            user_id=user_id,
            username=username,
            partnership_id=partnership_id,
            **details,
        )
    )


def user_fields(user: Any) -> dict[str, Any]:
    """``user_id`` and ``username`` of a user, or none for an anonymous visitor."""
    if user is None or not user.is_authenticated:
        return {"user_id": None, "username": ""}
    return {"user_id": user.pk, "username": user.get_username()}


def security_handler(path: str) -> logging.Handler:
    """Where settings.LOGGING sends the security log: ``-`` is standard error; anything else
    a file, appended to by every process, and reopened when logrotate has moved it away."""
    if path == "-":
        return logging.StreamHandler()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return logging.handlers.WatchedFileHandler(path, encoding="utf-8", delay=True)
