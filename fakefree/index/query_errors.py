"""Why a search cannot run, in words fit to show its user, in any interface language.

A QueryError keeps an English message (its str(), which the JSON API returns) and the msgid and
parameters it came from, so that the site can show the same message translated. Messages are
marked with N_ (a no-op that Babel's extraction knows), since index/ does not import Flask.
"""

from __future__ import annotations


def N_(msgid: str) -> str:  # noqa: N802 (the gettext convention for a deferred message)
    """Mark a message for translation without translating it here."""
    return msgid


class QueryError(ValueError):
    """A query that cannot be run; `param` names the URL parameter at fault (q, from, to, ...)."""

    def __init__(self, msgid: str, param: str = "q", **params: object) -> None:
        super().__init__(msgid % params if params else msgid)
        self.msgid = msgid
        self.param = param
        self.params = params
