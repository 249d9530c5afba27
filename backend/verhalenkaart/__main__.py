"""The `verhalenkaart` command (and `python -m verhalenkaart`): Flask's CLI on our app, with the
commands of cli.py."""

import sys

import sqlalchemy as sa
from flask.cli import FlaskGroup

from verhalenkaart.app import create_app

#: What SQLite and PostgreSQL say when a table is missing: the schema was never made.
_NO_SCHEMA = ("no such table", "UndefinedTable")


def main() -> None:
    try:
        FlaskGroup(create_app=create_app, help="Verhalenkaart: the story map.")()
    except sa.exc.DBAPIError as error:
        if not any(sign in f"{type(error.orig).__name__} {error.orig}" for sign in _NO_SCHEMA):
            raise
        # One clear line instead of a long traceback (an empty or wrong database).
        sys.exit(
            "verhalenkaart: the database has no tables yet "
            f"({str(error.orig).splitlines()[0]}); run `verhalenkaart db upgrade` first, or "
            "check VERHALENKAART_DATABASE_URL / VERHALENKAART_DATA_DIR."
        )


if __name__ == "__main__":
    main()
