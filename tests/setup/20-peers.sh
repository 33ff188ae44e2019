# Sourced by tests/run.sh. Installs the SMTP test peers: the npm packages of tests/node (smtp-server,
# mailparser, nodemailer, @sendgrid/eventwebhook) and Debian's python3-aiosmtpd, the second SMTP server.
# Idempotent and quick when everything is present; the tests start the servers themselves.
peers_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
fi

# npm ci only when the lock file changed since the last install (npm records it in node_modules).
if [ ! -f "$peers_root/node/node_modules/.package-lock.json" ] \
   || [ "$peers_root/node/package-lock.json" -nt "$peers_root/node/node_modules/.package-lock.json" ]; then
  (cd "$peers_root/node" && npm ci --no-audit --no-fund --loglevel=error)
fi

# aiosmtpd runs under Debian's interpreter, which may differ from a python3 earlier on PATH.
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq python3-aiosmtpd >/dev/null
fi

export NOTIFY_NODE_MODULES="$peers_root/node/node_modules"
export NOTIFY_AIOSMTPD_PYTHON=/usr/bin/python3
