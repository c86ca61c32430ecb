#!/usr/bin/env bash
# The search bench on SQLite and on a throwaway PostgreSQL (started here on a loopback port, removed afterwards):
#   bench/search-postgres.sh [search bench options, e.g. --reuse]
set -euo pipefail
cd "$(dirname "$0")/.."
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "${pgbin:-/nonexistent}/initdb" ] || { echo "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }
ls /usr/share/postgresql/*/extension/rum.control >/dev/null 2>&1 || echo "Note: the rum extension is not installed (postgresql-NN-rum): titles are searched without their ordered index"
work=$(mktemp -d /tmp/foyer-searchbench-pg.XXXXXX)
chown postgres "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
stop() { runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap stop EXIT
runuser -u postgres -- "$pgbin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/data" -l "$work/pg.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c shared_buffers=512MB -c max_connections=100" start >/dev/null
dotnet build -c Release bench/Foyer.Bench -v quiet -nologo >/dev/null
dotnet run -c Release --no-build --project bench/Foyer.Bench -- search \
  --postgres "Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Maximum Pool Size=40" "$@"
