"""How long the gateway's safety filter takes on a few KB of school text: whole-text
redaction (non-streamed answers, every input message), streamed redaction (an answer arriving
a few characters at a time) and the prompt-injection scan. Prints figures; asserts nothing.

    .venv/bin/python bench/safety_redaction.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ai_planner.gateway import safety as safety_module  # noqa: E402
from ai_planner.gateway.safety import SafetyFilter, StreamRedactor  # noqa: E402
from ai_planner.gateway.schemas import ChatMessage  # noqa: E402
from tests.gateway.school_corpus import NOTES  # noqa: E402

TEXT = (NOTES + "\n") * 3  # about 4.5 KB
CHUNK = 4  # characters per streamed delta, about one token


def _forget_caches() -> None:
    """Each run sees the text for the first time, as a real answer is."""
    pii = getattr(safety_module, "pii", None) or sys.modules.get("ai_planner.gateway.pii")
    if pii is not None:
        pii.phone_numbers.cache_clear()


def timed(run: Callable[[], object], repeat: int) -> float:
    """Median milliseconds of ``run`` over ``repeat`` runs (after one warm-up)."""
    run()
    samples = []
    for _ in range(repeat):
        _forget_caches()
        started = time.perf_counter()
        run()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    safety = SafetyFilter()

    def streamed() -> str:
        redactor = StreamRedactor(safety)
        out = [redactor.feed(TEXT[i : i + CHUNK]) for i in range(0, len(TEXT), CHUNK)]
        return "".join(out) + redactor.flush()

    messages = [ChatMessage(role="user", content=TEXT)]

    def check_input() -> object:
        return safety.check_input(messages)

    rows = [
        ("whole text (redact)", timed(lambda: safety.redact(TEXT), args.repeat)),
        (f"streamed, {CHUNK}-char deltas", timed(streamed, max(1, args.repeat // 10))),
        ("input check (redact + injection)", timed(check_input, args.repeat)),
    ]
    print(f"safety filter on {len(TEXT)} characters of school text (median of runs):")
    for name, ms in rows:
        print(f"  {name:<34}{ms:>9.3f} ms   ({ms * 1000 / len(TEXT) * 1000:>7.1f} ns/char)")


if __name__ == "__main__":
    main()
