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
    assert [p["slug"] for p in response.json()] == ["gloucestershire", "oxfordshire"]


@pytest.mark.django_db
def test_an_unknown_partnership_is_a_not_found_error_in_the_api_shape(client):
    response = client.get("/api/governance/partnerships/atlantis")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found", "field": None}
    }
