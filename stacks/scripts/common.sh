#!/bin/bash
# Helpers of the user-data scripts (web-app.sh, nginx-certbot.sh): the stacks insert this file into
# the user data before them, and they all run in one shell. cloud-init keeps their output in
# /var/log/cloud-init-output.log.
set -Eeuo pipefail
# What the scripts write must be readable by unprivileged services, whatever cloud-init's umask.
umask 022

log() { printf 'user-data: %s\n' "$*"; }
die() { printf 'user-data: error: %s\n' "$*" >&2; exit 1; }
# -E above: functions inherit this trap, so any failure names its line.
trap 'log "failed at line $LINENO: $BASH_COMMAND"' ERR

# Mirrors and the npm registry fail transiently while an instance boots: give them a few chances.
retry() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if "$@"; then return 0; fi
    log "attempt $attempt of '$*' failed"
    sleep $((attempt * 10))
  done
  die "giving up on: $*"
}

# DPkg::Lock::Timeout: on first boot apt-daily or unattended-upgrades often hold the dpkg lock.
apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -q "$@"; }

# write_file PATH MODE <content: atomic, so a crash never leaves a file half written.
write_file() {
  local path=$1 mode=$2 tmp
  tmp=$(mktemp "$path.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  mv -f "$tmp" "$path"
}
