"""Odd bodies and query strings sent to the community, moderation and my-data endpoints answer
a 4xx problem, never a 500."""

from __future__ import annotations

import pytest

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
QUERIES = ["kind=", "status=", "cursor=eyJ0IjotMX0", "limit=abc", "project=" + "x" * 300]


@pytest.mark.parametrize("body", BODIES)
def test_odd_bodies_answer_4xx(client, make_story, make_user, login, body):
    story = make_story()
    login(make_user("curator"))
    for method, path in [
        ("POST", f"/api/v1/stories/{story.uuid}/reactions"),
        ("POST", f"/api/v1/stories/{story.uuid}/comments"),
        ("POST", f"/api/v1/stories/{story.uuid}/reports"),
        ("POST", f"/api/v1/stories/{story.uuid}/consent"),
        ("POST", "/api/v1/moderation/bulk"),
        ("POST", f"/api/v1/moderation/stories/{story.uuid}"),
        ("DELETE", "/api/v1/me"),
    ]:
        response = client.open(path, method=method, json=body)
        assert response.status_code in {200, 201, 202, 400, 404, 422}, (method, path, body)


@pytest.mark.parametrize("query", QUERIES)
def test_odd_queries_answer_4xx(client, make_user, login, query):
    login(make_user("curator"))
    for path in ("/api/v1/moderation/queue", "/api/v1/moderation/audit"):
        response = client.get(f"{path}?{query}")
        # An empty comma list is no filter; anything else is named as invalid.
        assert response.status_code in {200, 422}, (path, query)
        if response.status_code == 422:
            assert response.mimetype == "application/problem+json"
