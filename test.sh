#!/usr/bin/env bash
# The one test command: installs what is missing, starts a throwaway PostgreSQL on loopback, runs every test
# project, stops what it started (also on failure) and ends with "N passed, N failed". A throwaway Redis too.
set -uo pipefail
cd "$(dirname "$0")"
root=$(pwd)
work=$(mktemp -d /tmp/foyer-test.XXXXXX)
chmod 755 "$work"
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

need=()
[ -x "${pgbin:-/nonexistent}/initdb" ] || need+=(postgresql)
command -v chromium >/dev/null || need+=(chromium)
command -v redis-server >/dev/null || need+=(redis-server)
command -v dovecot >/dev/null || need+=(dovecot-imapd)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null || { echo "apt-get install failed"; exit 1; }
  pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
# The rum extension (an ordered index of titles for the search; Foyer runs without it, the tests check it is used).
pgmajor=$(basename "$(dirname "$pgbin")")
if [ ! -f "/usr/share/postgresql/$pgmajor/extension/rum.control" ]; then
  echo "Installing: postgresql-$pgmajor-rum"
  export DEBIAN_FRONTEND=noninteractive
  { apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "postgresql-$pgmajor-rum" >/dev/null; } || { echo "apt-get install postgresql-$pgmajor-rum failed"; exit 1; }
fi

cleanup() {
  if [ -f "$work/dovecot/run/master.pid" ]; then
    kill "$(cat "$work/dovecot/run/master.pid")" 2>/dev/null
  fi
  if [ -f "$work/redis.pid" ]; then
    kill "$(cat "$work/redis.pid")" 2>/dev/null
  fi
  if [ -f "$work/pg/postmaster.pid" ]; then
    runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1
  fi
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pgport=$(free_port)
mkdir -p "$work/pg" "$work/sock" && chown postgres "$work/pg" "$work/sock"
runuser -u postgres -- "$pgbin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null || { echo "initdb failed"; exit 1; }
runuser -u postgres -- "$pgbin/pg_ctl" -D "$work/pg" -l "$work/sock/pg.log" -w \
  -o "-p $pgport -c listen_addresses=127.0.0.1 -k $work/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { echo "PostgreSQL did not start"; cat "$work/sock/pg.log"; exit 1; }
export FOYER_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=40"
export FOYER_CHROMIUM=$(command -v chromium)
# A throwaway Redis for the live-update tests across two app nodes.
redisport=$(free_port)
redis-server --port "$redisport" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --pidfile "$work/redis.pid" \
  --logfile "$work/sock/redis.log" >/dev/null || { echo "Redis did not start"; exit 1; }
for _ in $(seq 50); do [ -f "$work/redis.pid" ] && break; sleep 0.1; done
export FOYER_TEST_REDIS="127.0.0.1:$redisport"
# A throwaway IMAP server (Dovecot, one static test login) for the mailbox-polling tests.
imapport=$(free_port)
mkdir -p "$work/dovecot/run" "$work/dovecot/home" && chown dovecot:dovecot "$work/dovecot/home"
cat > "$work/dovecot/dovecot.conf" <<CONF
base_dir = $work/dovecot/run
state_dir = $work/dovecot/run/state
log_path = $work/dovecot/dovecot.log
listen = 127.0.0.1
protocols = imap
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = 1
mail_location = maildir:$work/dovecot/home/%u/Maildir
passdb {
  driver = static
  args = password=foyer-imap-test
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$work/dovecot/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = $imapport
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
CONF
dovecot -c "$work/dovecot/dovecot.conf" </dev/null >/dev/null 2>&1 || { echo "Dovecot did not start"; exit 1; }
export FOYER_TEST_IMAP="127.0.0.1:$imapport"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet tool restore >/dev/null || { echo "dotnet tool restore failed"; exit 1; }
dotnet build Foyer.slnx -c Release -v quiet -nologo || { echo "0 passed, 1 failed"; exit 1; }

results="$work/results"
status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --logger "trx;LogFileName=$name.trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" || status=1
done

read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
print(passed, failed)
PY
)
# Figures the tests report (search quality per database), for the CI log.
grep -hoE "search quality \([A-Za-z]+\): [^<&]*" "$results"/*.trx 2>/dev/null | sort -u || true
if [ "${passed:-0}" -eq 0 ]; then status=1; fi
[ "${failed:-1}" -eq 0 ] || status=1
echo "${passed:-0} passed, ${failed:-0} failed"
exit $status
