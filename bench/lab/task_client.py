#!/usr/bin/env python3
"""The coursework's task client, re-created (docs/guides/coursework.md).

N clients at once, each: connect, send "Tarefa do Cliente N" (no newline: one send is one message, as recv(1024)
reads it), wait for one reply (recv(1024)), print it. No timeout, as the original; --timeout sets one (the tests do,
so that a run always ends). Additions: --host, --port, --clients, --timeout, --json.

    python3 bench/lab/task_client.py --port 45000 --clients 10
"""
from clients import client_args, run

if __name__ == "__main__":
    run(client_args("the coursework's task client: sends 'Tarefa do Cliente N', waits for one reply", 10, None),
        lambda n: f"Tarefa do Cliente {n}")
