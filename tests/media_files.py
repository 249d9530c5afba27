"""Real image and audio files made inside the tests (Pillow, pillow-heif, Debian's ffmpeg), and
fixtures that give each media test its own storage."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

from flask import Flask
from PIL import Image

from verhalenkaart.media.storage import LocalStorage

RED, BLUE, GREEN = (220, 20, 20), (20, 20, 220), (20, 200, 20)

# The Brink in Assen: 52°59'33"N 6°33'45"E.
GPS_ASSEN = {1: "N", 2: (52.0, 59.0, 33.0), 3: "E", 4: (6.0, 33.0, 45.0)}


def _exif(orientation: int | None = None, gps: dict | None = None, taken: str | None = None):
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = gps
    if taken:
        exif[0x8769] = {0x9003: taken, 0x9011: "+02:00"}
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    return exif


def halves(size: tuple[int, int], first=RED, second=BLUE, mode: str = "RGB") -> Image.Image:
    """Left half `first`, right half `second` (for orientation checks)."""
    image = Image.new("RGB", size, second)
    image.paste(first, (0, 0, size[0] // 2, size[1]))
    return image.convert(mode) if mode != "RGB" else image


def jpeg(
    size: tuple[int, int] = (600, 400),
    *,
    orientation: int | None = None,
    gps: dict | None = None,
    taken: str | None = None,
    image: Image.Image | None = None,
    quality: int = 90,
    **save: object,
) -> bytes:
    picture = image if image is not None else halves(size)
    out = io.BytesIO()
    exif = _exif(orientation, gps, taken)
    picture.save(out, "JPEG", quality=quality, exif=exif.tobytes(), **save)
    return out.getvalue()


def png(image: Image.Image, **save: object) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", **save)
    return out.getvalue()


def webp_animated(size=(300, 200)) -> bytes:
    frames = [Image.new("RGB", size, RED), Image.new("RGB", size, GREEN)]
    out = io.BytesIO()
    frames[0].save(out, "WEBP", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


def heic(size=(600, 400), *, gps: dict | None = None, taken: str | None = None) -> bytes:
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = io.BytesIO()
    halves(size).save(out, "HEIF", quality=80, exif=_exif(None, gps, taken).tobytes())
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def jpeg_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A small JPEG whose frame header (SOF0) claims width × height pixels."""
    data = bytearray(jpeg((64, 48)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def jpeg_with_comment(comment: bytes, base: bytes | None = None) -> bytes:
    """A valid JPEG with a COM segment right after SOI (how HTML/JPEG polyglots are made)."""
    data = base or jpeg()
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def colour_at(image: Image.Image, x: float, y: float) -> tuple[int, int, int]:
    """The colour at the fractional position (x, y) of the image."""
    rgb = image.convert("RGB")
    return rgb.getpixel((int(x * (image.width - 1)), int(y * (image.height - 1))))


def close_to(colour: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=False))


# --- audio, made with Debian's ffmpeg ----------------------------------------------------------

AUDIO_CODECS = {
    "webm": ["-c:a", "libopus"],
    "ogg": ["-c:a", "libopus"],
    "m4a": ["-c:a", "aac"],
    "mp3": ["-c:a", "libmp3lame"],
}
SECRET_TAG = "Dorpsstraat 12 Anloo"


def ffmpeg(args: list[str], output: Path) -> bytes:
    binary = shutil.which("ffmpeg")
    assert binary, "ffmpeg is needed for the audio tests (scripts/test.sh installs it)"
    subprocess.run(  # noqa: S603 - fixed arguments
        [binary, "-nostdin", "-loglevel", "error", "-y", *args, str(output)],
        check=True,
        timeout=120,
    )
    return output.read_bytes()


def recording(
    tmp_path: Path, extension: str, seconds: float = 2.0, codec: list[str] | None = None
) -> bytes:
    """A sine tone of `seconds` with personal metadata tags, as phones' recorders write it."""
    return ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}",
            "-metadata",
            f"title={SECRET_TAG}",
            "-metadata",
            "artist=Jan de Vries",
            *(codec or AUDIO_CODECS[extension]),
        ],
        tmp_path / f"recording-{seconds}.{extension}",
    )


def ffprobe(path: Path) -> str:
    binary = shutil.which("ffprobe")
    assert binary
    return subprocess.run(  # noqa: S603 - fixed arguments
        [binary, "-v", "error", "-show_format", "-show_streams", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


# --- fixtures ----------------------------------------------------------------------------------


def swap_storage(app: Flask, storage) -> Iterator:
    """Use `storage` for the media of one test (yield from this inside a fixture)."""
    previous = app.extensions["verhalenkaart.media"]
    app.extensions["verhalenkaart.media"] = storage
    try:
        yield storage
    finally:
        app.extensions["verhalenkaart.media"] = previous


def local_media_storage(app: Flask, tmp_path: Path) -> Iterator[LocalStorage]:
    """A fresh local media directory for one test (files outlive the rolled-back rows)."""
    yield from swap_storage(app, LocalStorage(tmp_path / "media"))


def stored_keys(storage) -> set[str]:
    return {f.key for f in storage.files()}


def upload(client, story, data: bytes, *, name: str = "photo.jpg", kind: str = "photos", **form):
    """POST a file to /stories/{id}/photos (or /audio) as a browser would."""
    fields = {"file": (io.BytesIO(data), name)} | {k: str(v) for k, v in form.items()}
    return client.post(
        f"/api/v1/stories/{story.uuid}/{kind}", data=fields, content_type="multipart/form-data"
    )
