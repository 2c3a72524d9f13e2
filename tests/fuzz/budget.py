"""How hard the fuzz tests try: bounded in CI, thousands of examples on demand.

FAKEFREE_FUZZ_EXAMPLES sets the examples per target (default 120: the whole folder stays near
a minute on 2 cores); benchmarks/fuzz_long.py runs the same tests with thousands. Under CI=true
the examples are derived from each test's name (derandomized), so CI runs are repeatable; a
failure prints the smallest input found, to paste into a regular test.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("FAKEFREE_FUZZ_EXAMPLES", "120"))


def fuzz(share: float = 1.0) -> settings:
    """Settings for one fuzz target; `share` scales the budget for slow targets."""
    return settings(
        max_examples=max(10, int(EXAMPLES * share)),
        deadline=None,
        derandomize=os.environ.get("CI", "").lower() == "true",
        database=None,  # no .hypothesis folder left in the working tree
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.function_scoped_fixture],
        print_blob=True,
    )  # fmt: skip
