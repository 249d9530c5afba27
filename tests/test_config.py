"""Configuration: environment variables, the development secret, production start-up checks."""

import pytest

from verhalenkaart import create_app
from verhalenkaart.errors import ConfigurationError


def test_development_secret_is_generated_once_into_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("VERHALENKAART_SECRET_KEY", raising=False)
    first = create_app({"DATA_DIR": str(tmp_path)})
    second = create_app({"DATA_DIR": str(tmp_path)})
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_default_database_is_a_spatialite_file_in_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("VERHALENKAART_DATABASE_URL", raising=False)
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'verhalenkaart.sqlite'}"


def test_settings_come_from_prefixed_environment_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("VERHALENKAART_MODERATION", "post")
    monkeypatch.setenv("VERHALENKAART_REGION_BBOX", "6.0,52.5,7.2,53.3")
    monkeypatch.setenv("VERHALENKAART_ANONYMOUS_CONTRIBUTIONS", "true")
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["MODERATION"] == "post"
    assert app.config["REGION_BBOX"] == (6.0, 52.5, 7.2, 53.3)
    assert app.config["ANONYMOUS_CONTRIBUTIONS"] is True


@pytest.mark.parametrize("missing", ["VERHALENKAART_SECRET_KEY", "VERHALENKAART_DATABASE_URL"])
def test_production_refuses_to_start_without_secret_or_database(tmp_path, monkeypatch, missing):
    monkeypatch.setenv("VERHALENKAART_ENV", "production")
    monkeypatch.setenv("VERHALENKAART_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("VERHALENKAART_DATABASE_URL", "postgresql+psycopg://db.invalid/vk")
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigurationError, match=missing):
        create_app({"DATA_DIR": str(tmp_path)})


@pytest.mark.parametrize("value", ["6,52,7", "a,b,c,d", "7.1,52.6,6.1,53.2"])
def test_bad_region_bbox_stops_start_up(tmp_path, monkeypatch, value):
    monkeypatch.setenv("VERHALENKAART_REGION_BBOX", value)
    with pytest.raises(ConfigurationError, match="REGION_BBOX"):
        create_app({"DATA_DIR": str(tmp_path)})


def test_production_cookies_are_secure(tmp_path, monkeypatch):
    monkeypatch.setenv("VERHALENKAART_ENV", "production")
    monkeypatch.setenv("VERHALENKAART_SECRET_KEY", "x" * 40)
    monkeypatch.setenv("VERHALENKAART_DATABASE_URL", "postgresql+psycopg://db.invalid/vk")
    app = create_app({"DATA_DIR": str(tmp_path)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
