#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, from Debian's packages, on a free loopback port.
#
#   eval "$(scripts/pg.sh start)"   installs PostgreSQL when missing, starts a cluster in a temporary
#                                   folder and prints `export IKM_TEST_PG_URL=… IKM_TEST_PG_DIR=…`;
#                                   fsync is off (throw-away data, faster tests)
#   eval "$(scripts/pg.sh start --durable)"   the same with PostgreSQL's default durability (fsync
#                                   on), for benchmarks
#   scripts/pg.sh stop DIR          stops that cluster and deletes its folder
set -euo pipefail

as_db_user() {
  # PostgreSQL refuses to run as root: as root, run it as the `postgres` user the package creates.
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

case "${1:-}" in
  start)
    if [[ -z "$(bin_dir)" ]] || [[ ! -x "$(bin_dir)/initdb" ]]; then
      echo "[pg] installing PostgreSQL from Debian's packages" >&2
      if [[ $(id -u) -eq 0 ]]; then apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      else sudo apt-get update -qq >&2 && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2; fi
    fi
    bin=$(bin_dir)
    dir=$(mktemp -d /tmp/ikm-pg-XXXXXX)
    chmod 755 "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
    # A loopback port nobody listens on (bash's /dev/tcp: nothing beyond bash is needed).
    port=""
    for _ in $(seq 50); do
      candidate=$((20000 + RANDOM % 40000))
      if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
    done
    [[ -n "$port" ]] || { echo "[pg] no free loopback port found" >&2; exit 1; }
    as_db_user "$bin/initdb" -D "$dir/data" -U ikm --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fsync=off
    sizes=""
    # Durable (the benchmarks): fsync on, and the memory a machine serving a nation gives it —
    # 1 GB of shared buffers (the default 128 MB holds a year's month roll-up of a few thousand
    # units only) and fewer checkpoints while a benchmark fills it.
    [[ "${2:-}" == "--durable" ]] && fsync=on && sizes="-c shared_buffers=1GB -c max_wal_size=4GB"
    as_db_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=$fsync -c max_connections=300 $sizes" start >/dev/null
    echo "export IKM_TEST_PG_URL=postgres://ikm@127.0.0.1:$port/postgres IKM_TEST_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg.sh stop DIR}
    bin=$(bin_dir)
    as_db_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: scripts/pg.sh start | stop DIR" >&2; exit 2 ;;
esac
