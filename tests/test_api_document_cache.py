"""The OpenAPI document is built once per process and then served as built (accord.api,
AccordAPI.get_openapi_schema): the same bytes on every request, the ones a fresh build
gives, listing every operation the API routes."""

import pytest
from ninja.responses import Response

from accord.api import api


@pytest.mark.django_db
def test_the_document_is_built_once_and_served_the_same_as_a_fresh_build(client, monkeypatch):
    first = client.get("/api/openapi.json")
    assert first.status_code == 200

    builds: list[str] = []
    build = api.build_openapi_schema
    monkeypatch.setattr(api, "build_openapi_schema", lambda prefix: builds.append(prefix))
    second = client.get("/api/openapi.json")
    assert builds == []  # served from the process's document, not built again
    assert second.content == first.content

    fresh = build(api.get_root_path({}))
    assert Response(fresh).content == first.content


@pytest.mark.django_db
def test_the_served_document_lists_every_operation_the_api_routes(client):
    document = client.get("/api/openapi.json").json()
    served = {
        operation["operationId"]
        for methods in document["paths"].values()
        for operation in methods.values()
    }
    routed = {
        api.get_openapi_operation_id(operation)
        for bound_router in api._get_bound_routers()
        for path_view in bound_router.path_operations.values()
        for operation in path_view.operations
        if operation.include_in_schema
    }
    assert routed  # the API routes operations, and the document lists each of them
    assert served == routed


def test_a_caller_changing_its_document_does_not_change_the_next_callers():
    document = api.get_openapi_schema()
    path = next(iter(document["paths"]))
    document["paths"].clear()
    document["info"]["title"] = "Changed"
    again = api.get_openapi_schema()
    assert path in again["paths"]
    assert again["info"]["title"] == "Accord API"
