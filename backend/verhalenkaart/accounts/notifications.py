"""The account mails: links built from BASE_URL (never from the Host header in production)
and handed to the mailer (a job each). Request-bound helpers of the account routes, and the
password-reset job, which looks the address up off the request path."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from flask import current_app, request

from verhalenkaart import mail
from verhalenkaart.accounts import mails, tokens
from verhalenkaart.accounts.models import User
from verhalenkaart.accounts.services import (
    RegistrationRequest,
    find_user_by_email,
    new_reset_link,
)
from verhalenkaart.extensions import db
from verhalenkaart.jobs import services as jobs

log = logging.getLogger(__name__)

#: Paths of the PWA that the e-mailed links open (contract 8).
LOGIN_PAGE = "/inloggen"
REGISTRATION_PAGE = "/registreren"
RESET_PAGE = "/wachtwoord/nieuw"


RESET_JOB = "accounts.reset-link"
REGISTRATION_JOB = "accounts.registration-mail"


def public_base() -> str | None:
    """Where mailed links point: BASE_URL, or in development the address asked for. In
    production the Host header is never trusted for links (None without BASE_URL)."""
    base = current_app.config["BASE_URL"]
    if not base:
        if current_app.config["ENV"] == "production":
            log.error("VERHALENKAART_BASE_URL is not set: no links can be mailed")
            return None
        base = request.host_url
    return base.rstrip("/")


def public_url(path: str, base: str | None = None, **query: str) -> str | None:
    """An absolute link for a mail (see public_base)."""
    base = base or public_base()
    if base is None:
        return None
    url = base + path
    return f"{url}?{urlencode(query)}" if query else url


def _hours(seconds: int) -> int:
    return max(1, seconds // 3600)


def request_registration_mail(registration: RegistrationRequest) -> None:
    """Queue the registration job with the confirmation link's token, whether or not the
    address has an account: the job looks it up (as for a reset, the answer's time must not
    tell which addresses have an account, and a stranger registering an owner's address
    writes nothing on the request path)."""
    base = public_base()
    if base is None:
        return
    token = tokens.make_registration_token(
        current_app.config["SECRET_KEY"],
        email=registration.email,
        display_name=registration.display_name,
        password_hash=registration.password_hash,
        teacher_school=registration.teacher_school,
    )
    jobs.enqueue(REGISTRATION_JOB, email=registration.email, token=token, base_url=base)


@jobs.job(REGISTRATION_JOB)
def mail_registration(email: str, token: str, base_url: str) -> None:
    """The registration job: a new address gets its confirmation link; the owner of an
    address that has an account is told so, with a way in (a fresh reset link)."""
    config = current_app.config
    user = find_user_by_email(db.session, email)
    if user is None:
        link = public_url(REGISTRATION_PAGE, base_url, token=token)
        hours = _hours(config["REGISTRATION_LINK_MAX_AGE"])
        mail.deliver(email, *mails.registration_link(link, hours))
        return
    if not user.email:
        return
    new_reset_link(db.session, user)  # the mail carries the newest link
    db.session.commit()
    reset_token = tokens.make_reset_token(config["SECRET_KEY"], user)
    address = user.email
    db.session.close()  # no transaction open while the SMTP server takes its time
    login_link = public_url(LOGIN_PAGE, base_url)
    reset_link = public_url(RESET_PAGE, base_url, token=reset_token)
    hours = _hours(config["PASSWORD_RESET_MAX_AGE"])
    mail.deliver(address, *mails.account_exists(login_link, reset_link, hours))


def request_reset_link(email: str) -> None:
    """Queue the reset job for an address, whether or not it has an account: the request does
    the same work either way, and the lookup happens in the job (issue 15: the answer's time
    must not tell which addresses have an account)."""
    base = public_base()
    if base is not None:
        jobs.enqueue(RESET_JOB, email=email, base_url=base)


@jobs.job(RESET_JOB)
def mail_reset_link(email: str, base_url: str) -> None:
    """The reset job: look the address up; mail its owner a link, or nobody."""
    user = find_user_by_email(db.session, email)
    if user is None or not user.email:
        return
    new_reset_link(db.session, user)  # older links stop working
    db.session.commit()
    config = current_app.config
    token = tokens.make_reset_token(config["SECRET_KEY"], user)
    address, name = user.email, user.display_name
    # No database transaction stays open while the SMTP server takes its time.
    db.session.close()
    link = public_url(RESET_PAGE, base_url, token=token)
    hours = _hours(config["PASSWORD_RESET_MAX_AGE"])
    mail.deliver(address, *mails.password_reset(name, link, hours))


def send_password_changed(user: User) -> None:
    """Tell the owner (ASVS 2.2.3): a change they did not make is noticed."""
    link = public_url(LOGIN_PAGE)
    if link and user.email:
        mail.send_mail(user.email, *mails.password_changed(user.display_name, link))
