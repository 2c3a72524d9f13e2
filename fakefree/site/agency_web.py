"""Agencies on the web: the submission form, its preview, and the status of their submissions.

The form goes through the API's own path: the same validation (submit_fields.py), the same
storage and idempotency (submissions.submit, with a key generated when the form is shown, so a
double click on "Send" stores one submission), the same hourly limit per account.

Between the preview and "Send", the draft travels in a hidden field signed with the site's key
(itsdangerous), naming the account it belongs to: no table of half-written drafts to clean up,
and a draft cannot be altered, nor used by another account. An attached PDF is checked and
stored when the preview is asked for (attachments.py); the draft carries only its generated
name, and its text is extracted again on sending. Every query is filtered by the signed-in
account in SQL: another agency's submission or attachment is a 404, whatever the id.
"""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer
from werkzeug.exceptions import RequestEntityTooLarge

from fakefree.index.attachments import (
    AttachmentError,
    attachment_path,
    check_pdf,
    prune_orphans,
    referenced_files,
    store_pdf,
)
from fakefree.index.submissions import (
    ATTACHMENT_FIELDS,
    IdempotencyConflict,
    TooManySubmissions,
    get_submission,
    list_submissions,
    submit,
)

from .auth import current_account, no_store, role_required
from .db import get_settings, get_store
from .errors import API_PREFIX, api_error_response
from .form_text import attachment_message, field_message, tag_choices
from .submit_fields import FieldError, validate_submission

bp = Blueprint("agency_web", __name__, url_prefix="/agency")
bp.after_request(no_store)

DRAFT_SALT = "fakefree.submission-draft"
DRAFT_MAX_AGE = 24 * 3600
ORPHAN_AGE = 2 * DRAFT_MAX_AGE  # a PDF of a preview never sent is deleted after this
FORM_FIELDS = ("title", "published", "language", "body_html", "original_url")
TAG_FIELDS = ("suggested_countries", "suggested_sectors")


def _drafts() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key or "", salt=DRAFT_SALT)


def read_draft(account: dict[str, Any]) -> dict[str, Any]:
    """The signed draft of this form post; 400 when altered, expired or another account's."""
    try:
        draft = _drafts().loads(request.form.get("draft", ""), max_age=DRAFT_MAX_AGE)
    except BadSignature:
        abort(400, description=_("This preview is no longer valid: fill in the form again."))
    if draft.get("account") != account["id"]:
        abort(400, description=_("This preview is no longer valid: fill in the form again."))
    return draft


def render_form(values: dict[str, Any], errors: dict[str, str], status: int = 200) -> Any:
    """The form with `values`; a PDF attached earlier stays, named in a signed draft."""
    account = current_account() or {}
    choices = {name: tag_choices(name.removeprefix("suggested_")) for name in TAG_FIELDS}
    draft = None
    if values.get("attachment_file"):
        kept = {k: values[k] for k in ATTACHMENT_FIELDS if k in values}
        draft = _drafts().dumps({"account": account["id"], "key": values["key"], "fields": kept})
    mb = f"{get_settings().max_attachment_bytes / 1_000_000:g}"
    page = render_template("agency/form.html", values=values, errors=errors, choices=choices,
                           draft=draft, max_attachment_mb=mb)  # fmt: skip
    return page, status


def form_values() -> dict[str, Any]:
    values: dict[str, Any] = {name: request.form.get(name, "") for name in FORM_FIELDS}
    values.update({name: request.form.getlist(name) for name in TAG_FIELDS})
    values["key"] = request.form.get("key", "")[:200]
    return values


def check_date(text: str) -> None:
    """The form asks for a calendar date (the API accepts any date text ingest can read)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise FieldError("bad date", "published") from None
    if not 1990 <= day.year <= date.today().year + 1:
        raise FieldError("date out of range", "published")


def attach(values: dict[str, Any], fields: dict[str, Any]) -> None:
    """Store the uploaded PDF (or keep the draft's, unless removed) into `fields`."""
    upload = request.files.get("attachment")
    if upload is not None and upload.filename:
        limit = get_settings().max_attachment_bytes
        data = upload.stream.read(limit + 1)
        data_dir = get_settings().data_dir
        prune_orphans(data_dir, referenced_files(get_store()), ORPHAN_AGE, time.time())
        stored = store_pdf(data_dir, data, upload.filename, limit)
        fields.update({k: v for k, v in stored.items() if k != "attachment_text"})
    elif values.get("attachment_file") and not request.form.get("remove_attachment"):
        fields.update({k: values[k] for k in ATTACHMENT_FIELDS if k != "attachment_text"})


@bp.get("/")
@role_required("agency")
def home() -> str:
    account = current_account() or {}
    items = list_submissions(get_store(), account_id=account["id"])
    return render_template("agency/home.html", account=account, submissions=items[::-1])


@bp.get("/submit")
@role_required("agency")
def form() -> Any:
    from secrets import token_urlsafe

    return render_form({"language": "en", "key": token_urlsafe(18)}, {})


@bp.post("/edit")
@role_required("agency")
def edit() -> Any:
    """Back from the preview to the form, every value kept."""
    draft = read_draft(current_account() or {})
    return render_form(draft["fields"] | {"key": draft["key"]}, {})


@bp.post("/preview")
@role_required("agency")
def preview() -> Any:
    account = current_account() or {}
    values = form_values()
    if request.form.get("draft"):  # an edited draft keeps its attachment
        kept = read_draft(account)["fields"]
        values.update({k: kept[k] for k in ATTACHMENT_FIELDS if k in kept})
    try:
        check_date(values["published"])
        fields = validate_submission({k: values[k] for k in (*FORM_FIELDS, *TAG_FIELDS)})
        attach(values, fields)
    except FieldError as exc:
        return render_form(values, {exc.field: field_message(exc)}, 400)
    except AttachmentError as exc:
        status = 413 if exc.code == "too_large" else 400
        return render_form(values, {"attachment": attachment_message(exc)}, status)
    draft = _drafts().dumps({"account": account["id"], "key": values["key"], "fields": fields})
    return render_template("agency/preview.html", fields=fields, draft=draft)


def attachment_text(fields: dict[str, Any]) -> dict[str, Any]:
    """The draft's fields with the stored PDF's text extracted again."""
    path = attachment_path(get_settings().data_dir, fields.get("attachment_file", ""))
    if path is None:
        return {k: v for k, v in fields.items() if k not in ATTACHMENT_FIELDS}
    text = check_pdf(path.read_bytes(), get_settings().max_attachment_bytes)
    return fields | {"attachment_text": text}


@bp.post("/send")
@role_required("agency")
def send() -> Any:
    account = current_account() or {}
    draft = read_draft(account)
    fields, store = attachment_text(draft["fields"]), get_store()
    try:
        per_hour = get_settings().submissions_per_hour
        submission, created = submit(store, account, draft["key"], fields, per_hour)
    except TooManySubmissions:
        message = _(
            "You have sent %(n)s releases in the last hour, the most allowed. "
            "Your release is not lost: keep this page open and send it again later.",
            n=get_settings().submissions_per_hour,
        )
        page = render_template("agency/preview.html", fields=fields, draft=request.form["draft"],
                               error=message)  # fmt: skip
        return page, 429
    except IdempotencyConflict:
        flash(_("This form was already sent with other content; open a new form to send more."))
        return redirect(url_for("agency_web.home"))
    flash(_("Your release was received; an operator will review it.") if created
          else _("This release had already been received (sent twice)."))  # fmt: skip
    return redirect(url_for("agency_web.submission", submission_id=submission["id"]))


def own_or_404(submission_id: int) -> dict[str, Any]:
    account = current_account() or {}
    found = get_submission(get_store(), submission_id, account_id=account["id"])
    if found is None:
        abort(404, description=_("There is no such submission among yours."))
    return found


@bp.get("/submissions/<int:submission_id>")
@role_required("agency")
def submission(submission_id: int) -> str:
    return render_template("agency/submission.html", submission=own_or_404(submission_id))


@bp.get("/submissions/<int:submission_id>/attachment")
@role_required("agency")
def attachment(submission_id: int) -> Response:
    return send_attachment(own_or_404(submission_id))


def send_attachment(found: dict[str, Any]) -> Response:
    """The stored PDF as a download named with its sanitized display name; 404 when none."""
    path = attachment_path(get_settings().data_dir, found.get("attachment_file", ""))
    if path is None:
        abort(404, description=_("This submission has no attachment."))
    return send_file(path, mimetype="application/pdf", as_attachment=True,
                     download_name=found["attachment_name"] or "attachment.pdf")  # fmt: skip


def too_large(exc: RequestEntityTooLarge) -> Any:
    """Past MAX_CONTENT_LENGTH: the API's error shape, or a page saying what the limits are."""
    if request.path.startswith(API_PREFIX):
        return api_error_response(exc)
    limit_mb = get_settings().max_attachment_bytes / 1_000_000
    message = _(
        "What you sent is too large. A PDF may be at most %(mb)s MB and the text at most 200 KB. "
        "Go back and attach a smaller file.",
        mb=f"{limit_mb:g}",
    )
    title = _("Too large")
    return render_template("errors/error.html", status=413, title=title, message=message), 413


def init_app(app: Any) -> None:
    """The blueprint, and the request size limit: the largest PDF plus room for the text."""
    app.config["MAX_CONTENT_LENGTH"] = app.config["SETTINGS"].max_attachment_bytes + 2**20
    app.register_error_handler(RequestEntityTooLarge, too_large)
    app.register_blueprint(bp)
