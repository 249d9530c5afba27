"""QR codes for print and the kiosk, drawn here (segno, as SVG), never by an outside service:
only for addresses on this site, so the endpoint cannot be used to brand someone else's links."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
from flask_babel import _

from verhalenkaart.errors import ValidationProblem


def qr_svg(url: str, own_origin: str) -> bytes:
    """The QR code of `url` as an SVG document. `own_origin` is this site's scheme://host[:port];
    any other address (or a malformed one) is a ValidationProblem on `url`."""
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != own_origin.rstrip("/") or "\\" in url:
        raise ValidationProblem.field("url", _("Only addresses on this site get a QR code."))
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    # Dark on white with the quiet zone of 4 modules the standard asks; scale is the viewBox's.
    code.save(buffer, kind="svg", scale=10, border=4, xmldecl=False, svgns=True, title=url)
    return buffer.getvalue()
