"""Pupils: joining with the class's code, coming back with a personal re-entry code, and the
teacher's class list (docs/schools.md). A pupil account has no e-mail and no password; its
nickname is seen by the teacher and the class only."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import Role, User
from verhalenkaart.errors import NotFound, ValidationProblem
from verhalenkaart.me.services import erase_account
from verhalenkaart.schools import codes
from verhalenkaart.schools.models import MAX_NICKNAME_LENGTH, Project, ProjectStatus, Pupil
from verhalenkaart.schools.services import today, writable
from verhalenkaart.stories.models import Status, Story


def _wrong_code() -> ValidationProblem:
    # The same answer for a malformed, unknown, rotated or expired code: nothing to learn.
    return ValidationProblem.field(
        "code", _("This code does not work. Check it with your teacher.")
    )


def _new_reentry_code(session: Session, secret_key: str) -> tuple[str, str]:
    while True:
        code = codes.new_code(codes.REENTRY_CODE_LENGTH)
        digest = codes.digest(secret_key, code)
        if session.scalar(sa.select(Pupil.user_id).where(Pupil.reentry_digest == digest)) is None:
            return code, digest


def join(session: Session, code: str, nickname: str, secret_key: str) -> tuple[Pupil, str]:
    """A new pupil account in the project whose join code is `code`; returns the membership
    and the pupil's re-entry code. Raises ValidationProblem on `code` or `nickname`."""
    code = codes.normalise(code)
    if not codes.is_well_formed(code, codes.JOIN_CODE_LENGTH):
        raise _wrong_code()
    project = session.scalar(sa.select(Project).where(Project.join_code == code))
    if project is None or project.status_on(today()) == ProjectStatus.ENDED:
        raise _wrong_code()
    nickname = " ".join((nickname or "").split())
    if not nickname:
        raise ValidationProblem.field("nickname", _("Choose a name your class knows you by."))
    if len(nickname) > MAX_NICKNAME_LENGTH:
        raise ValidationProblem.field(
            "nickname", _("Use at most %(limit)d characters.", limit=MAX_NICKNAME_LENGTH)
        )
    taken = session.scalar(
        sa.select(User.id)
        .join(Pupil, Pupil.user_id == User.id)
        .where(Pupil.project_id == project.id, sa.func.lower(User.display_name) == nickname.lower())
    )
    if taken is not None:
        raise ValidationProblem.field(
            "nickname", _("Someone in your class has this name already. Choose another one.")
        )
    user = User(email=None, password_hash=None, display_name=nickname, role=Role.PUPIL)
    session.add(user)
    session.flush()
    reentry, digest = _new_reentry_code(session, secret_key)
    membership = Pupil(
        user_id=user.id,
        project_id=project.id,
        reentry_digest=digest,
        reentry_sealed=codes.seal(secret_key, reentry),
    )
    try:
        with session.begin_nested():
            session.add(membership)
            session.flush()
    except IntegrityError:  # two codes alike at once: one in 7.9·10^17, but not a 500
        raise _wrong_code() from None
    return membership, reentry


def reenter(session: Session, code: str, secret_key: str) -> Pupil:
    """The pupil whose re-entry code is `code`, while their project has not ended. Raises
    ValidationProblem on `code`."""
    code = codes.normalise(code)
    if not codes.is_well_formed(code, codes.REENTRY_CODE_LENGTH):
        raise _wrong_code()
    membership = session.scalar(
        sa.select(Pupil).where(Pupil.reentry_digest == codes.digest(secret_key, code))
    )
    if membership is None or membership.project.status_on(today()) == ProjectStatus.ENDED:
        raise _wrong_code()
    return membership


def class_list(session: Session, project: Project, secret_key: str) -> list[dict]:
    """The project's pupils with their re-entry codes and story counts, by nickname."""
    counts = dict(
        session.execute(
            sa.select(Story.author_id, sa.func.count())
            .where(Story.project_id == project.id, Story.status != Status.DELETED)
            .group_by(Story.author_id)
        ).all()
    )
    pupils = session.scalars(sa.select(Pupil).where(Pupil.project_id == project.id))
    rows = [
        {
            "id": p.user_id,
            "nickname": p.user.display_name,
            "reentry_code": codes.shown(codes.unseal(secret_key, p.reentry_sealed)),
            "joined_at": p.joined_at,
            "stories": int(counts.get(p.user_id, 0)),
        }
        for p in pupils
    ]
    return sorted(rows, key=lambda row: (row["nickname"].lower(), row["id"]))


def pupil_of(session: Session, project: Project, user_id: int) -> Pupil:
    # A path's number can be larger than any id (PostgreSQL would refuse it in the query).
    membership = session.get(Pupil, user_id) if 0 < user_id < 2**31 else None
    if membership is None or membership.project_id != project.id:
        raise NotFound(_("There is no pupil with this id in this project."))
    return membership


def reset_reentry_code(session: Session, membership: Pupil, secret_key: str) -> str:
    """A new re-entry code for the pupil; the old one stops working, and so do the pupil's
    sessions (someone who found the old card is logged out)."""
    writable(membership.project)
    reentry, digest = _new_reentry_code(session, secret_key)
    membership.reentry_digest = digest
    membership.reentry_sealed = codes.seal(secret_key, reentry)
    membership.user.session_version += 1
    session.flush()
    return reentry


def remove_pupil(session: Session, membership: Pupil) -> None:
    """Delete the pupil's account and every story of theirs that is not published, with
    photos, recordings, comments and reactions: the erasure every account has (me.services),
    which keeps published stories without a name and without the voice."""
    user = membership.user
    session.delete(membership)
    session.flush()
    erase_account(session, user, "anonymise", None)
