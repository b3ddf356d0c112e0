"""The supervisory bodies every installation starts with (the list is editable)."""

from __future__ import annotations

from sqlalchemy import select

from qms.core import audit_log
from qms.extensions import db
from qms.inspections.models import Authority

DEFAULT_AUTHORITIES = [
    ("Labklājības ministrija", "LM"),
    ("Veselības inspekcija", "VI"),
    ("Valsts darba inspekcija", "VDI"),
    ("Valsts ugunsdzēsības un glābšanas dienests", "VUGD"),
    ("Pārtikas un veterinārais dienests", "PVD"),
    ("Datu valsts inspekcija", "DVI"),
    ("Valsts kontrole", "VK"),
    ("Valsts bērnu tiesību aizsardzības inspekcija", "VBTAI"),
    ("Pašvaldības iekšējais audits", "PIA"),
    ("Sertifikācijas institūcija (ISO 9001)", "SERT"),
]


def install_default_authorities(*, actor=None) -> int:
    existing = set(db.session.scalars(select(Authority.name)))
    added = 0
    for name, short in DEFAULT_AUTHORITIES:
        if name in existing:
            continue
        authority = Authority(name=name, short_name=short, is_active=True)
        db.session.add(authority)
        db.session.flush()
        audit_log.record_creation(authority, ["name", "short_name"], actor=actor,
                                  action="authority.create")
        added += 1
    db.session.commit()
    return added
