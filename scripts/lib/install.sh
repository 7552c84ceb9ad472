# `stack.sh install`: Debian packages the stack needs (installed only when missing) and the
# SyncEvolution LD_PRELOAD fix built from scripts/syncevolution-curl-fix.c.
# shellcheck shell=bash

STACK_PACKAGES=(
  syncevolution syncevolution-libs libwbxml2-utils gcc libc6-dev
  dovecot-imapd dovecot-lmtpd radicale redis-server postfix curl iproute2
)

package_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing_packages() {
  local pkg
  for pkg in "${STACK_PACKAGES[@]}"; do
    package_installed "$pkg" || printf '%s\n' "$pkg"
  done
}

# Postfix asks how to configure the system MTA; answer "No configuration" so nothing is
# written to /etc/postfix or started: the stack runs its own instance (-c) under STACK_DIR.
preseed_postfix() {
  debconf-set-selections <<'PRESEED'
postfix postfix/main_mailer_type select No configuration
postfix postfix/mailname string localhost
PRESEED
}

install_packages() {
  local -a missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  ((EUID == 0)) || die "missing packages (${missing[*]}); run 'stack.sh install' as root"
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  preseed_postfix
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

preload_source() { printf '%s/scripts/syncevolution-curl-fix.c' "$REPO_DIR"; }
preload_path() { printf '%s/build/syncevolution-curl-fix.so' "$STACK_DIR"; }

# build_preload: (re)builds the .so when it is missing or older than its source.
build_preload() {
  local src out
  src=$(preload_source)
  out=$(preload_path)
  if [[ -f "$out" && "$out" -nt "$src" ]]; then
    return 0
  fi
  mkdir -p "$(dirname "$out")"
  log "building $out"
  gcc -shared -fPIC -O2 -Wall -Wextra -o "$out.tmp" "$src" -ldl
  mv -f "$out.tmp" "$out"
}

install_needed() {
  [[ -n "$(missing_packages)" ]] && return 0
  [[ ! -f "$(preload_path)" || "$(preload_source)" -nt "$(preload_path)" ]]
}

cmd_install() {
  install_packages
  build_preload
}
