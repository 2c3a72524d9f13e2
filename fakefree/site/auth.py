"""Signing in to the agencies' and operators' pages: a session cookie, roles, CSRF.

The session is Flask's signed cookie (HttpOnly, SameSite=Lax, Secure with
FAKEFREE_SECURE_COOKIES). It holds the account id, a fingerprint of the account's password hash
and the time of sign-in: a new password, a disabled account or SESSION_HOURS passing ends it.
Sign-in clears whatever session came before (no fixation). Failed sign-ins are limited per
address and per username (LOGIN_FAILURES per LOGIN_WINDOW seconds, counted by each web worker
process) and always cost one scrypt check, whether the account exists or not.

Every form POST carries a CSRF token (Flask-WTF's CSRFProtect); the bearer-token JSON API is
exempt, since browsers never send its token by themselves. Public pages never read the session,
so they stay cacheable and identical for everyone: the footer's "Agencies" link leads to
/agency/, which sends each visitor to the right place.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError, CSRFProtect

from fakefree.index.accounts import MIN_PASSWORD_LENGTH, session_fingerprint, set_password
from fakefree.index.submissions import audit, check_password, get_account

from .db import get_store

bp = Blueprint("auth", __name__)
csrf = CSRFProtect()

SESSION_HOURS = 12
LOGIN_FAILURES = 5
LOGIN_WINDOW = 15 * 60


class FailureCounter:
    """Failed sign-ins per key in fixed windows, in memory (per process, like ratelimit.py)."""

    def __init__(self, limit: int, seconds: int) -> None:
        self.limit, self.seconds = limit, seconds
        self._counts: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()

    def retry_after(self, key: str, now: float) -> int:
        """Seconds to wait before trying again (0: go ahead)."""
        window = int(now // self.seconds)
        with self._lock:
            seen, count = self._counts.get(key, (window, 0))
        if seen != window or count < self.limit:
            return 0
        return int((window + 1) * self.seconds - now) + 1

    def fail(self, key: str, now: float) -> None:
        window = int(now // self.seconds)
        with self._lock:
            seen, count = self._counts.get(key, (window, 0))
            self._counts[key] = (window, (count if seen == window else 0) + 1)
            if len(self._counts) > 100_000:
                self._counts = {k: v for k, v in self._counts.items() if v[0] == window}

    def clear(self, key: str) -> None:
        with self._lock:
            self._counts.pop(key, None)


def _failures() -> FailureCounter:
    from flask import current_app

    return current_app.extensions["fakefree.login_failures"]


def current_account() -> dict[str, Any] | None:
    """The signed-in account of this request, or None (a stale session is cleared)."""
    if "web_account" in g:
        return g.web_account
    account, account_id = None, session.get("account_id")
    if account_id:
        found = get_account(get_store(), account_id=int(account_id))
        fresh = time.time() - float(session.get("since", 0)) < SESSION_HOURS * 3600
        if (
            found
            and not found["disabled"]
            and fresh
            and session.get("fp") == session_fingerprint(found)
        ):
            account = found
        else:
            session.clear()
    g.web_account = account
    return account


def role_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Anonymous visitors go to the sign-in page; a signed-in account of another role gets 403."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if account["role"] not in roles:
                abort(403, description=_("Your account cannot open this page."))
            return view(*args, **kwargs)

        return wrapper

    return decorate


def home_for(account: dict[str, Any]) -> str:
    return url_for("operator_web.queue" if account["role"] == "operator" else "agency_web.home")


def safe_next(target: str | None) -> str | None:
    """A path on this site to go back to after sign-in; anything else (another host) is dropped."""
    parts = urlsplit(target or "")
    path = target or ""
    if parts.scheme or parts.netloc or not path.startswith("/") or path.startswith(("//", "/\\")):
        return None
    return path


def _refuse(retry_after: int) -> tuple[str, int, dict[str, str]]:
    message = _(
        "Too many failed sign-ins. Wait %(minutes)s minutes before trying again.",
        minutes=max(1, retry_after // 60),
    )
    page = render_template("auth/login.html", error=message, next=request.form.get("next"))
    return page, 429, {"Retry-After": str(retry_after)}


@bp.route("/login", methods=("GET", "POST"))
def login() -> Any:
    account = current_account()
    if request.method == "GET":
        if account is not None:
            return redirect(home_for(account))
        return render_template("auth/login.html", next=safe_next(request.args.get("next")))
    username = request.form.get("username", "").strip()[:200]
    password = request.form.get("password", "")[:1000]
    now, counter = time.time(), _failures()
    address = f"ip:{request.remote_addr or 'unknown'}"
    wait = max(counter.retry_after(address, now), counter.retry_after(f"user:{username}", now))
    if wait:
        return _refuse(wait)
    found = check_password(get_store(), username, password) if username else None
    if found is None:
        counter.fail(address, now)
        counter.fail(f"user:{username}", now)
        error = _("Wrong username or password.")
        page = render_template("auth/login.html", error=error, next=request.form.get("next"))
        return page, 200
    counter.clear(f"user:{username}")
    audit(get_store(), found["username"], "login", None, address=request.remote_addr or "")
    session.clear()
    session.update(account_id=found["id"], fp=session_fingerprint(found), since=time.time())
    return redirect(safe_next(request.form.get("next")) or home_for(found))


@bp.post("/logout")
def logout() -> Response:
    session.clear()
    flash(_("You are signed out."))
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=("GET", "POST"))
@role_required("agency", "operator")
def change_password() -> Any:
    """A new password for the signed-in account: its other sessions end, this one goes on."""
    account = current_account() or {}
    if request.method == "GET":
        return render_template("auth/password.html", account=account)
    current, new = request.form.get("current", ""), request.form.get("new", "")
    key, now, error = f"user:{account['username']}", time.time(), None
    if _failures().retry_after(key, now):  # guessing the password from a session is limited too
        error = _("Too many failed attempts. Wait 15 minutes before trying again.")
    elif check_password(get_store(), account["username"], current[:1000]) is None:
        _failures().fail(key, now)
        error = _("Your current password is not right.")
    elif len(new) < MIN_PASSWORD_LENGTH or new != request.form.get("again"):
        error = _("The new password needs %(n)s characters or more, typed the same twice.",
                  n=MIN_PASSWORD_LENGTH)  # fmt: skip
    if error:
        return render_template("auth/password.html", account=account, error=error), 400
    set_password(get_store(), account["id"], new, account["username"])
    fresh = get_account(get_store(), account_id=account["id"]) or {}
    session["fp"] = session_fingerprint(fresh)
    flash(_("Your password is changed; your other sessions are signed out."))
    return redirect(home_for(account))


def csrf_failed(exc: CSRFError) -> tuple[str, int]:
    """A form without its token, or with a wrong or expired one: a clear page, never a change."""
    message = _(
        "This form could not be accepted: its security token is missing, wrong or expired. "
        "Go back, reload the page and send the form again."
    )
    page = render_template(
        "errors/error.html", status=400, title=_("Form refused"), message=message
    )
    return page, 400


def no_store(response: Response) -> Response:
    """Signed-in pages are never kept by a browser's or a proxy's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask, exempt: tuple[Blueprint, ...] = ()) -> None:
    settings = app.config["SETTINGS"]
    app.config.update(
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SECURE=settings.secure_cookies,
    )
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", SESSION_HOURS * 3600)
    app.extensions["fakefree.login_failures"] = FailureCounter(LOGIN_FAILURES, LOGIN_WINDOW)
    csrf.init_app(app)
    for blueprint in exempt:
        csrf.exempt(blueprint)
    app.register_error_handler(CSRFError, csrf_failed)
    app.jinja_env.globals["current_account"] = current_account  # signed-in pages only
    app.register_blueprint(bp)
    app.after_request_funcs.setdefault(bp.name, []).append(no_store)
