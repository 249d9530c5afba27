"""Damaged files of every accepted kind: each answer is a clear problem or a good result, never
an unexpected exception (which the API would turn into a 500). Seeded, so it is repeatable."""

from __future__ import annotations

import io
import random

import pytest
from PIL import Image

from tests.media_files import heic, recording
from verhalenkaart.errors import DomainError
from verhalenkaart.media.audio import process_audio
from verhalenkaart.media.images import process_photo

MUTATIONS = 40


def _mutations(base: bytes, seed: int):
    rng = random.Random(seed)
    for _ in range(MUTATIONS):
        data = bytearray(base)
        for _ in range(rng.choice([1, 5, 50])):
            data[rng.randrange(len(data))] = rng.randrange(256)
        if rng.random() < 0.3:
            data = data[: rng.randrange(len(data))]
        yield bytes(data)


def _image(fmt: str) -> bytes:
    if fmt == "HEIF":
        return heic((300, 200))
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 200, 30)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_damaged_photos_are_problems_not_crashes(fmt):
    outcomes = set()
    for data in _mutations(_image(fmt), seed=len(fmt)):
        try:
            process_photo(data, 100_000_000)
            outcomes.add("ok")
        except DomainError as problem:
            outcomes.add((problem.status, tuple(problem.errors or ())))
    problems = outcomes - {"ok"}
    assert problems  # the damage was noticed at least sometimes
    assert {status for status, _ in problems} <= {413, 415, 422}
    assert {fields for _, fields in problems} == {("file",)}


@pytest.mark.parametrize("extension", ["webm", "ogg", "m4a", "mp3"])
def test_damaged_recordings_are_problems_not_crashes(tmp_path, extension):
    outcomes = set()
    for data in _mutations(recording(tmp_path, extension, 1.0), seed=len(extension)):
        try:
            process_audio(data, 300)
            outcomes.add("ok")
        except DomainError as problem:
            outcomes.add((problem.status, tuple(problem.errors or ())))
    problems = outcomes - {"ok"}
    assert problems
    assert {status for status, _ in problems} <= {415, 422}
    assert {fields for _, fields in problems} == {("file",)}
