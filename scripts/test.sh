#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run): installs what is missing, starts the services
# the tests need (journald, a systemd user manager and its D-Bus), then runs lint, typecheck,
# the production build (the browser tests start it) and every vitest project.
#
#   bash scripts/test.sh                 # everything
#   bash scripts/test.sh build vitest    # only some steps (lint typecheck build vitest)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/systemd-user.sh"

export CI="${CI:-true}"
export NO_COLOR=1
exec </dev/null
cd "$REPO_ROOT"

VITEST_TIMEOUT="${VITEST_TIMEOUT:-70m}"
FAILED=()
SUMMARY=()

install_packages() {
  section "Debian packages"
  local missing
  missing="$(missing_packages supervisor /usr/bin/supervisord openssh-server /usr/sbin/sshd \
    chromium /usr/lib/chromium/chromium dbus /usr/bin/dbus-daemon \
    dbus-user-session /usr/lib/systemd/user/dbus.socket systemd /lib/systemd/systemd \
    prometheus /usr/bin/promtool \
    nginx /usr/sbin/nginx)"
  if [ -z "$missing" ]; then
    info "supervisor, openssh-server, chromium, dbus, systemd, prometheus (promtool), nginx are installed"
    return
  fi
  # shellcheck disable=SC2086
  missing="$(echo $missing)"
  is_root || die "missing Debian packages; as root run: apt-get install -y $missing"
  info "installing $missing"
  # shellcheck disable=SC2086
  apt_install $missing
}

start_services() {
  section "Services for the tests (journald, systemd --user, user D-Bus)"
  ensure_user_manager || warn "no systemd user manager: the systemd tests will report why they fail"
}

# Runs one named step, records its result and duration; never stops the script.
run_step() {
  local name="$1" start rc=0
  shift
  section "$name: $*"
  start="$(date +%s)"
  "$@" || rc=$?
  local took=$(($(date +%s) - start))
  if [ "$rc" -eq 0 ]; then
    SUMMARY+=("ok      $name (${took} s)")
  else
    SUMMARY+=("FAILED  $name (exit $rc, ${took} s)")
    FAILED+=("$name")
  fi
}

main() {
  local steps=("$@")
  [ "${#steps[@]}" -gt 0 ] || steps=(lint typecheck build vitest)
  install_packages
  section "npm packages"
  ensure_npm_deps
  start_services
  local step
  for step in "${steps[@]}"; do
    case "$step" in
      lint) run_step lint npx eslint . ;;
      typecheck) run_step typecheck npx tsc --noEmit ;;
      build) run_step build npm run build ;;
      vitest)
        mkdir -p "$REPO_ROOT/var"
        rm -f "$REPO_ROOT/var/vitest-report.json"
        run_step vitest timeout --kill-after=60s "$VITEST_TIMEOUT" npx vitest run \
          --reporter=default --reporter=json --outputFile.json="$REPO_ROOT/var/vitest-report.json"
        ;;
      *) die "unknown step '$step' (lint, typecheck, build, vitest)" ;;
    esac
  done
  section "Summary"
  printf '    %s\n' "${SUMMARY[@]}"
  local closing=""
  if [ -f "$REPO_ROOT/var/vitest-report.json" ] || [[ " ${steps[*]} " == *" vitest "* ]]; then
    closing="$(node "$REPO_ROOT/scripts/lib/vitest-summary.mjs" "$REPO_ROOT/var/vitest-report.json")"
  fi
  if [ "${#FAILED[@]}" -gt 0 ]; then
    printf '\nFAILED: %s\n' "${FAILED[*]}"
    [ -z "$closing" ] || printf '%s\n' "$closing"
    exit 1
  fi
  printf '\nAll steps passed.\n'
  [ -z "$closing" ] || printf '%s\n' "$closing"
}

main "$@"
