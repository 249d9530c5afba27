"""The OpenAPI description is valid, complete and speaks problem+json for errors."""

import re

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
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
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


def test_every_write_lists_the_body_guard_problems(client):
    # The body guard answers 413 and 415 on any write, also one that takes no body: POST
    # /reactions and POST /auth/logout did so without the document saying it.
    spec = _spec(client)
    for path, operations in spec["paths"].items():
        for method in ("post", "put", "patch", "delete"):
            if method in operations:
                responses = operations[method]["responses"]
                assert {"413", "415"} <= set(responses), f"{method.upper()} {path}"
    assert "400" in spec["paths"]["/api/v1/auth/logout"]["post"]["responses"]


def test_bodyless_writes_answer_the_body_guard_problems(client, make_user, make_story, login):
    story = make_story()
    login(make_user("resident"))
    for path in (f"/api/v1/stories/{story.uuid}/reactions", "/api/v1/auth/logout"):
        response = client.post(path, data="ja", content_type="text/plain")
        assert response.status_code == 415, path
        assert response.mimetype == "application/problem+json"
        response = client.post(path, json={"x": "y" * 2_000_000})
        assert response.status_code == 413, path
