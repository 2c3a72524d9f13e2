"""Operators on the web: the moderation queue, one submission (correct tags, approve, reject),
agency accounts and their API tokens, and the audit log.

Each view reads the form, calls the same functions as the API and the `fakefree` command
(moderation.approve_and_index, submissions.reject, create_account, create_token, ...), and
every one of those writes the audit log under the operator's username. A new token is shown
on the page that created it, once; only its hash is kept.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from fakefree.index.accounts import (
    list_tokens,
    recent_audit,
    set_disabled,
    set_password,
    submission_counts,
)
from fakefree.index.moderation import CORRECTABLE, approve_and_index
from fakefree.index.submissions import (
    SubmissionError,
    create_account,
    create_token,
    get_account,
    get_submission,
    list_accounts,
    list_submissions,
    reject,
    revoke_token,
)

from .agency_web import send_attachment
from .auth import current_account, no_store, role_required
from .db import get_settings, get_store
from .facets import site_taxonomy
from .form_text import field_message, tag_choices
from .submit_fields import FieldError, validate_tags

bp = Blueprint("operator_web", __name__, url_prefix="/operator")
bp.after_request(no_store)
RECENTLY_DECIDED = 50


def operator_name() -> str:
    return (current_account() or {})["username"]


@bp.get("/")
@role_required("operator")
def queue() -> str:
    store = get_store()
    decided = [s for s in list_submissions(store) if s["status"] != "pending"]
    accounts = {a["id"]: a for a in list_accounts(store)}
    return render_template(
        "operator/queue.html", pending=list_submissions(store, status="pending"),
        decided=decided[::-1][:RECENTLY_DECIDED], counts=submission_counts(store),
        accounts=accounts, account=current_account(),
    )  # fmt: skip


def submission_or_404(submission_id: int) -> dict[str, Any]:
    found = get_submission(get_store(), submission_id)
    if found is None:
        abort(404, description=_("There is no such submission."))
    return found


@bp.get("/submissions/<int:submission_id>")
@role_required("operator")
def submission(submission_id: int) -> str:
    found = submission_or_404(submission_id)
    owner = get_account(get_store(), account_id=found["account_id"]) or {}
    choices = {kind: tag_choices(kind) for kind in CORRECTABLE}
    return render_template(
        "operator/submission.html", submission=found, owner=owner, choices=choices,
        kinds=CORRECTABLE, account=current_account(),
    )  # fmt: skip


@bp.get("/submissions/<int:submission_id>/attachment")
@role_required("operator")
def attachment(submission_id: int) -> Any:
    return send_attachment(submission_or_404(submission_id))


@bp.post("/submissions/<int:submission_id>/approve")
@role_required("operator")
def approve(submission_id: int) -> Any:
    submission_or_404(submission_id)
    chosen = {kind: request.form.getlist(kind) for kind in CORRECTABLE}
    try:
        corrections = validate_tags({k: v for k, v in chosen.items() if v}, CORRECTABLE)
        store, index_dir = get_store(), get_settings().index_dir
        article_id = approve_and_index(
            store, index_dir, submission_id, operator_name(), corrections
        )
    except FieldError as exc:
        flash(field_message(exc))
    except SubmissionError as exc:
        flash(_("Not approved: %(why)s", why=str(exc)))
    else:
        flash(_("Approved and published as release %(id)s.", id=article_id))
    return redirect(url_for("operator_web.submission", submission_id=submission_id))


@bp.post("/submissions/<int:submission_id>/reject")
@role_required("operator")
def reject_submission(submission_id: int) -> Any:
    submission_or_404(submission_id)
    reason = request.form.get("reason", "").strip()
    if not reason or len(reason) > 2000:
        flash(_("Give the agency a reason for the rejection (at most 2000 characters)."))
    else:
        try:
            reject(get_store(), submission_id, operator_name(), reason)
            flash(_("Rejected; the agency sees the reason."))
        except SubmissionError as exc:
            flash(_("Not rejected: %(why)s", why=str(exc)))
    return redirect(url_for("operator_web.submission", submission_id=submission_id))


@bp.get("/accounts")
@role_required("operator")
def accounts() -> str:
    return render_accounts()


def render_accounts(new_token: dict[str, Any] | None = None, status: int = 200) -> Any:
    store = get_store()
    page = render_template(
        "operator/accounts.html", accounts=list_accounts(store), tokens=list_tokens(store),
        jurisdictions=tag_choices("countries"), new_token=new_token, account=current_account(),
    )  # fmt: skip
    return page, status


@bp.post("/accounts")
@role_required("operator")
def create() -> Any:
    form = request.form
    role = "operator" if form.get("role") == "operator" else "agency"
    password, username = form.get("password", ""), form.get("username", "").strip()
    jurisdiction = form.get("jurisdiction", "").strip().upper()
    if len(password) < 10 or not username or len(username) > 100:
        flash(_("A username (at most 100 characters) and a password of 10 characters or more."))
        return redirect(url_for("operator_web.accounts"))
    if jurisdiction not in {*site_taxonomy().ids("countries"), "INT"}:
        flash(_("Choose the jurisdiction from the list."))
        return redirect(url_for("operator_web.accounts"))
    try:
        create_account(
            get_store(), username, form.get("agency", "").strip()[:300], jurisdiction,
            password, role,
            email=form.get("email", "").strip()[:300], actor=operator_name(),
        )  # fmt: skip
        flash(_("Account %(name)s created.", name=username))
    except SubmissionError as exc:
        flash(_("Not created: %(why)s", why=str(exc)))
    return redirect(url_for("operator_web.accounts"))


@bp.post("/accounts/<int:account_id>/disable")
@role_required("operator")
def disable(account_id: int) -> Any:
    disabled = request.form.get("disabled", "1") == "1"
    if account_id == (current_account() or {}).get("id"):
        flash(_("You cannot disable your own account."))
    elif set_disabled(get_store(), account_id, disabled, operator_name()):
        flash(_("Account disabled.") if disabled else _("Account enabled."))
    return redirect(url_for("operator_web.accounts"))


@bp.post("/accounts/<int:account_id>/password")
@role_required("operator")
def password(account_id: int) -> Any:
    try:
        set_password(get_store(), account_id, request.form.get("password", ""), operator_name())
        flash(_("New password set; the account's open sessions are signed out."))
    except SubmissionError:
        flash(_("A password needs at least 10 characters."))
    return redirect(url_for("operator_web.accounts"))


@bp.post("/tokens")
@role_required("operator")
def new_token() -> Any:
    """Create a token and show it on this page, the only time it is ever shown."""
    days = request.form.get("days", "").strip()
    found = get_account(get_store(), account_id=request.form.get("account_id", 0, type=int))
    if found is None or (
        days and not (days.isascii() and days.isdigit() and 1 <= int(days) <= 3650)
    ):
        flash(_("Choose an account, and a number of days between 1 and 3650 (or none)."))
        return redirect(url_for("operator_web.accounts"))
    label = request.form.get("label", "").strip()[:200]
    token_id, token = create_token(
        get_store(), found["username"], int(days) if days else None, label, operator_name()
    )
    return render_accounts({"id": token_id, "token": token, "username": found["username"]})


@bp.post("/tokens/<int:token_id>/revoke")
@role_required("operator")
def revoke(token_id: int) -> Any:
    if revoke_token(get_store(), token_id, operator_name()):
        flash(_("Token %(id)s revoked.", id=token_id))
    return redirect(url_for("operator_web.accounts"))


@bp.get("/audit")
@role_required("operator")
def audit() -> str:
    entries = recent_audit(get_store(), limit=200)
    return render_template("operator/audit.html", entries=entries, account=current_account())


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
