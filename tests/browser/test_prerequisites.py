"""A missing browser prerequisite skips the browser tests on a developer machine, fails in CI."""

from __future__ import annotations

import pytest

from tests.browser.conftest import require


def test_missing_prerequisite_skips_outside_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium"):
        require(False, "Debian's Chromium")


def test_missing_prerequisite_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="axe-core"):
        require(False, "axe-core")


def test_present_prerequisite_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    require(True, "anything")
