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
