#!/usr/bin/env bash
# Makes sure the services the integration tests use answer on their local ports: PostgreSQL 5432, Redis 6379,
# NATS with JetStream 4222. Starts one that is down with the machine's own packages (no Docker needed).
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_up() { for _ in $(seq 60); do up "$1" && return 0; sleep 0.5; done; return 1; }
start() { # name port command...
  local name=$1 port=$2; shift 2
  if up "$port"; then echo "$name: up on 127.0.0.1:$port"; return 0; fi
  echo "$name: down on 127.0.0.1:$port, starting it"
  "$@" || true
  wait_up "$port" && echo "$name: started" || { echo "$name: could not be started on 127.0.0.1:$port" >&2; return 1; }
}
rc=0
start postgres 5432 bash -c 'pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start' || rc=1
start redis 6379 redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || rc=1
start nats 4222 start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server -l /var/log/nats-server.log || rc=1
exit $rc
