"""Drives the gateway with python-tds (a pure-Python TDS client) and prints one JSON line of findings.

Arguments: tds_port public_port sa_password ca_file dns_domain. The Java test (PythonClientTest) asserts on them.
Host names under dns_domain resolve to loopback here (the test's hosts file, in Python), and every TCP connect
is recorded, so the findings show where each session really went: the gateway, or the engine after a redirect.
"""
import json
import socket
import sys

import pytds
from pytds import tds_base

tds_port, public_port, password, cafile, domain = (int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4],
                                                   sys.argv[5])
findings = {}
connected_ports = []

_getaddrinfo = socket.getaddrinfo


def getaddrinfo(host, *args, **kwargs):
    if isinstance(host, str) and host.lower().endswith(domain):
        host = "127.0.0.1"
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = getaddrinfo
_connect = socket.socket.connect


def connect_recording(self, address):
    connected_ports.append(address[1])
    return _connect(self, address)


socket.socket.connect = connect_recording


def session(instance, port=tds_port, host=None, login_timeout=15, **options):
    """Connects, runs one query, and returns its first row with the ports connected to.

    The chain is verified against the test CA. pytds 1.17.1 checks host names against subject alternative names
    with X509.get_extension, which pyOpenSSL has removed, so its host check (validate_host) stays off here; the
    mssql-jdbc tests check the names.
    """
    del connected_ports[:]
    server = host or instance + "." + domain
    with pytds.connect(server=server, port=port, user="sa", password=password, database="master", cafile=cafile,
                       validate_host=False, login_timeout=login_timeout, timeout=30, disable_connect_retry=True,
                       autocommit=True, **options) as conn:
        with conn.cursor() as cur:
            cur.execute("SELECT @@SERVERNAME, (SELECT role FROM replica_marker)")
            row = list(cur.fetchone())
    return {"server": row[0], "replica": row[1], "ports": list(connected_ports)}


findings["proxy"] = session("mi2")
findings["proxy_login_only"] = session("mi2", enc_login_only=True)
findings["redirect"] = session("mi1")
findings["redirect_tds73"] = session("mi1", tds_version=tds_base.TDS73)
findings["read_intent"] = session("mi3", readonly=True)
findings["public"] = session("mi1", port=public_port, host="mi1.public." + domain)
try:
    # pytds retries a refused login until its login timeout, then raises TimeoutError from the last error
    session("mi9", login_timeout=3)
    findings["unknown"] = None
except Exception as error:  # noqa: BLE001 - the refusal is in the exception or its cause
    while error is not None and not getattr(error, "number", None):
        error = error.__cause__
    findings["unknown"] = None if error is None else error.number
print(json.dumps(findings, sort_keys=True))
