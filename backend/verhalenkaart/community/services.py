"""Community services: reactions, comments and reports on published stories. No Flask request
state here: the caller passes the user, the reporter's address and the rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from verhalenkaart import permissions
from verhalenkaart.accounts.models import Role, User
from verhalenkaart.community.models import Comment, CommentStatus, Reaction, Report
from verhalenkaart.community.schemas import CommentOut
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict, NotFound
from verhalenkaart.moderation.models import ModerationEvent, is_about
from verhalenkaart.moderation.services import record_event
from verhalenkaart.stories.features import FeaturePart, published_story, register_feature_part
from verhalenkaart.stories.models import Status, Story
from verhalenkaart.stories.signals import story_deleted


@dataclass(frozen=True)
class CommunityRules:
    """The configuration community writes depend on."""

    moderation: str = "pre"
    report_threshold: int = 3
    reporter_key_hours: int = 72
    secret: str = ""

    @classmethod
    def from_config(cls, config: dict) -> CommunityRules:
        return cls(
            moderation=config["MODERATION"],
            report_threshold=config["REPORT_THRESHOLD"],
            reporter_key_hours=config["REPORTER_KEY_HOURS"],
            secret=config["SECRET_KEY"],
        )


def public_story(session: Session, story_uuid: uuid.UUID, responder: User | None = None) -> Story:
    """The story if the public may see it (responses exist only there); NotFound otherwise.
    With `responder` (who reacts or comments): also NotFound when they may not respond to it
    (a pupil, outside their class project: permissions.may_respond_to)."""
    story = published_story(session, story_uuid)
    if responder is not None and not permissions.may_respond_to(responder, story):
        raise NotFound(_("There is no story with this id."))
    return story


def _reaction_count(story_id: sa.ColumnElement | int) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.count())
        .select_from(Reaction)
        .where(Reaction.story_id == story_id)
        .scalar_subquery()
    )


def _published_comment_count(story_id: sa.ColumnElement | int) -> sa.ScalarSelect:
    return (
        sa.select(sa.func.count())
        .select_from(Comment)
        .where(Comment.story_id == story_id, Comment.status == CommentStatus.PUBLISHED)
        .scalar_subquery()
    )


# The story Feature's `reactions` and `comments`: a correlated count each (indexed by story_id).
register_feature_part(
    "reactions",
    FeaturePart(
        sql=_reaction_count,
        python=lambda session, story: int(session.scalar(sa.select(_reaction_count(story.id)))),
    ),
)
register_feature_part(
    "comments",
    FeaturePart(
        sql=_published_comment_count,
        python=lambda session, story: int(
            session.scalar(sa.select(_published_comment_count(story.id)))
        ),
    ),
)


# --- reactions ----------------------------------------------------------------------------------


def reaction_state(session: Session, story: Story, user: User | None) -> dict:
    count = session.scalar(
        sa.select(sa.func.count()).select_from(Reaction).where(Reaction.story_id == story.id)
    )
    mine = user is not None and (
        session.scalar(
            sa.select(Reaction.id).where(Reaction.story_id == story.id, Reaction.user_id == user.id)
        )
        is not None
    )
    return {"count": int(count or 0), "mine": mine}


def add_reaction(session: Session, story: Story, user: User) -> tuple[dict, bool]:
    """ "Herkenbaar!": one per account per story; returns (state, created)."""
    existing = session.scalar(
        sa.select(Reaction.id).where(Reaction.story_id == story.id, Reaction.user_id == user.id)
    )
    created = existing is None
    if created:
        try:
            with session.begin_nested():
                session.add(Reaction(story_id=story.id, user_id=user.id))
                session.flush()
        except IntegrityError:
            created = False  # a concurrent request of the same account won
    return reaction_state(session, story, user), created


def remove_reaction(session: Session, story: Story, user: User) -> dict:
    session.execute(
        sa.delete(Reaction).where(Reaction.story_id == story.id, Reaction.user_id == user.id)
    )
    return reaction_state(session, story, user)


# --- comments -----------------------------------------------------------------------------------


def comment_out(comment: Comment) -> dict:
    """A comment as the API shows it (community.schemas.CommentOut), for documents that are
    not a response of their own (the GDPR export)."""
    return CommentOut().dump(comment)


def list_comments(session: Session, story: Story, user: User | None) -> list[Comment]:
    """Published comments, plus the caller's own that wait for review; oldest first."""
    visible = Comment.status == CommentStatus.PUBLISHED
    if user is not None:
        visible = sa.or_(
            visible,
            sa.and_(Comment.author_id == user.id, Comment.status == CommentStatus.PENDING),
        )
    return list(
        session.scalars(
            sa.select(Comment)
            .where(Comment.story_id == story.id, visible)
            .order_by(Comment.created_at, Comment.id)
        )
    )


def initial_comment_status(author: User, moderation: str) -> str:
    """Curators publish directly; pupils' comments always wait (they are minors); others wait
    unless moderation is 'post'."""
    if author.is_moderator:
        return CommentStatus.PUBLISHED
    if moderation == "post" and author.role != Role.PUPIL:
        return CommentStatus.PUBLISHED
    return CommentStatus.PENDING


def create_comment(
    session: Session,
    story: Story,
    author: User,
    body: str,
    rules: CommunityRules,
    client_id: uuid.UUID | None = None,
) -> tuple[Comment, bool]:
    """Comment on a published story; returns (comment, created). A retry with the same client
    `id` by the same author returns the first comment; someone else's id is a Conflict."""
    existing = _existing_comment_for_retry(session, story, author, client_id)
    if existing is not None:
        return existing, False
    status = initial_comment_status(author, rules.moderation)
    comment = Comment(
        uuid=client_id or uuid.uuid4(),
        story_id=story.id,
        author_id=author.id,
        author=author,
        body=body.strip(),
        status=status,
        published_at=utcnow() if status == CommentStatus.PUBLISHED else None,
    )
    try:
        with session.begin_nested():
            session.add(comment)
            session.flush()
    except IntegrityError:
        # A concurrent retry with the same client id won the race (the outbox's replay).
        existing = _existing_comment_for_retry(session, story, author, client_id)
        if existing is None:
            raise
        return existing, False
    return comment, True


def _existing_comment_for_retry(
    session: Session, story: Story, author: User, client_id: uuid.UUID | None
) -> Comment | None:
    """The author's comment on `story` with the client id; Conflict if someone else's comment
    (or one on another story) has it."""
    if client_id is None:
        return None
    existing = session.scalar(sa.select(Comment).where(Comment.uuid == client_id))
    if existing is not None and not (
        existing.author_id == author.id and existing.story_id == story.id
    ):
        raise Conflict(
            _("A comment with this id exists already. Use a new UUID for a new comment."),
            {"id": [_("This id is taken.")]},
        )
    return existing


def delete_comment(session: Session, story: Story, comment_uuid: uuid.UUID, user: User) -> None:
    """Delete a comment (its author, or a curator); recorded in the audit trail. Raises NotFound
    for an unknown comment or one the user may not delete (as if it did not exist)."""
    comment = session.scalar(
        sa.select(Comment).where(Comment.uuid == comment_uuid, Comment.story_id == story.id)
    )
    if comment is None or not (user.is_moderator or comment.author_id == user.id):
        raise NotFound(_("There is no comment with this id."))
    record_event(session, "comment", comment.id, user, "delete", comment.status, "deleted")
    session.flush()
    _forget_messages_about_comments(session, Comment.id == comment.id)
    session.delete(comment)
    session.flush()


def _forget_messages_about_comments(session: Session, which: sa.ColumnElement[bool]) -> None:
    """Comments `which` are being deleted for good: the messages moderators wrote about them
    (to their authors, often quoting them) go too; the events stay in the audit trail."""
    session.execute(
        sa.update(ModerationEvent)
        .where(
            ModerationEvent.reason.is_not(None),
            sa.exists().where(which, is_about("comment", Comment.id, Comment.created_at)),
        )
        .values(reason=None)
        .execution_options(synchronize_session=False)
    )


# --- reports ------------------------------------------------------------------------------------


def reporter_key(story: Story, user: User | None, address: str | None, secret: str) -> str | None:
    """What tells reporters apart: the account, or else a keyed hash of the address (per story,
    so hashes cannot be linked across stories; the address itself is never stored)."""
    if user is not None:
        return f"user:{user.id}"
    if not address:
        return None
    digest = hmac.new(
        secret.encode(), f"report|{story.id}|{address}".encode(), hashlib.sha256
    ).hexdigest()
    return f"ip:{digest}"


def forget_old_reporter_keys(session: Session, hours: int) -> None:
    """Anonymous reporters' keys (hashes of their address) are kept only for a while. Account
    keys ("user:<id>", no more than the stored reporter_id) stay until the report is resolved:
    forgetting them would let one account report a story again every `hours` and count as a
    new reporter each time, until it hid the story on its own."""
    cutoff = utcnow() - dt.timedelta(hours=hours)
    session.execute(
        sa.update(Report)
        .where(Report.reporter_key.like("ip:%"), Report.created_at < cutoff)
        .values(reporter_key=None)
    )


def distinct_open_reporters(session: Session, story_id: int) -> int:
    """Distinct reporters of a story's open reports: distinct keys.

    A report whose anonymous key was forgotten (after REPORTER_KEY_HOURS) no longer counts:
    nothing tells its reporter apart from a later one any more, and counting it would let one
    address hide a story alone by reporting again once each key expired. Such reports stay open
    for curators to read; only the automatic hiding needs distinct reporters, and for
    anonymous ones that means within the key's lifetime."""
    return int(
        session.scalar(
            sa.select(sa.func.count(sa.distinct(Report.reporter_key))).where(
                Report.story_id == story_id,
                Report.resolved_at.is_(None),
                Report.reporter_key.is_not(None),
            )
        )
        or 0
    )


def report_story(
    session: Session,
    story: Story,
    *,
    reporter: User | None,
    address: str | None,
    reason: str,
    note: str | None,
    rules: CommunityRules,
) -> bool:
    """Record a report; a repeated report by the same reporter changes nothing. When
    `rules.report_threshold` distinct reporters have open reports, the story is hidden until
    a curator decides (recorded in the audit trail). Returns whether the story was hidden."""
    forget_old_reporter_keys(session, rules.reporter_key_hours)
    key = reporter_key(story, reporter, address, rules.secret)
    duplicate = key is not None and (
        session.scalar(
            sa.select(Report.id).where(Report.story_id == story.id, Report.reporter_key == key)
        )
        is not None
    )
    if not duplicate:
        try:
            with session.begin_nested():
                session.add(
                    Report(
                        story_id=story.id,
                        reporter_id=reporter.id if reporter is not None else None,
                        reporter_key=key,
                        reason=reason,
                        note=(note or "").strip() or None,
                    )
                )
                session.flush()
        except IntegrityError:
            pass  # the same reporter, concurrently
    if (
        story.status == Status.PUBLISHED
        and distinct_open_reporters(session, story.id) >= rules.report_threshold
    ):
        record_event(
            session, "story", story.id, None, "hide", story.status, Status.HIDDEN, "reported"
        )
        story.status = Status.HIDDEN
        session.flush()
        return True
    return False


# --- clean-up -----------------------------------------------------------------------------------


@story_deleted.connect
def _delete_responses(story: Story, *, session: Session, **_) -> None:
    """A deleted story takes its reactions and comments with it; its open reports are resolved
    and their reporter keys forgotten."""
    ids = [story.id]
    session.execute(sa.delete(Reaction).where(Reaction.story_id.in_(ids)))
    _forget_messages_about_comments(session, Comment.story_id.in_(ids))
    session.execute(sa.delete(Comment).where(Comment.story_id.in_(ids)))
    session.execute(
        sa.update(Report)
        .where(Report.story_id.in_(ids), Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), reporter_key=None)
    )
