"""The domain's refusal: one error type that views, the API and commands all understand."""


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
