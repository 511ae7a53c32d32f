#!/usr/bin/env bash
# The PostgreSQL cluster the test suite runs on: Debian's postgresql, a cluster of its own
# ("spend-test", port 54329, loopback only, TLS with a self-signed certificate for 127.0.0.1 and
# localhost), and a role that may create databases. Installs what is missing, starts what is stopped,
# and does nothing else when all of it is there already (about 0.1 s). Prints the role's URL last.
# Durability is off (fsync, synchronous_commit) and so is autovacuum: a test cluster is thrown away, never recovered.
set -euo pipefail

VERSION=15
CLUSTER=spend-test
PORT=${SPEND_TEST_PG_PORT:-54329}
ROLE=spend_test
# Differs from the role name, so tests can tell a leaked password from the user name.
PASSWORD=spend-test-pw-7f3a
CONF_DIR=/etc/postgresql/$VERSION/$CLUSTER

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
as_postgres() { $SUDO runuser -u postgres -- "$@"; }

if [ ! -x /usr/lib/postgresql/$VERSION/bin/postgres ] || ! command -v openssl >/dev/null 2>&1; then
  echo "installing: postgresql-$VERSION openssl" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "postgresql-$VERSION" postgresql-common openssl >/dev/null
fi

if ! pg_lsclusters -h | awk -v v=$VERSION -v c=$CLUSTER '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  # --start-conf=manual: the OS never starts it; this script (or CI) does.
  $SUDO pg_createcluster --port "$PORT" --start-conf=manual $VERSION $CLUSTER >/dev/null
fi

if [ ! -f "$CONF_DIR/server.crt" ]; then
  # The certificate is its own root: tests trust it with sslrootcert= to check verify-full.
  $SUDO openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$CONF_DIR/server.key" -out "$CONF_DIR/server.crt" >/dev/null 2>&1
  $SUDO chown postgres:postgres "$CONF_DIR/server.key" "$CONF_DIR/server.crt"
  $SUDO chmod 600 "$CONF_DIR/server.key"
  $SUDO chmod 644 "$CONF_DIR/server.crt"
fi

wanted="# Written by scripts/pg-test-cluster.sh
listen_addresses = '127.0.0.1'
port = $PORT
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
# No autovacuum worker on a test database: it would stop DROP DATABASE ... WITH (FORCE) (not ours to end).
autovacuum = off
ssl = on
ssl_cert_file = '$CONF_DIR/server.crt'
ssl_key_file = '$CONF_DIR/server.key'
"
conf="$CONF_DIR/conf.d/spend-test.conf"
changed=0
if [ "$(cat "$conf" 2>/dev/null)" != "$(printf %s "$wanted")" ]; then
  printf %s "$wanted" | $SUDO tee "$conf" >/dev/null
  changed=1
fi

status=$(pg_lsclusters -h | awk -v v=$VERSION -v c=$CLUSTER '$1 == v && $2 == c { print $4 }')
if [ "$status" != "online" ]; then
  $SUDO pg_ctlcluster $VERSION $CLUSTER start
elif [ "$changed" -eq 1 ]; then
  $SUDO pg_ctlcluster $VERSION $CLUSTER restart
fi

tries=0
until pg_isready -q -h 127.0.0.1 -p "$PORT"; do
  tries=$((tries + 1))
  [ "$tries" -ge 100 ] && { echo "PostgreSQL did not start on 127.0.0.1:$PORT" >&2; exit 1; }
  sleep 0.1
done

# Create the role, or set its password back to the one tests use.
as_postgres psql -p "$PORT" -q -v ON_ERROR_STOP=1 <<SQL
do \$\$ begin
  if not exists (select 1 from pg_roles where rolname = '$ROLE') then create role $ROLE login createdb; end if;
end \$\$;
alter role $ROLE login createdb password '$PASSWORD';
SQL

echo "PostgreSQL for tests: postgres://$ROLE@127.0.0.1:$PORT/postgres (password in tests/support/test-dialect.ts)"
