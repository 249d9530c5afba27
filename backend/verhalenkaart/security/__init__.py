"""Trust and safety across the app: CSRF tokens, rate limits, security headers, session
lifetimes, and the proxy setting they depend on. See docs/security.md."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory
from werkzeug.middleware.proxy_fix import ProxyFix

_STATIC = Path(__file__).parent / "static"


def init_app(app: Flask) -> None:
    """Install the protections; called by create_app() after the config is loaded."""
    from verhalenkaart.accounts import sessions
    from verhalenkaart.security import csrf, headers, limits, openapi

    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        # The client address (rate limits) and scheme (secure cookies, CSRF referrer check)
        # come from the X-Forwarded-* headers of exactly this many proxies.
        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_port=proxies
        )
    if app.config["ENV"] == "production":
        for key in ("BASE_URL", "SMTP_HOST"):
            if not app.config[key]:
                app.logger.warning(
                    "VERHALENKAART_%s is not set: registration and password-reset mails "
                    "cannot be sent (docs/security.md)",
                    key,
                )
    csrf.init_app(app)
    limits.init_app(app)
    headers.init_app(app)
    sessions.init_app(app)
    openapi.document_csrf(app)

    @app.get("/api/v1/docs/swagger-init.js")
    def swagger_init():
        """Starts Swagger UI from a file, as the Content-Security-Policy allows no inline
        script; adds the CSRF token to its "try it out" writes."""
        return send_from_directory(_STATIC, "swagger-init.js", max_age=3600)
