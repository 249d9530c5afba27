"""Demo illustrations: simple drawings of a Drenthe landscape made by code, for the demo's
photo stories. Every one says on itself that it is a demo illustration, not a photograph, and
its alt text and caption say so too (docs/decisions/0019-resident-pages.md)."""

from __future__ import annotations

import io
import math
import random

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 960, 640
LABEL = "Demo-illustratie · geen echte foto"
ALT = "Getekende voorbeeldillustratie van {scene} (geen echte foto)"
CAPTION = "Voorbeeldillustratie, door de Verhalenkaart getekend: geen echte foto."

#: Which drawing suits a story's themes (the first that matches).
SCENES = (
    ("water-bodem", "brook"),
    ("beekdalen", "brook"),
    ("energie", "turbines"),
    ("erfgoed", "hunebed"),
    ("natuur", "heath"),
    ("rust-ruimte", "heath"),
    ("dorpen-steden", "village"),
    ("wonen", "village"),
    ("naoberschap", "village"),
    ("landbouw", "fields"),
)
SCENE_NAMES = {
    "brook": "een beekdal",
    "turbines": "windmolens boven de velden",
    "hunebed": "een hunebed",
    "heath": "de heide",
    "village": "een dorp met kerk",
    "fields": "akkers en een boerderij",
}


def scene_for(themes: list[str]) -> str:
    for theme, scene in SCENES:
        if theme in themes:
            return scene
    return "fields"


def demo_illustration(themes: list[str], rng: random.Random) -> tuple[bytes, str]:
    """(PNG bytes, alt text) of a drawn landscape suiting `themes`; determined by `rng`."""
    scene = scene_for(themes)
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    horizon = int(HEIGHT * rng.uniform(0.42, 0.55))
    _sky(draw, horizon, rng)
    _land(draw, horizon, scene, rng)
    {
        "brook": _brook,
        "turbines": _turbines,
        "hunebed": _hunebed,
        "heath": _heath,
        "village": _village,
        "fields": _farm,
    }[scene](draw, horizon, rng)
    _trees(draw, horizon, rng, rng.randint(2, 6))
    _label(draw)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue(), ALT.format(scene=SCENE_NAMES[scene])


def _sky(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random) -> None:
    top, low = (104, 158, 214), (214, 231, 242)
    if rng.random() < 0.25:  # an evening sky
        top, low = (78, 96, 160), (246, 196, 140)
    for y in range(horizon):
        f = y / max(1, horizon)
        draw.line(
            [(0, y), (WIDTH, y)],
            fill=tuple(int(a + (b - a) * f) for a, b in zip(top, low, strict=True)),
        )
    for _ in range(rng.randint(2, 5)):
        x, y = rng.randint(0, WIDTH), rng.randint(20, max(21, horizon - 80))
        for dx in (0, 30, 60):
            draw.ellipse([x + dx, y, x + dx + 70, y + 34], fill=(250, 250, 250))


def _land(draw: ImageDraw.ImageDraw, horizon: int, scene: str, rng: random.Random) -> None:
    base = (130, 95, 140) if scene == "heath" else (112, 160, 78)
    draw.rectangle([0, horizon, WIDTH, HEIGHT], fill=base)
    if scene in ("fields", "turbines", "village"):
        # Strips of farmland running to the horizon, as on the essen.
        colours = [(176, 160, 92), (112, 160, 78), (150, 178, 84), (196, 172, 110)]
        x = -WIDTH
        while x < WIDTH * 2:
            width = rng.randint(120, 260)
            draw.polygon(
                [
                    (WIDTH / 2 + (x - WIDTH / 2) * 0.15, horizon),
                    (WIDTH / 2 + (x + width - WIDTH / 2) * 0.15, horizon),
                    (x + width, HEIGHT),
                    (x, HEIGHT),
                ],
                fill=rng.choice(colours),
            )
            x += width


def _brook(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random) -> None:
    points = []
    x = WIDTH * rng.uniform(0.35, 0.65)
    for step in range(13):
        y = horizon + (HEIGHT - horizon) * step / 12
        x += rng.uniform(-60, 60) * (step / 12 + 0.2)
        points.append((x, y))
    for i in range(len(points) - 1):
        width = int(4 + 60 * i / len(points))
        draw.line([points[i], points[i + 1]], fill=(82, 140, 190), width=width)


def _turbines(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random) -> None:
    for _ in range(rng.randint(3, 5)):
        x, height = rng.randint(60, WIDTH - 60), rng.randint(140, 230)
        draw.line([(x, horizon + 10), (x, horizon + 10 - height)], fill=(240, 240, 240), width=6)
        hub = (x, horizon + 10 - height)
        angle = rng.uniform(0, 120)
        for blade in range(3):
            a = math.radians(angle + blade * 120)
            draw.line(
                [hub, (hub[0] + 70 * math.cos(a), hub[1] + 70 * math.sin(a))],
                fill=(245, 245, 245),
                width=5,
            )


def _hunebed(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random) -> None:
    x0, y0 = WIDTH * rng.uniform(0.2, 0.4), horizon + (HEIGHT - horizon) * 0.45
    for i in range(5):
        x = x0 + i * 95
        draw.ellipse([x, y0, x + 110, y0 + 80], fill=(128, 128, 124), outline=(90, 90, 88), width=3)
    for i in range(3):
        x = x0 + 40 + i * 140
        draw.ellipse(
            [x, y0 - 50, x + 150, y0 + 20], fill=(150, 150, 146), outline=(96, 96, 92), width=3
        )


def _heath(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random) -> None:
    for _ in range(160):
        x, y = rng.randint(0, WIDTH), rng.randint(horizon, HEIGHT)
        r = 3 + 10 * (y - horizon) / (HEIGHT - horizon)
        draw.ellipse(
            [x - r, y - r, x + r, y + r],
            fill=rng.choice([(160, 92, 150), (120, 80, 120), (176, 120, 168)]),
        )
    draw.line([(WIDTH * 0.5, HEIGHT), (WIDTH * 0.55, horizon)], fill=(214, 196, 150), width=18)


def _village(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random) -> None:
    x = rng.randint(40, 160)
    while x < WIDTH - 120:
        w, h = rng.randint(70, 110), rng.randint(50, 70)
        y = horizon + 20
        draw.rectangle(
            [x, y - h, x + w, y], fill=rng.choice([(150, 70, 50), (170, 90, 60), (196, 186, 170)])
        )
        draw.polygon(
            [(x - 8, y - h), (x + w / 2, y - h - 45), (x + w + 8, y - h)], fill=(70, 60, 60)
        )
        x += w + rng.randint(20, 80)
    church = rng.randint(200, WIDTH - 200)
    draw.rectangle([church, horizon - 120, church + 44, horizon + 20], fill=(120, 110, 100))
    draw.polygon(
        [(church - 6, horizon - 120), (church + 22, horizon - 210), (church + 50, horizon - 120)],
        fill=(60, 70, 80),
    )


def _farm(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random) -> None:
    x, y = rng.randint(120, WIDTH - 320), horizon + 30
    draw.rectangle([x, y - 80, x + 200, y], fill=(150, 70, 50))
    draw.polygon([(x - 20, y - 80), (x + 100, y - 170), (x + 220, y - 80)], fill=(90, 80, 60))
    draw.rectangle([x + 80, y - 50, x + 120, y], fill=(60, 50, 40))


def _trees(draw: ImageDraw.ImageDraw, horizon: int, rng: random.Random, count: int) -> None:
    for _ in range(count):
        x = rng.randint(0, WIDTH)
        size = rng.randint(30, 70)
        draw.rectangle([x - 5, horizon - size // 3, x + 5, horizon + 10], fill=(90, 64, 40))
        draw.ellipse(
            [x - size / 2, horizon - size * 1.4, x + size / 2, horizon - size / 4],
            fill=(52, 110, 56),
        )


def _label(draw: ImageDraw.ImageDraw) -> None:
    font = ImageFont.load_default(size=30)
    draw.rectangle([0, HEIGHT - 56, WIDTH, HEIGHT], fill=(29, 45, 35))
    draw.text((20, HEIGHT - 46), LABEL, fill=(255, 255, 255), font=font)
