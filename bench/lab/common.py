"""What the re-created coursework servers share: the command line (host, port, sleep) and the listening line.

Only the additions the tests and bench/lab/compare need live here; each server's own behaviour is in its file.
"""
import argparse


def server_args(description, default_backlog=None):
    """--host, --port (0: the kernel picks one; printed), --sleep seconds (the coursework's 5)."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=65432, help="0 picks a free port (printed)")
    p.add_argument("--sleep", type=float, default=5.0, help="seconds each request waits (default 5, as the original)")
    if default_backlog is not None:
        p.add_argument("--backlog", type=int, default=default_backlog)
    return p.parse_args()


def listening(sock, kind):
    """Prints where the server listens, in one line bench/lab/compare and the tests read."""
    host, port = sock.getsockname()[:2]
    print(f"{kind} listening on {host}:{port}", flush=True)
