#!/usr/bin/env python3
"""The coursework's blocking server, re-created (docs/guides/coursework.md): one client at a time, on the main thread.

accept → recv(1024) → sleep 5 s → send "Processado (com atraso): <msg>" → close → accept the next. Everyone else
waits in the kernel's accept queue (listen() without an argument: Python's default backlog, min(SOMAXCONN, 128)).
A connection that sends nothing and closes gets no reply. Additions: --host, --port (0 = any free port, printed),
--sleep.

    python3 bench/lab/blocking_server.py --port 0 --sleep 5
timelab: timelab server --model single --backlog 128 --framing chunk --service echo
         --reply 'Processado (com atraso): {msg}' --one-request --work sleep:5s
"""
import socket
import time

from common import listening, server_args


def serve(conn):
    try:
        msg = conn.recv(1024).decode("utf-8")
        if msg:
            time.sleep(ARGS.sleep)  # the whole server is stuck here
            conn.send(f"Processado (com atraso): {msg}".encode("utf-8"))
    except Exception as e:  # as the original: print and go on with the next client
        print(f"Erro: {e}", flush=True)
    finally:
        conn.close()


def main():
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind((ARGS.host, ARGS.port))
    server.listen()
    listening(server, "blocking")
    while True:
        conn, _ = server.accept()
        serve(conn)


if __name__ == "__main__":
    ARGS = server_args("the coursework's blocking one-at-a-time server")
    main()
