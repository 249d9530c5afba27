"""A project's stories: the class map, the teacher's pick for the public map, the project's
export ZIP and the purge after the project ended (docs/schools.md). Stories are read through
the read side (stories.feature_sets.class_map_features), never with a WHERE of our own."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from flask_babel import _
from sqlalchemy.orm import Session

from verhalenkaart import sqljson
from verhalenkaart.accounts.models import User
from verhalenkaart.db import utcnow
from verhalenkaart.errors import Conflict
from verhalenkaart.exports import services as exports
from verhalenkaart.media.models import Photo
from verhalenkaart.moderation.services import record_event
from verhalenkaart.schools.joining import remove_pupil
from verhalenkaart.schools.models import Policy, Project, PublicPick, Pupil
from verhalenkaart.schools.services import writable
from verhalenkaart.stories import feature_sets, features
from verhalenkaart.stories.models import Status, Story


def class_map(session: Session, project: Project) -> dict:
    """The class map: the project's class and published stories as a FeatureCollection, each
    with the nickname of its pupil (for members only: the caller checks)."""
    found = feature_sets.class_map_features(session, project.id)
    author_ids = {author for author, _text in found if author is not None}
    names = dict(
        session.execute(
            sa.select(Pupil.user_id, User.display_name)
            .join(User, User.id == Pupil.user_id)
            .where(Pupil.user_id.in_(author_ids), Pupil.project_id == project.id)
        ).all()
    )
    items = []
    for author, text in found:
        feature = json.loads(text)
        feature["properties"]["nickname"] = names.get(author)
        items.append(feature)
    return {"type": "FeatureCollection", "features": items}


def pick_for_public_map(
    session: Session, project: Project, story: Story, teacher: User, teacher_publishes: bool
) -> Story:
    """The teacher picks a class story for the public map: it waits for the curators (a
    PublicPick), or is published at once when the administrator configured
    SCHOOLS_PUBLIC_REVIEW=teacher. Raises Conflict (policy `class`, or not a class story)."""
    writable(project)
    if project.policy != Policy.PUBLIC:
        raise Conflict(
            _("This project keeps its stories in the class."),
            {"policy": [_("The project's policy is 'class'.")]},
        )
    if story.status != Status.CLASS:
        raise Conflict(
            _("Only a story approved for the class can go to the public map."),
            {"status": [_("Not possible for a %(status)s story.", status=story.status)]},
        )
    if teacher_publishes:
        record_event(session, "story", story.id, teacher, "approve", story.status, "published")
        story.status = Status.PUBLISHED
        story.published_at = story.published_at or utcnow()
    else:
        record_event(session, "story", story.id, teacher, "pick-public", story.status, "pending")
        story.status = Status.PENDING
        if session.get(PublicPick, story.id) is None:
            session.add(PublicPick(story_id=story.id, picked_by=teacher.id))
    session.flush()
    return story


def export_chunks(
    session: Session, project: Project, source: exports.Source, read: Callable[[str], bytes]
) -> Iterator[bytes]:
    """The project's ZIP: its class and published stories as GeoJSON and CSV (the open-data
    exporter's writers), their photos, and a README. No nicknames: the Features say
    'leerling van …' as everywhere outside the class."""
    texts = [text for _author, text in feature_sets.class_map_features(session, project.id)]
    buffer = io.BytesIO()
    stamp = (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, data: bytes) -> None:
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), data)

        add("stories.geojson", "".join(exports.geojson_parts(texts, source)).encode())
        add("stories.csv", "".join(exports.csv_parts(texts, source)).encode())
        ids = [json.loads(t)["id"] for t in texts]
        photos = session.execute(
            sa.select(sqljson.uuid_text(Story.uuid).label("story"), Photo.large_key)
            .join(Story, Story.id == Photo.story_id)
            .where(
                Story.project_id == project.id,
                Story.status.in_([str(s) for s in features.CLASS_MAP_STATUSES]),
            )
            .order_by(Photo.story_id, Photo.position, Photo.id)
        ).all()
        numbers: dict[str, int] = {}
        for story, key in photos:
            if story not in ids:
                continue
            numbers[story] = numbers.get(story, 0) + 1
            try:
                add(f"photos/{story}/{numbers[story]}.jpg", read(key))
            except (FileNotFoundError, OSError):
                continue
        readme = "".join(exports.readme(source, texts))
        intro = (
            f"# {project.name}\n\n{project.school} {project.class_name}\n\n"
            f"{project.prompt}\n\nstories.csv: the same stories as a table.\n\n"
        )
        add("README.md", (intro + readme).encode())
    yield buffer.getvalue()


def purge_ended_projects(session: Session, retention_days: int, today: dt.date) -> dict:
    """Remove the pupils of every project that ended more than `retention_days` ago: their
    accounts and every unpublished story, photo and recording (published stories stay, without
    a name). Idempotent: a second run finds nothing to do. Returns what it did."""
    cutoff = today - dt.timedelta(days=retention_days)
    projects = list(
        session.scalars(
            sa.select(Project).where(Project.ends_on.is_not(None), Project.ends_on < cutoff)
        )
    )
    pupils = 0
    for project in projects:
        for membership in list(
            session.scalars(sa.select(Pupil).where(Pupil.project_id == project.id))
        ):
            remove_pupil(session, membership)
            pupils += 1
        project.join_code = None
    session.flush()
    return {"projects": len(projects), "pupils": pupils}
