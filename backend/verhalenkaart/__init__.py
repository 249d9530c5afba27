"""Verhalenkaart: a participatory story map of what the landscape means to its people."""

from verhalenkaart.app import create_app

__all__ = ["create_app"]
