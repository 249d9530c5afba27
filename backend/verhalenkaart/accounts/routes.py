"""HTTP endpoints for accounts and cookie sessions."""

from flask.views import MethodView
from flask_login import login_user, logout_user

from verhalenkaart.accounts import services
from verhalenkaart.accounts.permissions import require_user
from verhalenkaart.accounts.schemas import LoginIn, MeOut, RegisterIn
from verhalenkaart.api import JSON_BODY_PROBLEMS, Blueprint, problems
from verhalenkaart.errors import NotLoggedIn
from verhalenkaart.extensions import db

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Accounts and sessions")


@blp.route("/register")
class Register(MethodView):
    @blp.arguments(RegisterIn)
    @problems(blp, 409, *JSON_BODY_PROBLEMS)
    @blp.response(201, MeOut)
    def post(self, data):
        """Create a resident account and log in."""
        user = services.create_user(
            db.session,
            email=data["email"],
            password=data["password"],
            display_name=data["display_name"],
        )
        db.session.commit()
        login_user(user)
        return user


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginIn)
    @problems(blp, 401, *JSON_BODY_PROBLEMS)
    @blp.response(200, MeOut)
    def post(self, data):
        """Log in with e-mail and password; sets the session cookie."""
        user = services.authenticate(db.session, data["email"], data["password"])
        if user is None:
            raise NotLoggedIn("The e-mail address or password is not right.")
        login_user(user)
        return user


@blp.route("/logout")
class Logout(MethodView):
    @blp.response(204)
    def post(self):
        """Log out; the session cookie is cleared."""
        logout_user()


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, MeOut)
    @problems(blp, 401)
    def get(self):
        """The logged-in account (401 when nobody is logged in)."""
        return require_user()
