"""Voice recordings: decide the type by parsing the container (FFmpeg through PyAV), check codec
and duration, and rewrite the container without metadata. The sound itself is kept as sent.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import av
from flask_babel import _, ngettext

from verhalenkaart.errors import UnsupportedMediaType, ValidationProblem
from verhalenkaart.i18n import N_
from verhalenkaart.media.images import file_problem

# FFmpeg demuxer name → (accepted codecs, muxer to rewrite with, extension, MIME type). What
# phone browsers' MediaRecorder produces: Opus in WebM (Chrome, Firefox) or Ogg, AAC in MP4
# (Safari), and MP3 from voice-memo apps.
_CONTAINERS: dict[str, tuple[frozenset[str], str, str, str]] = {
    "matroska,webm": (frozenset({"opus"}), "webm", "webm", "audio/webm"),
    "ogg": (frozenset({"opus"}), "ogg", "ogg", "audio/ogg"),
    "mov,mp4,m4a,3gp,3g2,mj2": (frozenset({"aac"}), "mp4", "m4a", "audio/mp4"),
    "mp3": (frozenset({"mp3", "mp3float"}), "mp3", "mp3", "audio/mpeg"),
}

# Muxer options: no version in the encoder tag (bitexact), no ID3 tags.
_MUXER_OPTIONS = {
    "webm": {"fflags": "+bitexact"},
    "ogg": {"fflags": "+bitexact"},
    "mp4": {"fflags": "+bitexact"},
    "mp3": {"fflags": "+bitexact", "id3v2_version": "0", "write_id3v1": "0"},
}

#: A few packets are decoded to prove the stream is the codec it claims to be.
_PACKETS_TO_DECODE = 25

_UNSUPPORTED = N_("This is not a recording we can play; send Opus (WebM or Ogg), AAC (MP4) or MP3.")
_DAMAGED = N_("The recording is damaged or incomplete; send the whole file again.")


@dataclass(frozen=True)
class ProcessedAudio:
    data: bytes
    extension: str
    mime_type: str
    codec: str
    duration: float  # seconds


def process_audio(data: bytes, max_seconds: float) -> ProcessedAudio:
    """Validate a recording and return it re-muxed without metadata.

    Raises ValidationProblem (422: empty, damaged, truncated, soundless, too long) and
    UnsupportedMediaType (415: not an accepted container and codec, or with video). The byte
    limit is the caller's.
    """
    if not data:
        raise ValidationProblem.field("file", _("The file is empty."))
    try:
        source = av.open(io.BytesIO(data), mode="r")
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise file_problem(UnsupportedMediaType, _(_UNSUPPORTED)) from exc
    try:
        return _remux(source, max_seconds)
    finally:
        source.close()


def _remux(source: av.container.InputContainer, max_seconds: float) -> ProcessedAudio:
    fmt = source.format.name if source.format is not None else None
    if fmt not in _CONTAINERS:
        raise file_problem(UnsupportedMediaType, _(_UNSUPPORTED))
    codecs, muxer, extension, mime_type = _CONTAINERS[fmt]
    if any(s.type in {"video", "subtitle"} for s in source.streams if not _is_cover_art(s)):
        raise file_problem(
            UnsupportedMediaType, _("Send a sound recording only, without video or subtitles.")
        )
    audio_streams = list(source.streams.audio)
    if len(audio_streams) != 1:
        if not audio_streams:
            raise file_problem(ValidationProblem, _("The file has no sound."))
        raise file_problem(UnsupportedMediaType, _("Send one sound track only."))
    stream = audio_streams[0]
    codec = stream.codec_context.name if stream.codec_context is not None else None
    if codec not in codecs:
        raise file_problem(UnsupportedMediaType, _(_UNSUPPORTED))

    out_buffer = io.BytesIO()
    end = 0.0
    decoded = 0
    packets = 0
    try:
        with av.open(out_buffer, mode="w", format=muxer, options=_MUXER_OPTIONS[muxer]) as target:
            out_stream = target.add_stream_from_template(stream)
            out_stream.metadata.clear()
            target.metadata.clear()
            decoder = av.CodecContext.create(codec, "r")
            decoder.extradata = stream.codec_context.extradata
            for packet in source.demux(stream):
                if packet.dts is None and packet.pts is None:
                    continue  # the demuxer's end-of-stream flush packet
                if decoded < _PACKETS_TO_DECODE:
                    decoder.decode(packet)
                    decoded += 1
                if packet.pts is not None and packet.time_base is not None:
                    stop = float((packet.pts + (packet.duration or 0)) * packet.time_base)
                    end = max(end, stop)
                    if end > max_seconds + 0.5:
                        raise file_problem(ValidationProblem, _too_long(max_seconds))
                packet.stream = out_stream
                target.mux(packet)
                packets += 1
    except av.error.FFmpegError as exc:
        raise file_problem(ValidationProblem, _(_DAMAGED)) from exc
    if packets == 0 or end <= 0:
        raise file_problem(ValidationProblem, _("The recording has no sound in it."))
    start = float(stream.start_time * stream.time_base) if stream.start_time else 0.0
    duration = round(max(0.0, end - max(0.0, start)), 2)
    # Where the header states a length (not in MediaRecorder's WebM), a file that ends well
    # before it was cut off in transfer.
    declared = source.duration / av.time_base if source.duration else None
    if declared and duration < declared * 0.98 - 0.3:
        raise file_problem(ValidationProblem, _(_DAMAGED))
    return ProcessedAudio(out_buffer.getvalue(), extension, mime_type, codec, duration)


def _is_cover_art(stream: av.stream.Stream) -> bool:
    """An MP3's or M4A's embedded cover picture: metadata, dropped, not a reason to refuse."""
    return stream.type == "video" and bool(stream.disposition & av.stream.Disposition.attached_pic)


def _too_long(max_seconds: float) -> str:
    """The 422 detail for a recording over the limit: in minutes, or in seconds when the limit
    is not a whole number of minutes (AUDIO_MAX_SECONDS is a setting)."""
    seconds = int(max_seconds)
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return ngettext(
            "The recording is longer than %(num)d minute; make a shorter one.",
            "The recording is longer than %(num)d minutes; make a shorter one.",
            minutes,
        )
    return ngettext(
        "The recording is longer than %(num)d second; make a shorter one.",
        "The recording is longer than %(num)d seconds; make a shorter one.",
        seconds,
    )
