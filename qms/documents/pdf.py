"""PDF of a version (WeasyPrint), from the same sanitised HTML as the screen. Every printout
says it is an uncontrolled copy, when it was printed, and carries a QR code that opens the
version in effect."""

from __future__ import annotations

import datetime as dt

import segno
from flask import render_template
from markupsafe import Markup

from qms.core.time import local_date


def qr_data_uri(url: str, *, scale: int = 3, border: int = 1) -> str:
    """A QR code as an SVG data URI (with its XML namespace, so browsers show it too)."""
    return segno.make(url, error="m").svg_data_uri(scale=scale, border=border)


def version_pdf(document, version, *, body: Markup, now: dt.datetime, current_url: str) -> bytes:
    from weasyprint import HTML

    html = render_template("pdf/document.html", document=document, version=version, body=body,
                           printed_on=local_date(now), qr=qr_data_uri(current_url),
                           current_url=current_url)
    return HTML(string=html, base_url=None).write_pdf()
