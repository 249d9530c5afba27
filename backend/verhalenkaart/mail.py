"""Outgoing e-mail: SMTP when SMTP_HOST is set, the log in development otherwise.

Mails are handed to a background thread, so the time an answer takes never tells whether a
mail was sent (password reset and registration must not reveal which addresses have an
account). A mail that cannot be delivered is logged; the user asks again."""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

log = logging.getLogger(__name__)
_in_flight: set[threading.Thread] = set()
_in_flight_lock = threading.Lock()


def build_message(config, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=str(config["MAIL_FROM"]).rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    return message


def send_mail(to: str, subject: str, body: str) -> threading.Thread | None:
    """Send a plain-text mail in the background; returns the thread (tests may join it)."""
    config = current_app.config
    message = build_message(config, to, subject, body)
    if not config["SMTP_HOST"]:
        if config["ENV"] == "production":
            log.error("VERHALENKAART_SMTP_HOST is not set: a mail to a user was not sent")
        else:
            log.warning(
                "No SMTP_HOST: this mail is logged, not sent.\nTo: %s\nSubject: %s\n\n%s",
                to,
                subject,
                body,
            )
        return None
    settings = {
        key: config[key]
        for key in ("SMTP_HOST", "SMTP_PORT", "SMTP_SECURITY", "SMTP_USERNAME", "SMTP_PASSWORD")
    } | {"SMTP_TIMEOUT": config["SMTP_TIMEOUT"]}
    thread = threading.Thread(target=_deliver, args=(settings, message), daemon=True)
    with _in_flight_lock:
        _in_flight.add(thread)
    thread.start()
    return thread


def wait_until_sent(timeout: float = 10.0) -> None:
    """Wait for the mails on their way (tests; a worker shutting down)."""
    with _in_flight_lock:
        threads = list(_in_flight)
    for thread in threads:
        thread.join(timeout)


def _deliver(settings: dict, message: EmailMessage) -> None:
    host, port = settings["SMTP_HOST"], int(settings["SMTP_PORT"])
    timeout = float(settings["SMTP_TIMEOUT"])
    security = settings["SMTP_SECURITY"]
    try:
        if security == "tls":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if settings["SMTP_USERNAME"]:
                client.login(settings["SMTP_USERNAME"], settings["SMTP_PASSWORD"])
            client.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send a mail through %s:%s", host, port)
    finally:
        with _in_flight_lock:
            _in_flight.discard(threading.current_thread())
