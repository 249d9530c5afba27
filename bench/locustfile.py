"""The soak's visitors (bench/soak.py runs this with locust, headless): residents browsing the
map, the list and stories, and contributors who log in, pin stories with a photo, react and
comment. Every answer must be what the app promises; anything else counts as a failure."""

from __future__ import annotations

import io
import itertools
import random
import uuid

from locust import HttpUser, between, task

# Around Assen, Emmen, Meppel and Hoogeveen (inside the region).
CENTRES = [(6.5625, 52.9925), (6.9, 52.78), (6.19, 52.69), (6.48, 52.72)]


def _bbox(rng: random.Random, half: float) -> str:
    lon, lat = rng.choice(CENTRES)
    lon += rng.uniform(-0.05, 0.05)
    lat += rng.uniform(-0.05, 0.05)
    return f"{lon - half:.4f},{lat - half:.4f},{lon + half:.4f},{lat + half:.4f}"


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 140, 60)).save(out, "JPEG", quality=80)
    return out.getvalue()


PHOTO = _photo()
ACCOUNTS = itertools.count()


class Browsing(HttpUser):
    """A resident on a phone: the map, the list, a story now and then, place search."""

    fixed_count = 100
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.rng = random.Random()  # noqa: S311 - load pattern, not security
        self.seen: list[str] = []

    @task(4)
    def map_view(self) -> None:
        zoom = self.rng.choice([9, 11, 13])
        half = {9: 0.3, 11: 0.08, 13: 0.02}[zoom]
        self.client.get(f"/api/v1/map?bbox={_bbox(self.rng, half)}&zoom={zoom}", name="/api/v1/map")

    @task(3)
    def list_view(self) -> None:
        with self.client.get(
            f"/api/v1/stories?bbox={_bbox(self.rng, 0.1)}&limit=20",
            name="/api/v1/stories",
            catch_response=True,
        ) as answer:
            if answer.status_code == 200:
                self.seen = [f["id"] for f in answer.json()["features"]][:20] or self.seen
                answer.success()

    @task(2)
    def story(self) -> None:
        if self.seen:
            self.client.get(
                f"/api/v1/stories/{self.rng.choice(self.seen)}", name="/api/v1/stories/{id}"
            )

    @task(1)
    def search_and_themes(self) -> None:
        name = self.rng.choice(["Assen", "Emmen", "Zuidlaren", "Meppel", "Orvelte"])
        self.client.get(f"/api/v1/places?q={name[:4]}", name="/api/v1/places?q=")
        self.client.get("/api/v1/themes", name="/api/v1/themes")


class Contributing(HttpUser):
    """A logged-in resident who pins stories with a photo, reacts and comments."""

    fixed_count = 10
    wait_time = between(5, 15)

    def on_start(self) -> None:
        self.rng = random.Random()  # noqa: S311
        self.email = f"soak-{next(ACCOUNTS) % 10}@example.org"  # made by bench/soak.py
        self.token = ""
        self._refresh_token()
        answer = self.client.post(
            "/api/v1/auth/login",
            json={"email": self.email, "password": "soak-wachtwoord-2026"},
            headers={"X-CSRF-Token": self.token},
        )
        answer.raise_for_status()
        self._refresh_token()
        self.mine: list[str] = []

    def _refresh_token(self) -> None:
        self.token = self.client.get("/api/v1/auth/csrf", name="/api/v1/auth/csrf").json()[
            "csrf_token"
        ]

    def _post(self, path: str, name: str, **kwargs):
        return self.client.post(path, name=name, headers={"X-CSRF-Token": self.token}, **kwargs)

    @task(3)
    def pin_a_story(self) -> None:
        lon, lat = self.rng.choice(CENTRES)
        feature = {
            "type": "Feature",
            "id": str(uuid.uuid4()),
            "geometry": {
                "type": "Point",
                "coordinates": [
                    lon + self.rng.uniform(-0.05, 0.05),
                    lat + self.rng.uniform(-0.05, 0.05),
                ],
            },
            "properties": {
                "kind": "memory",
                "title": "Soakverhaal",
                "body": "Zo was het hier vroeger, toen we nog over het zandpad naar school liepen.",
                "themes": ["naoberschap"],
                "location_precision": "approximate",
                "consent": True,
            },
        }
        answer = self._post("/api/v1/stories", "POST /api/v1/stories", json=feature)
        if answer.status_code == 201:
            story = answer.json()["id"]
            self.mine.append(story)
            self._post(
                f"/api/v1/stories/{story}/photos",
                "POST /api/v1/stories/{id}/photos",
                files={"file": ("foto.jpg", PHOTO, "image/jpeg")},
            )

    @task(2)
    def react_and_comment(self) -> None:
        answer = self.client.get("/api/v1/stories?limit=20", name="/api/v1/stories")
        if answer.status_code != 200 or not answer.json()["features"]:
            return
        story = self.rng.choice(answer.json()["features"])["id"]
        with self._post(
            f"/api/v1/stories/{story}/reactions",
            "POST /api/v1/stories/{id}/reactions",
            catch_response=True,
        ) as reaction:
            if reaction.status_code in {200, 201}:  # 200: reacted already
                reaction.success()
        self._post(
            f"/api/v1/stories/{story}/comments",
            "POST /api/v1/stories/{id}/comments",
            json={"body": "Dit herken ik, mooi verteld."},
        )

    @task(1)
    def my_stories(self) -> None:
        self.client.get("/api/v1/me/stories", name="/api/v1/me/stories")
