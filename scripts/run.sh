#!/usr/bin/env bash
# Run Verhalenkaart on the embedded default (a SpatiaLite file in instance/) with demo stories
# at http://127.0.0.1:5000. Installs what is missing, builds the web app, migrates, seeds the
# demo once, serves.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_python
ensure_venv
build_frontend

"$VENV/bin/verhalenkaart" db upgrade
"$VENV/bin/verhalenkaart" seed-demo
log "Verhalenkaart runs at http://127.0.0.1:${PORT:-5000} (Ctrl+C stops it)"
exec "$VENV/bin/verhalenkaart" run --host 127.0.0.1 --port "${PORT:-5000}" "$@"
