#!/usr/bin/env python3
"""qemu's guestfwd=…-cmd: runs this per guest connection: it copies stdin/stdout to and from
127.0.0.1:PORT (the fake cloud on the host's loopback) until either side closes."""
import os, select, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
inputs = [0, s]
while inputs:
    for r in select.select(inputs, [], [])[0]:
        if r == 0:
            data = os.read(0, 65536)
            if not data:
                s.shutdown(socket.SHUT_WR); inputs.remove(0)
            else:
                s.sendall(data)
        else:
            data = s.recv(65536)
            if not data:
                sys.exit(0)
            os.write(1, data)
