"""Stories for the open-data tests (OGC API, exports): published ones, one of them a pupil's, and
one in every status the public must never see."""

from __future__ import annotations

from collections.abc import Callable

from verhalenkaart.schools.models import Project
from verhalenkaart.stories.models import Status

PUPIL_NICKNAME = "Pietje Puk de Stoere"
PUPIL_EMAIL = "pietje-puk@example.org"
SECRET = "GEHEIM"  # in the title of every story the public must not see
UNSEEN = (Status.PENDING, Status.HIDDEN, Status.REJECTED, Status.DELETED)
AREA = {
    "type": "Polygon",
    "coordinates": [[[6.55, 52.99], [6.57, 52.99], [6.57, 53.0], [6.55, 52.99]]],
}


def seed(session, make_user, make_story: Callable) -> dict:
    """Four published stories (a memory, a wish about beekdalen, a pupil's area, a photo) and one
    unseen story per status. Returns {"published": [...], "unseen": [...], "pupil": user}."""
    pupil = make_user("pupil", display_name=PUPIL_NICKNAME, email=PUPIL_EMAIL)
    teacher = make_user("teacher", display_name="Meester Jan")
    project = Project(slug="groep-8-anloo", name="Groep 8", teacher_id=teacher.id)
    session.add(project)
    session.commit()
    published = [
        make_story(title="Schaatsen op de Aa", kind="memory", themes=["water-bodem"]),
        make_story(
            title="Beekdal weer nat",
            kind="wish",
            themes=["water-bodem", "natuur"],
            license="CC0-1.0",
            lon=6.7,
            lat=52.9,
        ),
        make_story(
            title="Ons veld",
            kind="story",
            geometry=AREA,
            project="groep-8-anloo",
            author=pupil,
            themes=["natuur"],
        ),
        make_story(title="Oude foto van de Brink", kind="photo", themes=[], lon=6.9, lat=52.78),
    ]
    unseen = [make_story(title=f"{SECRET} {status}", status=status) for status in UNSEEN]
    return {"published": published, "unseen": unseen, "pupil": pupil}
