"""Outgoing e-mail: SMTP when SMTP_HOST is set, the log in development otherwise.

A mail is a background job (jobs/): the request only queues it, so the time an answer takes
never tells whether a mail was sent (password reset and registration must not reveal which
addresses have an account), a slow or unreachable SMTP server holds no request, and a mail
that cannot be delivered is tried again later (the job's retries) instead of being lost."""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app

from verhalenkaart.jobs import services as jobs

log = logging.getLogger(__name__)
SEND_JOB = "mail.send"


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


def send_mail(to: str, subject: str, body: str) -> str:
    """Queue a plain-text mail; returns the job's id."""
    return jobs.enqueue(SEND_JOB, to=to, subject=subject, body=body)


def wait_until_sent(timeout: float = 10.0) -> None:
    """Wait for the mails this process is still sending in process (tests; shutting down)."""
    jobs.wait_until_idle(timeout)


@jobs.job(SEND_JOB)
def deliver(to: str, subject: str, body: str) -> None:
    """Send one mail now (in a job). Raises when the SMTP server does not take it, so the job
    is tried again."""
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
        return
    host, port = config["SMTP_HOST"], int(config["SMTP_PORT"])
    timeout = float(config["SMTP_TIMEOUT"])
    security = config["SMTP_SECURITY"]
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
            if config["SMTP_USERNAME"]:
                client.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            client.send_message(message)
    except (OSError, smtplib.SMTPException):
        log.exception("Could not send a mail through %s:%s (the job tries again)", host, port)
        raise
