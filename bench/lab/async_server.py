#!/usr/bin/env python3
"""The coursework's asyncio server, re-created (docs/guides/coursework.md): one thread, one event loop, a coroutine per client.

read(1024) → await asyncio.sleep(5) (the loop serves everyone else meanwhile) → write "OK - recebido: <msg>\\n" →
close. asyncio.start_server's default backlog is 100. Additions: --host, --port (0 = any free port, printed),
--sleep.

    python3 bench/lab/async_server.py --port 0 --sleep 5
timelab: timelab server --model nio --backlog 100 --framing chunk --service echo
         --reply 'OK - recebido: {msg}\\n' --one-request --work delay:5s
"""
import asyncio

from common import listening, server_args


async def handle(reader, writer):
    data = await reader.read(1024)
    msg = data.decode("utf-8")
    await asyncio.sleep(ARGS.sleep)  # stands for I/O: the loop is free meanwhile
    try:
        writer.write(f"OK - recebido: {msg}\n".encode("utf-8"))
        await writer.drain()
    except ConnectionError as e:
        print(f"Erro: {e}", flush=True)
    finally:
        writer.close()


async def main():
    server = await asyncio.start_server(handle, ARGS.host, ARGS.port)
    listening(server.sockets[0], "asyncio")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    ARGS = server_args("the coursework's asyncio server")
    asyncio.run(main())
