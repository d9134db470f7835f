#!/usr/bin/env bash
# Installs what the tests need and is missing. The tests start their own private servers (PostgreSQL via
# initdb/pg_ctl on a free port, Dovecot, Postfix as a relay in front of the SMTP listener, DNS, SMTP and HTTPS servers of
# their own, Chromium for the dashboard, and sys4's tlsrpt-reporter from ../shared/vendor with python3, curl and
# libfaketime, and Caddy in front of the MTA-STS policy host); this script only makes sure the Debian packages that carry those binaries are there (as root, as on a
# fresh machine).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v python3 >/dev/null || missing+=(python3)
command -v curl >/dev/null || missing+=(curl)
ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || missing+=(faketime)
[ -x /usr/sbin/postfix ] || missing+=(postfix)
# Caddy: the TLS front of the hosted MTA-STS policy host (on-demand certificates from its internal CA).
command -v caddy >/dev/null || missing+=(caddy)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  apt-get update -qq
  # Postfix without a system instance: the tests run their own, with a private configuration directory.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
