#!/usr/bin/env python3
"""Prints free loopback TCP ports for the end-to-end scripts, one per argument: the argument is how
many adjacent ports must be free from it (2 for a Kafka broker, whose controller takes the next)."""
import socket
import sys


def free(width):
    while True:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        ok = True
        for p in range(port, port + width):
            t = socket.socket()
            try:
                t.bind(("127.0.0.1", p))
            except OSError:
                ok = False
            finally:
                t.close()
        if ok:
            return port


print(" ".join(str(free(int(w))) for w in sys.argv[1:]))
