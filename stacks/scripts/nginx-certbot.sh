#!/bin/bash
# User data of stacks/nginx-certbot.yaml (Amazon Linux 2023, run as root by cloud-init on first
# boot): nginx serving a placeholder page, then a Let's Encrypt certificate from certbot with
# HTTP redirected to HTTPS, renewed by a systemd timer.
#
# Inputs, from the prelude the stack writes before this file:
#   DOMAIN  the name the site is served at (an A record pointing at this instance's Elastic IP)
#   EMAIL   where Let's Encrypt sends expiry notices
#
# Rule for editing this file: do not write a dollar sign followed by an opening brace anywhere in
# it (use $VAR, not the braced form). Converge inserts file() contents verbatim, but the same text
# is often pasted inline into a stack's userData, where that sequence starts a Converge expression.
# Do not "escape" it as $$ + brace here either: in a file that reaches bash unchanged, bash would
# read $$ (its process id) followed by a brace. UserDataScriptsTest enforces the rule.
#
# Safe to run again: every step checks or converges (dnf, venv, config files, certbot keeps a
# certificate that is not due for renewal).
set -euo pipefail

log() { echo "nginx-certbot: $(date -u +%H:%M:%SZ) $*"; }
die() { log "ERROR: $*" >&2; exit 1; }

# Runs a command up to 3 times, 15 s apart: a package mirror or PyPI hiccup at boot should not
# leave the instance half set up.
retry() {
  local attempt
  for attempt in 1 2 3; do
    "$@" && return 0
    log "attempt $attempt of 3 failed: $*"
    ((attempt < 3)) && sleep 15
  done
  return 1
}

# --- inputs ---------------------------------------------------------------------------------------
[[ -v DOMAIN && -n $DOMAIN ]] || die "DOMAIN is not set: the stack's user data must export it before this script"
[[ -v EMAIL && -n $EMAIL ]] || die "EMAIL is not set: the stack's user data must export it before this script"
# Both end up in nginx configuration and certbot arguments: accept only what they can safely hold.
domain_pattern='^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$'
email_pattern='^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$'
[[ $DOMAIN =~ $domain_pattern ]] || die "DOMAIN '$DOMAIN' is not a lower-case DNS name"
[[ $EMAIL =~ $email_pattern ]] || die "EMAIL '$EMAIL' is not an e-mail address"

# How long to wait for DNS before giving up. The record is created after the Elastic IP is
# associated, which happens after the instance is running: usually a minute or two.
readonly DNS_WAIT_SECONDS=1800 DNS_POLL_SECONDS=15
readonly WEB_ROOT=/var/www/converge
readonly CERTBOT_VENV=/opt/certbot
readonly IMDS=http://169.254.169.254

# --- packages -------------------------------------------------------------------------------------
# nginx serves the site; python3 + augeas-libs are what certbot's pip instructions require;
# bind-utils brings dig, to ask the zone's own name servers (see wait_for_dns).
log "installing nginx and certbot prerequisites"
retry dnf install -y -q nginx python3 augeas-libs bind-utils

# --- placeholder site -----------------------------------------------------------------------------
# A server block named after the domain: certbot --nginx finds it by server_name and adds the TLS
# listener and the redirect to it. AL2023's nginx.conf keeps its own catch-all server for other names.
install -d -m 0755 "$WEB_ROOT"
# Only if absent: the page says to replace it, and a second run must not undo that.
if [[ ! -e $WEB_ROOT/index.html ]]; then
  cat >"$WEB_ROOT/index.html" <<HTML
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>$DOMAIN</title></head>
<body>
<h1>$DOMAIN</h1>
<p>Served by nginx on Amazon Linux 2023, set up by Converge. Replace this page with your site.</p>
</body>
</html>
HTML
  chmod 0644 "$WEB_ROOT/index.html"
fi

site_conf=/etc/nginx/conf.d/converge-site.conf
# certbot edits this file when it installs the certificate: write it only the first time, so a
# second run does not undo the HTTPS configuration.
if [[ ! -e $site_conf ]]; then
  cat >"$site_conf" <<NGINX
server {
    listen 80;
    listen [::]:80;
    server_name $DOMAIN;
    root $WEB_ROOT;
    index index.html;

    location / {
        try_files \$uri \$uri/ =404;
    }
}
NGINX
  chmod 0644 "$site_conf"
  log "wrote $site_conf"
fi

nginx -t
systemctl enable nginx.service
systemctl reload-or-restart nginx.service  # starts it on the first run, reloads it on later ones
log "nginx serves the placeholder page for $DOMAIN on port 80"

# --- certbot --------------------------------------------------------------------------------------
# AL2023 has no certbot package: certbot's documented method there is pip in a dedicated venv, which
# keeps its dependencies apart from the system's Python.
if [[ ! -x $CERTBOT_VENV/bin/pip ]]; then
  python3 -m venv "$CERTBOT_VENV"
fi
retry "$CERTBOT_VENV/bin/pip" install --quiet --upgrade pip
retry "$CERTBOT_VENV/bin/pip" install --quiet --upgrade certbot certbot-nginx
ln -sf "$CERTBOT_VENV/bin/certbot" /usr/bin/certbot
log "$("$CERTBOT_VENV/bin/certbot" --version 2>&1) installed in $CERTBOT_VENV"

# --- wait for DNS ---------------------------------------------------------------------------------
# This instance's public address, asked fresh each time: it changes from the launch address to the
# Elastic IP when the stack associates it. IMDSv2: a session token first (the stacks require v2).
public_ip() {
  local token
  token=$(curl -fsS -m 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' "$IMDS/latest/api/token") || return 1
  curl -fsS -m 2 -H "X-aws-ec2-metadata-token: $token" "$IMDS/latest/meta-data/public-ipv4"
}

# The name servers of the zone holding DOMAIN: the closest enclosing name that has NS records.
# (Answer lines are "name ttl class type target"; a CNAME answer is not a delegation.)
authoritative_servers() {
  local name=$DOMAIN servers
  while [[ $name == *.* ]]; do
    servers=$(dig +noall +answer +time=2 +tries=1 NS "$name" |
      while read -r _ _ _ type target; do [[ $type == NS ]] && echo "$target"; done) || true
    if [[ -n $servers ]]; then
      echo "$servers"
      return 0
    fi
    name=$(cut -d. -f2- <<<"$name")
  done
  return 1
}

# True once every authoritative server answers DOMAIN with exactly this instance's address. The
# zone's servers are asked directly because a resolver asked before the record existed (the VPC's,
# or systemd-resolved's) keeps answering "no such name" for the zone's negative-caching time: 15
# minutes with Route 53's default SOA. They are also what Let's Encrypt's validation relies on.
dns_points_here() {
  local ip=$1 servers server answer
  servers=$(authoritative_servers) || return 1
  for server in $servers; do
    answer=$(dig +short +time=2 +tries=1 A "$DOMAIN" "@$server" | grep -E '^[0-9.]+$' | sort -u) || return 1
    [[ $answer == "$ip" ]] || return 1
  done
}

wait_for_dns() {
  local started=$SECONDS ip
  while true; do
    ip=$(public_ip) || ip="no public address yet"
    if [[ $ip =~ ^[0-9.]+$ ]] && dns_points_here "$ip"; then
      log "$DOMAIN resolves to this instance ($ip) on every authoritative name server"
      return 0
    fi
    if ((SECONDS - started >= DNS_WAIT_SECONDS)); then
      return 1
    fi
    log "waiting for $DOMAIN to resolve to this instance's address ($ip)" \
      "($((SECONDS - started)) s so far, giving up after $DNS_WAIT_SECONDS s)"
    sleep "$DNS_POLL_SECONDS"
  done
}

wait_for_dns || die "$DOMAIN did not resolve to this instance within $DNS_WAIT_SECONDS s;" \
  "once it does, run the user data again: sudo bash /var/lib/cloud/instance/user-data.txt"

# --- certificate ----------------------------------------------------------------------------------
# HTTP-01 through nginx; --redirect makes port 80 answer with a redirect to HTTPS. A few attempts,
# minutes apart, in case Let's Encrypt's resolvers still hold an older answer; the count stays below
# Let's Encrypt's limit of 5 failed validations per hostname per hour.
obtain_certificate() {
  "$CERTBOT_VENV/bin/certbot" --nginx --non-interactive --agree-tos --no-eff-email \
    --email "$EMAIL" --domains "$DOMAIN" --redirect --keep-until-expiring
}
attempt=1
until obtain_certificate; do
  ((attempt < 3)) || die "certbot could not obtain a certificate for $DOMAIN (see /var/log/letsencrypt/letsencrypt.log)"
  log "certbot attempt $attempt failed; retrying in 2 minutes"
  attempt=$((attempt + 1))
  sleep 120
done
log "https://$DOMAIN/ is served with a Let's Encrypt certificate"

# --- renewal --------------------------------------------------------------------------------------
# AL2023 has no cron. Twice a day with up to an hour of random delay, as certbot's instructions
# schedule it, so that not every client hits Let's Encrypt at the same second (the delay is
# systemd's, hence --no-random-sleep-on-renew); Persistent catches up on a run missed while the
# instance was stopped. certbot renews only certificates close to expiry and reloads nginx itself.
# Named converge-* so it cannot collide with the units of a distribution certbot package.
cat >/etc/systemd/system/converge-certbot-renew.service <<UNIT
[Unit]
Description=Renew Let's Encrypt certificates with certbot
Wants=network-online.target
After=network-online.target

[Service]
Type=oneshot
ExecStart=$CERTBOT_VENV/bin/certbot renew --quiet --no-random-sleep-on-renew
UNIT

cat >/etc/systemd/system/converge-certbot-renew.timer <<'UNIT'
[Unit]
Description=Renew Let's Encrypt certificates twice a day

[Timer]
OnCalendar=*-*-* 00,12:00:00
RandomizedDelaySec=1h
Persistent=true

[Install]
WantedBy=timers.target
UNIT

systemctl daemon-reload
systemctl enable --now converge-certbot-renew.timer
log "renewal timer installed: systemctl list-timers converge-certbot-renew.timer"
