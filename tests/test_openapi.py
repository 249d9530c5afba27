"""The OpenAPI description is valid, complete and speaks problem+json for errors."""

from openapi_spec_validator import validate


def _spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def test_openapi_document_is_valid_openapi_3(client):
    validate(_spec(client))


def test_openapi_describes_every_api_route(app, client):
    documented = set(_spec(client)["paths"])
    routes = {
        rule.rule.replace("<", "{").replace(">", "}").replace("uuid:", "")
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        and not rule.rule.startswith(("/api/v1/docs", "/api/v1/openapi"))
    }
    assert routes - documented == set()


def test_every_operation_has_a_summary_and_error_responses(client):
    spec = _spec(client)
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            assert "default" in operation["responses"], f"{method.upper()} {path}"


def test_error_responses_are_documented_as_problem_json(client):
    responses = _spec(client)["components"]["responses"]
    for name in ("NOT_FOUND", "UNPROCESSABLE_ENTITY", "UNSUPPORTED_MEDIA_TYPE", "DEFAULT_ERROR"):
        assert "application/problem+json" in responses[name]["content"]


def test_story_detail_documents_404(client):
    operation = _spec(client)["paths"]["/api/v1/stories/{story_id}"]["get"]
    assert "404" in operation["responses"]


def test_human_docs_page_loads_its_assets_locally(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert b"/api/v1/docs/assets/swagger-ui-bundle.js" in page.data
    asset = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200
    asset.close()
