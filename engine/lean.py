"""Start-up of a process that serves the engine (``python -m engine serve``, ``kafkalab serve``, the app's engine
child): keep imports the served engine never uses out of the way of the brokers coming up.

kio imports ``hypothesis.strategies`` when it can (to register test strategies for its types): with the dev
dependencies installed that is about a quarter of a second of imports before the first broker listens. A serving
process marks hypothesis absent, unless something imported it already; tests that run the engine in their own
process are untouched (they never call this). A packaged build has no hypothesis at all (packaging/kafkalab.spec).
"""

from __future__ import annotations

import sys

TEST_ONLY = ("hypothesis",)


def skip_test_only_imports() -> None:
    for name in TEST_ONLY:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # `import hypothesis` raises ImportError
