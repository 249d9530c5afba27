"""HTTP endpoints for a story's photos and voice recordings, and the `/media/…` file route."""

from __future__ import annotations

import io
import uuid

from flask import Blueprint as FlaskBlueprint
from flask import current_app, redirect, send_file
from flask.views import MethodView
from flask_babel import _
from werkzeug.datastructures import CombinedMultiDict

from verhalenkaart.accounts.permissions import require_user
from verhalenkaart.api import Blueprint, StrictQueryParser, problems
from verhalenkaart.errors import NotFound, ValidationProblem
from verhalenkaart.extensions import db
from verhalenkaart.media import deferred, services
from verhalenkaart.media.features import audio_json, photo_json
from verhalenkaart.media.files import StagedFiles
from verhalenkaart.media.images import read_suggestion
from verhalenkaart.media.models import Photo
from verhalenkaart.media.schemas import (
    AudioForm,
    AudioOut,
    AudioPatch,
    PhotoForm,
    PhotoOut,
    PhotoPatch,
    PhotoUploadOut,
)
from verhalenkaart.media.storage import (
    IMMUTABLE_CACHE_CONTROL,
    KEY_PATTERN,
    LocalStorage,
    S3Storage,
    content_type_of,
    current_storage,
)
from verhalenkaart.security.keys import account_or_address
from verhalenkaart.security.limits import rate_limit


class MultipartParser(StrictQueryParser):
    """The `files` location reads the whole multipart form: the file and the text fields beside
    it, so one schema describes (and flask-smorest documents) the whole upload."""

    def load_files(self, req, schema):
        form = CombinedMultiDict([req.files, req.form])
        # The schema reads one value per field: a second `file`, `id` or `caption` part would
        # otherwise be dropped without a word (the client thinks both photos were sent).
        for name in form:
            if len(form.getlist(name)) > 1:
                raise ValidationProblem.field(name, _("Send one value."))
        return self._makeproxy(form, schema)


class MediaBlueprint(Blueprint):
    ARGUMENTS_PARSER = MultipartParser()


blp = MediaBlueprint(
    "media",
    __name__,
    url_prefix="/api/v1",
    description="Photos and voice recordings of stories",
)

#: Endpoints that take multipart uploads, with the config key of their size limit.
UPLOAD_ENDPOINTS = {
    "media.StoryPhotos": "PHOTO_MAX_BYTES",
    "media.StoryAudio": "AUDIO_MAX_BYTES",
}
#: Room for the multipart envelope and the text fields beside the file.
MULTIPART_OVERHEAD_BYTES = 256 * 1024


def upload_limit(endpoint: str | None, config: dict) -> int | None:
    """The largest request body `endpoint` accepts, if it is an upload endpoint."""
    key = UPLOAD_ENDPOINTS.get(endpoint or "")
    return None if key is None else int(config[key]) + MULTIPART_OVERHEAD_BYTES


def _rules() -> services.MediaRules:
    return services.MediaRules.from_config(current_app.config)


def _read(file_storage, limit: int) -> bytes:
    return file_storage.read(limit + 1)  # one byte more tells "too large" from "exactly full"


@blp.route("/stories/<uuid:story_id>/photos")
class StoryPhotos(MethodView):
    @rate_limit("RATELIMIT_MEDIA_UPLOAD", key_func=account_or_address, methods=["POST"])
    @blp.arguments(PhotoForm, location="files")
    @problems(blp, 401, 403, 404, 409, 413, 415, 429, 503)
    @blp.response(201, PhotoUploadOut)
    @blp.alt_response(
        200,
        schema=PhotoUploadOut,
        description="A retry with a client id that exists: the existing photo",
    )
    @blp.alt_response(
        202,
        schema=PhotoUploadOut,
        description="A HEIC photo: checked and kept; its sizes are made by a background job "
        "within moments, and the story shows it from then on. The answer carries the photo's "
        "`id`, `processing: true` and the `suggestion`; a retry with the same client id answers "
        "202 again until the photo is made, then 200 with the photo",
    )
    def post(self, form, story_id: uuid.UUID):
        """Add a photo (JPEG, PNG, WebP or HEIC) to your story; stored as re-encoded sizes only."""
        user = require_user()
        rules = _rules()
        story = services.story_for_upload(db.session, story_id, user)
        upload = _read(form["file"], rules.photo_max_bytes)
        if deferred.deferred_format(upload, rules):
            return _accept_for_later(story, upload, form, rules, user)
        with StagedFiles(current_storage()) as staged:
            photo, processed, created = services.add_photo(
                db.session, staged, story, upload, form, rules, user
            )
            db.session.commit()
        suggestion = processed.suggestion if processed else read_suggestion(upload)
        return photo_json(photo) | {"suggestion": suggestion}, 201 if created else 200


def _accept_for_later(story, upload: bytes, form: dict, rules, user):
    """A HEIC: kept, committed, then its job queued (again on a retry: the job is idempotent,
    and the first queueing may have failed after the commit)."""
    with StagedFiles(current_storage()) as staged:
        item, _accepted = deferred.accept_photo(
            db.session, staged, story, upload, form, rules, user
        )
        db.session.commit()
    suggestion = read_suggestion(upload)
    if isinstance(item, Photo):  # a retry of a photo made meanwhile
        return photo_json(item) | {"suggestion": suggestion}, 200
    deferred.queue_finishing(item)
    return {"id": item.uuid, "processing": True, "suggestion": suggestion}, 202


@blp.route("/stories/<uuid:story_id>/photos/<uuid:photo_id>")
class StoryPhotoById(MethodView):
    @blp.arguments(PhotoPatch)
    @problems(blp, 401, 403, 404)
    @blp.response(200, PhotoOut)
    def patch(self, data, story_id: uuid.UUID, photo_id: uuid.UUID):
        """Change a photo's caption, alt text or position (the story's author)."""
        user = require_user()
        story = services.story_for_upload(db.session, story_id, user)
        photo = services.get_photo(db.session, story, photo_id)
        services.update_photo(db.session, story, photo, data, _rules(), user)
        db.session.commit()
        return photo_json(photo)

    @blp.response(204)
    @problems(blp, 401, 403, 404, 503)
    def delete(self, story_id: uuid.UUID, photo_id: uuid.UUID):
        """Remove a photo and its files (the story's author, or a moderator)."""
        user = require_user()
        story = services.story_for_media_removal(db.session, story_id, user)
        photo = services.get_photo(db.session, story, photo_id)
        services.delete_photo(db.session, current_storage(), story, photo, user)
        db.session.commit()


@blp.route("/stories/<uuid:story_id>/audio")
class StoryAudio(MethodView):
    @rate_limit("RATELIMIT_MEDIA_UPLOAD", key_func=account_or_address, methods=["POST"])
    @blp.arguments(AudioForm, location="files")
    @problems(blp, 401, 403, 404, 409, 413, 415, 429, 503)
    @blp.response(201, AudioOut)
    @blp.alt_response(
        200,
        schema=AudioOut,
        description="A retry with a client id that exists: the existing recording",
    )
    def post(self, form, story_id: uuid.UUID):
        """Add a voice recording (Opus in WebM/Ogg, AAC in MP4, MP3; up to 5 minutes)."""
        user = require_user()
        rules = _rules()
        story = services.story_for_upload(db.session, story_id, user)
        upload = _read(form["file"], rules.audio_max_bytes)
        with StagedFiles(current_storage()) as staged:
            audio, created = services.add_recording(
                db.session, staged, story, upload, form, rules, user
            )
            db.session.commit()
        return audio_json(audio), 201 if created else 200


@blp.route("/stories/<uuid:story_id>/audio/<uuid:audio_id>")
class StoryAudioById(MethodView):
    @blp.arguments(AudioPatch)
    @problems(blp, 401, 403, 404)
    @blp.response(200, AudioOut)
    def patch(self, data, story_id: uuid.UUID, audio_id: uuid.UUID):
        """Change a recording's transcript (the story's author)."""
        user = require_user()
        story = services.story_for_upload(db.session, story_id, user)
        audio = services.get_recording(db.session, story, audio_id)
        services.update_recording(db.session, story, audio, data, _rules(), user)
        db.session.commit()
        return audio_json(audio)

    @blp.response(204)
    @problems(blp, 401, 403, 404, 503)
    def delete(self, story_id: uuid.UUID, audio_id: uuid.UUID):
        """Remove a recording and its file (the story's author, or a moderator)."""
        user = require_user()
        story = services.story_for_media_removal(db.session, story_id, user)
        audio = services.get_recording(db.session, story, audio_id)
        services.delete_recording(db.session, current_storage(), story, audio, user)
        db.session.commit()


# --- /media/… ---------------------------------------------------------------------------------

files_blp = FlaskBlueprint("media_files", __name__)


@files_blp.get("/media/<path:key>")
def media_file(key: str):
    """A stored derivative or recording: immutable, long-cached, range requests for audio."""
    if not KEY_PATTERN.match(key):
        raise NotFound(_("There is no such media file."))
    storage = current_storage()
    mimetype = content_type_of(key)
    etag = key.rsplit("/", 1)[1].split(".", 1)[0]
    if isinstance(storage, LocalStorage):
        path = storage.path(key)
        if not path.is_file():
            raise NotFound(_("There is no such media file."))
        response = send_file(path, mimetype=mimetype, conditional=True, etag=etag, max_age=None)
    elif isinstance(storage, S3Storage) and current_app.config["MEDIA_S3_SERVE"] == "redirect":
        url = storage.presigned_url(key, current_app.config["S3_PRESIGN_SECONDS"])
        response = redirect(url, code=302)
        # The redirect target expires; let caches keep the redirect for a fraction of that.
        response.headers["Cache-Control"] = (
            f"private, max-age={max(0, current_app.config['S3_PRESIGN_SECONDS'] // 4)}"
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
    else:
        try:
            data = storage.read(key)
        except FileNotFoundError:
            raise NotFound(_("There is no such media file.")) from None
        response = send_file(
            io.BytesIO(data), mimetype=mimetype, conditional=True, etag=etag, max_age=None
        )
    response.headers["Cache-Control"] = IMMUTABLE_CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    return response
