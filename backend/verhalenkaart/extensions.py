"""Unbound extension singletons, initialised in create_app()."""

from flask import request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from verhalenkaart.db import Database
from verhalenkaart.i18n import CatalogueBabel
from verhalenkaart.security.keys import remote_address

db = Database()
login_manager = LoginManager()
# The flask-smorest Api holds one OpenAPI document per app, so create_app() makes one per app.


class HeaderCSRFProtect(CSRFProtect):
    """Flask-WTF's CSRFProtect taking the token from the X-CSRF-Token header only, so the check
    never parses a (multipart) body to look for a form field."""

    def _get_csrf_token(self):
        return request.headers.get("X-CSRF-Token")


#: CSRF tokens for every unsafe request (contract: header X-CSRF-Token); see security/.
csrf = HeaderCSRFProtect()
#: Rate limits; storage from RATELIMIT_STORAGE_URI. Limits are per route (see docs/security.md).
limiter = Limiter(key_func=remote_address)
#: Texts in the client's language, from the gettext catalogue in translations/ (see i18n.py).
babel = CatalogueBabel()
