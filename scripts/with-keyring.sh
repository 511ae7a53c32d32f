#!/bin/sh
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring,
# so keytar reaches a real Secret Service without touching the user's own keyring.
# Usage: scripts/with-keyring.sh <cmd...>   (exit code of <cmd> is preserved)
set -u

if [ "$#" -eq 0 ]; then
  echo "usage: scripts/with-keyring.sh <command> [args...]" >&2
  exit 2
fi

if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  # Run anyway: keychain tests then fail loudly instead of being skipped.
  echo "keychain tests need: apt-get install dbus gnome-keyring libsecret-1-0" >&2
  exec "$@"
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spend-keyring.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir -p "$tmp/data" "$tmp/runtime" "$tmp/config" "$tmp/cache"
chmod 700 "$tmp" "$tmp/runtime"

# Keyring files go to $XDG_DATA_HOME/keyrings; sockets to $XDG_RUNTIME_DIR.
export XDG_DATA_HOME="$tmp/data"
export XDG_RUNTIME_DIR="$tmp/runtime"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_CACHE_HOME="$tmp/cache"
export SPEND_TEST_KEYRING_DIR="$tmp/data/keyrings"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL

# The keyring password only unlocks this throwaway keyring; it is random per run.
keyring_pw=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
export SPEND_KEYRING_PW="$keyring_pw"

# fd 3 keeps the caller's stderr for the command; dbus-daemon and gnome-keyring
# chatter (fd-limit warnings, env lines) goes to /dev/null.
# The daemon runs in the foreground as our child so we can stop it: a daemonised one
# outlives a short session.
dbus-run-session -- sh -c '
  printf %s "$SPEND_KEYRING_PW" | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  keyring_pid=$!
  unset SPEND_KEYRING_PW
  # Wait (up to 5 s) until it owns the Secret Service name; otherwise the first keytar
  # call would D-Bus-activate a second, locked daemon.
  if command -v dbus-send >/dev/null 2>&1; then
    tries=0
    until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; do
      tries=$((tries + 1))
      [ "$tries" -ge 100 ] && break
      sleep 0.05
    done
  else
    sleep 1
  fi
  "$@" 2>&3
  rc=$?
  kill "$keyring_pid" 2>/dev/null
  wait "$keyring_pid" 2>/dev/null
  exit "$rc"
' with-keyring "$@" 3>&2 2>/dev/null
rc=$?
exit "$rc"
