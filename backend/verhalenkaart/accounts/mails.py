"""The texts of account mails: Dutch first, English below (we do not know the reader's
language before they have an account)."""

from __future__ import annotations

SIGNATURE = "Verhalenkaart"


def registration_link(link: str, hours: int) -> tuple[str, str]:
    # No name the registrant typed: anyone can make us mail any address, so the mail carries
    # no text of theirs.
    subject = "Bevestig je account bij Verhalenkaart / Confirm your account"
    body = f"""Hallo,

Iemand, hopelijk jij, wil met dit e-mailadres een account maken bij Verhalenkaart.
Bevestig dat met deze link (hij werkt {hours} uur en één keer):

{link}

Heb je dit niet gevraagd? Dan hoef je niets te doen; er wordt geen account gemaakt.

---

Hello,

Someone, hopefully you, wants to create a Verhalenkaart account with this e-mail address.
Confirm it with this link (it works for {hours} hours, once):

{link}

Did you not ask for this? Then do nothing; no account is created.

{SIGNATURE}
"""
    return subject, body


def account_exists(login_link: str, reset_link: str, hours: int) -> tuple[str, str]:
    subject = "Je hebt al een account bij Verhalenkaart / You already have an account"
    body = f"""Hallo,

Iemand, misschien jij, wilde met dit e-mailadres een account maken bij Verhalenkaart.
Er is al een account met dit adres. Log in op:

{login_link}

Wachtwoord vergeten? Kies een nieuw met deze link (hij werkt {hours} uur en één keer):

{reset_link}

Heb je dit niet gevraagd? Dan hoef je niets te doen; je account blijft zoals het is.

---

Hello,

Someone, perhaps you, tried to create a Verhalenkaart account with this e-mail address.
You already have an account with it. Log in at:

{login_link}

Forgot your password? Choose a new one with this link (it works for {hours} hours, once):

{reset_link}

Did you not ask for this? Then do nothing; your account stays as it is.

{SIGNATURE}
"""
    return subject, body


def password_reset(display_name: str, link: str, hours: int) -> tuple[str, str]:
    subject = "Nieuw wachtwoord voor Verhalenkaart / New password"
    body = f"""Hallo {display_name},

Iemand, hopelijk jij, vroeg om een nieuw wachtwoord voor je account bij Verhalenkaart.
Kies het met deze link (hij werkt {hours} uur en één keer):

{link}

Heb je dit niet gevraagd? Dan hoef je niets te doen; je wachtwoord blijft hetzelfde.

---

Hello {display_name},

Someone, hopefully you, asked for a new password for your Verhalenkaart account.
Choose it with this link (it works for {hours} hours, once):

{link}

Did you not ask for this? Then do nothing; your password stays the same.

{SIGNATURE}
"""
    return subject, body


def password_changed(display_name: str, login_link: str) -> tuple[str, str]:
    subject = "Je wachtwoord is gewijzigd / Your password was changed"
    body = f"""Hallo {display_name},

Het wachtwoord van je account bij Verhalenkaart is zojuist gewijzigd. Je bent op je andere
apparaten uitgelogd.

Was jij dit niet? Vraag dan meteen een nieuw wachtwoord aan via "Wachtwoord vergeten" op:

{login_link}

---

Hello {display_name},

The password of your Verhalenkaart account was just changed. You have been logged out on
your other devices.

Was this not you? Then ask for a new password at once with "Forgot password" at:

{login_link}

{SIGNATURE}
"""
    return subject, body
