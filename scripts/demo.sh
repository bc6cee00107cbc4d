#!/usr/bin/env bash
# Runs Respawn on a sandbox: a supervisord with sample programs and, where systemd can run,
# sample user units. Everything lives in a temporary folder; Ctrl-C stops all of it.
#
#   bash scripts/demo.sh            # dashboard on http://127.0.0.1:3000
#   PORT=8080 bash scripts/demo.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/systemd-user.sh"

PORT="${PORT:-3000}"
PROGRAMS_DIR="$REPO_ROOT/demo/programs"
UNITS_SRC="$REPO_ROOT/demo/units"
UNITS_DIR="$XDG_RUNTIME_DIR/systemd/user"
DEMO_DIR=""
SUPERVISORD_PID=""
NEXT_PID=""
INSTALLED_UNITS=()

cleanup() {
  local rc=$?
  trap '' INT TERM HUP
  if [ -z "$DEMO_DIR" ] && [ "${#STARTED_DAEMON_PIDS[@]}" -eq 0 ]; then
    exit "$rc"
  fi
  section "Stopping the demo"
  if [ -n "$NEXT_PID" ]; then
    info "stopping the dashboard"
    stop_pid "-$NEXT_PID" 15
  fi
  remove_units
  if [ -n "$SUPERVISORD_PID" ]; then
    info "stopping the sandbox supervisord and its programs"
    stop_pid "$SUPERVISORD_PID" 30
  fi
  stop_started_user_manager
  [ -n "$DEMO_DIR" ] && rm -rf "$DEMO_DIR"
  info "done: nothing of the demo is left running"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

install_debian_packages() {
  section "Checking Debian packages"
  if ! command -v supervisord >/dev/null; then
    if is_root && command -v apt-get >/dev/null; then
      info "installing supervisor"
      apt_install supervisor || die "could not install the Debian package 'supervisor'"
    else
      die "supervisord is not installed. As root, run: apt-get install -y supervisor"
    fi
  fi
  info "supervisord $(supervisord --version)"
  local missing
  missing="$(missing_packages systemd /lib/systemd/systemd dbus /usr/bin/dbus-daemon \
    dbus-user-session /usr/lib/systemd/user/dbus.socket)"
  if [ -n "$missing" ]; then
    if is_root && command -v apt-get >/dev/null; then
      info "installing for the systemd part: $(echo $missing)"
      # shellcheck disable=SC2086
      apt_install $missing || warn "could not install $(echo $missing): systemd part skipped"
    else
      warn "the systemd part needs: apt-get install -y $(echo $missing)"
    fi
  fi
}

build_dashboard() {
  section "Building the dashboard"
  local stamp="" stamp_file="$REPO_ROOT/.next/respawn-build-commit"
  if git -C "$REPO_ROOT" rev-parse HEAD >/dev/null 2>&1 &&
    [ -z "$(git -C "$REPO_ROOT" status --porcelain 2>/dev/null)" ]; then
    stamp="$(git -C "$REPO_ROOT" rev-parse HEAD)"
  fi
  if [ -n "$stamp" ] && [ -f "$REPO_ROOT/.next/standalone/server.js" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$stamp" ]; then
    info "a build of commit ${stamp:0:12} exists; skipping next build"
    return
  fi
  rm -f "$stamp_file"
  (cd "$REPO_ROOT" && npm run build)
  [ -n "$stamp" ] && echo "$stamp" >"$stamp_file"
  return 0
}

# A fresh token for the demo's event listener: written where the listener reads it (mode 600)
# and, by write_config, exported to the dashboard only, whose config names the variable.
generate_listener_token() {
  RESPAWN_DEMO_LISTENER_TOKEN="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('hex'))")"
  (umask 077 && printf '%s\n' "$RESPAWN_DEMO_LISTENER_TOKEN" >"$DEMO_DIR/listener.token")
}

supervisord_up() { supervisorctl -c "$DEMO_DIR/supervisord.conf" pid >/dev/null 2>&1; }

start_supervisord() {
  section "Starting the sandbox supervisord in $DEMO_DIR"
  cp "$REPO_ROOT/demo/supervisord.conf" "$DEMO_DIR/supervisord.conf"
  mkdir -p "$DEMO_DIR/logs"
  generate_listener_token
  RESPAWN_DEMO_PROGRAMS="$PROGRAMS_DIR" RESPAWN_DEMO_BIN="$REPO_ROOT/bin" \
    RESPAWN_DEMO_URL="http://127.0.0.1:$PORT" setsid supervisord -n -c "$DEMO_DIR/supervisord.conf" \
    </dev/null >>"$DEMO_DIR/supervisord.console" 2>&1 &
  SUPERVISORD_PID=$!
  if ! wait_for 20 supervisord_up; then
    cat "$DEMO_DIR/supervisord.console" >&2 || true
    die "supervisord did not start (see above)"
  fi
  info "socket $DEMO_DIR/supervisor.sock, logs in $DEMO_DIR/logs"
  info "event listener installed: exact restart counts (token in $DEMO_DIR/listener.token)"
}

install_units() {
  local src name content
  mkdir -p "$UNITS_DIR"
  for src in "$UNITS_SRC"/respawn-demo-*.service; do
    name="$(basename "$src")"
    content="$(<"$src")"
    printf '%s\n' "${content//@PROGRAMS@/"$PROGRAMS_DIR"}" >"$UNITS_DIR/$name"
    INSTALLED_UNITS+=("$name")
  done
  systemctl --user daemon-reload
  systemctl --user start --no-block "${INSTALLED_UNITS[@]}"
  info "units ${INSTALLED_UNITS[*]} (in $UNITS_DIR)"
}

remove_units() {
  [ "${#INSTALLED_UNITS[@]}" -gt 0 ] || return 0
  info "stopping and removing the demo units"
  systemctl --user stop "${INSTALLED_UNITS[@]}" 2>/dev/null || true
  systemctl --user reset-failed "${INSTALLED_UNITS[@]}" 2>/dev/null || true
  (cd "$UNITS_DIR" && rm -f "${INSTALLED_UNITS[@]}")
  systemctl --user daemon-reload 2>/dev/null || true
  INSTALLED_UNITS=()
}

# Fails (after saying so) when systemd cannot run here.
start_systemd_part() {
  section "Starting the systemd part (user manager, demo units)"
  if ensure_user_manager; then
    install_units
    return 0
  fi
  warn "systemd cannot run here: the demo continues with supervisord only"
  return 1
}

write_config() {
  local with_systemd="$1"
  {
    echo "# Respawn configuration of the demo sandbox (see docs/CONFIG.md)."
    echo "hosts:"
    echo "  - id: demo"
    echo "    name: Demo sandbox"
    echo "    supervisord:"
    echo "      socket: $DEMO_DIR/supervisor.sock"
    echo "      listenerTokenEnv: RESPAWN_DEMO_LISTENER_TOKEN"
    if [ "$with_systemd" = yes ]; then
      echo "    systemd:"
      echo "      bus: user"
      echo "      busAddress: \"$(user_bus_address)\""
      echo "      units: [\"respawn-demo-*.service\"]"
    fi
  } >"$DEMO_DIR/config.yaml"
  mkdir -p "$DEMO_DIR/data"
  export RESPAWN_DEMO_LISTENER_TOKEN
  export RESPAWN_CONFIG="$DEMO_DIR/config.yaml"
  export RESPAWN_DATA_DIR="$DEMO_DIR/data"
}

# No default password: the demo makes its own admin with a generated one (shown at the end).
create_demo_admin() {
  local out
  out="$(cd "$REPO_ROOT" && node bin/respawn.mjs user add --role admin --generate --data-dir "$RESPAWN_DATA_DIR" admin)" ||
    die "could not create the demo admin"
  DEMO_PASSWORD="$(printf '%s\n' "$out" | sed -n 's/^password: //p')"
}

# Ready once /readyz says so (configuration loaded, monitor started).
dashboard_ready() {
  node -e "fetch('http://127.0.0.1:$PORT/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
}

start_dashboard() {
  section "Starting the dashboard"
  # The standalone server, as deploy/respawn.service runs it.
  (cd "$REPO_ROOT" && HOSTNAME=127.0.0.1 PORT="$PORT" NEXT_MANUAL_SIG_HANDLE=true exec setsid node .next/standalone/server.js) </dev/null &
  NEXT_PID=$!
  local i
  for ((i = 0; i < 300; i++)); do
    process_alive "$NEXT_PID" || die "the dashboard exited at start (see its output above)"
    dashboard_ready && return 0
    sleep 0.2
  done
  die "the dashboard was not ready on 127.0.0.1:$PORT within 60 s"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

main() {
  port_in_use "$PORT" && die "port $PORT on 127.0.0.1 is in use; choose another: PORT=3001 bash scripts/demo.sh"
  install_debian_packages
  section "Checking npm packages"
  ensure_npm_deps
  build_dashboard
  DEMO_DIR="$(mktemp -d "${TMPDIR:-/tmp}/respawn-demo.XXXXXX")"
  start_supervisord
  local with_systemd=no
  start_systemd_part && with_systemd=yes
  write_config "$with_systemd"
  create_demo_admin
  start_dashboard
  section "Respawn is running"
  info "open   http://127.0.0.1:$PORT"
  info "sign in as admin, password $DEMO_PASSWORD (generated for this run)"
  info "config $RESPAWN_CONFIG"
  [ "$with_systemd" = yes ] || info "(supervisord only: systemd could not run here)"
  info "press Ctrl-C to stop the dashboard, the sandbox supervisord and the demo units"
  wait "$NEXT_PID" || true
  die "the dashboard stopped by itself"
}

main "$@"
