#!/bin/bash
# User data of the web instances of stacks/elb-https.yaml (Amazon Linux 2023, run as root by
# cloud-init on first boot). It installs a small web app that the load balancer forwards to:
#   GET /health -> 200 "ok"   (the target group's health check)
#   GET /       -> 200 HTML page naming this instance and its availability zone
#   anything else -> 404
# The app needs nothing beyond AL2023's python3 and its standard library, so boot does not depend
# on a package mirror being reachable.
#
# Rule for editing this file: do not write a dollar sign followed by an opening brace anywhere in
# it (use $VAR, not the braced form). Converge inserts file() contents verbatim, but the same text
# is often pasted inline into a stack's userData, where that sequence starts a Converge expression.
# Do not "escape" it as $$ + brace here either: in a file that reaches bash unchanged, bash would
# read $$ (its process id) followed by a brace. UserDataScriptsTest enforces the rule.
#
# Safe to run again (e.g. by hand while debugging): files are replaced only when their content
# differs, and the service is restarted only when something changed.
set -euo pipefail

readonly APP_USER=converge-web
readonly APP_DIR=/opt/converge-web
readonly UNIT=/etc/systemd/system/converge-web.service

log() { echo "web-app: $*"; }

changed=0

# Writes stdin to $1 with mode $2, replacing the file only if the content differs; the rename is
# atomic, so a running service never reads a half-written file. (sha256sum, not cmp: coreutils is
# on every image, diffutils is not guaranteed.)
install_if_changed() {
  local dest=$1 mode=$2 tmp
  tmp=$(mktemp "$dest.XXXXXX")
  cat >"$tmp"
  chmod "$mode" "$tmp"
  if [[ -f $dest && $(sha256sum <"$tmp") == "$(sha256sum <"$dest")" ]]; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$dest"
    changed=1
    log "wrote $dest"
  fi
}

# A system account without a shell or home: the app needs no privileges except binding port 80,
# which systemd grants it as an ambient capability below.
if ! id -u "$APP_USER" >/dev/null 2>&1; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /sbin/nologin "$APP_USER"
  log "created user $APP_USER"
fi

# Owned by root and read-only for the app: a compromised app cannot rewrite itself.
install -d -m 0755 -o root -g root "$APP_DIR"

# The app. Kept compatible with AL2023's Python 3.9. The port and the metadata endpoint can be
# overridden through the environment (the tests run it on a free port with no metadata service).
install_if_changed "$APP_DIR/app.py" 0644 <<'PYTHON'
"""converge-web: the demo app behind the load balancer of the elb-https stack."""
import html
import os
import sys
import urllib.request
from http.client import HTTPException
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PORT = int(os.environ.get("CONVERGE_WEB_PORT", "80"))
IMDS = os.environ.get("CONVERGE_WEB_IMDS", "http://169.254.169.254").rstrip("/")
# Short on purpose: off EC2 (or with the metadata service disabled) the page must still come up
# fast and say "unknown" instead of delaying the first health check.
IMDS_TIMEOUT_SECONDS = 1.0


def instance_metadata():
    """Instance id and availability zone via IMDSv2 (session token first; the stacks require v2)."""
    try:
        token_request = urllib.request.Request(
            IMDS + "/latest/api/token", method="PUT",
            headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"})
        with urllib.request.urlopen(token_request, timeout=IMDS_TIMEOUT_SECONDS) as response:
            token = response.read().decode("ascii").strip()

        def get(path):
            request = urllib.request.Request(
                IMDS + "/latest/meta-data/" + path,
                headers={"X-aws-ec2-metadata-token": token})
            with urllib.request.urlopen(request, timeout=IMDS_TIMEOUT_SECONDS) as response:
                return response.read().decode("utf-8").strip()

        return get("instance-id"), get("placement/availability-zone")
    # URLError, HTTPError and timeouts are OSErrors; HTTPException covers a garbled response.
    except (OSError, ValueError, HTTPException) as error:
        print("instance metadata unavailable: %s" % error, file=sys.stderr, flush=True)
        return "unknown", "unknown"


PAGE_TEMPLATE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>converge-web</title></head>
<body>
<h1>Hello from converge-web</h1>
<p>Served by instance <code>{instance}</code> in availability zone <code>{zone}</code>.</p>
</body>
</html>
"""


class Handler(BaseHTTPRequestHandler):
    # Keep-alive: the load balancer reuses its connections to targets. Safe because every
    # response below carries a Content-Length.
    protocol_version = "HTTP/1.1"
    page = b""

    def version_string(self):
        return "converge-web"  # not the default, which advertises the Python version

    def do_GET(self):
        self.respond(include_body=True)

    def do_HEAD(self):
        self.respond(include_body=False)

    def respond(self, include_body):
        path = urlsplit(self.path).path
        if path == "/health":
            status, content_type, body = 200, "text/plain; charset=utf-8", b"ok\n"
        elif path == "/":
            status, content_type, body = 200, "text/html; charset=utf-8", self.page
        else:
            status, content_type, body = 404, "text/plain; charset=utf-8", b"not found\n"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if include_body:
            self.wfile.write(body)

    def log_message(self, format, *args):
        # journald stamps every line itself; keep just who asked what.
        print("%s %s" % (self.address_string(), format % args), file=sys.stderr, flush=True)


def main():
    instance, zone = instance_metadata()
    Handler.page = PAGE_TEMPLATE.format(
        instance=html.escape(instance), zone=html.escape(zone)).encode("utf-8")
    server = ThreadingHTTPServer(("", PORT), Handler)
    server.daemon_threads = True
    print("converge-web listening on port %d (instance %s, zone %s)" % (server.server_address[1], instance, zone),
          file=sys.stderr, flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
PYTHON

# The service: an unprivileged user with exactly one capability (binding a port below 1024),
# output to journald (journalctl -u converge-web), restarted if it crashes.
install_if_changed "$UNIT" 0644 <<SERVICE
[Unit]
Description=converge-web demo app (elb-https stack)
Wants=network-online.target
After=network-online.target
# Keep restarting however often it fails: an instance whose app gave up is just an unhealthy target.
StartLimitIntervalSec=0

[Service]
User=$APP_USER
Group=$APP_USER
ExecStart=/usr/bin/python3 $APP_DIR/app.py
Environment=PYTHONUNBUFFERED=1
AmbientCapabilities=CAP_NET_BIND_SERVICE
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
NoNewPrivileges=yes
ProtectSystem=strict
ProtectHome=yes
PrivateTmp=yes
StandardOutput=journal
StandardError=journal
SyslogIdentifier=converge-web
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
SERVICE

systemctl daemon-reload
systemctl enable converge-web.service
if [[ $changed -eq 1 ]]; then
  systemctl restart converge-web.service
  log "converge-web (re)started"
else
  systemctl start converge-web.service
  log "converge-web unchanged; ensured it is running"
fi
