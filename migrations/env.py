"""Alembic environment: the app's database, our metadata, GeoAlchemy2's spatial helpers."""

from alembic import context
from flask import has_app_context
from geoalchemy2 import alembic_helpers

import verhalenkaart.models  # noqa: F401  (registers every table on the metadata)
from verhalenkaart.db import Base
from verhalenkaart.extensions import db


def include_object(obj, name, obj_type, reflected, compare_to):
    # SpatiaLite's own tables (geometry_columns, idx_*, KNN, …) are not ours.
    if obj_type == "table" and reflected and compare_to is None:
        return False
    return alembic_helpers.include_object(obj, name, obj_type, reflected, compare_to)


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        include_object=include_object,
        process_revision_directives=alembic_helpers.writer,
        render_item=alembic_helpers.render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    if has_app_context():
        engine = db.engine
    else:
        from verhalenkaart import create_app

        app = create_app()
        with app.app_context():
            engine = db.engine
    with engine.connect() as connection:
        run_migrations(connection)


if context.is_offline_mode():
    raise SystemExit("Offline (SQL script) migrations are not supported; run against a database.")
run()
