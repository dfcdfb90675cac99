#!/usr/bin/env bash
# Set up, migrate, load the demo data and start the app on http://localhost:3000.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
bash scripts/setup.sh
echo "==> migrating the database"
alembic upgrade head
echo "==> loading the demo tenants, users and plans"
ai-planner seed-demo
echo "==> starting ai_planner on http://localhost:3000 (sign in as teacher@maple.test / planner-demo)"
exec reflex run --env prod
