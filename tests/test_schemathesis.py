"""Schema-driven fuzzing with schemathesis: every operation of /api/v1/openapi.json, with
requests generated from its own description, anonymously and logged in as each role.

Each answer must be no 5xx and must conform to the description: a documented status code, the
documented content type, a body that matches the documented schema. Bounded: FUZZ_EXAMPLES
examples per operation and role (VERHALENKAART_FUZZ_EXAMPLES; scripts/test.sh keeps the whole
run to a few minutes on each database). Runs in the tests' rollback transaction, with rate
limits off (they are tested in tests/test_rate_limits.py: a fuzzer would only meet 429s).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings

from tests.conftest import CSRF_HEADER, PASSWORD

FUZZ_EXAMPLES = int(os.environ.get("VERHALENKAART_FUZZ_EXAMPLES", "8"))
#: What is checked. Not "positive data acceptance": many inputs are valid by the schema's types
#: and still refused for what they say (a bbox outside the world, a story in another province),
#: which a JSON schema cannot express; their 422s are checked for conformance like any answer.
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]
ROLES = ["anonymous", "resident", "pupil", "teacher", "curator", "admin"]


@pytest.fixture
def fuzz_schema(app, connection, make_story, monkeypatch):
    from verhalenkaart.extensions import limiter

    monkeypatch.setattr(limiter, "enabled", False)
    make_story(title="Een verhaal om op te reageren")  # something to find, react to, report
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def identity(app, schema, role: str, make_user) -> dict[str, dict[str, str]]:
    """The headers (a CSRF token) and cookies (the session of a logged-in account of the role,
    none for anonymous) a browser would send."""
    client = app.test_client()
    if role != "anonymous":
        user = make_user(role)
        response = client.post(
            "/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}
        )
        assert response.status_code == 200, response.json
    token = client.csrf_token()
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    # identity: the app compresses (tested in test_http_cache.py); the WSGI transport would hand
    # schemathesis the compressed bytes.
    sent = {"headers": {CSRF_HEADER: token, "Accept-Encoding": "identity"}, "cookies": {}}
    if cookie is not None:
        sent["cookies"][cookie.key] = cookie.value
    if role != "anonymous":  # schemathesis' own requests carry the session
        me = schema["/api/v1/auth/me"]["GET"].Case().call(**sent)
        assert me.status_code == 200, me.text
        assert me.json()["role"] == role
    return sent


@pytest.mark.parametrize("role", ROLES)
def test_the_api_answers_as_documented(app, fuzz_schema, make_user, role):
    failures: list[str] = []
    for result in fuzz_schema.get_all_operations():
        operation = result.ok()
        sent = identity(app, fuzz_schema, role, make_user)  # fresh: an operation may log out

        @given(case=operation.as_strategy())
        @settings(
            max_examples=FUZZ_EXAMPLES,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.generate],  # report, do not shrink: keeps it bounded
        )
        def fuzz(case):
            case.call_and_validate(**sent, checks=CHECKS)  # noqa: B023 - called right here

        try:
            fuzz()
        except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - collect them all
            failures.append(f"{operation.label}: {str(error)[:1500]}")
    assert not failures, "\n\n".join(failures)
