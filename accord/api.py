"""The JSON API: one NinjaAPI, one router per app, one shape for every error.

OpenAPI document: /api/openapi.json; interactive documentation: /api/docs.
Every error answers ``{"error": {"code": ..., "message": ..., "field": ...}}``.
"""

import copy
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation
from ninja.parser import Parser
from ninja.types import DictStrAny

from accord.assurance.api import router as assurance_router
from accord.audit.api import router as audit_router
from accord.budget.api import router as budget_router
from accord.budget.scenario_api import router as scenario_router
from accord.commissioning.api import router as commissioning_router
from accord.commissioning.staff_api import router as provider_staff_router
from accord.commissioning.strategy_api import router as strategy_router
from accord.commissioning.variation_api import router as variation_router
from accord.complaints.api import router as complaints_router
from accord.complaints.report_api import router as complaints_report_router
from accord.complaints.write_api import router as complaints_write_router
from accord.core.errors import (
    AccordError,
    PreconditionFailed,
    PreconditionRequired,
    error_body,
)
from accord.core.text import text_problem
from accord.decisions.api import router as decisions_router
from accord.governance.api import router as governance_router
from accord.meetings.api import router as meetings_router
from accord.notifications.api import router as notifications_router
from accord.performance.api import router as performance_router
from accord.performance.report_api import router as performance_report_router
from accord.performance.review_api import router as performance_review_router
from accord.procurement.api import router as procurement_router
from accord.procurement.bids_api import router as own_bids_router
from accord.procurement.clarifications_api import router as clarifications_router
from accord.procurement.notices_api import router as notices_router
from accord.procurement.ocds_api import router as ocds_router


def refuse_unstorable(value: Any, field: str) -> None:
    """Refuse, naming where, text no one types (``accord.core.text``: a NUL, a control
    character, a lone surrogate such as ``"\\ud800"`` in JSON) anywhere in the input, as
    the forms do: PostgreSQL cannot store a NUL nor either database a lone surrogate (each
    was a 500, not a 422)."""
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            raise DjangoValidationError({field or "body": problem})
    if isinstance(value, dict):
        for key, item in value.items():
            refuse_unstorable(key, field)
            refuse_unstorable(item, f"{field}.{key}" if field else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_unstorable(item, f"{field}.{index}" if field else str(index))


class RefusingUnstorable(Parser):
    """Ninja's parser, refusing text no database can store in a body, a query or a form."""

    def parse_body(self, request: HttpRequest) -> DictStrAny:
        data = super().parse_body(request)
        refuse_unstorable(data, "")
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> DictStrAny:
        for key, values in data.lists():
            refuse_unstorable(key, "")
            for value in values:
                refuse_unstorable(value, key)
        return super().parse_querydict(data, list_fields, request)


ERROR_REF = {"$ref": "#/components/schemas/ErrorOut"}
# Statuses any operation may answer whatever it does, before it runs: over the rate limit
# (accord.core.ratelimit) and, for one with a body, a body over the size limit.
TOO_MANY_REQUESTS = {
    "description": "Too many requests from this person or address: wait Retry-After seconds",
    "headers": {
        "Retry-After": {
            "description": "Seconds until the limit's window ends",
            "schema": {"type": "integer", "minimum": 1},
        }
    },
    "content": {"application/json": {"schema": ERROR_REF}},
}
TOO_LARGE = {
    "description": "The body is larger than the limit (field: body)",
    "content": {"application/json": {"schema": ERROR_REF}},
}


class AccordAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The built documents, by path prefix: see get_openapi_schema.
        self._documents: dict[str, OpenAPISchema] = {}

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: DictStrAny | None = None
    ) -> OpenAPISchema:
        """The document, built once per process (on the first request for it): building
        it walks every operation's schemas and takes seconds, so building it afresh on each
        request made /api/openapi.json slow to serve under load (schemathesis, a generated
        client, the crash test's probe). The routes are all added when this module is
        imported, before any request, so the document cannot change within a process.
        Each caller gets its own copy, free to change without changing the next one's."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        if path_prefix not in self._documents:
            self._documents[path_prefix] = self.build_openapi_schema(path_prefix)
        document = self._documents[path_prefix]
        # The copy shares the API itself (the document's .api), not a deep copy of it.
        return copy.deepcopy(document, memo={id(self): self})

    def build_openapi_schema(self, path_prefix: str) -> OpenAPISchema:
        """The document, with the statuses every operation may answer before it runs."""
        document = super().get_openapi_schema(path_prefix=path_prefix)
        for methods in document["paths"].values():
            for operation in methods.values():
                responses = operation.setdefault("responses", {})
                responses.setdefault(429, TOO_MANY_REQUESTS)
                if "requestBody" in operation:
                    responses.setdefault(413, TOO_LARGE)
        return document

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """An operation's id is its function's name, as the URL name and the parity tables
        call it (unique across the API: tests/parity.py), so a generated client's functions
        read ``partner_create``, not the module path."""
        return operation.view_func.__name__


api = AccordAPI(
    title="Accord API",
    version="1",
    description=(
        "Governance and joint commissioning for housing-related support partnerships: "
        "partnerships, bodies, meetings, proposals, votes and decisions, and the commissioning "
        "register (providers)."
    ),
    urls_namespace="api",
    parser=RefusingUnstorable(),
)

api.add_router("/governance/", governance_router)
api.add_router("/decisions/", decisions_router)
api.add_router("/meetings/", meetings_router)
api.add_router("/commissioning/", commissioning_router)
api.add_router("/performance/", performance_router)
api.add_router("/performance/", performance_review_router)  # quality reviews (issue 18)
api.add_router("/performance/", performance_report_router)  # the quarterly report
api.add_router("/commissioning/", strategy_router)  # the strategy and annual plan
api.add_router("/commissioning/", provider_staff_router)  # a provider's people (issue 18)
# Contract variations and termination (issue 16 items 6 and 7)
api.add_router("/commissioning/", variation_router)
api.add_router("/governance-standards/", assurance_router)  # handbooks, audits, the register
api.add_router("/budget/", budget_router)
api.add_router("/budget/", scenario_router)  # savings scenarios (issue 17 item 5)
api.add_router("/procurement/", procurement_router)
api.add_router("/procurement/", ocds_router)  # the Open Contracting feeds (public)
api.add_router("/procurement/", own_bids_router)  # a provider's own bids (issue 16)
api.add_router("/procurement/", notices_router)  # notices and assessment summaries
api.add_router("/procurement/", clarifications_router)  # clarification questions (issue 16)
api.add_router("/complaints/", complaints_router)
api.add_router("/complaints/", complaints_write_router)  # its changes (issue 19)
api.add_router("/complaints/", complaints_report_router)  # the monitoring
api.add_router("/audit/", audit_router)
api.add_router("/notifications/", notifications_router)


def error_response(
    request: HttpRequest, status: int, code: str, message: str, field: str | None = None
) -> HttpResponse:
    return api.create_response(request, error_body(code, message, field), status=status)


@api.exception_handler(AccordError)
def on_refusal(request: HttpRequest, error: AccordError) -> HttpResponse:
    return error_response(request, 409, error.code, error.message, error.field)


@api.exception_handler(PreconditionRequired)
def on_no_precondition(request: HttpRequest, error: PreconditionRequired) -> HttpResponse:
    return error_response(request, 428, error.code, error.message, "If-Match")


@api.exception_handler(PreconditionFailed)
def on_stale(request: HttpRequest, error: PreconditionFailed) -> HttpResponse:
    return error_response(request, 412, error.code, error.message, "If-Match")


@api.exception_handler(NinjaValidationError)
def on_invalid_input(request: HttpRequest, error: NinjaValidationError) -> HttpResponse:
    first = error.errors[0] if error.errors else {}
    location = [str(part) for part in first.get("loc", ())]
    if location and location[0] in {"body", "form"} and len(location) > 2:
        location = location[2:]  # ("body", <the operation's parameter>, field, ...)
    elif location and location[0] in {"body", "form", "file", "query", "path", "header", "cookie"}:
        location = location[1:]
    field = ".".join(location) or None
    message = first.get("msg", "Invalid input")
    return error_response(
        request, 422, "invalid", f"{field}: {message}" if field else message, field
    )


@api.exception_handler(DjangoValidationError)
def on_invalid_model(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
    if hasattr(error, "error_dict"):
        field, problems = next(iter(error.error_dict.items()))
        message = problems[0].messages[0]
        return error_response(request, 422, "invalid", f"{field}: {message}", field)
    return error_response(request, 422, "invalid", error.messages[0])


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(request, 404, "not_found", "Not found")


@api.exception_handler(PermissionDenied)
def on_refused(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
    return error_response(request, 403, "forbidden", "You are not allowed to do this")


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    return error_response(request, 401, "unauthenticated", "Sign in to use this operation")


# Ninja's own refusals (a session's change without its CSRF token): in the one shape.
HTTP_ERROR_CODES = {401: "unauthenticated", 403: "forbidden", 404: "not_found", 429: "throttled"}


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    if isinstance(error.__cause__, DjangoValidationError):  # refused by RefusingUnstorable
        return on_invalid_model(request, error.__cause__)
    if error.status_code == 400:  # Ninja could not read the body
        return error_response(request, 422, "invalid", "The body is not valid JSON", "body")
    if "CSRF" in error.message:
        return error_response(
            request, 403, "csrf_failed",
            "A change made with a session must send its CSRF token (X-CSRFToken); "
            "a program uses a personal API token instead",
        )  # fmt: skip
    code = HTTP_ERROR_CODES.get(error.status_code, "error")
    return error_response(request, error.status_code, code, error.message)
