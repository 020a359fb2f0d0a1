#!/usr/bin/env python3
"""The coursework's "nervous" client (clientenervoso), re-created (docs/guides/coursework.md).

N clients at once (10; the extra challenge: 200), each: a socket with a 2 s timeout, connect, send nothing, wait up
to 2 s for the server to speak (recv(1024)), print what happened: SUCESSO with what it received, TIMEOUT,
RECUSADO (connection refused) or ERRO. It speaks to a server that speaks first (the bottleneck server); a server
that waits for a request gives it nothing. Additions: --host, --port, --clients, --timeout, --json.

    python3 bench/lab/nervous_client.py --port 45000 --clients 10
"""
from clients import client_args, run

if __name__ == "__main__":
    run(client_args("the coursework's nervous client: connects, sends nothing, waits 2 s", 10, 2.0),
        lambda n: None)
