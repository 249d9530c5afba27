"""Where media files live: a local directory or an S3-compatible bucket, behind one interface.

Keys are made per upload (`photos/ab/<64 random hex digits>.webp`), not from the content: a
content-addressed key let anyone test whether some other story holds an identical photo (upload
it, delete it, fetch the URL). A key is never reused and files are immutable. Files stored under
the content-addressed keys of earlier releases keep their keys and URLs (the same pattern); a
new upload never gets such a key, so they no longer answer anyone's probe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from flask import Flask, current_app
from flask_babel import _, lazy_gettext

from verhalenkaart.errors import DomainError

log = logging.getLogger(__name__)

#: What a served key looks like; anything else is never served.
KEY_PATTERN = re.compile(r"^(photos|audio)/[0-9a-f]{2}/[0-9a-f]{64}\.(webp|jpg|webm|ogg|m4a|mp3)$")
#: What a stored key looks like: the served ones, and HEIC uploads waiting for their job
#: (media/deferred.py), which are kept but never served. Anything else is never read or written.
STORED_KEY_PATTERN = re.compile(
    r"^((photos|audio)/[0-9a-f]{2}/[0-9a-f]{64}\.(webp|jpg|webm|ogg|m4a|mp3)"
    r"|incoming/[0-9a-f]{2}/[0-9a-f]{64}\.heic)$"
)
#: The folders of stored keys.
KINDS = ("photos", "audio", "incoming")

CONTENT_TYPES = {
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "webm": "audio/webm",
    "ogg": "audio/ogg",
    "m4a": "audio/mp4",
    "mp3": "audio/mpeg",
    "heic": "image/heic",
}

#: Served files never change (a key is never reused).
IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable"


class StorageError(DomainError):
    """The storage backend failed (disk, network, bucket): an operator's problem, logged with
    its cause; the client only hears that storage is unavailable (503)."""

    status, slug = 503, "storage-unavailable"
    title = lazy_gettext("Media storage unavailable")

    def __init__(self, cause: str):
        log.error("Media storage: %s", cause)
        super().__init__(_("The media storage is not available; please try again later."))
        self.cause = cause


def upload_key(kind: str, extension: str) -> str:
    """A new key of its own for one file of one upload (256 random bits)."""
    token = secrets.token_hex(32)
    return f"{kind}/{token[:2]}/{token}.{extension}"


def content_type_of(key: str) -> str:
    return CONTENT_TYPES[key.rsplit(".", 1)[1]]


@dataclass(frozen=True)
class StoredFile:
    key: str
    modified: dt.datetime


class Storage(Protocol):
    """The small interface both backends implement."""

    def put(self, key: str, data: bytes) -> bool:
        """Store `data` under `key`; True if the key was new, False if it existed already."""

    def exists(self, key: str) -> bool: ...

    def delete(self, key: str) -> None:
        """Remove the file; a missing file is not an error."""

    def read(self, key: str) -> bytes:
        """The file's bytes; FileNotFoundError if missing."""

    def files(self) -> Iterator[StoredFile]:
        """Every file under the media keys, with its modification time."""


class LocalStorage:
    """Files in a directory (default `instance/media`), written atomically."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def path(self, key: str) -> Path:
        if not STORED_KEY_PATTERN.match(key):
            raise ValueError(f"not a media key: {key!r}")
        return self.root / key

    def put(self, key: str, data: bytes) -> bool:
        target = self.path(key)
        if target.exists():
            return False
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written whole to a temporary file, then linked into place: a reader never sees a
            # half-written file, and of two concurrent writers of one key exactly one "creates".
            fd, draft = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(draft, 0o644)
                try:
                    os.link(draft, target)
                except FileExistsError:
                    return False
            finally:
                os.unlink(draft)
        except OSError as exc:
            raise StorageError(f"Cannot write {key}: {exc}") from exc
        return True

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def delete(self, key: str) -> None:
        try:
            self.path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StorageError(f"Cannot delete {key}: {exc}") from exc

    def read(self, key: str) -> bytes:
        return self.path(key).read_bytes()

    def files(self) -> Iterator[StoredFile]:
        for kind in KINDS:
            base = self.root / kind
            if not base.is_dir():
                continue
            for path in base.glob("*/*"):
                key = path.relative_to(self.root).as_posix()
                if STORED_KEY_PATTERN.match(key):
                    modified = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
                    yield StoredFile(key, modified)


class S3Storage:
    """Objects in an S3-compatible bucket (AWS, MinIO, Garage, Ceph…), through boto3."""

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        prefix: str = "",
    ):
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            config=Config(
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
                s3={"addressing_style": "path"},
            ),
        )

    def _object(self, key: str) -> str:
        if not STORED_KEY_PATTERN.match(key):
            raise ValueError(f"not a media key: {key!r}")
        return self.prefix + key

    def put(self, key: str, data: bytes) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        if self.exists(key):
            return False
        try:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._object(key),
                Body=data,
                ContentType=content_type_of(key),
                CacheControl=IMMUTABLE_CACHE_CONTROL,
                ChecksumSHA256=_b64_sha256(data),
            )
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"Cannot write {key}: {exc}") from exc
        return True

    def exists(self, key: str) -> bool:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._object(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return False
            raise StorageError(f"Cannot look up {key}: {exc}") from exc
        except BotoCoreError as exc:
            raise StorageError(f"Cannot look up {key}: {exc}") from exc
        return True

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_object(Bucket=self.bucket, Key=self._object(key))
        except (BotoCoreError, ClientError) as exc:
            raise StorageError(f"Cannot delete {key}: {exc}") from exc

    def read(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._object(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                raise FileNotFoundError(key) from exc
            raise StorageError(f"Cannot read {key}: {exc}") from exc
        return answer["Body"].read()

    def open_stream(self, key: str) -> IO[bytes]:
        return self.client.get_object(Bucket=self.bucket, Key=self._object(key))["Body"]

    def presigned_url(self, key: str, seconds: int) -> str:
        return self.client.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": self._object(key)},
            ExpiresIn=seconds,
        )

    def files(self) -> Iterator[StoredFile]:
        paginator = self.client.get_paginator("list_objects_v2")
        for kind in KINDS:
            for page in paginator.paginate(Bucket=self.bucket, Prefix=f"{self.prefix}{kind}/"):
                for item in page.get("Contents", []):
                    key = item["Key"][len(self.prefix) :]
                    if STORED_KEY_PATTERN.match(key):
                        yield StoredFile(key, item["LastModified"].astimezone(dt.UTC))


def _b64_sha256(data: bytes) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def build_storage(config: dict) -> LocalStorage | S3Storage:
    """The storage backend the configuration asks for (no I/O)."""
    if config["MEDIA_STORAGE"] == "s3":
        return S3Storage(
            config["S3_BUCKET"],
            endpoint_url=config["S3_ENDPOINT_URL"],
            region=config["S3_REGION"],
            access_key_id=config["S3_ACCESS_KEY_ID"],
            secret_access_key=config["S3_SECRET_ACCESS_KEY"],
            prefix=config["S3_PREFIX"],
        )
    return LocalStorage(config["MEDIA_DIR"])


def init_app(app: Flask) -> None:
    app.extensions["verhalenkaart.media"] = build_storage(app.config)


def current_storage() -> LocalStorage | S3Storage:
    return current_app.extensions["verhalenkaart.media"]
