"""Drives the engine with python-tds (a pure-Python TDS client) and prints one JSON line of findings.

Arguments: port sa_password ca_file. The Java test (PythonClientTest) asserts on the findings.
"""
import datetime
import decimal
import json
import sys
import uuid

import pytds

port, password, cafile = int(sys.argv[1]), sys.argv[2], sys.argv[3]
findings = {}


def connect(login_password=password, **options):
    return pytds.connect(server="localhost", port=port, user="sa", password=login_password, database="master",
                         login_timeout=10, timeout=30, **options)


# TLS for the whole session, certificate checked against the test CA and the host name.
with connect(cafile=cafile, validate_host=True, autocommit=True) as conn:
    with conn.cursor() as cur:
        cur.execute("SELECT @@SERVERNAME, SERVERPROPERTY('EngineEdition'), encrypt_option "
                    "FROM sys.dm_exec_connections WHERE session_id = @@SPID")
        server, edition, encrypted = cur.fetchone()
        findings["tls"] = {"server": server, "edition": int(edition), "encrypt_option": encrypted}

        cur.execute("SELECT %s + 1 AS answer, %s AS echo", (41, "grüße"))
        answer, echo = cur.fetchone()
        findings["parameters"] = {"answer": answer, "echo": echo}

        cur.execute("CREATE TABLE py_types (d date, t time, dt datetime2, m decimal(12,4), g uniqueidentifier, "
                    "b varbinary(20), s nvarchar(20), n int)")
        values = (datetime.date(2024, 2, 29), datetime.time(13, 14, 15, 123456),
                  datetime.datetime(1999, 12, 31, 23, 59, 58, 999000), decimal.Decimal("12345678.1234"),
                  uuid.UUID("6f9619ff-8b86-d011-b42d-00c04fc964ff"), pytds.Binary(b"\x00\x01\xff"), "text", None)
        cur.execute("INSERT INTO py_types VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", values)
        cur.execute("SELECT d, t, dt, m, g, b, s, n FROM py_types")
        row = cur.fetchone()
        findings["types_equal"] = [a == b for a, b in zip(row, values)]

        cur.execute("SELECT 1 AS one; SELECT 2 AS two")
        first = cur.fetchall()
        cur.nextset()
        second = cur.fetchall()
        findings["result_sets"] = [first[0][0], second[0][0]]

# Transactions through transaction-manager requests (pytds begins, commits and rolls back with them).
with connect(cafile=cafile, autocommit=False) as conn, connect(cafile=cafile, autocommit=True) as observer:
    with conn.cursor() as cur, observer.cursor() as look:
        cur.execute("CREATE TABLE py_tx (id int)")
        conn.commit()
        cur.execute("INSERT INTO py_tx VALUES (1)")
        cur.execute("SELECT @@TRANCOUNT")
        in_transaction = cur.fetchone()[0]
        conn.rollback()
        look.execute("SELECT count(*) FROM py_tx")
        after_rollback = look.fetchone()[0]
        cur.execute("INSERT INTO py_tx VALUES (2)")
        look.execute("SELECT count(*) FROM py_tx WITH (NOLOCK)")
        conn.commit()
        look.execute("SELECT count(*) FROM py_tx")
        after_commit = look.fetchone()[0]
        findings["transactions"] = {"trancount": in_transaction, "after_rollback": after_rollback,
                                    "after_commit": after_commit}

# Login-only encryption.
with connect(cafile=cafile, enc_login_only=True, autocommit=True) as conn:
    with conn.cursor() as cur:
        cur.execute("SELECT encrypt_option FROM sys.dm_exec_connections WHERE session_id = @@SPID")
        findings["login_only_encrypt_option"] = cur.fetchone()[0]

# Errors keep their numbers.
try:
    connect(login_password="wrong-password", cafile=cafile)
    findings["wrong_password"] = None
except pytds.tds_base.Error as error:
    findings["wrong_password"] = getattr(error, "number", None) or getattr(error, "msg_no", None)

with connect(cafile=cafile, autocommit=True) as conn:
    with conn.cursor() as cur:
        try:
            cur.execute("SELECT * FROM no_such_table")
            findings["missing_table"] = None
        except pytds.tds_base.Error as error:
            findings["missing_table"] = error.number
        cur.execute("SELECT 'still usable'")
        findings["after_error"] = cur.fetchone()[0]

print(json.dumps(findings))
