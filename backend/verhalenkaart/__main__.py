"""The `verhalenkaart` command (and `python -m verhalenkaart`): Flask's CLI on our app, with the
commands of cli.py."""

from flask.cli import FlaskGroup

from verhalenkaart.app import create_app


def main() -> None:
    FlaskGroup(create_app=create_app, help="Verhalenkaart: the story map.")()


if __name__ == "__main__":
    main()
