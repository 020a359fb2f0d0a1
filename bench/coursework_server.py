#!/usr/bin/env python3
"""The coursework's threaded TIME server, ported faithfully for bench/compare (see docs/PERFORMANCE.md).

As in the coursework: a plain `socket` TCP server, `listen(1)`, one `threading.Thread` per accepted connection,
`recv` reads, `TIME\\r\\n` gets `JAM HH:MM:SS\\r\\n` (the coursework's clock format), `QUIT` closes, anything else gets
`ERROR`, and the server prints "total koneksi N" per connection. Two additions for the benchmark only:
`--backlog N` (default 1, the original) and `--port 0`, which prints the port the kernel picked.

    python3 bench/coursework_server.py --port 0 --backlog 1
"""
import argparse
import socket
import sys
import threading
import time


class ProcessTheClient(threading.Thread):
    def __init__(self, connection, address):
        self.connection = connection
        self.address = address
        threading.Thread.__init__(self)

    def run(self):
        while True:
            data = self.connection.recv(32)
            if not data:
                break
            request = data.decode(errors="replace")
            if request.startswith("TIME") and request.endswith("\r\n"):
                self.connection.sendall(("JAM " + time.strftime("%H:%M:%S") + "\r\n").encode())
            elif request.startswith("QUIT"):
                break
            else:
                self.connection.sendall(b"ERROR\r\n")
        self.connection.close()


class Server(threading.Thread):
    def __init__(self, port, backlog):
        self.the_clients = []
        self.port = port
        self.backlog = backlog
        self.my_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.my_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        threading.Thread.__init__(self)

    def run(self):
        self.my_socket.bind(("127.0.0.1", self.port))
        self.my_socket.listen(self.backlog)
        print(f"coursework server listening on 127.0.0.1:{self.my_socket.getsockname()[1]} "
              f"(backlog {self.backlog})", flush=True)
        total = 0
        while True:
            connection, client_address = self.my_socket.accept()
            total += 1
            print(f"total koneksi {total}", flush=True)
            clt = ProcessTheClient(connection, client_address)
            clt.start()
            self.the_clients.append(clt)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=45000)
    p.add_argument("--backlog", type=int, default=1, help="listen backlog (the coursework: 1)")
    a = p.parse_args()
    svr = Server(a.port, a.backlog)
    svr.daemon = True
    svr.start()
    try:
        while svr.is_alive():
            svr.join(1)
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
