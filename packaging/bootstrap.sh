#!/usr/bin/env bash
# Installs every Debian package warroom needs to build, test and run.
# Idempotent: only calls apt-get when something is missing. Works as root
# or through sudo. Set WARROOM_BOOTSTRAP_SKIP=1 to skip (e.g. packaging).
set -euo pipefail

if [ "${WARROOM_BOOTSTRAP_SKIP:-0}" = "1" ]; then
    exit 0
fi

PACKAGES=(
    # build
    build-essential cmake ninja-build pkg-config git clang-format
    # Qt 6.4 (Debian 12)
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-charts-dev
    qt6-httpserver-dev libqt6sql6-sqlite libqt6sql6-psql
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6svg6 libqt6opengl6-dev qtkeychain-qt6-dev
    libgl-dev libvulkan-dev libxkbcommon-dev
    # other libraries
    libyaml-cpp-dev libhiredis-dev libssl-dev libcurl4-openssl-dev libjemalloc-dev
    # execution
    ansible ansible-lint bubblewrap
    # test peers and tools
    redis-server postgresql prometheus-alertmanager xvfb xauth
    openssl curl procps python3 poppler-utils
    # the token in a real keyring (tst_keyring): libsecret for QtKeychain, a GNOME keyring in a private D-Bus session
    libsecret-1-0 gnome-keyring dbus-daemon
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "bootstrap: all ${#PACKAGES[@]} packages present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "bootstrap: missing packages (${missing[*]}) and not root, no sudo" >&2
        exit 1
    fi
fi

echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian starts these on install; tests start their own instances.
for svc in redis-server prometheus-alertmanager; do
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$svc" 2>/dev/null; then
        $SUDO systemctl stop "$svc" || true
    fi
done
echo "bootstrap: done"
