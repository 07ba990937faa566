"""What Accord writes to its logs: no secrets, no personal data markers, always the request id.

``ScrubFilter`` sits on the root handler (settings.LOGGING), so every record from every
library passes through it. It formats the message with its arguments, masks what must not
be kept, and stores the result, so no later handler sees the raw values.
"""

import logging
import re

from .requests import current_request_id

MASK = "[removed]"

# key=value, key: value, "key": "value" and key='value' pairs whose key names a secret.
# "code" covers one-time codes and recovery codes (and postcodes).
SECRET_PAIR = re.compile(
    r"""(?ix)
    (?P<key>[\w-]*(?:password|passwd|pwd|token|secret|otp|code|api_?key|private_?key
        |session_?(?:id|key)|cookie|csrf)[\w-]*)
    (?P<sep>['"]?\s*[:=]\s*)
    (?:
        (?P<quote>['"])(?P<quoted>.*?)(?P=quote)   # a quoted value, spaces and all
      | (?P<bare>[^\s'",;&)}\]]+)                    # or up to the next separator
    )
    """
)
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# UK National Insurance number: two letters, six digits, a suffix A-D (HMRC's format). Any
# two letters, not only valid prefixes: the example numbers people test with start QQ.
NI_NUMBER = re.compile(r"(?i)\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b")


def _mask_pair(match: re.Match[str]) -> str:
    quote = match.group("quote") or ""
    return f"{match.group('key')}{match.group('sep')}{quote}{MASK}{quote}"


def scrub(text: str) -> str:
    """The text with secrets' values, e-mail addresses and NI numbers masked."""
    text = SECRET_PAIR.sub(_mask_pair, text)
    text = EMAIL.sub("[email]", text)
    return NI_NUMBER.sub("[NI number]", text)


class ScrubFilter(logging.Filter):
    """Masks secrets and personal data markers, and adds ``request_id`` to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = f"{record.msg} {record.args}"
        record.msg = scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True
