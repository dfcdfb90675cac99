"""How much latency the AI gateway adds, and its throughput (loopback only, bounded counts).

Against the fake provider (tests/fakes) answering at once, each scenario is measured:
  direct        the caller talks to the fake provider's OpenAI endpoint itself
  in-process    through the gateway app in this process (what the app does by default)
  http          through the standalone gateway (`ai-planner gateway`) in its own process
  litellm       through a LiteLLM proxy pointed at the same fake (when /tmp/litellm-venv or
                LITELLM_VENV has `litellm[proxy]`), over HTTP like `http`
for non-streamed and streamed calls, at 1 and 32 concurrent callers. "added" is the
scenario's latency minus the direct latency at the same percentile.

    .venv/bin/python bench/gateway_overhead.py [--requests 300] [--warmup 30]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

TOKEN = "bench-service-token-0123456789"
LITELLM_KEY = "sk-bench-0123456789abcdef0123456789abcdef"
PROVIDER_KEY = "sk-bench-provider-key"
MESSAGES = [{"role": "user", "content": "Plan a 45 minute lesson on fractions for grade 4."}]
LITELLM_VENV = Path(os.environ.get("LITELLM_VENV", "/tmp/litellm-venv"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: process exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up")


def spawn(args: list[str], env: dict[str, str], health: str) -> subprocess.Popen:
    process = subprocess.Popen(
        args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    try:
        wait_until_up(health, process)
    except Exception:
        process.terminate()
        raise
    return process


def base_env(instance: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AI_", "ANTHROPIC", "OPENAI"))}
    env.update(AI_PLANNER_INSTANCE_DIR=instance, REFLEX_TELEMETRY_ENABLED="false")
    return env


# --- one scenario --------------------------------------------------------------------------
@dataclass
class Result:
    p50: float
    p99: float
    rps: float


Call = Callable[[], Awaitable[None]]


@dataclass
class Samples:
    latencies: list[float]
    wall: float = 0.0

    def result(self) -> Result:
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        return Result(statistics.median(ordered) * 1000, p99 * 1000, len(ordered) / self.wall)


async def run_batch(call: Call, callers: int, requests: int, samples: Samples) -> None:
    per_caller = max(1, requests // callers)

    async def caller() -> None:
        for _ in range(per_caller):
            started = time.perf_counter()
            await call()
            samples.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(callers)))
    samples.wall += time.perf_counter() - started


async def measure_interleaved(
    calls: dict[str, Call], callers: int, requests: int, warmup: int, rounds: int
) -> dict[str, Result]:
    """Paths take turns in several rounds, so a burst of load on this shared machine hits
    them all alike instead of skewing one."""
    for call in calls.values():
        for _ in range(warmup):
            await call()
    samples = {name: Samples([]) for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            await run_batch(call, callers, max(callers, requests // rounds), samples[name])
    return {name: s.result() for name, s in samples.items()}


def openai_call(http: httpx.AsyncClient, path: str, model: str, stream: bool) -> Call:
    body = {"model": model, "messages": MESSAGES, "max_tokens": 100, "temperature": 0.5}
    if stream:
        body |= {"stream": True, "stream_options": {"include_usage": True}}

    async def call() -> None:
        if not stream:
            response = await http.post(path, json=body)
            assert response.status_code == 200, response.text
            response.json()
            return
        async with http.stream("POST", path, json=body) as response:
            assert response.status_code == 200
            async for line in response.aiter_lines():
                if line == "data: [DONE]":
                    return
        raise AssertionError("stream did not finish")

    return call


def gateway_call(http: httpx.AsyncClient, stream: bool) -> Call:
    body = {
        "provider": "openai",
        "model": "gpt-test",
        "messages": MESSAGES,
        "max_tokens": 100,
        "temperature": 0.5,
        "api_key": PROVIDER_KEY,
    }

    async def call() -> None:
        if not stream:
            response = await http.post("/v1/generate", json=body)
            assert response.status_code == 200, response.text
            response.json()
            return
        async with http.stream("POST", "/v1/generate_stream", json=body) as response:
            assert response.status_code == 200
            async for line in response.aiter_lines():
                if line == "event: done":
                    return
                if line == "event: error":
                    raise AssertionError("stream failed")
        raise AssertionError("stream did not finish")

    return call


def client(base_url: str, token: str | None = None, transport=None) -> httpx.AsyncClient:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        base_url=base_url,
        headers=headers,
        transport=transport,
        timeout=30,
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
    )


def start_litellm(fake_url: str, workdir: str) -> tuple[subprocess.Popen | None, str, str]:
    binary = LITELLM_VENV / "bin" / "litellm"
    if not binary.exists():
        return None, "", f"not available (no {binary}; pip install 'litellm[proxy]' there)"
    config = Path(workdir) / "litellm.yaml"
    config.write_text(
        "model_list:\n  - model_name: gpt-test\n    litellm_params:\n"
        f"      model: openai/gpt-test\n      api_base: {fake_url}/v1\n"
        f"      api_key: {PROVIDER_KEY}\nlitellm_settings:\n  telemetry: false\n"
    )
    port = free_port()
    env = {
        "PATH": f"{LITELLM_VENV / 'bin'}:/usr/bin:/bin",
        "HOME": workdir,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "LITELLM_MASTER_KEY": LITELLM_KEY,
        "LITELLM_LOG": "ERROR",
    }
    args = [str(binary), "--config", str(config), "--host", "127.0.0.1", "--port", str(port)]
    try:
        process = spawn(args, env, f"http://127.0.0.1:{port}/health/liveliness")
    except RuntimeError as exc:
        return None, "", f"did not start ({exc})"
    version = subprocess.run(
        [
            str(LITELLM_VENV / "bin" / "python"),
            "-c",
            "import importlib.metadata as m; print(m.version('litellm'))",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return process, f"http://127.0.0.1:{port}", f"litellm {version}"


async def run(args: argparse.Namespace) -> None:
    workdir = tempfile.mkdtemp(prefix="gateway_bench_")
    processes: list[subprocess.Popen] = []
    try:
        env = base_env(workdir)
        fake_port = free_port()
        fake_url = f"http://127.0.0.1:{fake_port}"
        fake_code = (
            "import uvicorn; from tests.fakes.provider_server import FakeProviderServer; "
            f"uvicorn.run(FakeProviderServer().app, host='127.0.0.1', port={fake_port}, "
            "log_level='critical', access_log=False)"
        )
        processes.append(spawn([sys.executable, "-c", fake_code], env, f"{fake_url}/v1/health"))

        gateway_port = free_port()
        gateway_url = f"http://127.0.0.1:{gateway_port}"
        gateway_env = env | {
            "AI_GATEWAY_SERVICE_TOKEN": TOKEN,
            "OPENAI_BASE_URL": f"{fake_url}/v1",
            "AI_PLANNER_ENV": "development",
        }
        gateway_code = (
            f"from ai_planner.gateway.server import serve; serve('127.0.0.1', {gateway_port})"
        )
        processes.append(
            spawn([sys.executable, "-c", gateway_code], gateway_env, f"{gateway_url}/v1/health")
        )

        litellm, litellm_url, litellm_note = (None, "", "skipped (--no-litellm)")
        if not args.no_litellm:
            litellm, litellm_url, litellm_note = start_litellm(fake_url, workdir)
            if litellm is not None:
                processes.append(litellm)

        # The in-process gateway: this process's own app, as the planner uses it by default.
        os.environ.update(gateway_env | {"AI_PLANNER_ENV": "test"})
        from ai_planner.gateway.app import create_gateway_app
        from ai_planner.gateway.asgi_transport import StreamingASGITransport
        from ai_planner.settings import reset_settings_cache

        reset_settings_cache()
        in_process_app = create_gateway_app()

        rows = []
        for stream in (False, True):
            for callers in (1, 32):
                kind = "streamed" if stream else "non-streamed"
                async with (
                    client(f"{fake_url}/v1") as direct_http,
                    client("http://gw", TOKEN, StreamingASGITransport(in_process_app)) as inproc,
                    client(gateway_url, TOKEN) as over_http,
                    client(litellm_url or "http://unused", LITELLM_KEY) as lite_http,
                ):
                    n = args.requests if callers == 1 else max(args.requests, callers * 10)
                    calls = {
                        "direct": openai_call(direct_http, "/chat/completions", "gpt-test", stream),
                        "in-process": gateway_call(inproc, stream),
                        "http": gateway_call(over_http, stream),
                    }
                    if litellm is not None:
                        calls["litellm"] = openai_call(
                            lite_http, "/v1/chat/completions", "gpt-test", stream
                        )
                    results = await measure_interleaved(calls, callers, n, args.warmup, args.rounds)
                    direct = results.pop("direct")
                rows.append((kind, callers, direct, results))
        print_table(rows, litellm_note, args)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)


def print_table(rows, litellm_note: str, args: argparse.Namespace) -> None:
    print(
        f"\nAI gateway overhead on loopback — fake provider answering at once; "
        f"{args.requests} requests per path at 1 caller (>= 10 per caller at 32) in "
        f"{args.rounds} interleaved rounds, {args.warmup} warm-up. LiteLLM: {litellm_note}.\n"
    )
    head = (
        f"{'call':<13}{'callers':>7}  {'path':<11}{'p50 ms':>8}{'p99 ms':>8}"
        f"{'added p50':>11}{'added p99':>11}{'req/s':>8}{'vs LiteLLM (added p50)':>25}"
    )
    print(head)
    print("-" * len(head))
    for kind, callers, direct, results in rows:
        print(
            f"{kind:<13}{callers:>7}  {'direct':<11}{direct.p50:>8.2f}{direct.p99:>8.2f}"
            f"{'':>11}{'':>11}{direct.rps:>8.0f}"
        )
        lite = results.get("litellm")
        for path, r in results.items():
            added50, added99 = r.p50 - direct.p50, r.p99 - direct.p99
            ratio = ""
            if lite is not None and path == "http":
                lite_added = lite.p50 - direct.p50
                if added50 <= 0:
                    ratio = "below noise"
                elif lite_added > 0:
                    ratio = f"{added50 / lite_added:.2f}x of LiteLLM's"
                else:
                    ratio = "n/a"
            print(
                f"{'':<13}{'':>7}  {path:<11}{r.p50:>8.2f}{r.p99:>8.2f}"
                f"{added50:>+11.2f}{added99:>+11.2f}{r.rps:>8.0f}{ratio:>25}"
            )
    print(
        "\nTargets: added p50 < 2 ms and p99 < 10 ms at 1 caller over HTTP; less added latency "
        "than LiteLLM at every concurrency (ratio < 1)."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds per scenario")
    parser.add_argument("--no-litellm", action="store_true")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
