"""Unbound extension singletons, initialised in create_app()."""

from flask_login import LoginManager

from verhalenkaart.api import ProblemApi
from verhalenkaart.db import Database

db = Database()
api = ProblemApi()
login_manager = LoginManager()
