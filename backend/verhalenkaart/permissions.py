"""Who may do what: the predicates the routes use. The endpoint × role table that
docs/permissions.md shows and tests/test_permissions.py walks against the real app is in
permission_table.py, beside these."""

from __future__ import annotations

from flask_babel import _

from verhalenkaart.accounts.models import Role, User
from verhalenkaart.accounts.permissions import (
    require_second_factor,
    require_user,
    second_factor_missing,
)
from verhalenkaart.errors import Forbidden

# --- predicates -------------------------------------------------------------------------------


def is_curator(user: User | None) -> bool:
    """Curators and administrators: moderate everything, read the audit trail (not before
    they set up a second factor their role must have, REQUIRE_TWO_FACTOR)."""
    return (
        user is not None
        and user.is_authenticated
        and user.is_moderator
        and not second_factor_missing(user)
    )


def leads_project_of(user: User | None, story: object) -> bool:
    """A teacher, for a pupil's story in one of the projects they lead: not their own story (no
    one approves their own work) nor a resident's (curators review those)."""
    project = getattr(story, "project", None)
    author = getattr(story, "author", None)
    return (
        user is not None
        and user.is_authenticated
        and user.role == Role.TEACHER
        and project is not None
        and user.id in project.teacher_ids()
        and author is not None
        and author.role == Role.PUPIL
    )


def may_attach_to_project(user: User | None, project: object) -> bool:
    """Who may put a story in a school project: pupils, the project's teacher, and curators.
    Anyone else's story in a project would reach the teacher's review instead of a curator's."""
    return user is not None and (
        user.role == Role.PUPIL
        or user.is_moderator
        or (user.role == Role.TEACHER and teaches(user, project))
    )


def teaches(user: User | None, project: object) -> bool:
    """The project's teacher or a co-teacher (an administrator runs every project too)."""
    if user is None or not user.is_authenticated:
        return False
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.TEACHER and user.id in project.teacher_ids()  # type: ignore[attr-defined]


def approves_for_class(user: User | None, story: object) -> bool:
    """A teacher's approval puts a pupil's story on the class map, not the public one."""
    return leads_project_of(user, story) and not is_curator(user)


def may_respond_to(user: User | None, story: object) -> bool:
    """Who may react to or comment on a published story: anyone with an account, but a pupil
    only inside their own class project (their nickname stays in the class)."""
    if user is None or user.role != Role.PUPIL:
        return True
    membership = getattr(user, "pupil", None)
    return membership is not None and membership.project_id == getattr(story, "project_id", None)


def may_moderate_story(user: User | None, story: object) -> bool:
    return is_curator(user) or leads_project_of(user, story)


def may_moderate_comment(user: User | None, _comment: object) -> bool:
    return is_curator(user)


def require_moderating_role() -> User:
    """Curators, administrators and teachers (the latter for their own projects): 401 for
    anonymous callers, 403 for everyone else."""
    user = require_user()
    if not (user.has_moderator_role or user.role == Role.TEACHER):
        raise Forbidden(_("Only curators, administrators and teachers may moderate."))
    return require_second_factor(user)


def require_curator() -> User:
    user = require_user()
    if not user.has_moderator_role:
        raise Forbidden(_("Only curators and administrators may do this."))
    return require_second_factor(user)


def require_admin() -> User:
    """Administrators (with their second factor when REQUIRE_TWO_FACTOR names them)."""
    user = require_user()
    if user.role != Role.ADMIN:
        raise Forbidden(_("Only administrators may do this."))
    return require_second_factor(user)
