# Shared helpers for scripts/demo.sh, scripts/test.sh and scripts/test-all.sh.
# Sourced, not run. Needs only bash and coreutils (no procps: a fresh Debian image lacks it).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export NEXT_TELEMETRY_DISABLED=1

section() { printf '\n==> %s\n' "$*"; }
info() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# True when node_modules matches package-lock.json: every locked package is installed at its
# locked version (optional packages for other platforms may be absent). npm writes the
# installed tree to node_modules/.package-lock.json.
npm_deps_current() {
  [ -f "$REPO_ROOT/node_modules/.package-lock.json" ] || return 1
  node - "$REPO_ROOT" <<'EOF'
const { readFileSync } = require("node:fs");
const root = process.argv[2];
const read = (p) => JSON.parse(readFileSync(`${root}/${p}`, "utf8")).packages ?? {};
const locked = read("package-lock.json");
const installed = read("node_modules/.package-lock.json");
for (const [path, meta] of Object.entries(locked)) {
  if (!path.startsWith("node_modules/")) continue;
  const have = installed[path];
  if (!have) {
    if (meta.optional) continue;
    process.exit(1);
  }
  if (have.version !== meta.version) process.exit(1);
}
EOF
}

# `npm ci` when node_modules is missing or does not match package-lock.json.
ensure_npm_deps() {
  command -v node >/dev/null || die "Node.js 20 is required (https://nodejs.org or 'apt-get install nodejs')."
  command -v npm >/dev/null || die "npm is required."
  if npm_deps_current; then
    info "npm packages are installed and match package-lock.json"
    return
  fi
  info "installing npm packages (npm ci; better-sqlite3 compiles from source, ~1-2 min)"
  (cd "$REPO_ROOT" && npm ci --no-audit --no-fund)
  node -e "require('$REPO_ROOT/node_modules/better-sqlite3')(':memory:').close()" ||
    die "better-sqlite3's native module did not build; see the npm output above."
}

APT_UPDATED=0
# Installs the given Debian packages (root only). Runs apt-get update once per script.
apt_install() {
  is_root || return 1
  command -v apt-get >/dev/null || return 1
  export DEBIAN_FRONTEND=noninteractive
  if [ "$APT_UPDATED" -eq 0 ]; then
    apt-get update -qq </dev/null
    APT_UPDATED=1
  fi
  apt-get install -y -qq "$@" </dev/null
}

# Prints, one per line, the Debian packages of the given list whose marker file is absent.
# Arguments are pairs: PACKAGE MARKER_PATH.
missing_packages() {
  while [ "$#" -ge 2 ]; do
    [ -e "$2" ] || echo "$1"
    shift 2
  done
}

# PIDs (of the current user) whose command line starts with the given words.
pids_by_cmdline() {
  local want="$*" uid dir cmd
  uid="$(id -u)"
  for dir in /proc/[0-9]*; do
    [ -O "$dir" ] || [ "$uid" -eq 0 ] || continue
    cmd="$({ tr '\0' ' ' <"$dir/cmdline"; } 2>/dev/null)" || continue
    case "$cmd" in "$want" | "$want "*) echo "${dir#/proc/}" ;; esac
  done
}

# Waits until a command succeeds, polling every 0.2 s for at most $1 seconds.
wait_for() {
  local seconds="$1" i
  shift
  for ((i = 0; i < seconds * 5; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  return 1
}

# True while the process exists and is not a zombie.
process_alive() {
  [ -e "/proc/$1" ] || return 1
  local stat rest
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  rest="${stat##*) }"
  [ "${rest%% *}" != Z ]
}

# Sends SIGTERM, waits up to $2 seconds, then SIGKILL. $1 may be "-PGID" for a process group.
stop_pid() {
  local target="$1" seconds="${2:-10}" pid="${1#-}" i
  if process_alive "$pid"; then
    kill -TERM -- "$target" 2>/dev/null || true
    for ((i = 0; i < seconds * 5; i++)); do
      process_alive "$pid" || break
      sleep 0.2
    done
    if process_alive "$pid"; then
      warn "process $pid did not stop within ${seconds} s; killing it"
      kill -KILL -- "$target" 2>/dev/null || true
    fi
  fi
  # A group may outlive its leader (e.g. npx's child): nothing of it may stay behind.
  if [ "$target" != "$pid" ]; then
    for ((i = 0; i < 10; i++)); do
      kill -0 -- "$target" 2>/dev/null || break
      sleep 0.2
    done
    kill -KILL -- "$target" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
