"""What the agencies' and operators' forms say, in the visitor's language.

The checks themselves are the API's (submit_fields.py, attachments.py) and speak English to API
clients; a form shows instead one translated message per field, chosen from the field's name
and the kind of error. Select lists of countries and sectors are labelled in the same language.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import gettext as _

from fakefree.index.attachments import AttachmentError

from .facets import site_taxonomy
from .labels import tag_label
from .submit_fields import MAX_BODY_BYTES, FieldError


def field_message(exc: FieldError) -> str:
    """The message shown next to the field `exc` names."""
    if exc.field == "body_html" and "longer than" in (exc.description or ""):
        return _("The text is too long: at most %(kb)s KB.", kb=MAX_BODY_BYTES // 1024)
    messages = {
        "title": _("Give the release a title (at most 500 characters)."),
        "published": _("Give the date of the release as a calendar date (year-month-day)."),
        "language": _("Choose the language of the release: English, French or Spanish."),
        "body_html": _(
            "Write the text of the release. Only simple formatting is kept (paragraphs, lists, "
            "bold, italics, links, tables); nothing else may remain empty."
        ),
        "original_url": _("The link to the original must be a full http:// or https:// address."),
        "suggested_countries": _("Choose countries from the list."),
        "suggested_sectors": _("Choose sectors from the list."),
        "countries": _("Choose countries from the list."),
        "sectors": _("Choose sectors from the list."),
        "ip_types": _("Choose IP types from the list."),
        "actions": _("Choose actions from the list."),
    }
    return messages.get(exc.field, _("Check this field."))


def attachment_message(exc: AttachmentError, limit_bytes: int | None = None) -> str:
    """Why a PDF was refused."""
    if exc.code == "too_large":
        return _("The PDF is too large: at most %(mb)s MB.", mb=_megabytes(limit_bytes))
    if exc.code == "not_pdf":
        return _("The attachment is not a PDF file.")
    if exc.code == "no_text":
        return _("The PDF has no text to read (a scanned image?). Attach a PDF with text.")
    return _("The PDF cannot be read (damaged or protected by a password).")


def _megabytes(limit_bytes: int | None) -> str:
    from .db import get_settings

    limit = limit_bytes if limit_bytes is not None else get_settings().max_attachment_bytes
    return f"{limit / 1_000_000:g}"


def tag_choices(kind: str) -> list[tuple[str, str]]:
    """(id, label) of every tag of a kind, labelled in the interface language, sorted by label."""
    lang = str(get_locale() or "en")[:2]
    lang = lang if lang in ("en", "fr", "es") else "en"
    choices = [(tag, tag_label(kind, tag, lang)) for tag in site_taxonomy().ids(kind)]
    return sorted(choices, key=lambda choice: choice[1].casefold())
