#!/bin/sh
# Runs a test inside a private D-Bus session with its own unlocked GNOME
# keyring (the Secret Service QtKeychain speaks through libsecret), in a
# throw-away home: the test never touches the user's keyring.
# Usage: dbus-run-session -- sh with_keyring.sh TEST [ARGS...]
set -eu
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache"
export XDG_RUNTIME_DIR="$home/run"
mkdir -p -m 700 "$XDG_RUNTIME_DIR"
# A login keyring with a password from stdin, unlocked, serving org.freedesktop.secrets.
eval "$(printf 'warroom-test' | gnome-keyring-daemon --unlock --components=secrets --daemonize)"
export GNOME_KEYRING_CONTROL
"$@"
