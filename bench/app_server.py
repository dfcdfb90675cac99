"""Start the app as production serves it, on a database of its own, for the benchmarks.

``with running_app(database="sqlite", scale=20000) as app: ...`` migrates a fresh database
(a temp SQLite file, or a new PostgreSQL database on 127.0.0.1 dropped afterwards), loads
the demo data (``ai-planner seed-demo --scale N``), builds and starts ``reflex run --env
prod`` on a free loopback port, and stops it (and its process group) at the end.
``app.rss_mb()`` is the resident memory of the app's processes now.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("AI_PLANNER_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class RunningApp:
    base_url: str
    database_url: str
    process: subprocess.Popen
    log_path: Path

    def rss_mb(self) -> float:
        """Resident memory of every process in the app's process group, in MiB."""
        total_kb = 0
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                if os.getpgid(int(entry.name)) != self.process.pid:
                    continue
                for line in (entry / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
            except (OSError, ProcessLookupError, ValueError):
                continue
        return total_kb / 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def app_env(database_url: str, run_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AI_", "REDIS_URL"))}
    venv_bin = Path(sys.executable).parent
    tools_bin = ROOT / ".tools" / "node_modules" / ".bin"
    env.update({
        "PATH": os.pathsep.join([str(tools_bin), str(venv_bin), env.get("PATH", "")]),
        "DATABASE_URL": database_url,
        "AI_PLANNER_ENV": "test",
        "AI_PLANNER_INSTANCE_DIR": str(run_dir / "instance"),
        "REFLEX_USE_SYSTEM_BUN": "1",
        "REFLEX_TELEMETRY_ENABLED": "false",
        "REFLEX_CHECK_LATEST_VERSION": "false",
        "REFLEX_WEB_WORKDIR": str(run_dir / "web"),
        "BUN_INSTALL_CACHE_DIR": str(ROOT / ".tools" / "bun-cache"),
    })
    if not env.get("NPM_CONFIG_REGISTRY"):
        registry = subprocess.run(["npm", "config", "get", "registry"], capture_output=True,
                                  text=True, check=False).stdout.strip()
        env["NPM_CONFIG_REGISTRY"] = registry or "https://registry.npmjs.org/"
    return env


@contextlib.contextmanager
def _database(kind: str, run_dir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{run_dir / 'bench.db'}"
        return
    import sqlalchemy as sa

    name = f"ai_planner_bench_{uuid.uuid4().hex[:10]}"
    admin_url = PG_ADMIN.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def running_app(*, database: str = "sqlite", scale: int = 0,
                extra_env: dict[str, str] | None = None,
                prepare: Callable[[dict[str, str]], None] | None = None
                ) -> Iterator[RunningApp]:
    """``prepare(env)``, if given, runs after the demo data is loaded and before the app
    starts, with the app's environment (to add a benchmark's own rows)."""
    run_dir = Path(tempfile.mkdtemp(prefix="ai_planner_bench_"))
    try:
        with _database(database, run_dir) as database_url:
            env = {**app_env(database_url, run_dir), **(extra_env or {})}
            bin_dir = Path(sys.executable).parent
            subprocess.run([str(bin_dir / "alembic"), "upgrade", "head"], cwd=ROOT, env=env,
                           check=True, capture_output=True)
            seed = [str(bin_dir / "ai-planner"), "seed-demo"]
            if scale:
                seed += ["--scale", str(scale)]
            subprocess.run(seed, cwd=ROOT, env=env, check=True, capture_output=True)
            if prepare is not None:
                prepare(env)
            port = free_port()
            log_path = run_dir / "app.log"
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    [sys.executable, "-m", "reflex", "run", "--env", "prod", "--single-port",
                     "--frontend-port", str(port), "--backend-port", str(port)],
                    cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, start_new_session=True)
                app = RunningApp(f"http://127.0.0.1:{port}", database_url, process, log_path)
                try:
                    _wait_until_up(app)
                    yield app
                finally:
                    _stop(process)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)


def _wait_until_up(app: RunningApp, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            raise RuntimeError("the app exited while starting:\n"
                               + app.log_path.read_text(errors="replace")[-3000:])
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(app.base_url + "/ping", timeout=2).status_code == 200 and httpx.get(
                    app.base_url + "/login/", timeout=2).status_code == 200:
                return
        time.sleep(1)
    raise RuntimeError("the app did not start in time")
