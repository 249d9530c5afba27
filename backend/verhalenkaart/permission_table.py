"""Who may do what, as a table: endpoint × role × the state the test builds, which
docs/permissions.md shows and tests/test_permissions.py walks against the real app (the
predicates the routes use are in permissions.py).

Roles: anonymous (no session), resident, pupil, teacher, curator, admin. Outcomes:

- ``yes``: allowed (2xx).
- ``own``: allowed on the caller's own item; another's answers 404 (unpublished stories are never
  revealed to exist).
- ``project``: a teacher, for pupils' stories in a project they lead; others' projects, and
  the teacher's own or a resident's story in their project, answer 403.
- ``401``, ``403``, ``404``: refused with that status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROLES = ("anonymous", "resident", "pupil", "teacher", "curator", "admin")
OUTCOMES = frozenset({"yes", "own", "project", "401", "403", "404"})


@dataclass(frozen=True)
class Rule:
    """One endpoint: method, path (as in app.url_map), the state it is tried in, and the
    outcome per role."""

    method: str
    path: str
    state: str
    outcomes: dict[str, str]
    note: str = ""


def _row(method: str, path: str, state: str, outcomes: str, note: str = "") -> Rule:
    values = outcomes.split()
    if len(values) != len(ROLES) or not set(values) <= OUTCOMES:
        raise ValueError(f"{method} {path}: one of {sorted(OUTCOMES)} per role")
    return Rule(method, path, state, dict(zip(ROLES, values, strict=True)), note)


S = "/api/v1/stories/<uuid:story_id>"
C = "/api/v1/collections/<slug>"
L = "/api/v1/layers/<slug>"
P = "/api/v1/projects/<slug>"
OURS = "the teacher's, the pupil's project"
THEIRS = "another teacher's project"

#: Endpoint × role × ownership/state. Columns: anonymous resident pupil teacher curator admin.
#: `state` names the situation the test builds (see tests/test_permissions.py).
PERMISSIONS: tuple[Rule, ...] = (
    # stories
    _row("GET", "/api/v1/stories", "-", "yes yes yes yes yes yes", "published stories only"),
    _row(
        "POST",
        "/api/v1/stories",
        "-",
        "401 yes yes yes yes yes",
        "anonymous: 401 unless ANONYMOUS_CONTRIBUTIONS",
    ),
    _row("GET", S, "published", "yes yes yes yes yes yes"),
    _row("GET", S, "pending, own", "404 own own own yes yes", "anonymous cannot own a story"),
    _row("GET", S, "pending, someone else's", "404 404 404 404 yes yes"),
    _row(
        "GET",
        S,
        "pending, pupil's, teacher's project",
        "404 404 404 404 yes yes",
        "teachers review through the queue",
    ),
    _row("PATCH", S, "published, own", "401 own own own yes yes"),
    _row("PATCH", S, "published, someone else's", "401 404 404 404 yes yes"),
    _row("DELETE", S, "published, own", "401 own own own yes yes"),
    _row("DELETE", S, "published, someone else's", "401 404 404 404 yes yes"),
    _row(
        "POST",
        S + "/consent",
        "published, own",
        "401 own own own own own",
        "only the author gives or withdraws consent",
    ),
    _row("POST", S + "/consent", "published, someone else's", "401 404 404 404 404 404"),
    _row("GET", "/api/v1/map", "-", "yes yes yes yes yes yes", "published stories only"),
    _row(
        "GET",
        "/api/v1/map/<int:z>/<int:x>/<int:y>",
        "-",
        "yes yes yes yes yes yes",
        "published stories only",
    ),
    _row("GET", "/api/v1/themes", "-", "yes yes yes yes yes yes"),
    # open data (docs/open-data.md); /ogc, outside /api/v1, is read-only and public likewise
    *(
        _row(
            "GET",
            f"/api/v1/export/stories.{fmt}",
            "-",
            "yes yes yes yes yes yes",
            "published stories; with all_statuses=true curators and admins only (401, 403)",
        )
        for fmt in ("geojson", "csv", "gpkg", "zip")
    ),
    _row("GET", "/api/v1/places", "-", "yes yes yes yes yes yes"),
    _row("GET", "/api/v1/places/nearest", "-", "yes yes yes yes yes yes"),
    _row(
        "GET",
        "/api/v1/places/<name>",
        "-",
        "yes yes yes yes yes yes",
        "a place's published stories as was – is – wordt",
    ),
    _row("GET", "/api/v1/config", "-", "yes yes yes yes yes yes", "the web app's public settings"),
    # resident responses
    _row("GET", S + "/reactions", "published", "yes yes yes yes yes yes"),
    _row(
        "GET",
        S + "/reactions",
        "pending, someone else's",
        "404 404 404 404 404 404",
        "responses only on published stories",
    ),
    _row(
        "POST",
        S + "/reactions",
        "published",
        "401 yes 404 yes yes yes",
        "pupils only on stories of their own project",
    ),
    _row("POST", S + "/reactions", "pending, someone else's", "401 404 404 404 404 404"),
    _row(
        "DELETE",
        S + "/reactions",
        "published",
        "401 yes 404 yes yes yes",
        "removes the caller's own reaction; pupils: in their own project",
    ),
    _row(
        "GET",
        S + "/comments",
        "published",
        "yes yes yes yes yes yes",
        "published comments + the caller's pending ones",
    ),
    _row("GET", S + "/comments", "pending, someone else's", "404 404 404 404 404 404"),
    _row(
        "POST",
        S + "/comments",
        "published",
        "401 yes 404 yes yes yes",
        "pupils only on stories of their own project",
    ),
    _row("POST", S + "/comments", "pending, someone else's", "401 404 404 404 404 404"),
    _row(
        "DELETE",
        S + "/comments/<uuid:comment_id>",
        "published comment, own",
        "401 own own own yes yes",
    ),
    _row(
        "DELETE",
        S + "/comments/<uuid:comment_id>",
        "published comment, someone else's",
        "401 404 404 404 yes yes",
    ),
    _row("POST", S + "/reports", "published", "yes yes yes yes yes yes", "anonymous too"),
    _row("POST", S + "/reports", "pending, someone else's", "404 404 404 404 404 404"),
    # moderation
    _row(
        "GET",
        "/api/v1/moderation/queue",
        "-",
        "401 403 403 yes yes yes",
        "teachers see their projects' stories",
    ),
    _row("GET", "/api/v1/moderation/reasons", "-", "yes yes yes yes yes yes"),
    _row("GET", "/api/v1/moderation/audit", "-", "401 403 403 403 yes yes"),
    _row(
        "POST",
        "/api/v1/moderation/stories/<uuid:item_id>",
        "pending, someone else's",
        "401 403 403 403 yes yes",
    ),
    _row(
        "POST",
        "/api/v1/moderation/stories/<uuid:item_id>",
        "pending, pupil's, teacher's project",
        "401 403 403 project yes yes",
    ),
    _row(
        "POST",
        "/api/v1/moderation/stories/<uuid:item_id>",
        "pending, teacher's own, teacher's project",
        "401 403 403 403 yes yes",
        "no one approves their own story",
    ),
    _row(
        "POST",
        "/api/v1/moderation/stories/<uuid:item_id>",
        "pending, resident's, teacher's project",
        "401 403 403 403 yes yes",
        "curators review residents' stories",
    ),
    _row(
        "POST",
        "/api/v1/moderation/comments/<uuid:item_id>",
        "pending comment",
        "401 403 403 403 yes yes",
    ),
    _row("POST", "/api/v1/moderation/bulk", "pending, someone else's", "401 403 403 403 yes yes"),
    _row(
        "POST",
        "/api/v1/moderation/bulk",
        "pending, pupil's, teacher's project",
        "401 403 403 project yes yes",
    ),
    # insight
    _row("GET", "/api/v1/stats", "-", "yes yes yes yes yes yes", "published stories only"),
    _row(
        "GET",
        "/api/v1/stats/origins",
        "-",
        "yes yes yes yes yes yes",
        "published stories only; gazetteer names, never free text",
    ),
    # the caller's own data
    _row("GET", "/api/v1/me/stories", "-", "401 yes yes yes yes yes"),
    _row("GET", "/api/v1/me/export", "-", "401 yes yes yes yes yes"),
    _row("GET", "/api/v1/me/export.zip", "-", "401 yes yes yes yes yes"),
    _row(
        "DELETE",
        "/api/v1/me",
        "-",
        "401 yes yes yes yes yes",
        "needs the password when the account has one",
    ),
    _row("GET", "/api/v1/privacy", "-", "yes yes yes yes yes yes"),
    # photos and voice recordings (only the author adds or edits; moderators may remove)
    _row("POST", S + "/photos", "published, own", "401 own own own own own"),
    _row("POST", S + "/photos", "published, someone else's", "401 403 403 403 403 403"),
    _row("PATCH", S + "/photos/<uuid:photo_id>", "published, own", "401 own own own own own"),
    _row(
        "PATCH",
        S + "/photos/<uuid:photo_id>",
        "published, someone else's",
        "401 403 403 403 403 403",
    ),
    _row("DELETE", S + "/photos/<uuid:photo_id>", "published, own", "401 own own own own own"),
    _row(
        "DELETE",
        S + "/photos/<uuid:photo_id>",
        "published, someone else's",
        "401 403 403 403 yes yes",
        "moderators remove a photo that should not be shown",
    ),
    _row("POST", S + "/audio", "published, own", "401 own own own own own"),
    _row("POST", S + "/audio", "published, someone else's", "401 403 403 403 403 403"),
    _row("PATCH", S + "/audio/<uuid:audio_id>", "published, own", "401 own own own own own"),
    _row(
        "PATCH",
        S + "/audio/<uuid:audio_id>",
        "published, someone else's",
        "401 403 403 403 403 403",
    ),
    _row("DELETE", S + "/audio/<uuid:audio_id>", "published, own", "401 own own own own own"),
    _row(
        "DELETE",
        S + "/audio/<uuid:audio_id>",
        "published, someone else's",
        "401 403 403 403 yes yes",
    ),
    # collections: exhibitions and routes (curators write; anyone reads published ones)
    _row("GET", "/api/v1/collections", "-", "yes yes yes yes yes yes", "published ones only"),
    _row("POST", "/api/v1/collections", "-", "401 403 403 403 yes yes"),
    _row("GET", C, "published, in a published collection", "yes yes yes yes yes yes"),
    _row(
        "GET",
        C,
        "published, in a draft collection",
        "404 404 404 404 yes yes",
        "drafts are never revealed to exist",
    ),
    _row("PATCH", C, "published, in a draft collection", "401 403 403 403 yes yes"),
    _row("DELETE", C, "published, in a draft collection", "401 403 403 403 yes yes"),
    _row("POST", C + "/items", "published, in a draft collection", "401 403 403 403 yes yes"),
    _row(
        "PATCH",
        C + "/items/<uuid:story_id>",
        "published, in a draft collection",
        "401 403 403 403 yes yes",
    ),
    _row(
        "DELETE",
        C + "/items/<uuid:story_id>",
        "published, in a draft collection",
        "401 403 403 403 yes yes",
    ),
    _row("GET", "/api/v1/qr", "-", "yes yes yes yes yes yes", "for addresses on this site only"),
    # context layers (docs/layers.md)
    _row("GET", "/api/v1/layers", "-", "yes yes yes yes yes yes"),
    _row("POST", "/api/v1/layers", "-", "401 403 403 403 yes yes", "imports a file"),
    _row("GET", L, "a layer", "yes yes yes yes yes yes"),
    _row("PATCH", L, "a layer", "401 403 403 403 yes yes"),
    _row("DELETE", L, "a layer", "401 403 403 403 yes yes"),
    _row("GET", L + "/data", "a layer", "yes yes yes yes yes yes", "GeoJSON, any origin"),
    # school projects (docs/schools.md): a project is never revealed to outsiders (404)
    _row("GET", "/api/v1/projects", "-", "401 403 403 yes 403 yes", "own and co-taught; admin all"),
    _row("POST", "/api/v1/projects", "-", "401 403 403 yes 403 yes"),
    _row("GET", P, OURS, "404 404 own project 404 yes", "pupils get the pupil view"),
    _row("GET", P, THEIRS, "404 404 404 404 404 yes"),
    _row("PATCH", P, OURS, "404 404 404 project 404 yes", "409 once the project ended"),
    _row("PATCH", P, THEIRS, "404 404 404 404 404 yes"),
    _row("POST", P + "/code", OURS, "404 404 404 project 404 yes", "a new join code"),
    _row("GET", P + "/qr.svg", OURS, "404 404 404 project 404 yes"),
    _row("POST", P + "/teachers", OURS, "404 404 404 project 404 yes", "adds a co-teacher"),
    _row("GET", P + "/pupils", OURS, "404 404 404 project 404 yes", "nicknames and codes"),
    _row("GET", P + "/pupils", THEIRS, "404 404 404 404 404 yes"),
    _row("POST", P + "/pupils/<int:pupil_id>/code", OURS, "404 404 404 project 404 yes"),
    _row("GET", P + "/pupils/<int:pupil_id>/qr.svg", OURS, "404 404 404 project 404 yes"),
    _row("DELETE", P + "/pupils/<int:pupil_id>", OURS, "404 404 404 project 404 yes"),
    _row("GET", P + "/stories", OURS, "404 404 own project 404 yes", "the class map"),
    _row("GET", P + "/stories", THEIRS, "404 404 404 404 404 yes"),
    _row(
        "POST",
        P + "/stories/<uuid:story_id>/public",
        OURS,
        "404 404 404 project 404 yes",
        "policy public; then the curators review it",
    ),
    _row("GET", P + "/export.zip", OURS, "404 404 404 project 404 yes"),
    _row("GET", P + "/export.zip", THEIRS, "404 404 404 404 404 yes"),
    _row(
        "POST",
        "/api/v1/auth/join",
        "-",
        "yes yes yes yes yes yes",
        "with the class's join code; rate-limited per address and per code",
    ),
    _row(
        "POST",
        "/api/v1/auth/reenter",
        "-",
        "yes yes yes yes yes yes",
        "with a pupil's re-entry code; rate-limited per address and per code",
    ),
    # accounts
    _row("POST", "/api/v1/auth/register", "-", "yes yes yes yes yes yes"),
    _row(
        "POST",
        "/api/v1/auth/login",
        "-",
        "yes yes yes yes yes yes",
        "with the account's own credentials",
    ),
    _row("POST", "/api/v1/auth/logout", "-", "yes yes yes yes yes yes"),
    _row("GET", "/api/v1/auth/me", "-", "401 yes yes yes yes yes"),
    _row("GET", "/api/v1/auth/csrf", "-", "yes yes yes yes yes yes"),
    _row(
        "POST",
        "/api/v1/auth/register/confirm",
        "-",
        "yes yes yes yes yes yes",
        "with the token from the confirmation mail",
    ),
    _row(
        "POST",
        "/api/v1/auth/password-reset",
        "-",
        "yes yes yes yes yes yes",
        "202 whether or not the address has an account",
    ),
    _row(
        "POST",
        "/api/v1/auth/password-reset/confirm",
        "-",
        "yes yes yes yes yes yes",
        "with the token from the reset mail",
    ),
    _row(
        "POST",
        "/api/v1/auth/password",
        "-",
        "401 yes yes yes yes yes",
        "needs the current password",
    ),
    _row(
        "POST",
        "/api/v1/auth/login/code",
        "after the password",
        "yes yes yes yes yes yes",
        "the second step of a login with two-step verification",
    ),
    # one's own account: teacher request, two-step verification, sessions
    _row(
        "POST",
        "/api/v1/me/teacher-request",
        "-",
        "401 yes 403 403 403 403",
        "residents ask; the other roles have one already",
    ),
    _row("GET", "/api/v1/me/two-factor", "-", "401 yes yes yes yes yes"),
    _row(
        "POST",
        "/api/v1/me/two-factor/setup",
        "-",
        "401 yes 403 yes yes yes",
        "pupils have no password to protect",
    ),
    _row("POST", "/api/v1/me/two-factor/confirm", "after the set-up", "401 yes 403 yes yes yes"),
    _row(
        "POST",
        "/api/v1/me/two-factor/recovery-codes",
        "two-step verification on",
        "401 yes 403 yes yes yes",
        "needs the password",
    ),
    _row(
        "DELETE",
        "/api/v1/me/two-factor",
        "two-step verification on",
        "401 yes 403 yes yes yes",
        "needs the password",
    ),
    _row("GET", "/api/v1/me/sessions", "-", "401 yes yes yes yes yes"),
    _row("DELETE", "/api/v1/me/sessions", "-", "401 yes yes yes yes yes", "all but this one"),
    _row(
        "DELETE",
        "/api/v1/me/sessions/<string:session_id>",
        "own session",
        "401 own own own own own",
        "another's session answers 404",
    ),
    # administration of accounts
    _row("GET", "/api/v1/admin/users", "-", "401 403 403 403 403 yes"),
    _row("GET", "/api/v1/admin/users/<int:user_id>", "a resident", "401 403 403 403 403 yes"),
    _row(
        "PATCH",
        "/api/v1/admin/users/<int:user_id>",
        "a resident",
        "401 403 403 403 403 yes",
        "a pupil's role cannot change (409)",
    ),
    _row(
        "POST",
        "/api/v1/admin/users/<int:user_id>/teacher-request",
        "a resident asking to be a teacher",
        "401 403 403 403 403 yes",
    ),
    _row(
        "POST",
        "/api/v1/admin/users/<int:user_id>/block",
        "a resident",
        "401 403 403 403 403 yes",
        "pupils too; not one's own account (409)",
    ),
    _row(
        "DELETE", "/api/v1/admin/users/<int:user_id>/block", "a resident", "401 403 403 403 403 yes"
    ),
)


def markdown_table() -> str:
    """PERMISSIONS as the Markdown table of docs/permissions.md."""
    lines = [
        "| method | path | state | " + " | ".join(ROLES) + " | note |",
        "|---|---|---|" + "---|" * len(ROLES) + "---|",
    ]
    for rule in PERMISSIONS:
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.path)
        cells = [rule.method, f"`{path}`", rule.state, *[rule.outcomes[r] for r in ROLES]]
        lines.append("| " + " | ".join(cells) + f" | {rule.note} |")
    return "\n".join(lines) + "\n"
