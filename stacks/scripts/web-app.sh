#!/bin/bash
# Installs the example web app as the systemd service converge-web on Ubuntu 24.04. Run as root
# by cloud-init from the user data, which sets before it (see stacks/elb-https.yaml):
#   APP_JS    the app's source (stacks/scripts/app.js, in a quoted heredoc), required
#   APP_PORT  the port to listen on, default 80 (nginx-certbot.yaml: 3000, behind nginx)
# Safe to run again: every step converges, and the service restarts to pick up changes.
set -Eeuo pipefail
declare -F write_file >/dev/null || { echo "web-app.sh: insert scripts/common.sh before this script" >&2; exit 1; }

app_dir=/opt/converge-web
app_user=converge-web
app_service=converge-web
app_port=${APP_PORT:-80}

[[ -n ${APP_JS:-} ]] || die "APP_JS is empty: the user data must put the app's source into APP_JS before this script"
if ! [[ $app_port =~ ^[1-9][0-9]{0,4}$ ]] || ((app_port > 65535)); then
  die "APP_PORT '$app_port' is not a port number"
fi
# cloud-init may run this without HOME; npm keeps its cache there.
export HOME=${HOME:-/root}

log "installing Node.js and npm"
retry apt_get update
retry apt_get install --no-install-recommends nodejs npm

if ! id -u "$app_user" >/dev/null 2>&1; then
  log "creating system user $app_user"
  useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin "$app_user"
fi

# The app's files stay owned by root: the service can read them but not change them.
log "writing the app to $app_dir"
install -d -m 0755 "$app_dir"
printf '%s' "$APP_JS" | write_file "$app_dir/app.js" 0644
if [[ ! -f $app_dir/package.json ]]; then
  # npm adds the dependency below; private: true keeps it from warning about publishing fields.
  write_file "$app_dir/package.json" 0644 <<'JSON'
{
  "name": "converge-web",
  "description": "The Converge example web app",
  "private": true,
  "main": "app.js"
}
JSON
fi
(cd "$app_dir" && retry npm install --omit=dev --no-audit --no-fund --no-update-notifier express@4)

# A port below 1024 needs CAP_NET_BIND_SERVICE: that capability only, and none on a high port.
if ((app_port < 1024)); then
  capabilities=$'AmbientCapabilities=CAP_NET_BIND_SERVICE\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE'
else
  capabilities='CapabilityBoundingSet='
fi

log "installing the $app_service service on port $app_port"
write_file "/etc/systemd/system/$app_service.service" 0644 <<UNIT
[Unit]
Description=Converge example web app
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=$app_user
Group=$app_user
WorkingDirectory=$app_dir
Environment=PORT=$app_port
Environment=NODE_ENV=production
ExecStart=/usr/bin/node $app_dir/app.js
$capabilities
NoNewPrivileges=true
ProtectSystem=strict
ProtectHome=true
PrivateTmp=true
Restart=on-failure
RestartSec=2

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable "$app_service"
# restart, not start: a rerun must pick up a changed app or unit.
systemctl restart "$app_service"

# Fail visibly (cloud-init reports it) rather than leave an instance that never turns healthy.
app_healthy=false
for _ in {1..30}; do
  if curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$app_port/health"; then
    app_healthy=true
    break
  fi
  sleep 1
done
$app_healthy || die "the app does not answer http://127.0.0.1:$app_port/health after 30 s; see: journalctl -u $app_service"
log "the app answers on port $app_port"
