"""What the two re-created coursework clients share: N clients at once, each in its own thread, as the originals.

Each client's outcome is printed as the originals print it (one line per client), or with --json as one JSON object
per line for bench/lab/compare: client, outcome (reply | closed | connect-timeout | timeout | refused | reset |
error), reply (the bytes received, decoded), seconds (from the start of its connect), error.
"""
import argparse
import json
import socket
import threading
import time


def client_args(description, clients, timeout):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=65432)
    p.add_argument("--clients", type=int, default=clients, help=f"clients at once (default {clients})")
    p.add_argument("--timeout", type=float, default=timeout,
                   help="socket timeout in seconds, for connect and for recv" + (
                       f" (default {timeout}, as the original)" if timeout else " (default: none, as the original)"))
    p.add_argument("--json", action="store_true", help="one JSON line per client instead of the original's text")
    return p.parse_args()


def run(args, message_of):
    """Runs args.clients clients at once; message_of(n) is what client n sends first, or None to send nothing."""
    lock = threading.Lock()

    def one(n):
        result = exchange(args, n, message_of(n))
        with lock:
            report(args, result)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(1, args.clients + 1)]
    for t in threads:
        t.start()  # no pause between them, as the originals
    for t in threads:
        t.join()


def exchange(args, n, message):
    start = time.monotonic()
    result = {"client": n, "outcome": None, "reply": None, "error": None}
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    connected = False
    try:
        client.settimeout(args.timeout)
        client.connect((args.host, args.port))
        connected = True
        if message is not None:
            client.send(message.encode("utf-8"))
        data = client.recv(1024)
        result["outcome"] = "reply" if data else "closed"
        result["reply"] = data.decode("utf-8", errors="replace")
    except socket.timeout:
        result["outcome"] = "timeout" if connected else "connect-timeout"
    except ConnectionRefusedError:
        result["outcome"] = "refused"
    except ConnectionResetError as e:
        result["outcome"], result["error"] = "reset", str(e)
    except Exception as e:  # as the originals: any other error is printed
        result["outcome"], result["error"] = "error", f"{type(e).__name__}: {e}"
    finally:
        client.close()
    result["seconds"] = round(time.monotonic() - start, 3)
    return result


def report(args, r):
    if args.json:
        print(json.dumps(r, ensure_ascii=False), flush=True)
        return
    who = f"[CLIENTE {r['client']:02d}]"
    outcome = r["outcome"]
    if outcome in ("reply", "closed"):
        print(f"{who} SUCESSO: {r['reply']}", flush=True)
    elif outcome in ("timeout", "connect-timeout"):
        print(f"{who} TIMEOUT: O servidor demorou demais!", flush=True)
    elif outcome == "refused":
        print(f"{who} RECUSADO: A fila estava cheia!", flush=True)
    else:
        print(f"{who} ERRO: {r['error']}", flush=True)
