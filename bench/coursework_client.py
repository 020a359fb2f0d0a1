#!/usr/bin/env python3
"""The coursework's thread client, ported faithfully for bench/compare (see docs/PERFORMANCE.md).

As in the coursework: one `threading.Thread` per client, all started at once; each connects, sends `TIME\\r\\n`,
reads with `recv(16)`, checks the 14-byte reply ending in CRLF, and closes. One addition for the benchmark: every
socket has a timeout (`--timeout`, default 10 s, timelab's default read timeout) so that a run always ends. Prints
one JSON line: clients, ok, failed, failures by kind, wallSeconds, clientsPerSecond.

    python3 bench/coursework_client.py --port 45000 --clients 1000
"""
import argparse
import json
import socket
import threading
import time


def kind_of(e):
    """A failure's kind, named like timelab's taxonomy where the two agree."""
    if isinstance(e, ConnectionRefusedError):
        return "refused"
    if isinstance(e, ConnectionResetError):
        return "reset"
    if isinstance(e, BrokenPipeError):
        return "broken-pipe"
    if isinstance(e, socket.timeout):
        return "timeout"
    if isinstance(e, OSError) and e.errno == 24:
        return "too-many-open-files"
    return type(e).__name__


class ClientThread(threading.Thread):
    def __init__(self, port, timeout, results):
        threading.Thread.__init__(self)
        self.port = port
        self.timeout = timeout
        self.results = results

    def run(self):
        try:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.settimeout(self.timeout)
            try:
                sock.connect(("127.0.0.1", self.port))
                sock.sendall(b"TIME\r\n")
                data = sock.recv(16)
            finally:
                sock.close()
            if len(data) == 14 and data.endswith(b"\r\n") and data.startswith(b"JAM "):
                self.results.append("ok")
            elif not data:
                self.results.append("server-closed")
            else:
                self.results.append("bad-reply")
        except Exception as e:  # a failure is data, as in timelab's client
            self.results.append(kind_of(e))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=45000)
    p.add_argument("--clients", type=int, default=1000)
    p.add_argument("--timeout", type=float, default=10.0, help="socket timeout in seconds (bounds the run)")
    a = p.parse_args()
    results = []  # list.append is atomic under the GIL
    threads = [ClientThread(a.port, a.timeout, results) for _ in range(a.clients)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    failures = {}
    for r in results:
        if r != "ok":
            failures[r] = failures.get(r, 0) + 1
    ok = results.count("ok")
    print(json.dumps({"clients": a.clients, "ok": ok, "failed": a.clients - ok, "failures": failures,
                      "wallSeconds": round(wall, 4), "clientsPerSecond": round(a.clients / wall, 1)}))


if __name__ == "__main__":
    main()
