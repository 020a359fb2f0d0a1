#!/usr/bin/env python3
"""The coursework's bottleneck server (servergargalo), re-created (docs/guides/coursework.md).

listen(1); accept one; sleep 5 s; send "Atendido com sucesso." without reading any request; close; accept the next.
The kernel's accept queue behind it holds almost nothing, so a crowd of clients overflows it (on Linux: slow
connects and connect timeouts, rarely a refusal; docs/explanation/facts.md). Additions: --host, --port (0 = any free port,
printed), --sleep, --backlog (default 1, the original).

    python3 bench/lab/bottleneck_server.py --port 0 --sleep 5
timelab: timelab server --model single --backlog 1 --framing chunk --service greet
         --reply 'Atendido com sucesso.' --work sleep:5s
"""
import socket
import time

from common import listening, server_args


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((ARGS.host, ARGS.port))
    server.listen(ARGS.backlog)
    listening(server, "bottleneck")
    while True:
        conn, _ = server.accept()
        try:
            time.sleep(ARGS.sleep)
            conn.send("Atendido com sucesso.".encode("utf-8"))
        except OSError as e:
            print(f"Erro: {e}", flush=True)
        finally:
            conn.close()


if __name__ == "__main__":
    ARGS = server_args("the coursework's bottleneck server (listen(1), speaks first)", default_backlog=1)
    main()
