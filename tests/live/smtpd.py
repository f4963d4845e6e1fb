#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# The SMTP servers of the live test (tests/live/run.sh), on port 25 of
# loopback addresses, with python3-aiosmtpd (Debian's package):
#
#   tls ADDR CERT KEY   ESMTP with STARTTLS offered, the given certificate
#   plain ADDR          ESMTP without STARTTLS
#   old ADDR CERT KEY   STARTTLS, but only TLS 1.0 and 1.1 on offer
#   silent ADDR         accepts connections and never says a word
#
# Usage: smtpd.py READY-FILE SPEC...  (each SPEC is one of the above, its
# words as separate arguments). READY-FILE is written once every server
# listens. Runs until SIGTERM or SIGINT.
import asyncio
import signal
import ssl
import sys
import warnings

from aiosmtpd.controller import Controller


class Sink:
    """Accepts every message and keeps none."""

    async def handle_DATA(self, server, session, envelope):
        return "250 OK"


def tls_context(cert, key, old=False):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    if old:
        # Deprecated versions (RFC 8996) need OpenSSL's security level 0.
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.set_ciphers("DEFAULT@SECLEVEL=0")
        ctx.minimum_version = ssl.TLSVersion.TLSv1
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
    return ctx


async def silent(reader, writer):
    # Read until the client gives up; answer nothing.
    try:
        while await reader.read(4096):
            pass
    finally:
        writer.close()


async def main(ready, specs):
    controllers = []
    servers = []
    i = 0
    while i < len(specs):
        kind = specs[i]
        addr = specs[i + 1]
        if kind in ("tls", "old"):
            ctx = tls_context(specs[i + 2], specs[i + 3], kind == "old")
            i += 4
        elif kind in ("plain", "silent"):
            ctx = None
            i += 2
        else:
            sys.exit("smtpd.py: unknown kind " + kind)
        if kind == "silent":
            servers.append(await asyncio.start_server(silent, addr, 25))
            continue
        c = Controller(
            Sink(),
            hostname=addr,
            port=25,
            server_hostname="smtp.test",
            tls_context=ctx,
            require_starttls=False,
            ready_timeout=10,
        )
        c.start()
        controllers.append(c)
    with open(ready, "w") as f:
        f.write("ready\n")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    for s in servers:
        s.close()
    for c in controllers:
        c.stop()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2:]))
