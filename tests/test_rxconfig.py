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
