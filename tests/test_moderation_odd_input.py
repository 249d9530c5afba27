"""Odd bodies and query strings sent to the community, moderation and my-data endpoints answer
a 4xx problem, never a 500 and never a success."""

from __future__ import annotations

import pytest

from tests.conftest import assert_problem

BODIES = [
    None,
    [],
    "x",
    1,
    {"items": "x"},
    {"body": ["a"]},
    {"reason": None},
    {"consent": []},
    {"stories": {}},
    {"action": 1, "items": [1]},
    {"items": [{"type": "story"}], "action": "approve"},
]
# POST /reactions is left out: it takes no body, and one sent is ignored (docs/api.md).
ENDPOINTS = [
    ("POST", "/api/v1/stories/{story}/comments"),
    ("POST", "/api/v1/stories/{story}/reports"),
    ("POST", "/api/v1/stories/{story}/consent"),
    ("POST", "/api/v1/moderation/bulk"),
    ("POST", "/api/v1/moderation/stories/{story}"),
    ("DELETE", "/api/v1/me"),
]
QUERIES = ["kind=", "status=", "cursor=eyJ0IjotMX0", "limit=abc", "project=" + "x" * 300]


def _body_cases():
    for method, path in ENDPOINTS:
        for body in BODIES:
            yield pytest.param(method, path, body, id=f"{method} {path} {body!r}")


@pytest.mark.parametrize(("method", "path", "body"), list(_body_cases()))
def test_odd_bodies_answer_4xx(client, make_story, make_user, login, method, path, body):
    story = make_story()
    login(make_user("curator"))
    response = client.open(path.format(story=story.uuid), method=method, json=body)
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)
    assert_problem(response, response.status_code)


def _query_cases():
    for path in ("/api/v1/moderation/queue", "/api/v1/moderation/audit"):
        for query in QUERIES:
            if path.endswith("/queue") and query in {"kind=", "status="}:
                continue  # an empty comma list means no filter, as in /stories and /map
            yield pytest.param(path, query, id=f"{path}?{query[:20]}")


def test_an_empty_comma_list_is_no_filter_in_the_queue(client, make_story, make_user, login):
    pending = make_story(status="pending")
    login(make_user("curator"))
    for query in ("kind=", "status="):
        items = client.get(f"/api/v1/moderation/queue?{query}").get_json()["items"]
        assert [item["id"] for item in items] == [str(pending.uuid)]


@pytest.mark.parametrize(("path", "query"), list(_query_cases()))
def test_odd_queries_answer_422(client, make_user, login, path, query):
    login(make_user("curator"))
    assert_problem(client.get(f"{path}?{query}"), 422, query.partition("=")[0])
