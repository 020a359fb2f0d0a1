#!/usr/bin/env python3
"""The coursework's multithreaded server, re-created (docs/guides/coursework.md): a thread per connection.

accept → a new threading.Thread: recv(1024) → sleep 5 s → send "Processado: <msg>" → close. The accept loop goes on
at once, so every client waits its 5 s in parallel; prints threading.active_count() as the original asked.
Additions: --host, --port (0 = any free port, printed), --sleep.

    python3 bench/lab/thread_server.py --port 0 --sleep 5
timelab: timelab server --model platform --backlog 128 --framing chunk --service echo
         --reply 'Processado: {msg}' --one-request --work sleep:5s
"""
import socket
import threading
import time

from common import listening, server_args


def serve(conn):
    try:
        msg = conn.recv(1024).decode("utf-8")
        if msg:
            time.sleep(ARGS.sleep)
            conn.send(f"Processado: {msg}".encode("utf-8"))
    except Exception as e:
        print(f"Erro: {e}", flush=True)
    finally:
        conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((ARGS.host, ARGS.port))
    server.listen()
    listening(server, "threads")
    while True:
        conn, _ = server.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()
        print(f"threads ativas: {threading.active_count()}", flush=True)


if __name__ == "__main__":
    ARGS = server_args("the coursework's thread-per-connection server")
    main()
