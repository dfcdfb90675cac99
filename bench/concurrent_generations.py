"""Many teachers generating at once against one app process (issue 10).

For each N in ``--sizes``: the prod build on a fresh database (demo data plus N teachers of
maple, each with a session, a unit and a lesson of their own: ``generation_fixture.py``),
the fake provider in a process of its own (``fake_provider_proc.py``: 40 words, one chunk
each 50 ms apart, so about 2 s of streamed output), and N websocket clients, one per
teacher, speaking the browser's socket.io protocol (``teacher_client.py``): hydrate the
lesson editor with the session cookie, open the assist panel, type a prompt; then all press
Generate within ``--spread`` seconds and wait for the answer's end. Prints per N:

  rows          the teachers' invocation rows in the database once all ended, by status
                (target: every row completed or failed, none left pending or running)
  added TTFT    time to first token added by our stack: (client's first answer text - its
                Generate) - (fake's first text chunk - fake's receipt of the request)
                p50/p99; split p50: until the provider got the request, and from its first
                chunk to the client
  total         Generate to the answer's end at the client, p50/p99 (the fake's own: ~2 s)
  loop lag      the app's event loop lag, p99 and max, sampled in the app every 50 ms during
                the generations (``ai_planner/diagnostics.py``)
  peak RSS      the app's resident memory, sampled every 0.25 s, highest

    .venv/bin/python bench/concurrent_generations.py [--sizes 10,50,200] [--spread 1]
        [--database sqlite|postgres] [--route environment|tenant]

``--route environment`` (default): maple's OpenAI config, the app's ``OPENAI_BASE_URL`` is
the fake, as a school on a hosted provider. ``--route tenant``: an OpenAI-compatible config
whose own base URL is the fake, as a school's self-hosted server; the gateway then allows at
most 16 calls in flight to that host (``gateway/providers/connections.py``), by design.
Everything listens and connects on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from bench.app_server import RunningApp, running_app  # noqa: E402
from bench.fake_provider_proc import chunks  # noqa: E402
from bench.teacher_client import Outcome, TeacherClient  # noqa: E402

WORDS, CHUNK_DELAY = 40, 0.05
SETUP_AT_ONCE = 20  # teachers connecting and opening the panel at the same time
TARGET_ADDED_TTFT_P99_MS = 250


@dataclass
class Figures:
    n: int
    statuses: dict[str, int]
    client_errors: list[str]
    added_ttft: list[float]  # ms
    beyond_holdback: list[float]  # ms: added TTFT less the safety filter's wait for text
    to_provider: list[float]  # ms
    from_provider: list[float]  # ms
    total: list[float]  # s
    fake_stream: list[float]  # s
    lag: list[float]  # ms
    peak_rss: float
    start_rss: float
    setup_seconds: float


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (nan when empty)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@contextmanager
def fake_provider() -> Iterator[int]:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "fake_provider_proc.py"), "--words", str(WORDS),
         "--chunk-delay", str(CHUNK_DELAY)], cwd=ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().split()
        if line[:1] != ["port"]:
            raise RuntimeError("the fake provider did not start")
        yield int(line[1])
    finally:
        if process.stdin:
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RssSampler(threading.Thread):
    def __init__(self, app: RunningApp) -> None:
        super().__init__(daemon=True)
        self.app, self.peak, self._halt = app, 0.0, threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.25):
            self.peak = max(self.peak, self.app.rss_mb())

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return max(self.peak, self.app.rss_mb())


def row_statuses(database_url: str, expected: int, wait: float = 30) -> dict[str, int]:
    """The bench teachers' invocation rows by status, once none is pending or running (or
    after ``wait`` seconds)."""
    url = database_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = sa.create_engine(url)
    query = sa.text("SELECT i.status, COUNT(*) FROM ai_invocations i JOIN users u "
                    "ON u.id = i.user_id WHERE u.email LIKE 'bench-teacher-%' "
                    "GROUP BY i.status")
    deadline = time.monotonic() + wait
    try:
        while True:
            with engine.connect() as conn:
                statuses = {str(s): int(c) for s, c in conn.execute(query)}
            settled = statuses.get("completed", 0) + statuses.get("failed", 0)
            if (settled >= expected and not statuses.get("pending")
                    and not statuses.get("running")) or time.monotonic() > deadline:
                return statuses
            time.sleep(0.5)
    finally:
        engine.dispose()


def read_lag(path: Path, start: float, end: float) -> list[float]:
    if not path.exists():
        return []
    samples = []
    for line in path.read_text().splitlines():
        at, lag = (float(x) for x in line.split())
        if start <= at <= end:
            samples.append(lag)
    return samples


async def drive(app: RunningApp, setup: dict, spread: float) -> tuple[list[Outcome], float]:
    names = setup["states"]
    clients = [TeacherClient(app.base_url, names, teacher, f"t{i}")
               for i, teacher in enumerate(setup["teachers"])]
    gate = asyncio.Semaphore(SETUP_AT_ONCE)

    async def prepare(client: TeacherClient) -> None:
        async with gate:
            await client.prepare()

    started = time.monotonic()
    await asyncio.gather(*(prepare(c) for c in clients))
    setup_seconds = time.monotonic() - started
    go = time.monotonic() + 0.5
    await asyncio.gather(*(c.generate(go + random.uniform(0, spread)) for c in clients))
    await asyncio.gather(*(c.close() for c in clients))
    return [c.outcome for c in clients], setup_seconds


def run_size(n: int, *, database: str, route: str, spread: float) -> Figures:
    with tempfile.TemporaryDirectory(prefix="ai_planner_gen_") as tmp, \
            fake_provider() as fake_port:
        lag_log = Path(tmp) / "loop_lag.log"
        fixture_out = Path(tmp) / "fixture.json"
        fake_base = f"http://127.0.0.1:{fake_port}"
        base_arg = f"{fake_base}/compat/v1" if route == "tenant" else "-"

        def prepare(env: dict[str, str]) -> None:
            with fixture_out.open("w") as out:
                subprocess.run([sys.executable, str(ROOT / "bench" / "generation_fixture.py"),
                                str(n), base_arg, json.dumps(chunks(WORDS))],
                               cwd=ROOT, env=env, check=True, stdout=out)

        extra_env = {"AI_PLANNER_LOOP_LAG_LOG": str(lag_log),
                     "OPENAI_BASE_URL": f"{fake_base}/v1"}
        with running_app(database=database, extra_env=extra_env, prepare=prepare) as app:
            setup = json.loads(fixture_out.read_text())
            start_rss = app.rss_mb()
            sampler = RssSampler(app)
            sampler.start()
            outcomes, setup_seconds = asyncio.run(drive(app, setup, spread))
            peak = sampler.stop()
            statuses = row_statuses(app.database_url, n)
            timings = httpx.get(f"{fake_base}/bench/timings", timeout=30).json()
        return figures(n, outcomes, timings, setup["release_chunk"], statuses, lag_log, peak,
                       start_rss, setup_seconds)


def figures(n: int, outcomes: list[Outcome], timings: dict, release: int,
            statuses: dict[str, int], lag_log: Path, peak: float, start_rss: float,
            setup_seconds: float) -> Figures:
    added, beyond, to_provider, from_provider, total, fake_stream, errors = (
        [], [], [], [], [], [], [])
    for o in outcomes:
        fake = timings.get(o.marker, {})
        if o.error or o.first_text is None or o.final is None or "first_text" not in fake:
            errors.append(o.error or f"phase {o.phase!r}, no answer text")
            continue
        client_ttft = o.first_text - o.sent
        fake_ttft = fake["first_text"] - fake["received"]
        added.append((client_ttft - fake_ttft) * 1000)
        to_provider.append((fake["received"] - o.sent) * 1000)
        from_provider.append((o.first_text - fake["text"][release]) * 1000)
        beyond.append(to_provider[-1] + from_provider[-1])
        total.append(o.final - o.sent)
        fake_stream.append(fake.get("last", fake["first_text"]) - fake["received"])
        if o.phase != "done":
            errors.append(f"phase {o.phase!r}")
    sent = [o.sent for o in outcomes if o.sent]
    finals = [o.final for o in outcomes if o.final]
    lag = read_lag(lag_log, min(sent, default=0), max(finals, default=time.monotonic()))
    return Figures(n, statuses, errors, added, beyond, to_provider, from_provider, total,
                   fake_stream, lag, peak, start_rss, setup_seconds)


def show(f: Figures) -> None:
    completed, failed = f.statuses.get("completed", 0), f.statuses.get("failed", 0)
    others = {k: v for k, v in f.statuses.items() if k not in ("completed", "failed")}
    print(f"   rows            {completed} completed, {failed} failed, not final: "
          f"{sum(others.values())} {others or ''}  (of {f.n})")
    print(f"   client errors   {len(f.client_errors)}"
          + (f"  e.g. {sorted(set(f.client_errors))[:3]}" if f.client_errors else ""))
    print(f"   added TTFT      p50 {pct(f.added_ttft, 50):7.0f} ms   p99 "
          f"{pct(f.added_ttft, 99):7.0f} ms   (with the safety filter's hold-back)")
    print(f"   less hold-back  p50 {pct(f.beyond_holdback, 50):7.0f} ms   p99 "
          f"{pct(f.beyond_holdback, 99):7.0f} ms   (p50 {pct(f.to_provider, 50):.0f} ms until "
          f"the provider got the request + {pct(f.from_provider, 50):.0f} ms from the "
          "releasing chunk to the client)")
    print(f"   total           p50 {pct(f.total, 50):7.2f} s    p99 {pct(f.total, 99):7.2f} s"
          f"    (the fake's stream: p50 {pct(f.fake_stream, 50):.2f} s)")
    print(f"   loop lag        p99 {pct(f.lag, 99):7.0f} ms   max {max(f.lag, default=0):5.0f} ms"
          f"   ({len(f.lag)} samples)")
    print(f"   peak RSS        {f.peak_rss:7.0f} MiB  (before: {f.start_rss:.0f} MiB)")
    print(f"   set-up          {f.setup_seconds:.1f} s to connect, hydrate and open the panel "
          f"({SETUP_AT_ONCE} at a time)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,50,200")
    parser.add_argument("--spread", type=float, default=1.0,
                        help="seconds over which the N teachers press Generate")
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgres"])
    parser.add_argument("--route", default="environment", choices=["environment", "tenant"])
    args = parser.parse_args()
    results: list[Figures] = []
    for n in [int(s) for s in args.sizes.split(",")]:
        print(f"== N = {n} teachers ({args.database}, {args.route} route, Generate within "
              f"{args.spread:g} s, {WORDS} chunks {CHUNK_DELAY * 1000:.0f} ms apart): "
              "building and starting", flush=True)
        results.append(run_size(n, database=args.database, route=args.route,
                                spread=args.spread))
        show(results[-1])
    if len(results) > 1:
        a, b = results[0], results[-1]
        print(f"\nFrom N = {a.n} to N = {b.n}: added TTFT p99 {pct(a.added_ttft, 99):.0f} -> "
              f"{pct(b.added_ttft, 99):.0f} ms, total p99 {pct(a.total, 99):.2f} -> "
              f"{pct(b.total, 99):.2f} s, loop lag p99 {pct(a.lag, 99):.0f} -> "
              f"{pct(b.lag, 99):.0f} ms, peak RSS {a.peak_rss:.0f} -> {b.peak_rss:.0f} MiB")
    last = results[-1]
    verdict = "met" if pct(last.added_ttft, 99) < TARGET_ADDED_TTFT_P99_MS else "NOT met"
    print(f"Target (added TTFT p99 < {TARGET_ADDED_TTFT_P99_MS} ms at N = {last.n}): {verdict}")


if __name__ == "__main__":
    main()
