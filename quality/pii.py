"""PII rule of contract §2: marts expose `email_domain` and `email_hash`, never a raw
email, except the one contact column sales needs (`mart_pqa.contact_email`)."""

from __future__ import annotations

import re

# Something that looks like an email anywhere inside a text value: a local
# part, one '@' and a dotted domain. Deliberately loose (finds `a.b@c.io` in a
# sentence); a hash or a bare domain never matches.
EMAIL_PATTERN = r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_EMAIL_RE = re.compile(EMAIL_PATTERN)

# (model, column) pairs allowed to hold an email.
ALLOWED_EMAIL_COLUMNS: frozenset[tuple[str, str]] = frozenset({("mart_pqa", "contact_email")})


def looks_like_email(value: object) -> bool:
    """True when a text value contains something shaped like an email."""
    return isinstance(value, str) and _EMAIL_RE.search(value) is not None


def may_hold_email(model: str, column: str) -> bool:
    """True for the one published column allowed to carry a raw email."""
    return (model, column) in ALLOWED_EMAIL_COLUMNS
