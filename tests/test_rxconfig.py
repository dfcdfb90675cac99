"""The Reflex configuration keeps telemetry and automatic state setters off."""

from __future__ import annotations

import importlib

import reflex as rx


def test_rxconfig_turns_telemetry_and_auto_setters_off() -> None:
    rxconfig = importlib.import_module("rxconfig")
    config: rx.Config = rxconfig.config
    assert config.app_name == "ai_planner"
    assert config.telemetry_enabled is False
    assert config.state_auto_setters is False
    assert config.show_built_with_reflex is False


def test_pyproject_declares_the_console_script() -> None:
    import tomllib
    from pathlib import Path

    data = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert data["project"]["scripts"]["ai-planner"] == "ai_planner.cli:app"
    deps = " ".join(data["project"]["dependencies"])
    for required in ("reflex", "sqlmodel", "alembic", "httpx", "cryptography", "libpass"):
        assert required in deps


def _config_with(env: dict[str, str]) -> dict[str, str]:
    """rxconfig as a fresh process with ``env`` reads it (the module reads the environment
    once, at import)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import json, rxconfig; c = rxconfig.config; print(json.dumps("
            "{'mode': getattr(c.state_manager_mode, 'value', c.state_manager_mode), "
            "'hops': c.trusted_proxy_hops}))")
    clean = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL",
                                                              "AI_PLANNER_TRUSTED_PROXY_HOPS")}
    out = subprocess.run([sys.executable, "-c", code], env={**clean, **env}, check=True,
                         capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_states_live_in_memory_or_redis_never_pickled_to_disk() -> None:
    """Reflex's default (disk) writes every tab's state, the raw session token included,
    into .states/*.pkl files."""
    assert _config_with({})["mode"] == "memory"
    assert _config_with({"REDIS_URL": "redis://127.0.0.1:6379/0"})["mode"] == "redis"


def test_trusted_proxy_hops_come_from_the_environment() -> None:
    assert _config_with({})["hops"] == 0
    assert _config_with({"AI_PLANNER_TRUSTED_PROXY_HOPS": "1"})["hops"] == 1
