#!/usr/bin/env python3
"""A fake cloud metadata service on 127.0.0.1, answering what each cloud documents.

    fake_cloud.py --cloud ec2|openstack|oracle|gce|hetzner|nocloud --port N [options]

Clouds:
  ec2        IMDSv2: PUT /latest/api/token (needs X-aws-ec2-metadata-token-ttl-seconds) gives a
             token; every GET without X-aws-ec2-metadata-token gets 401 (--imdsv1 allows it).
  openstack  /openstack/ lists versions; /openstack/<v>/meta_data.json, user_data,
             network_data.json, vendor_data.json, vendor_data2.json.
  oracle     /opc/v2/instance/ and /opc/v2/vnics/ (401 without Authorization: Bearer Oracle);
             /opc/v1/… without it (--oracle-v1-only: v2 answers 404).
  gce        /computeMetadata/v1/…: 403 without Metadata-Flavor: Google; answers carry it.
  hetzner    /hetzner/v1/metadata (YAML), /hetzner/v1/userdata.
  nocloud    /seed/meta-data, /seed/user-data.
Faults (--fault): 500 (every answer), flaky (two 503s, then good answers), slow (30 s before
each answer), garbage (bytes that are not HTTP), huge (a 5 MB body), redirect-away (302 to
another host), bad-token (EC2: a token with a line break in it), close-silently
(every connection closed after one answer without saying so), cut-short (the first answer's
body cut off by closing the connection, then good answers), none.
--serve PATH=FILE serves a file at PATH to anyone (what an Ignition config's http sources name).
Every request is appended to --log as "METHOD PATH token=yes|no flavor=yes|no", and " auth=…"
when it carries an Authorization header.
"""
import argparse, base64, http.server, json, re, socketserver, sys, time

p = argparse.ArgumentParser()
p.add_argument("--cloud", required=True)
p.add_argument("--port", type=int, required=True)
p.add_argument("--address", default="127.0.0.1", help="where to listen (a test's private network namespace)")
p.add_argument("--fault", default="none")
p.add_argument("--log", default="/dev/null")
p.add_argument("--instance-id", default="i-0fake0000000000001")
p.add_argument("--hostname", default="fake-vm.example.internal")
p.add_argument("--key", action="append", default=[])
p.add_argument("--user-data", help="a file")
p.add_argument("--mac", action="append", default=[], help="NIC MACs the metadata describes (EC2, OpenStack)")
p.add_argument("--imdsv1", action="store_true", help="EC2: answer without a token")
p.add_argument("--no-token-service", action="store_true", help="EC2: PUT /latest/api/token gives 403")
p.add_argument("--device-numbers", help="EC2: the NICs' device-number values, comma-separated; '-' leaves one out")
p.add_argument("--ipv6", action="store_true", help="EC2: the first NIC has two IPv6 addresses in a /64")
p.add_argument("--user-data-base64", action="store_true", help="Hetzner, GCE: user-data served base64-encoded")
p.add_argument("--block-project-keys", action="store_true", help="GCE: the instance blocks the project's ssh-keys")
p.add_argument("--instance-key", help="GCE: a key of the default user in the instance's own ssh-keys")
p.add_argument("--oracle-v1-only", action="store_true", help="Oracle: no v2 service (404), the legacy v1 only")
p.add_argument("--serve", action="append", default=[], metavar="PATH=FILE",
               help="also serve FILE at PATH, without the cloud's headers (an Ignition config's http sources)")
args = p.parse_args()

TOKEN = "AQAEAFakeTokenSECRET-never-logged=="
user_data = open(args.user_data, "rb").read() if args.user_data else None
served_user_data = base64.b64encode(user_data) if user_data is not None and args.user_data_base64 else user_data
keys = args.key or ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeCloudKey fake@cloud"]
macs = [m.lower() for m in args.mac]
state = {"requests": 0}


def ec2_tree():
    """The meta-data tree as IMDS serves it: leaves by path, directories listed from them."""
    md = {
        "ami-id": "ami-0fake",
        "hostname": args.hostname,
        "instance-id": args.instance_id,
        "instance-type": "t3.micro",
        "local-hostname": args.hostname,
        "local-ipv4": "172.31.0.10",
        "placement/availability-zone": "eu-west-1a",
        "placement/region": "eu-west-1",
        "public-keys/0/openssh-key": "\n".join(keys) + "\n",
    }
    if macs:
        md["mac"] = macs[0]
    for number, mac in enumerate(macs):
        base = "network/interfaces/macs/%s/" % mac
        given = args.device_numbers.split(",")[number] if args.device_numbers else str(number)
        if given != "-":
            md[base + "device-number"] = given
        md[base + "mac"] = mac
        md[base + "interface-id"] = "eni-%d" % number
        md[base + "local-ipv4s"] = "172.31.%d.10\n172.31.%d.11" % (number, number) if number == 0 else "172.31.%d.20" % number
        md[base + "subnet-ipv4-cidr-block"] = "172.31.%d.0/20" % number
        if args.ipv6 and number == 0:
            md[base + "ipv6s"] = "2600:1f18:aa:bb::10\n2600:1f18:aa:bb::11"
            md[base + "subnet-ipv6-cidr-blocks"] = "2600:1f18:aa:bb::/64"
        md[base + "vpc-id"] = "vpc-fake"
    return md


def listing(tree, directory):
    names = []
    for path in tree:
        if path.startswith(directory):
            rest = path[len(directory):]
            name = rest.split("/")[0] + ("/" if "/" in rest else "")
            if name not in names:
                names.append(name)
    return names


def ec2(path):
    parts = path.split("/", 2)  # "", VERSION, REST
    if path == "/":
        return b"2009-04-04\n2021-03-23\nlatest"
    if len(parts) < 3 or not (parts[1] == "latest" or re.match(r"^\d{4}-\d{2}-\d{2}$", parts[1])):
        return None
    rest = parts[2]
    if rest == "user-data":
        return user_data
    if rest in ("dynamic/instance-identity", "dynamic/instance-identity/"):
        return b"document"
    if rest == "dynamic/instance-identity/document":
        return json.dumps({"instanceId": args.instance_id, "region": "eu-west-1", "availabilityZone": "eu-west-1a",
                           "instanceType": "t3.micro", "imageId": "ami-0fake", "accountId": "123456789012"}).encode()
    if rest in ("meta-data", "meta-data/"):
        return "\n".join(listing(ec2_tree(), "")).encode()
    if not rest.startswith("meta-data/"):
        return None
    key = rest[len("meta-data/"):]
    tree = ec2_tree()
    if key == "public-keys/":
        return b"0=fake-key"
    if key in tree:
        return tree[key].encode()
    if key.endswith("/"):
        names = listing(tree, key)
        return "\n".join(names).encode() if names else None
    return None


def openstack(path):
    if path in ("/openstack", "/openstack/"):
        return b"2013-04-04\n2018-08-27\nlatest"
    for version in ("2018-08-27", "latest"):
        prefix = "/openstack/%s/" % version
        if path.startswith(prefix):
            name = path[len(prefix):]
            break
    else:
        return None
    if name == "meta_data.json":
        return json.dumps({"uuid": args.instance_id, "hostname": args.hostname,
                           "public_keys": {"k%d" % i: k for i, k in enumerate(keys)}}).encode()
    if name == "user_data":
        return user_data
    if name == "vendor_data.json":
        return b"{}"
    if name == "network_data.json" and macs:
        return json.dumps({
            "links": [{"id": "tap0", "type": "phy", "ethernet_mac_address": macs[0], "mtu": 1450}],
            "networks": [{"id": "net0", "link": "tap0", "type": "ipv4_dhcp"}],
            "services": []}).encode()
    return None


def gce(path):
    prefix = "/computeMetadata/v1/"
    if not path.startswith(prefix):
        return None
    rest = path[len(prefix):]
    values = {
        "instance/id": "4567890123456789",
        "instance/attributes/user-data-encoding": "base64" if args.user_data_base64 else None,
        "instance/attributes/block-project-ssh-keys": "true" if args.block_project_keys else None,
        "instance/hostname": args.hostname,
        "project/attributes/ssh-keys": "".join("debian:%s\n" % k for k in keys) + "other:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOtherUsersKey other@x\n",
        "instance/attributes/ssh-keys": "cloudinit:ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExpiredKey google-ssh {\"userName\":\"x\",\"expireOn\":\"2018-01-01T00:00:00+0000\"}\n"
        + ("debian:%s\n" % args.instance_key if args.instance_key else ""),
    }
    if rest == "instance/attributes/user-data":
        return served_user_data
    value = values.get(rest)
    return value.encode() if value is not None else None


def hetzner(path):
    if path == "/hetzner/v1/metadata":
        lines = ["instance-id: %s" % args.instance_id, "hostname: %s" % args.hostname, "public-keys:"]
        lines += ["- %s" % k for k in keys]
        if macs:
            lines += ["network-config:", "  config:", "  - mac_address: %s" % macs[0], "    name: eth0",
                      "    subnets:", "    - type: dhcp", "    type: physical", "  version: 1"]
        return ("\n".join(lines) + "\n").encode()
    if path == "/hetzner/v1/userdata":
        return served_user_data
    return None


def oracle(path):
    match = re.match(r"^/opc/(v1|v2)/(instance|vnics)/$", path)
    if not match or (match.group(1) == "v2" and args.oracle_v1_only):
        return None
    if match.group(2) == "vnics":
        return json.dumps([{"vnicId": "ocid1.vnic.oc1.fake", "privateIp": "10.0.0.5", "vlanTag": 0,
                            "macAddr": m.upper(), "virtualRouterIp": "10.0.0.1", "subnetCidrBlock": "10.0.0.0/24"}
                           for m in macs]).encode()
    metadata = {"ssh_authorized_keys": "\n".join(keys)}
    if user_data is not None:
        metadata["user_data"] = base64.b64encode(user_data).decode()
    return json.dumps({"id": args.instance_id, "hostname": args.hostname, "displayName": args.hostname,
                       "ociAdName": "fake:EU-FRANKFURT-1-AD-1", "region": "eu-frankfurt-1", "metadata": metadata}).encode()


def nocloud(path):
    if path == "/seed/meta-data":
        return ("instance-id: %s\nlocal-hostname: %s\npublic-keys:\n" % (args.instance_id, args.hostname)
                + "".join("  - %s\n" % k for k in keys)).encode()
    if path == "/seed/user-data":
        return user_data
    return None


CLOUDS = {"ec2": ec2, "openstack": openstack, "oracle": oracle, "gce": gce, "hetzner": hetzner, "nocloud": nocloud}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def record(self):
        with open(args.log, "a") as f:
            f.write("%s %s token=%s flavor=%s%s\n" % (self.command, self.path,
                    "yes" if self.headers.get("X-aws-ec2-metadata-token") == TOKEN else "no",
                    "yes" if self.headers.get("Metadata-Flavor") == "Google" else "no",
                    " auth=%s" % self.headers["Authorization"] if self.headers.get("Authorization") else ""))

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if args.cloud == "gce":
            self.send_header("Metadata-Flavor", "Google")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if args.fault == "close-silently":
            self.close_connection = True  # closed after the answer, without a Connection: close header
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (an answer over its limit): expected

    def fault(self):
        state["requests"] += 1
        f = args.fault
        if f not in ("none", "flaky", "bad-token", "close-silently", "cut-short"):
            self.close_connection = True
        if f == "500":
            self.answer(500, b"boom")
        elif f == "flaky" and state["requests"] <= 2:
            self.answer(503, b"try later")
        elif f == "slow":
            time.sleep(30)
            self.answer(200, b"late")
        elif f == "garbage":
            self.wfile.write(b"\x00\x01 this is not HTTP \xff\r\n\r\n")
            self.close_connection = True
        elif f == "cut-short" and state["requests"] == 1:
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b"only part of it")
            self.close_connection = True
        elif f == "huge":
            self.answer(200, b"a" * (5 << 20))
        elif f == "redirect-away":
            self.answer(302, b"", [("Location", "http://10.1.2.3/elsewhere")])
        else:
            return False
        return True

    def do_PUT(self):
        self.record()
        if self.fault():
            return
        if args.cloud == "ec2" and self.path == "/latest/api/token":
            if args.fault == "bad-token":
                return self.answer(200, b"tok\r\nX-Injected: yes")
            if args.no_token_service:
                return self.answer(403, b"Forbidden")
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.answer(400, b"Missing TTL")
            return self.answer(200, TOKEN.encode())
        self.answer(405, b"no")

    def do_GET(self):
        self.record()
        if self.fault():
            return
        for item in args.serve:
            path, file = item.rsplit("=", 1)  # a path may hold "=" (a query)
            if self.path == path:
                return self.answer(200, open(file, "rb").read())
        if args.cloud == "ec2" and not args.imdsv1 and self.headers.get("X-aws-ec2-metadata-token") != TOKEN:
            return self.answer(401, b"Unauthorized")
        if args.cloud == "oracle" and self.path.startswith("/opc/v2/") and self.headers.get("Authorization") != "Bearer Oracle":
            return self.answer(401, b"Unauthorized")
        if args.cloud == "gce" and self.headers.get("Metadata-Flavor") != "Google":
            return self.answer(403, b"Missing Metadata-Flavor:Google header.")
        body = CLOUDS[args.cloud](self.path.split("?")[0])
        if body is None:
            return self.answer(404, b"Not Found")
        self.answer(200, body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass  # a client that went away mid-answer is part of the tests


Server((args.address, args.port), Handler).serve_forever()
