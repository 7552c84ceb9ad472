#!/usr/bin/env bash
# Installs SyncEvolution's own SyncML server (the peer of scenario 7/8) when it is missing.
# Debian packages per ../../shared/TESTING.md: syncevolution-http syncevolution-dbus python3-twisted dbus.
set -euo pipefail
packages=(syncevolution-http syncevolution-dbus python3-twisted dbus)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]} > 0)); then
  echo "[bench] installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
fi
