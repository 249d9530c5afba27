"""The review queue: items waiting for a curator's (or a teacher's) decision, oldest first."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from verhalenkaart.accounts.models import Role, User
from verhalenkaart.community.models import Comment, Report
from verhalenkaart.moderation.models import DECISIONS, ModerationEvent
from verhalenkaart.moderation.services import MODERATED_KINDS, ModeratedKind
from verhalenkaart.pagination import decode_cursor, encode_cursor
from verhalenkaart.schools.models import Project, PublicPick, project_teachers
from verhalenkaart.sqljson import iso
from verhalenkaart.stories.features import story_feature
from verhalenkaart.stories.models import Status, Story


@dataclass
class QueueItem:
    kind: ModeratedKind
    item: object
    rank: int
    open_reports: list[Report]


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _us(value: dt.datetime) -> int:
    """Microseconds since the epoch, exactly (a float timestamp would round)."""
    return (value - EPOCH) // dt.timedelta(microseconds=1)


def _after_condition(model: type, rank: int, after: tuple[int, int, int] | None):
    if after is None:
        return sa.true()
    t_us, k, i = after
    t = EPOCH + dt.timedelta(microseconds=t_us)
    if rank > k:
        return model.created_at >= t
    if rank < k:
        return model.created_at > t
    return sa.or_(model.created_at > t, sa.and_(model.created_at == t, model.id > i))


def _open_reports(session: Session, story_ids: list[int]) -> dict[int, list[Report]]:
    """Open reports per story, oldest first."""
    if not story_ids:
        return {}
    reports: dict[int, list[Report]] = {}
    for report in session.scalars(
        sa.select(Report)
        .where(Report.story_id.in_(story_ids), Report.resolved_at.is_(None))
        .order_by(Report.id)
    ):
        reports.setdefault(report.story_id, []).append(report)
    return reports


def review_queue(
    session: Session,
    user: User,
    *,
    kinds: Sequence[str] = (),
    statuses: Sequence[str] = (),
    reported: bool | None = None,
    project: str | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> tuple[list[dict], str | None]:
    """Items waiting for a decision, oldest first (as moderation.schemas.QueueItemOut shows
    them), and the next page's cursor (or None). Raises ValidationProblem for a bad cursor.

    Defaults: pending items; with `reported`, items with open reports in any status but
    deleted. A teacher sees only their pupils' stories in their own projects.
    """
    after = None
    if cursor:
        position = decode_cursor(cursor)
        after = (position.get("t", 0), position.get("k", 0), position.get("i", 0))
    kinds = list(kinds) or ["story", "comment"]
    if not statuses:
        statuses = (
            [Status.PENDING, Status.PUBLISHED, Status.HIDDEN, Status.REJECTED]
            if reported
            else [Status.PENDING]
        )
    teacher_only = not user.is_moderator
    open_report = (
        sa.select(Report.id)
        .where(Report.story_id == Story.id, Report.resolved_at.is_(None))
        .exists()
    )
    found: list[QueueItem] = []
    if "story" in kinds:
        stmt = sa.select(Story).where(
            Story.status.in_(list(statuses)), _after_condition(Story, 0, after)
        )
        if reported is not None:
            stmt = stmt.where(open_report if reported else ~open_report)
        if project:
            stmt = stmt.where(
                Story.project_id.in_(sa.select(Project.id).where(Project.slug == project))
            )
        pupils = sa.select(User.id).where(User.role == Role.PUPIL)
        picked = sa.select(PublicPick.story_id)
        if teacher_only:  # permissions.leads_project_of: pupils' stories in their projects
            stmt = stmt.where(
                Story.project_id.in_(
                    sa.select(Project.id).where(
                        sa.or_(
                            Project.teacher_id == user.id,
                            Project.id.in_(
                                sa.select(project_teachers.c.project_id).where(
                                    project_teachers.c.user_id == user.id
                                )
                            ),
                        )
                    )
                ),
                Story.author_id.in_(pupils),
                Story.id.not_in(picked),  # picked for the public map: the curators' turn
            )
        else:  # a pupil's story waits for its teacher first, unless picked for the public map
            taught = sa.select(Project.id).where(
                sa.or_(
                    Project.teacher_id.is_not(None),
                    Project.id.in_(sa.select(project_teachers.c.project_id)),
                )
            )
            stmt = stmt.where(
                sa.or_(
                    Story.status != Status.PENDING,
                    Story.project_id.is_(None),
                    Story.project_id.not_in(taught),
                    Story.author_id.is_(None),
                    Story.author_id.not_in(pupils),
                    Story.id.in_(picked),
                )
            )
        stmt = stmt.order_by(Story.created_at, Story.id).limit(limit + 1)
        stories = list(session.scalars(stmt))
        reports = _open_reports(session, [s.id for s in stories])
        found += [
            QueueItem(MODERATED_KINDS["stories"], s, 0, reports.get(s.id, [])) for s in stories
        ]
    # Comments have no reports (reports are about stories) and teachers do not moderate them.
    if "comment" in kinds and not teacher_only and not reported:
        stmt = (
            sa.select(Comment)
            .where(Comment.status.in_(list(statuses)), _after_condition(Comment, 1, after))
            .order_by(Comment.created_at, Comment.id)
            .limit(limit + 1)
        )
        if project:
            stmt = stmt.where(
                Comment.story_id.in_(
                    sa.select(Story.id).join(Project).where(Project.slug == project)
                )
            )
        found += [QueueItem(MODERATED_KINDS["comments"], c, 1, []) for c in session.scalars(stmt)]
    found.sort(key=lambda q: (q.item.created_at, q.rank, q.item.id))  # type: ignore[attr-defined]
    page = found[:limit]
    next_cursor = None
    if len(found) > limit:
        last = page[-1]
        next_cursor = encode_cursor(
            {"t": _us(last.item.created_at), "k": last.rank, "i": last.item.id}  # type: ignore[attr-defined]
        )
    stories = [e.item for e in page if e.kind.item_type == "story"]
    history = author_history(session, stories)  # type: ignore[arg-type]
    out = [_queue_entry(session, entry) for entry in page]
    for entry, row in zip(page, out, strict=True):
        if entry.kind.item_type == "story":
            row["author_history"] = history.get(entry.item.id)  # type: ignore[attr-defined]
    return out, next_cursor


#: How many of an author's earlier decisions a queue item lists (the counts cover all).
HISTORY_RECENT = 5


def author_history(session: Session, stories: Sequence[Story]) -> dict[int, dict | None]:
    """Per story: the decisions on its author's *other* stories — counts by action and the
    latest few — so a curator sees at a glance whether this contributor needed a word before.
    None for a story without an author (anonymous, or an erased account). Two queries for the
    whole page, whatever its size."""
    authors = {s.author_id for s in stories if s.author_id is not None}
    if not authors:
        return {s.id: None for s in stories}
    rows = session.execute(
        sa.select(
            Story.author_id,
            Story.id,
            Story.uuid,
            Story.title,
            Story.status,
            ModerationEvent.action,
            ModerationEvent.reason_code,
            ModerationEvent.created_at,
        )
        .join(
            ModerationEvent,
            sa.and_(ModerationEvent.item_type == "story", ModerationEvent.item_id == Story.id),
        )
        .where(Story.author_id.in_(authors), ModerationEvent.action.in_(DECISIONS))
        .order_by(ModerationEvent.id.desc())
    ).all()
    out: dict[int, dict | None] = {}
    for story in stories:
        if story.author_id is None:
            out[story.id] = None
            continue
        earlier = [r for r in rows if r.author_id == story.author_id and r.id != story.id]
        out[story.id] = {
            "counts": dict(Counter(r.action for r in earlier)),
            "recent": [
                {
                    # A deleted story's title is gone; the curator sees the decision only.
                    "story": None
                    if r.status == Status.DELETED
                    else {"id": r.uuid, "title": r.title},
                    "action": r.action,
                    "reason_code": r.reason_code,
                    "decided_at": iso(r.created_at),
                }
                for r in earlier[:HISTORY_RECENT]
            ],
        }
    return out


def _queue_entry(session: Session, entry: QueueItem) -> dict:
    """One queue item for QueueItemOut: the story's Feature, or the comment and its story."""
    item = entry.item
    out = {
        "type": entry.kind.item_type,
        "id": item.uuid,  # type: ignore[attr-defined]
        "status": item.status,  # type: ignore[attr-defined]
        "created_at": item.created_at,  # type: ignore[attr-defined]
        "reports": dict(Counter(r.reason for r in entry.open_reports)),
        # What reporters wrote, for the curator; who they are is not shown.
        "report_notes": entry.open_reports,
    }
    story = item if entry.kind.item_type == "story" else session.get(Story, item.story_id)  # type: ignore[attr-defined]
    out["project"] = story.project.slug if story.project else None
    if entry.kind.item_type == "story":
        out["feature"] = story_feature(story, include_private=True)
    else:
        out["comment"] = item
        out["story"] = story
    return out
