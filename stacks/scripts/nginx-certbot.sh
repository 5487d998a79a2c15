#!/bin/bash
# nginx in front of the example app, with a Let's Encrypt certificate from certbot, on Ubuntu 24.04.
# Run as root by cloud-init from the nginx-certbot stack's user data, after web-app.sh has started
# the app on APP_PORT (default 3000). DOMAIN and EMAIL are required. Safe to run again.
# The Elastic IP and the DNS record are created after boot: the certificate is requested only once
# DOMAIN resolves here, or Let's Encrypt's challenge would fail and count against its rate limits.
set -Eeuo pipefail
declare -F write_file >/dev/null || { echo "nginx-certbot.sh: insert scripts/common.sh before this script" >&2; exit 1; }

[[ -n ${DOMAIN:-} ]] || die "DOMAIN is not set: export DOMAIN=www.example.com (the name to serve) before this script"
[[ -n ${EMAIL:-} ]] || die "EMAIL is not set: export EMAIL=you@example.com (for Let's Encrypt expiry notices) before this script"
domain_pattern='^([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$'
[[ $DOMAIN =~ $domain_pattern ]] || die "DOMAIN '$DOMAIN' is not a lower-case DNS name"
upstream_port=${APP_PORT:-3000}
[[ $upstream_port =~ ^[1-9][0-9]{0,4}$ ]] || die "APP_PORT '$upstream_port' is not a port number"

site=/etc/nginx/sites-available/converge-web
certificate=/etc/letsencrypt/live/$DOMAIN/fullchain.pem
dns_wait_seconds=1800

# ---- instance metadata (IMDSv2) and DNS

imds() {
  local token
  token=$(curl -fsS --max-time 2 -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' \
    http://169.254.169.254/latest/api/token) || return 1
  curl -fsS --max-time 2 -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1"
}

# The name servers of the zone that holds $1: the closest enclosing name that has NS records.
authoritative_name_servers() {
  local name=$1 servers
  while [[ $name == *.* ]]; do
    servers=$(dig +noall +answer +time=3 +tries=2 NS "$name" | awk '$4 == "NS" { print $5 }') || true
    if [[ -n $servers ]]; then
      printf '%s\n' "$servers"
      return 0
    fi
    name=${name#*.}
  done
  return 1
}

# True when every authoritative name server answers DOMAIN with address $1. Asked directly: a
# resolver asked before the record existed caches "no such name" (15 min on Route 53).
domain_points_to() {
  local address=$1 server answers
  local -a servers
  mapfile -t servers < <(authoritative_name_servers "$DOMAIN" || true)
  if ((${#servers[@]} == 0)); then
    answers=$(dig +short +time=3 +tries=2 A "$DOMAIN") || return 1
    grep -qxF -- "$address" <<<"$answers"
    return
  fi
  for server in "${servers[@]}"; do
    answers=$(dig +short +norecurse +time=3 +tries=2 A "$DOMAIN" "@$server") || return 1
    grep -qxF -- "$address" <<<"$answers" || return 1
  done
}

# Polls every 10 s, logs each minute, gives up after dns_wait_seconds. The public address is read
# each time: it changes when the Elastic IP is associated.
wait_for_dns() {
  local deadline=$((SECONDS + dns_wait_seconds)) next_log=$SECONDS address
  while true; do
    address=$(imds public-ipv4 2>/dev/null) || address=''
    if [[ -n $address ]] && domain_points_to "$address"; then
      log "$DOMAIN resolves to this instance ($address)"
      return 0
    fi
    if ((SECONDS >= deadline)); then
      return 1
    fi
    if ((SECONDS >= next_log)); then
      log "waiting for $DOMAIN to resolve to this instance's public address (${address:-none yet});" \
        "$(((deadline - SECONDS + 59) / 60)) min left"
      next_log=$((SECONDS + 60))
    fi
    sleep 10
  done
}

# ---- nginx

log "installing nginx and certbot"
retry apt_get update
retry apt_get install --no-install-recommends nginx certbot python3-certbot-nginx bind9-dnsutils curl

# Plain HTTP first, serving the app while the certificate is pending; certbot then adds HTTPS and
# the redirect. A rerun rewrites the file and certbot reinstalls the certificate it has
# (--keep-until-expiring), so every run ends in the same state.
log "configuring nginx for $DOMAIN"
write_file "$site" 0644 <<NGINX
server {
    listen 80;
    listen [::]:80;
    server_name $DOMAIN;

    location / {
        proxy_pass http://localhost:$upstream_port;
        proxy_http_version 1.1;
        proxy_set_header Host \$host;
        proxy_set_header X-Real-IP \$remote_addr;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto \$scheme;
    }
}
NGINX
ln -sfn "$site" /etc/nginx/sites-enabled/converge-web
# The distribution's welcome page would otherwise answer requests by address.
rm -f /etc/nginx/sites-enabled/default
nginx -t
systemctl enable nginx
systemctl reload-or-restart nginx

# ---- certificate

# An existing certificate is only reinstalled (no ACME request): no DNS to wait for.
if [[ ! -f $certificate ]]; then
  log "waiting up to $((dns_wait_seconds / 60)) min for $DOMAIN to point at this instance"
  wait_for_dns || die "$DOMAIN does not resolve to this instance after $((dns_wait_seconds / 60)) min;" \
    "the site is served over HTTP only. Once DNS is right, run the user data again:" \
    "sudo bash /var/lib/cloud/instance/user-data.txt"
fi
certbot --nginx -d "$DOMAIN" --non-interactive --agree-tos -m "$EMAIL" --redirect --keep-until-expiring

# Ubuntu's certbot renews through this timer; the nginx plugin reloads nginx after a renewal.
systemctl enable --now certbot.timer
log "https://$DOMAIN/ is served with a Let's Encrypt certificate"
