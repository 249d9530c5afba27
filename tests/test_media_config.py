"""Media settings: defaults, environment variables, and settings that cannot work."""

import pytest

from verhalenkaart import create_app
from verhalenkaart.errors import ConfigurationError
from verhalenkaart.media.storage import LocalStorage, S3Storage


def test_local_storage_in_the_data_dir_by_default(tmp_path):
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["MEDIA_URL"] == "/media/"
    assert app.config["MAX_PHOTOS_PER_STORY"] == 8
    assert app.config["PHOTO_MAX_BYTES"] == 25 * 1024 * 1024
    storage = app.extensions["verhalenkaart.media"]
    assert isinstance(storage, LocalStorage)
    assert storage.root == tmp_path / "media"
    assert not storage.root.exists()  # made on the first upload, not at start-up


def test_s3_storage_from_environment_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("VERHALENKAART_MEDIA_STORAGE", "s3")
    monkeypatch.setenv("VERHALENKAART_S3_BUCKET", "verhalen")
    monkeypatch.setenv("VERHALENKAART_S3_ENDPOINT_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("VERHALENKAART_S3_PREFIX", "/drenthe/")
    monkeypatch.setenv("VERHALENKAART_MEDIA_URL", "https://media.example.org/drenthe")
    monkeypatch.setenv("VERHALENKAART_MAX_PHOTOS_PER_STORY", "4")
    app = create_app({"DATA_DIR": str(tmp_path)})
    storage = app.extensions["verhalenkaart.media"]
    assert isinstance(storage, S3Storage)
    assert storage.bucket == "verhalen"
    assert storage.prefix == "drenthe/"
    assert app.config["MEDIA_URL"] == "https://media.example.org/drenthe/"
    assert app.config["MAX_PHOTOS_PER_STORY"] == 4


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"MEDIA_STORAGE": "ftp"}, "MEDIA_STORAGE"),
        ({"MEDIA_STORAGE": "s3"}, "S3_BUCKET"),
        ({"MEDIA_S3_SERVE": "copy"}, "MEDIA_S3_SERVE"),
        ({"PHOTO_MAX_BYTES": "many"}, "PHOTO_MAX_BYTES"),
        ({"MAX_PHOTOS_PER_STORY": 0}, "MAX_PHOTOS_PER_STORY"),
    ],
)
def test_settings_that_cannot_work_stop_start_up(tmp_path, overrides, message):
    with pytest.raises(ConfigurationError, match=message):
        create_app({"DATA_DIR": str(tmp_path)} | overrides)
