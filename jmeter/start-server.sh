#!/usr/bin/env bash
# Run (in the background) by `./mvnw verify -Pjmeter`: the thread-pool coursework server, on a loopback port,
# through the ./timelab launcher (which finds a JDK >= 21). exec keeps one process, so the SIGTERM Maven sends when
# it exits reaches the server itself.
#   start-server.sh PORT ACCESS_LOG SERVER_OUTPUT
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
port="$1" log="$2" out="$3"
exec "$here/../timelab" server --service charcount --model fixed --pool-size 10 --idle-timeout 5s \
  --access-log "$log" --bind 127.0.0.1 --port "$port" --status-interval 5s >"$out" 2>&1
