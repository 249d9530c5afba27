# Shared helpers of scripts/run.sh and scripts/test.sh (sourced, not run).
# Installs only what is missing, so a second run is fast; needs root (or sudo) for apt-get.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
APT_UPDATED=0
STARTED_PG_DIR=""  # set when ensure_postgis started a throwaway cluster
STARTED_REDIS_DIR=""  # set when ensure_redis started a throwaway server (its pid file is there)

stop_started_postgres() {
  [ -n "$STARTED_PG_DIR" ] || return 0
  as_root runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$STARTED_PG_DIR" \
    stop -m fast >/dev/null || true
}

# Stops only the Redis that ensure_redis started, by the pid it wrote; never one that was there.
stop_started_redis() {
  [ -n "$STARTED_REDIS_DIR" ] || return 0
  local pid
  pid="$(cat "$STARTED_REDIS_DIR/redis.pid" 2>/dev/null)" && kill "$pid" 2>/dev/null || true
  rm -rf "$STARTED_REDIS_DIR"
}

# For `trap … EXIT`: the throwaway servers this run started, and nothing else.
stop_started_servers() {
  stop_started_redis
  stop_started_postgres
}

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "Need root (or sudo) to run: $*" >&2; return 1; fi
}

# apt_install PKG… — install the Debian packages that are not installed yet.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "Installing Debian packages: ${missing[*]}"
  # Another apt or dpkg job (unattended-upgrades, a second script) holds the dpkg lock: wait
  # for it (up to APT_LOCK_TIMEOUT seconds, default 10 minutes) instead of failing at once.
  local wait=(-o "DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT:-600}")
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get "${wait[@]}" update -q; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get "${wait[@]}" install -y -q \
    --no-install-recommends "${missing[@]}"
}

ensure_python() {
  apt_install python3 python3-venv libsqlite3-mod-spatialite
}

# The audio tests make real recordings (Opus, AAC, MP3) with Debian's ffmpeg; the app itself
# parses audio with the FFmpeg libraries bundled in PyAV's wheels and needs no system ffmpeg.
# The open-data tests read /ogc with GDAL's own tools (gdal-bin: ogrinfo, ogr2ogr); the app
# writes GeoPackages with the GDAL in pyogrio's wheel and needs no system GDAL.
ensure_test_tools() {
  apt_install ffmpeg gdal-bin
}

# A virtualenv with the project installed editable (re-installed when pyproject.toml changes).
ensure_venv() {
  if [ ! -x "$VENV/bin/python" ]; then
    log "Creating $VENV"
    python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.installed-$(sha1sum "$REPO_ROOT/pyproject.toml" | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    log "Installing Python packages"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$REPO_ROOT[dev]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
  fi
}

pg_answers() { # host port
  "$VENV/bin/python" - "$1" "$2" <<'PY' >/dev/null 2>&1
import sys, psycopg
psycopg.connect(host=sys.argv[1], port=int(sys.argv[2]), user="postgres", dbname="postgres",
                connect_timeout=3).close()
PY
}

# Exports VERHALENKAART_TEST_PG_URL for a PostgreSQL with PostGIS: the server on 127.0.0.1:5432
# when it answers, else a throwaway cluster in .test-pg/ on port 54329. The database is
# $VERHALENKAART_TEST_PG_DB (default verhalenkaart_test), so two checkouts can test at once.
ensure_postgis() {
  apt_install postgresql-15-postgis-3
  if pg_answers 127.0.0.1 5432; then
    export VERHALENKAART_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:5432/${VERHALENKAART_TEST_PG_DB:-verhalenkaart_test}"
    return 0
  fi
  apt_install postgresql-15
  local dir="$REPO_ROOT/.test-pg" bin=/usr/lib/postgresql/15/bin port=54329
  if ! pg_answers 127.0.0.1 "$port"; then
    log "Starting a throwaway PostgreSQL 15 in $dir on port $port"
    rm -rf "$dir"; mkdir -p "$dir"; chown postgres: "$dir"
    as_root runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres -A trust >/dev/null
    as_root runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
    STARTED_PG_DIR="$dir/data"
  fi
  export VERHALENKAART_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/${VERHALENKAART_TEST_PG_DB:-verhalenkaart_test}"
}

redis_answers() { # port
  "$VENV/bin/python" - "$1" <<'PY' >/dev/null 2>&1
import sys, redis
redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), socket_connect_timeout=3).ping()
PY
}

# Exports VERHALENKAART_TEST_REDIS_URL for the rate-limit test that keeps its counters in Redis:
# the Redis on 127.0.0.1:$VERHALENKAART_TEST_REDIS_PORT (default 6379) when one answers, else a
# throwaway Debian redis-server started there without persistence (stop_started_redis stops it).
ensure_redis() {
  local port="${VERHALENKAART_TEST_REDIS_PORT:-6379}" dir
  export VERHALENKAART_TEST_REDIS_URL="redis://127.0.0.1:$port/0"
  redis_answers "$port" && return 0
  apt_install redis-server
  # Installing the package may have started Debian's own service on 6379: use it, leave it be.
  redis_answers "$port" && return 0
  dir="$(mktemp -d -t verhalenkaart-redis.XXXXXX)"
  log "Starting a throwaway Redis on 127.0.0.1:$port"
  redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --save '' --appendonly no \
    --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/log"
  STARTED_REDIS_DIR="$dir"
  for _ in $(seq 50); do redis_answers "$port" && return 0; sleep 0.1; done
  echo "The throwaway Redis did not answer on 127.0.0.1:$port; see $dir/log" >&2
  return 1
}

node_is_recent() { # Vite 8 needs Node.js 20.19 or newer
  node -e 'const [a, b] = process.versions.node.split(".").map(Number);
    process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

# Node.js and npm for building the web app: Debian's packages when `node` is missing; when
# that Node.js is too old for Vite (Debian 12 ships 18), a Node.js 22 binary from the npm
# registry's node-linux-<arch> package, kept in .node/.
ensure_node() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    apt_install nodejs npm
  fi
  local arch
  case "$(uname -m)" in x86_64) arch=x64 ;; aarch64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  local local_bin="$REPO_ROOT/.node/node_modules/node-linux-$arch/bin"
  if ! node_is_recent && [ -x "$local_bin/node" ]; then export PATH="$local_bin:$PATH"; fi
  if ! node_is_recent; then
    log "Node.js $(node --version) is too old for Vite; installing Node.js 22 into .node/"
    npm install --prefix "$REPO_ROOT/.node" --no-save --no-audit --no-fund \
      --loglevel=error "node-linux-$arch@22"
    export PATH="$local_bin:$PATH"
  fi
}

# frontend/node_modules from the lock file (again only when package-lock.json changed).
ensure_frontend_deps() {
  ensure_node
  local dir="$REPO_ROOT/frontend"
  local stamp="$dir/node_modules/.installed-$(sha1sum "$dir/package-lock.json" | cut -c1-12)"
  if [ ! -f "$stamp" ]; then
    log "Installing the web app's packages (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    touch "$stamp"
  fi
}

# Build the PWA into frontend/dist and check its size budget (scripts/check-budget.mjs).
build_frontend() {
  ensure_frontend_deps
  log "Building the web app"
  (cd "$REPO_ROOT/frontend" && npm run --silent build -- --logLevel warn)
}
