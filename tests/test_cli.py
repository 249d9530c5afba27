"""The `verhalenkaart` command on a fresh SpatiaLite data directory: migrate, seed, users,
gazetteer imports."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from tests import layer_files
from verhalenkaart import create_app
from verhalenkaart.accounts.models import User
from verhalenkaart.config import REPO_ROOT
from verhalenkaart.extensions import db
from verhalenkaart.layers.models import Layer
from verhalenkaart.media.models import Photo
from verhalenkaart.places.models import Place
from verhalenkaart.stories.models import Kind, MapCell, Status, Story


@pytest.fixture(scope="module")
def fresh_app(tmp_path_factory):
    """An app on its own new SpatiaLite file, migrated by the CLI."""
    data_dir = tmp_path_factory.mktemp("cli")
    application = create_app(
        {
            "TESTING": True,
            "DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'cli.sqlite'}",
        }
    )
    result = application.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    yield application
    with application.app_context():
        db.engine.dispose()


def _session(app):
    with app.app_context():
        return Session(db.engine)


def test_db_upgrade_fills_the_gazetteer_from_geonames(fresh_app):
    with _session(fresh_app) as session:
        names = set(session.scalars(sa.select(Place.name)))
    assert {"Assen", "Emmen", "Emmer-Compascuum", "Zuidlaren"} <= names


def test_db_check_reports_no_drift(fresh_app):
    result = fresh_app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output
    assert "No differences" in result.output


#: Stories counted in the zoom-0 cells of all themes: every published story once.
WORLD_CELL_COUNT = sa.select(sa.func.sum(MapCell.n)).where(MapCell.zoom == 0, MapCell.theme_id == 0)


def test_seed_demo_writes_published_marked_stories_once(fresh_app):
    runner = fresh_app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(args=["seed-demo"])
    assert "nothing written" in second.output
    with _session(fresh_app) as session:
        stories = session.scalars(sa.select(Story)).all()
        assert len(stories) == 200
        assert all(s.is_demo and s.status == Status.PUBLISHED for s in stories)
        assert {s.kind for s in stories} == set(Kind)
        assert len({t.slug for s in stories for t in s.themes}) == 14
        assert all(s.place_name for s in stories)
        assert any(s.kind == Kind.MEMORY and s.origin_place for s in stories)
        cells = session.scalar(WORLD_CELL_COUNT)
        assert cells == 200  # the bulk path counted every story into the map cells
        # Photo stories carry a drawn illustration that says it is one, never a photograph.
        photo_stories = [s for s in stories if s.kind == Kind.PHOTO]
        photos = session.scalars(sa.select(Photo)).all()
        assert {p.story_id for p in photos} == {s.id for s in photo_stories}
        assert all("geen echte foto" in p.alt and "geen echte foto" in p.caption for p in photos)
    with _session(fresh_app) as session:
        session.execute(sa.delete(MapCell))
        session.commit()
    rebuilt = runner.invoke(args=["db", "rebuild-map-cells"])
    assert rebuilt.exit_code == 0, rebuilt.output
    with _session(fresh_app) as session:
        cells = session.scalar(WORLD_CELL_COUNT)
        assert cells == 200


def test_seed_demo_writes_one_example_layer_from_the_gazetteer(fresh_app):
    runner = fresh_app.test_cli_runner()
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["seed-demo"])
    with _session(fresh_app) as session:
        (layer,) = session.scalars(sa.select(Layer)).all()
        assert layer.slug == "voorbeeld-plaatsen"
        assert layer.title.startswith("Voorbeeld")
        assert "voorbeeldlaag" in layer.explanation
        names = {f["properties"]["naam"] for f in json.loads(layer.data)["features"]}
        assert {"Assen", "Emmen"} <= names


def test_layers_import_reads_a_geojson_file(fresh_app, tmp_path):
    path = tmp_path / "beekdalen.geojson"
    path.write_bytes(layer_files.geojson())
    result = fresh_app.test_cli_runner().invoke(
        args=["layers", "import", str(path), "--title", "Beekdalen", "--licence", "CC0"]
    )
    assert result.exit_code == 0, result.output
    assert "Layer 'beekdalen': 2 features" in result.output
    bad = tmp_path / "kapot.geojson"
    bad.write_text("{")
    result = fresh_app.test_cli_runner().invoke(args=["layers", "import", str(bad), "--title", "X"])
    assert result.exit_code != 0
    assert "file:" in result.output


def test_users_create_makes_an_account_that_can_log_in(fresh_app):
    result = fresh_app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "Curator@Example.org",
            "--password",
            "lang-genoeg-wachtwoord",
            "--role",
            "curator",
            "--name",
            "Atelier Drenthe",
        ]
    )
    assert result.exit_code == 0, result.output
    client = fresh_app.test_client()
    response = client.post(
        "/api/v1/auth/login",
        json={"email": "curator@example.org", "password": "lang-genoeg-wachtwoord"},
    )
    assert response.status_code == 200
    assert response.json["role"] == "curator"


def test_users_create_still_makes_teachers(fresh_app):
    result = fresh_app.test_cli_runner().invoke(
        args=[
            "users", "create", "--email", "juf@example.org", "--password",
            "lang-genoeg-wachtwoord", "--role", "teacher", "--name", "Juf Anna",
        ]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    response = fresh_app.test_client().post(
        "/api/v1/auth/login",
        json={"email": "juf@example.org", "password": "lang-genoeg-wachtwoord"},
    )
    assert response.json["role"] == "teacher"
    assert response.json["teacher_request"] is None


def test_users_create_rejects_a_short_password(fresh_app):
    result = fresh_app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "kort@example.org",
            "--password",
            "kort",
            "--name",
            "Kort",
        ]
    )
    assert result.exit_code != 0
    assert "password" in result.output
    with _session(fresh_app) as session:
        assert session.scalar(sa.select(User).where(User.email == "kort@example.org")) is None


def test_places_import_csv_adds_and_then_updates_places(fresh_app, tmp_path):
    path = tmp_path / "buurtschappen.csv"
    path.write_text(
        "name,lon,lat,kind,municipality\nOrvelte,6.6656,52.8486,buurtschap,Midden-"
        "Drenthe\nHet Drentse Dorp,6.5,52.9,dorp,Assen\n",
        encoding="utf-8",
    )
    runner = fresh_app.test_cli_runner()
    assert runner.invoke(args=["places", "import", str(path)]).exit_code == 0
    path.write_text(
        "name,lon,lat,kind,municipality\nOrvelte,6.6656,52.8486,buurtschap,Midden-"
        "Drenthe\nHet Drentse Dorp,6.51,52.91,dorp,Assen\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["places", "import", str(path)])
    assert result.exit_code == 0, result.output
    with _session(fresh_app) as session:
        orvelte = session.scalars(sa.select(Place).where(Place.name == "Orvelte")).all()
        assert len(orvelte) == 1
        assert orvelte[0].kind == "buurtschap"
        assert orvelte[0].municipality == "Midden-Drenthe"


def test_places_import_geojson(fresh_app, tmp_path):
    path = tmp_path / "plaatsen.geojson"
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [6.7, 52.85]},
                        "properties": {"name": "Ellertshaar", "kind": "buurtschap", "id": "e1"},
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    result = fresh_app.test_cli_runner().invoke(args=["places", "import", str(path)])
    assert result.exit_code == 0, result.output
    client = fresh_app.test_client()
    found = client.get("/api/v1/places?q=ellerts").json["features"]
    assert [f["properties"]["name"] for f in found] == ["Ellertshaar"]


def test_places_import_reports_the_bad_line_and_writes_nothing(fresh_app, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text("name,lon,lat\nGoed,6.6,52.9\nFout,zes,52.9\n", encoding="utf-8")
    result = fresh_app.test_cli_runner().invoke(args=["places", "import", str(path)])
    assert result.exit_code != 0
    assert "line 3" in result.output
    with _session(fresh_app) as session:
        assert session.scalar(sa.select(Place).where(Place.name == "Goed")) is None


def test_console_script_and_python_m_flask_both_work(tmp_path):
    env = {"VERHALENKAART_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    console_script = str(Path(sys.executable).parent / "verhalenkaart")
    for command in (
        [sys.executable, "-m", "flask", "--app", "verhalenkaart", "routes"],
        [console_script, "routes"],
    ):
        result = subprocess.run(  # noqa: S603 (our own commands)
            command,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "/api/v1/stories" in result.stdout


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("name,lon,lat,population\nVeel,6.6,52.9,veel\n", "bevolking.csv", "line 2"),
        (
            json.dumps(
                {
                    "type": "FeatureCollection",
                    "features": [
                        {"type": "Feature", "geometry": {"type": "Point", "coordinates": 6.6}}
                    ],
                }
            ),
            "kapot.geojson",
            "feature 1",
        ),
    ],
)
def test_places_import_names_the_bad_value_instead_of_crashing(
    fresh_app, tmp_path, content, name, message
):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = fresh_app.test_cli_runner().invoke(args=["places", "import", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_relative_data_dir_is_the_checkouts_wherever_the_command_runs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = create_app(
        {"DATA_DIR": "instance-elsewhere", "DATABASE_URL": "sqlite://", "SECRET_KEY": "x"}
    )
    assert app.config["DATA_DIR"] == str(REPO_ROOT / "instance-elsewhere")
    assert app.config["MEDIA_DIR"] == str(REPO_ROOT / "instance-elsewhere" / "media")
    assert list(tmp_path.iterdir()) == []  # nothing made in the working folder


def test_a_command_on_a_database_without_tables_says_so_in_one_line(tmp_path):
    env = {"VERHALENKAART_DATA_DIR": str(tmp_path / "leeg"), "PATH": "/usr/bin:/bin"}
    console_script = str(Path(sys.executable).parent / "verhalenkaart")
    result = subprocess.run(  # noqa: S603 (our own command)
        [
            console_script,
            "users",
            "create",
            "--email",
            "a@example.org",
            "--password",
            "lang genoeg wachtwoord",
            "--name",
            "Beheer",
            "--role",
            "curator",
        ],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no such table: users" in lines[0]
    assert "verhalenkaart db upgrade" in lines[0]
