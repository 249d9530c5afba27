"""Unbound extension singletons, initialised in create_app()."""

from flask_login import LoginManager

from verhalenkaart.db import Database

db = Database()
login_manager = LoginManager()
# The flask-smorest Api holds one OpenAPI document per app, so create_app() makes one per app.
