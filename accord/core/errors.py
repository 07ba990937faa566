"""The domain's refusal: one error type that views, the API and commands all understand."""

API_PREFIX = "/api/"


def error_body(code: str, message: str, field: str | None = None) -> dict[str, object]:
    """The one shape of every error the API answers (docs/api.md, "Errors")."""
    return {"error": {"code": code, "message": message, "field": field}}


class AccordError(Exception):
    """An operation the rules of the partnership do not allow, or input that makes no sense.

    ``field`` names the input at fault, where there is one, so that forms and the API
    can put the message next to it.
    """

    def __init__(self, message: str, *, field: str | None = None, code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def refusal_text(error: Exception) -> str:
    """The words to show for a refused button: an AccordError's message, or a
    ValidationError's messages (Django's), each as the person should read them."""
    if isinstance(error, AccordError):
        return error.message
    messages = getattr(error, "messages", None)
    return " ".join(str(m) for m in messages) if messages else str(error)


class PreconditionRequired(AccordError):
    """A change of a record that did not say which version of it the caller read (HTTP 428:
    send the ETag of the record as ``If-Match``)."""

    def __init__(self, message: str = "Say which version you change: send If-Match") -> None:
        super().__init__(message, code="precondition_required")


class PreconditionFailed(AccordError):
    """A change of a record that someone else has changed since the caller read it (HTTP
    412): nothing is changed; read it again and decide."""

    def __init__(
        self, message: str = "The record has changed since you read it: read it again"
    ) -> None:
        super().__init__(message, code="stale")
