#!/usr/bin/env bash
# Set up and run the whole test suite: lint, the SQLite lane (browser tests included) and the
# PostgreSQL lane (everything but the browser tests, in a fresh database of its own).
#
# A lane needs its service: PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379, Debian's
# chromium. On a developer's machine a missing one is skipped and said so, loudly; with
# CI=true (as .ci/run sets) a missing one is a failure: no lane vanishes in CI.
set -uo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh --dev || exit 1

status=0
case "${CI:-}" in 1|true|TRUE|True|yes) in_ci=1 ;; *) in_ci=0 ;; esac
lane_missing() {  # $1: what is missing and what it costs
  if [ "$in_ci" = 1 ]; then
    echo "!! FAILED (CI=true, no lane may be skipped): $1"
    status=1
  else
    echo "!! SKIPPING: $1"
  fi
}

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "==> installing Debian chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
      || echo "!! could not install chromium"
  elif command -v sudo >/dev/null; then
    sudo sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium' >/dev/null \
      || echo "!! could not install chromium"
  fi
fi
[ -x /usr/bin/chromium ] \
  || lane_missing "the browser tests: /usr/bin/chromium is missing (apt-get install chromium)"

if ! (command -v redis-cli >/dev/null && redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1); then
  lane_missing "the Redis tests (shared sign-in throttle): no Redis answers on 127.0.0.1:6379"
fi

pg_up() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
    || (command -v pg_ctlcluster >/dev/null \
        && pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null \
        && sleep 2 && pg_isready -q -h 127.0.0.1 -p 5432)
}

echo "==> ruff check"
ruff check . || status=1

echo "==> pytest (SQLite lane, browser tests included)"
AI_PLANNER_TEST_DB=sqlite pytest "$@" || status=1

if pg_up; then
  echo "==> pytest (PostgreSQL lane: every test but the browser ones, in a fresh database)"
  AI_PLANNER_TEST_DB=postgres pytest -m "not browser" "$@" || status=1
else
  lane_missing "the PostgreSQL lane: no server answers on 127.0.0.1:5432"
fi

exit $status
