"""Services for a user's own data: their stories with the latest decision, consent, the GDPR
export (JSON and ZIP) and erasure of the account."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart.accounts.devices import list_sessions
from verhalenkaart.accounts.models import User
from verhalenkaart.community.models import Comment, Reaction, Report
from verhalenkaart.community.services import comment_out
from verhalenkaart.db import Base, utcnow
from verhalenkaart.errors import Forbidden, NotFound, ValidationProblem
from verhalenkaart.media.services import remove_story_recordings
from verhalenkaart.moderation.audit import decision_out, latest_decisions
from verhalenkaart.moderation.models import ModerationEvent, is_about
from verhalenkaart.moderation.services import record_event
from verhalenkaart.sqljson import iso
from verhalenkaart.stories.features import story_feature
from verhalenkaart.stories.models import PUBLIC_STATUS, Status, Story
from verhalenkaart.stories.services import delete_story

EXPORT_JSON_NAME = "verhalenkaart-export.json"

#: Extra files for a user's export ZIP: each provider yields (name inside the ZIP, bytes) for
#: a user. The media capability registers one for the user's photos and recordings.
ExportFiles = Callable[[Session, User], Iterable[tuple[str, bytes]]]
EXPORT_FILE_PROVIDERS: list[ExportFiles] = []


def register_export_files(provider: ExportFiles) -> ExportFiles:
    """Add files to every export ZIP (usable as a decorator)."""
    EXPORT_FILE_PROVIDERS.append(provider)
    return provider


#: Extra properties of the stories in "my stories": name → provider(session, story ids) giving
#: {story id: value}; stories it leaves out get an empty list. Collections registers
#: "collections" (the published exhibitions a story is in), so me imports no capability that
#: builds on stories for it.
StoryProperty = Callable[[Session, list[int]], dict[int, object]]
MY_STORY_PROPERTIES: dict[str, StoryProperty] = {}


def register_my_story_property(name: str, provider: StoryProperty) -> None:
    """Add the property `name` to every story in GET /me/stories."""
    MY_STORY_PROPERTIES[name] = provider


# --- my stories -------------------------------------------------------------------------------


def _own_stories(session: Session, user: User) -> list[Story]:
    return list(
        session.scalars(
            sa.select(Story)
            .where(Story.author_id == user.id, Story.status != Status.DELETED)
            .order_by(Story.id.desc())
        )
    )


def my_stories(session: Session, user: User) -> dict:
    """The user's stories in every status but deleted, newest first, each with its status and
    the latest moderation decision (contract: properties.moderation)."""
    stories = _own_stories(session, user)
    ids = [s.id for s in stories]
    decisions = latest_decisions(session, "story", ids)
    extras = {name: provider(session, ids) for name, provider in MY_STORY_PROPERTIES.items()}
    features = []
    for story in stories:
        feature = story_feature(story, include_private=True)
        feature["properties"]["moderation"] = decision_out(decisions.get(story.id))
        for name, values in extras.items():
            feature["properties"][name] = values.get(story.id, [])
        features.append(feature)
    return {"type": "FeatureCollection", "features": features, "numberReturned": len(features)}


# --- consent ------------------------------------------------------------------------------------


def own_story(session: Session, story_uuid: object, user: User) -> Story:
    story = session.scalar(sa.select(Story).where(Story.uuid == story_uuid))
    if story is None or story.status == Status.DELETED or story.author_id != user.id:
        raise NotFound(_("There is no story with this id."))
    return story


def set_consent(session: Session, story: Story, user: User, consent: bool, version: str) -> None:
    """Give consent again (recorded with the current text version and time), or withdraw it:
    the story then leaves every public view at once and its content is deleted, like a
    deletion by its author; the audit trail records the withdrawal."""
    if consent:
        story.consent_at = utcnow()
        story.consent_version = version
        session.flush()
        return
    delete_story(session, story, by=user, action="withdraw-consent")
    story.consent_at = None
    session.flush()


# --- export -------------------------------------------------------------------------------------


def _my_comment_events(user: User) -> sa.ColumnElement[bool]:
    """Events about comments `user` wrote (not about earlier, deleted comments with the same
    id: see moderation.models.is_about)."""
    return sa.exists().where(
        Comment.author_id == user.id, is_about("comment", Comment.id, Comment.created_at)
    )


def _events_about_me(user: User, story_ids: list[int]) -> sa.ColumnElement[bool]:
    """Events about `user`'s stories (`story_ids`; stories are never deleted for good, so their
    ids are never reused) and comments."""
    return sa.or_(
        sa.and_(ModerationEvent.item_type == "story", ModerationEvent.item_id.in_(story_ids)),
        _my_comment_events(user),
    )


def export_data(session: Session, user: User) -> dict:
    """Everything we keep about `user`, as one JSON-ready document."""
    stories = _own_stories(session, user)
    story_ids = [s.id for s in stories]
    comments = list(
        session.scalars(sa.select(Comment).where(Comment.author_id == user.id).order_by(Comment.id))
    )
    reactions = session.execute(
        sa.select(Story.uuid, Reaction.created_at)
        .join(Story, Story.id == Reaction.story_id)
        .where(Reaction.user_id == user.id)
        .order_by(Reaction.id)
    ).all()
    reports = session.execute(
        sa.select(Story.uuid, Report)
        .join(Story, Story.id == Report.story_id)
        .where(Report.reporter_id == user.id)
        .order_by(Report.id)
    ).all()
    comment_ids = [c.id for c in comments]
    events = list(
        session.scalars(
            sa.select(ModerationEvent)
            .where(_events_about_me(user, story_ids))
            .order_by(ModerationEvent.id)
        )
    )
    public_ids = {("story", s.id): str(s.uuid) for s in stories} | {
        ("comment", c.id): str(c.uuid) for c in comments
    }
    comment_story = dict(
        session.execute(
            sa.select(Comment.id, Story.uuid)
            .join(Story, Story.id == Comment.story_id)
            .where(Comment.id.in_(comment_ids))
        ).all()
    )
    return {
        "exported_at": iso(utcnow()),
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "created_at": iso(user.created_at),
            "school": user.school,
            "teacher_requested_at": iso(user.teacher_requested_at),
            "blocked_at": iso(user.blocked_at),
            "two_factor": user.two_factor_enabled,
            "sessions": [
                {k: iso(v) if k.endswith("_at") else v for k, v in record.items()}
                for record in list_sessions(session, user)
            ],
        },
        "stories": [story_feature(s, include_private=True) for s in stories],
        "comments": [comment_out(c) | {"story": str(comment_story[c.id])} for c in comments],
        "reactions": [
            {"story": str(story_uuid), "created_at": iso(created_at)}
            for story_uuid, created_at in reactions
        ],
        "reports": [
            {
                "story": str(story_uuid),
                "reason": report.reason,
                "note": report.note,
                "created_at": iso(report.created_at),
                "resolved": report.resolved_at is not None,
            }
            for story_uuid, report in reports
        ],
        "moderation": [
            {
                "item": {"type": e.item_type, "id": public_ids.get((e.item_type, e.item_id))},
                "action": e.action,
                "reason_code": e.reason_code,
                "message": e.reason,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "decided_at": iso(e.created_at),
            }
            for e in events
        ],
    }


class _Chunks(io.RawIOBase):
    """A write-only, unseekable file that collects what is written until drained: zipfile then
    writes a streamable ZIP (sizes in data descriptors after each member)."""

    def __init__(self) -> None:
        super().__init__()
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # noqa: ANN001 (bytes-like)
        self._parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def export_zip(
    session: Session, user: User, privacy_statement: Path | None = None
) -> Iterator[bytes]:
    """The export as a ZIP, streamed: the JSON document, the privacy statement, and the files
    every registered provider adds (photos, recordings). Each member is handed on as soon as it
    is compressed, so memory holds one file at a time, not the whole archive (16 photos once
    made a 65 MB answer built in memory)."""
    sink = _Chunks()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            EXPORT_JSON_NAME, json.dumps(export_data(session, user), ensure_ascii=False, indent=2)
        )
        if privacy_statement is not None and privacy_statement.is_file():
            archive.writestr("privacyverklaring.md", privacy_statement.read_text("utf-8"))
        yield sink.drain()
        for provider in EXPORT_FILE_PROVIDERS:
            for name, content in provider(session, user):
                archive.writestr(name, content)
                yield sink.drain()
    yield sink.drain()  # the central directory


# --- erasure ------------------------------------------------------------------------------------


def erased_tables() -> list[str]:
    """The tables an erasure may delete or overwrite rows of, directly or through the
    story_deleted signal's subscribers: all of the application's own."""
    return [table.name for table in Base.metadata.sorted_tables]


def erase_account(session: Session, user: User, stories: str, password: str | None) -> None:
    """Erase `user` and their personal data.

    `stories`: "delete" removes all their stories; "anonymise" keeps their published stories
    without their name and without their voice recordings (everything not published is deleted
    either way). Their comments and
    reactions are deleted; their reports stay as anonymous reports without a note; the
    messages moderators wrote to them about deleted items are removed. Accounts with a
    password must confirm it (Forbidden otherwise).
    """
    if stories not in {"delete", "anonymise"}:
        raise ValidationProblem.field("stories", _("Choose delete or anonymise."))
    if user.password_hash:
        if not password:
            raise ValidationProblem.field("password", _("Confirm with your password."))
        if not user.check_password(password):
            wrong = _("The password is not right.")
            raise Forbidden(wrong, {"password": [wrong]})
    own = _own_stories(session, user)
    story_ids = [s.id for s in own] + list(
        session.scalars(sa.select(Story.id).where(Story.author_id == user.id))
    )
    for story in own:
        if stories == "anonymise" and story.status == PUBLIC_STATUS:
            # Recorded (without a moderator): an anonymous create's retry must not return it.
            record_event(session, "story", story.id, None, "anonymise", story.status, story.status)
            story.author = None
            story.author_id = None
            # A voice says who is speaking as clearly as a name: recordings go, text stays.
            remove_story_recordings(session, story)
            continue
        delete_story(session, story, by=None)
    # Tombstones of earlier deletions keep no link to the person either.
    session.execute(sa.update(Story).where(Story.author_id == user.id).values(author_id=None))
    # Messages moderators wrote to the person, about any of their stories or comments.
    session.execute(
        sa.update(ModerationEvent)
        .where(_events_about_me(user, story_ids))
        .values(reason=None)
        .execution_options(synchronize_session=False)
    )
    session.execute(sa.delete(Comment).where(Comment.author_id == user.id))
    session.execute(sa.delete(Reaction).where(Reaction.user_id == user.id))
    session.execute(
        sa.update(Report)
        .where(Report.reporter_id == user.id)
        .values(reporter_id=None, reporter_key=None, note=None)
    )
    session.delete(user)
    session.flush()


# --- privacy statement --------------------------------------------------------------------------


def privacy_statement(path: Path, version: str) -> dict:
    """The privacy statement the app shows (Dutch, Markdown); NotFound if it is not installed."""
    if not path.is_file():
        raise NotFound(_("The privacy statement is not installed."))
    return {
        "version": version,
        "language": "nl",
        "format": "text/markdown",
        "markdown": path.read_text("utf-8"),
    }
