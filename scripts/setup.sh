#!/usr/bin/env bash
# Install everything the app needs (idempotent). `--dev` adds the test tools.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"

extras=""
[ "${1:-}" = "--dev" ] && extras="[dev]"

if [ ! -x .venv/bin/python ]; then
  echo "==> creating the virtual environment (.venv)"
  python3 -m venv .venv
fi
stamp=".venv/.installed$extras"
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "==> installing Python packages"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".$extras"
  echo "$want" > "$stamp"
fi

if [ ! -x .tools/node_modules/.bin/bun ]; then
  echo "==> installing bun from the npm registry"
  mkdir -p .tools
  npm install --no-save --no-audit --no-fund --prefix .tools bun@1.4.5 >/dev/null
fi
