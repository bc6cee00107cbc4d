# A systemd user manager with its D-Bus session bus and journald, for the demo and the tests.
# Sourced after common.sh. On a host booted with systemd the user manager usually runs already;
# in a container (PID 1 is not systemd) journald and `systemd --user` are started by hand.

# PIDs of the daemons started here, so that stop_started_user_manager stops only those.
STARTED_DAEMON_PIDS=()

export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/run/user/$(id -u)}"

# The D-Bus address of this user's session bus.
user_bus_address() { echo "unix:path=$XDG_RUNTIME_DIR/bus"; }

user_manager_up() {
  [ -S "$XDG_RUNTIME_DIR/bus" ] || return 1
  local state
  state="$(systemctl --user is-system-running 2>/dev/null || true)"
  [ "$state" = running ] || [ "$state" = degraded ]
}

# Starts a daemon in its own session, detached from the terminal, and remembers its PID.
start_daemon() {
  setsid "$@" </dev/null >/dev/null 2>&1 &
  STARTED_DAEMON_PIDS+=("$!")
}

# Makes sure the user manager runs; returns non-zero (after saying why) when it cannot.
ensure_user_manager() {
  if user_manager_up; then
    info "systemd user manager is running (bus $(user_bus_address))"
    return 0
  fi
  if [ ! -x /lib/systemd/systemd ] || ! command -v systemctl >/dev/null; then
    warn "systemd is not installed (apt-get install systemd dbus dbus-user-session)"
    return 1
  fi
  if [ ! -e /usr/lib/systemd/user/dbus.socket ]; then
    warn "the user D-Bus is not installed (apt-get install dbus dbus-user-session)"
    return 1
  fi
  if ! is_root; then
    warn "no systemd user manager runs for $(id -un); log in through a normal session or run as root"
    return 1
  fi
  if [ "$(cat /proc/1/comm)" = systemd ]; then
    systemctl start "user@$(id -u).service" || true
  else
    start_user_manager_by_hand
  fi
  if wait_for 30 user_manager_up; then
    info "systemd user manager is running (bus $(user_bus_address))"
    return 0
  fi
  warn "the systemd user manager did not come up within 30 s"
  return 1
}

# Without systemd as PID 1: journald and `systemd --user` run as plain processes.
start_user_manager_by_hand() {
  mkdir -p /run/systemd/system "$XDG_RUNTIME_DIR"
  chmod 700 "$XDG_RUNTIME_DIR"
  if [ -z "$(pids_by_cmdline /lib/systemd/systemd-journald)" ] &&
    [ -z "$(pids_by_cmdline /usr/lib/systemd/systemd-journald)" ]; then
    info "starting systemd-journald"
    start_daemon /lib/systemd/systemd-journald
  fi
  if [ -z "$(pids_by_cmdline /lib/systemd/systemd --user)" ] &&
    [ -z "$(pids_by_cmdline /usr/lib/systemd/systemd --user)" ]; then
    info "starting systemd --user"
    start_daemon /lib/systemd/systemd --user
  fi
}

# Stops journald and the user manager if (and only if) this script started them.
stop_started_user_manager() {
  local i pid
  for ((i = ${#STARTED_DAEMON_PIDS[@]} - 1; i >= 0; i--)); do
    pid="${STARTED_DAEMON_PIDS[$i]}"
    stop_pid "$pid" 20
  done
  STARTED_DAEMON_PIDS=()
}
