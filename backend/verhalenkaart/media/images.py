"""The photo pipeline: decide the type by decoding, refuse bombs and impostors, and re-encode one
decoded image into upright, sRGB, metadata-free derivatives. The original is discarded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import math
import re
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import _
from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

from verhalenkaart.errors import (
    Busy,
    DomainError,
    PayloadTooLarge,
    UnsupportedMediaType,
    ValidationProblem,
)

try:  # HEIC/HEIF from iPhones; registered once, at import.
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_FORMATS = ["HEIF"]
except ImportError:  # pragma: no cover - the dependency is required, but fail soft
    HEIF_FORMATS = []

#: What Pillow may identify an upload as; anything else (GIF, TIFF, BMP, PSD, SVG…) is refused.
ACCEPTED_FORMATS = ["JPEG", "PNG", "WEBP", *HEIF_FORMATS]

#: Derivatives: name → (longest side in pixels, format, extension, encoder options).
DERIVATIVES: dict[str, tuple[int, str, str, dict]] = {
    "large": (2560, "JPEG", "jpg", {"quality": 90}),
    "medium": (1280, "WEBP", "webp", {"quality": 82, "method": 2}),
    "thumb": (400, "WEBP", "webp", {"quality": 80, "method": 2}),
}

# The largest derivative (print) is resampled bicubic from the decoded photo; the smaller ones
# bilinear from the one before, which at these halvings looks the same and costs half (bench/).
# A reducing gap of 2: a fast integer reduce() first where the source is over twice the size.
RESAMPLE_LARGE = Image.Resampling.BICUBIC
RESAMPLE_SMALLER = Image.Resampling.BILINEAR
REDUCING_GAP = 2.0

# Markup that makes a file "also a web page": HTML/JPEG polyglots, SVG, scripts. Photos from
# cameras never contain these. Only the head of the file is searched: that is where browsers
# sniff and where metadata segments (EXIF, XMP, comments) sit; searching compressed pixel data
# too would refuse about one honest photo in a few thousand by chance ("<svg " in noise).
_MARKUP = re.compile(rb"<(?:script|html|svg|body|iframe|object|embed|!doctype)[\s>/]", re.I)
_MARKUP_SEARCH_BYTES = 64 * 1024

# EXIF tags (numbers from the EXIF 2.32 specification).
_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_DATETIME = 0x0132

_TRANSPOSE = {
    2: [Image.Transpose.FLIP_LEFT_RIGHT],
    3: [Image.Transpose.ROTATE_180],
    4: [Image.Transpose.FLIP_TOP_BOTTOM],
    5: [Image.Transpose.TRANSPOSE],
    6: [Image.Transpose.ROTATE_270],
    7: [Image.Transpose.TRANSVERSE],
    8: [Image.Transpose.ROTATE_90],
}

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Derivative:
    name: str
    data: bytes
    extension: str
    width: int
    height: int


@dataclass(frozen=True)
class ProcessedPhoto:
    derivatives: dict[str, Derivative]
    width: int
    height: int
    source_format: str
    suggestion: dict | None  # {"lon","lat","taken_at"} from the photo's metadata, never stored


def file_problem(kind: type[DomainError], message: str) -> DomainError:
    """A problem about the uploaded `file` field."""
    return kind(f"file: {message}", {"file": [message]})


def process_photo(data: bytes, max_pixels: int) -> ProcessedPhoto:
    """Validate an uploaded photo and make its derivatives.

    Raises ValidationProblem (422: empty, damaged or truncated), UnsupportedMediaType (415: not
    a JPEG, PNG, WebP or HEIC, or carrying markup) and PayloadTooLarge (413: too many pixels,
    checked from the header before anything is decoded).
    """
    image = open_photo(data, max_pixels)
    source_format = image.format or ""
    try:
        with warnings.catch_warnings():
            # Our own pixel limit was checked above; Pillow's lower default only warns.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            # (A PNG's EXIF may follow its pixels: reading it can decode them, so it is in here.)
            exif = image.getexif()
            orientation = exif.get(_ORIENTATION, 1)
            suggestion = _suggestion(exif)
            largest = _decode_reduced(image, DERIVATIVES["large"][0], orientation)
    except Image.DecompressionBombError as exc:
        raise file_problem(PayloadTooLarge, _("The photo has too many pixels.")) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationProblem.field(
            "file", _("The photo is damaged or incomplete; send the whole file again.")
        ) from exc
    largest = _upright(largest, orientation)
    largest = _to_srgb(largest, image.info.get("icc_profile"))

    derivatives: dict[str, Derivative] = {}
    source = largest
    for name, (longest, fmt, extension, options) in DERIVATIVES.items():
        picture = _fit(source, longest)
        source = picture  # each smaller size from the previous one: cheap and sharp
        derivatives[name] = Derivative(
            name, _encode(picture, fmt, options), extension, picture.width, picture.height
        )
    large = derivatives["large"]
    return ProcessedPhoto(derivatives, large.width, large.height, source_format, suggestion)


def open_photo(data: bytes, max_pixels: int) -> Image.Image:
    """The upload's header, checked: not empty, no markup, a format we read, at most
    `max_pixels` (nothing decoded). `.format` tells which ("HEIF" for HEIC). Raises as
    process_photo does."""
    if not data:
        raise ValidationProblem.field("file", _("The file is empty."))
    if _MARKUP.search(data, 0, _MARKUP_SEARCH_BYTES):
        raise file_problem(
            UnsupportedMediaType,
            _("The file contains web page or script markup; send a plain photo."),
        )
    image = _open(data)
    if image.width * image.height > max_pixels:
        raise file_problem(
            PayloadTooLarge,
            _(
                "The photo has too many pixels (%(width)d×%(height)d); "
                "at most %(megapixels)d megapixels.",
                width=image.width,
                height=image.height,
                megapixels=max_pixels // 1_000_000,
            ),
        )
    return image


@functools.cache
def _decode_slots(size: int) -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(size)


@contextlib.contextmanager
def decode_slot(concurrency: int, wait_seconds: float) -> Iterator[None]:
    """One of the process's `concurrency` turns at decoding a photo (a decode holds up to
    width × height × 4 bytes, ~200 MB at the pixel limit). An upload waits `wait_seconds` for a
    turn, then gets Busy (503 with Retry-After) rather than pushing the process out of memory.
    """
    slots = _decode_slots(concurrency)
    if not slots.acquire(timeout=wait_seconds):
        raise Busy(
            _("Many photos are being processed right now; please try again in a moment."),
            retry_after=max(1, round(wait_seconds / 2)),
        )
    try:
        yield
    finally:
        slots.release()


def _open(data: bytes) -> Image.Image:
    """Identify the image from its content and read its header only (no pixels decoded)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise file_problem(
            PayloadTooLarge, _("The photo has too many pixels; send a smaller one.")
        ) from exc
    except UnidentifiedImageError as exc:
        raise file_problem(
            UnsupportedMediaType,
            _("This is not a photo we can read; send a JPEG, PNG, WebP or HEIC image."),
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ValidationProblem.field(
            "file", _("The photo is damaged or incomplete; send the whole file again.")
        ) from exc
    if image.width < 1 or image.height < 1:
        raise ValidationProblem.field("file", _("The photo has no pixels."))
    return image


def _target_size(width: int, height: int, longest: int) -> tuple[int, int]:
    """The aspect-correct size with `longest` as the longest side (never enlarged)."""
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _decode_reduced(image: Image.Image, longest: int, orientation: int) -> Image.Image:
    """Decode once, as small as the largest derivative allows.

    For JPEGs `draft()` lets libjpeg decode at 1/2, 1/4 or 1/8 scale directly. It keeps the image
    at least as large as the size asked in *both* directions, so the size passed must have the
    photo's own aspect ratio: a square box on a landscape photo would leave it full size.
    """
    target = _target_size(image.width, image.height, longest)
    if image.format in {"JPEG", "MPO"}:  # MPO: a phone JPEG with extra pictures (depth, HDR)
        image.draft(image.mode, target)
    image.load()
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)  # animations: the first frame
    image = _normalise_mode(image)
    if image.size != target:
        # reducing_gap: a fast integer reduce() first, then a Lanczos resample of the rest.
        resized = image.resize(target, RESAMPLE_LARGE, reducing_gap=REDUCING_GAP)
        resized.info = dict(image.info)
        image = resized
    return image


def _normalise_mode(image: Image.Image) -> Image.Image:
    """RGB, or RGBA where the image has transparency; 16-bit and palette images scaled right."""
    info = dict(image.info)
    mode = image.mode
    if mode in {"I;16", "I;16B", "I;16L", "I"}:
        # 16-bit greyscale: scale to 8 bits (a plain convert would clip everything to white).
        image = image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
        mode = "L"
    if mode == "P":
        image = image.convert("RGBA" if "transparency" in info else "RGB")
    elif mode in {"LA", "PA", "RGBa", "La"} or (mode in {"L", "RGB"} and "transparency" in info):
        image = image.convert("RGBA")
    elif mode == "CMYK":
        pass  # converted with its ICC profile in _to_srgb
    elif mode not in {"RGB", "RGBA"}:
        image = image.convert("RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # fully opaque: drop the useless alpha channel
    image.info = info
    return image


def _upright(image: Image.Image, orientation: int) -> Image.Image:
    for method in _TRANSPOSE.get(orientation, []):
        image = image.transpose(method)
    return image


def _to_srgb(image: Image.Image, icc_profile: bytes | None) -> Image.Image:
    """Convert from the embedded colour profile to sRGB; untagged images are taken as sRGB."""
    if icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(
                image, source, _SRGB, outputMode=output_mode, renderingIntent=0
            )
            if converted is not None:
                image = converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: fall back to the plain conversion below
    if image.mode not in {"RGB", "RGBA"}:
        image = image.convert("RGB")
    return image


def _fit(image: Image.Image, longest: int) -> Image.Image:
    size = _target_size(image.width, image.height, longest)
    if size == image.size:
        return image
    return image.resize(size, RESAMPLE_SMALLER, reducing_gap=REDUCING_GAP)


def _encode(image: Image.Image, fmt: str, options: dict) -> bytes:
    """Encode without any metadata: no EXIF, XMP, ICC profile, comments or text chunks."""
    if fmt == "JPEG" and image.mode == "RGBA":
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        image = background
    image.info = {}
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


# --- metadata read before it is thrown away ----------------------------------------------------


def _suggestion(exif: Image.Exif) -> dict | None:
    """The photo's GPS position and capture time, offered to the contributor, never stored."""
    lon = lat = None
    try:
        gps = exif.get_ifd(_GPS_IFD)
        lat = _gps_degrees(gps.get(2), gps.get(1))
        lon = _gps_degrees(gps.get(4), gps.get(3))
    except (KeyError, ValueError, TypeError, ZeroDivisionError, OSError, SyntaxError):
        lon = lat = None
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        lon = lat = None
    taken_at = None
    try:
        details = exif.get_ifd(_EXIF_IFD)
        taken_at = _exif_time(
            details.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME),
            details.get(_OFFSET_TIME_ORIGINAL),
        )
    except (KeyError, ValueError, TypeError, OSError, SyntaxError):
        taken_at = None
    if lon is None and taken_at is None:
        return None
    return {
        "lon": None if lon is None else round(lon, 6),
        "lat": None if lat is None else round(lat, 6),
        "taken_at": taken_at,
    }


def _gps_degrees(value: object, ref: object) -> float | None:
    if not value or len(value) != 3:  # type: ignore[arg-type]
        return None
    degrees, minutes, seconds = (float(part) for part in value)  # type: ignore[union-attr]
    result = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(result):
        return None
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    if str(ref).strip().upper() in {"S", "W"}:
        result = -result
    return result


def _exif_time(value: object, offset: object) -> str | None:
    """EXIF 'YYYY:MM:DD HH:MM:SS' (+ optional '+01:00') as ISO 8601; local time if no offset."""
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    if isinstance(offset, str) and re.fullmatch(r"[+-]\d\d:\d\d", offset.strip("\x00 ")):
        return moment.isoformat() + offset.strip("\x00 ")
    return moment.isoformat()


# Pillow raises rather than guessing at the end of a truncated file.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def read_suggestion(data: bytes) -> dict | None:
    """Only the suggestion (header and EXIF, no pixels): for an idempotent retry's answer."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
            return _suggestion(image.getexif())
    except Exception:  # noqa: BLE001 - a retry's answer must not fail over a suggestion
        return None
