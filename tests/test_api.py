"""The JSON API and its OpenAPI document."""

import pytest


@pytest.mark.django_db
def test_the_openapi_document_describes_the_api(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Accord API"
    assert "/api/governance/partnerships" in document["paths"]


@pytest.mark.django_db
def test_the_interactive_documentation_is_served(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert "/api/openapi.json" in response.content.decode()


@pytest.mark.django_db
def test_the_api_lists_the_partnerships(client, demo):
    response = client.get("/api/governance/partnerships")
    assert response.status_code == 200
    assert [p["slug"] for p in response.json()["items"]] == ["gloucestershire", "oxfordshire"]


@pytest.mark.django_db
def test_an_unknown_partnership_is_a_not_found_error_in_the_api_shape(client):
    response = client.get("/api/governance/partnerships/atlantis")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found", "field": None}
    }


# ---------------------------------------------------------------- paging


def list_operations(document: dict) -> list[str]:
    """The paths of every operation whose response is a list (a paged schema)."""
    paged = []
    for path, operations in document["paths"].items():
        for operation in operations.values():
            schema = operation["responses"].get("200", {}).get("content", {})
            ref = schema.get("application/json", {}).get("schema", {}).get("$ref", "")
            if ref.rsplit("/", 1)[-1].startswith("Paged"):
                paged.append(path)
    return paged


@pytest.mark.django_db
def test_every_list_in_the_api_is_paged_with_limit_and_offset(client):
    document = client.get("/api/openapi.json").json()
    lists = list_operations(document)
    assert "/api/meetings/partnerships/{slug}/meetings" in lists
    assert "/api/decisions/partnerships/{slug}/proposals" in lists
    assert len(lists) >= 9
    for path in lists:
        parameters = {p["name"] for p in document["paths"][path]["get"]["parameters"]}
        assert {"limit", "offset"} <= parameters, path
    # No operation returns a bare list: the paged ones are every list there is.
    for path, operations in document["paths"].items():
        for operation in operations.values():
            content = operation["responses"].get("200", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            assert schema.get("type") != "array", path


@pytest.mark.django_db
def test_a_page_of_a_list_says_its_total_and_where_it_starts(client, demo):
    response = client.get("/api/governance/partnerships", {"limit": 1, "offset": 1})
    assert response.status_code == 200
    page = response.json()
    assert [p["slug"] for p in page["items"]] == ["oxfordshire"]
    assert (page["count"], page["limit"], page["offset"], page["notice"]) == (2, 1, 1, None)
    assert page["max_limit"] == 200


@pytest.mark.django_db
def test_a_limit_above_the_maximum_is_lowered_and_the_response_says_so(client, demo):
    page = client.get("/api/governance/partnerships", {"limit": 5000}).json()
    assert page["limit"] == 200
    assert page["notice"] == "limit 5000 is above the maximum of 200: at most 200 rows are returned"
    assert len(page["items"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"offset": -1}, "offset"),
        ({"limit": -5}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": "1e9"}, "offset"),
        ({"offset": 2552489149482795532288}, "offset"),  # found by schemathesis: was a 500
    ],
)
def test_a_negative_or_non_numeric_limit_or_offset_is_refused_naming_it(client, query, field):
    response = client.get("/api/governance/partnerships", query)
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("invalid", field)
    assert error["message"].startswith(f"{field}: ")
