#!/usr/bin/env python3
"""A DHCPv4 server for one test interface: answers DISCOVER with OFFER and REQUEST with ACK, by
broadcast, giving --address with --mask, the --router option (3) and/or classless routes (121).

    fake_dhcp.py --interface IF --server ADDR --address ADDR --mask MASK [--router ADDR] [--classless DEST/PREFIX=ROUTER]...
"""
import argparse, socket, struct

p = argparse.ArgumentParser()
p.add_argument("--interface", required=True)
p.add_argument("--server", required=True)
p.add_argument("--address", required=True)
p.add_argument("--mask", required=True)
p.add_argument("--router")
p.add_argument("--classless", action="append", default=[])
args = p.parse_args()

def ip(text):
    return socket.inet_aton(text)

def classless():
    out = b""
    for item in args.classless:
        destination, router = item.split("=")
        network, prefix = destination.split("/")
        prefix = int(prefix)
        out += bytes([prefix]) + ip(network)[:(prefix + 7) // 8] + ip(router)
    return out

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, args.interface.encode())
s.bind(("0.0.0.0", 67))
while True:
    data, _ = s.recvfrom(2048)
    if len(data) < 240 or data[0] != 1 or data[236:240] != b"\x63\x82\x53\x63":
        continue
    options, i = {}, 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        options[data[i]] = data[i + 2:i + 2 + data[i + 1]]
        i += 2 + data[i + 1]
    kind = options.get(53, b"\0")[0]
    if kind not in (1, 3):
        continue
    reply = bytearray(data[:236])
    reply[0] = 2
    reply[16:20] = ip(args.address)
    reply[20:24] = ip(args.server)
    out = b"\x63\x82\x53\x63" + bytes([53, 1, 2 if kind == 1 else 5]) + bytes([54, 4]) + ip(args.server)
    out += bytes([51, 4]) + struct.pack("!I", 3600) + bytes([1, 4]) + ip(args.mask)
    if args.router:
        out += bytes([3, 4]) + ip(args.router)
    if args.classless:
        routes = classless()
        out += bytes([121, len(routes)]) + routes
    s.sendto(bytes(reply) + out + b"\xff", ("255.255.255.255", 68))
