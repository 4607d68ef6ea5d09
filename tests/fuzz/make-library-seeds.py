#!/usr/bin/env python3
# Writes the seed libraries of the library fuzz target: a library made by rigplan-cli with a
# saved build, a custom part, prices, a source, a cloud rate and a currency rate, and variants of
# it that Rigplan must refuse or read with care.
#
#   tests/fuzz/make-library-seeds.py build/src/cli/rigplan-cli tests/fuzz/corpus/library
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

cli, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
tmp = tempfile.mkdtemp()
base = os.path.join(tmp, "library.sqlite")


def run(*args):
    subprocess.run([cli, "--library", base, *args], check=True, stdout=subprocess.DEVNULL)


run("prices", "add-source", "http://127.0.0.1:9/feed.json")
run("prices", "set-rate", "EUR", "0.92")

build = {
    "format": "rigplan-build", "version": 1, "name": "Dual 3090",
    "parts": [{"id": "nvidia-rtx-3090", "count": 2, "condition": "used", "price": 700}],
    "workloads": [{"model": "llama-3.1-70b", "quant": "Q4_K_M", "context": 8192}],
    "settings": {"currency": "USD"},
}
db = sqlite3.connect(base)
db.execute("INSERT INTO builds (name, json, created, modified) VALUES (?, ?, 1, 2)",
           (build["name"], json.dumps(build)))
db.execute("INSERT INTO custom_parts (id, kind, json, modified) VALUES (?, ?, ?, 1)",
           ("custom-gpu", "gpu", json.dumps({"name": "Custom GPU", "memory_gib": "24"})))
db.execute("INSERT INTO price_observations (part_id, source, condition, amount_minor, currency,"
           " observed_at) VALUES ('nvidia-rtx-3090', 'manual', 'used', 70000, 'USD', 1)")
db.execute("INSERT INTO cloud_rates (gpu, count, per_hour_minor, currency, provider, source,"
           " observed_at) VALUES ('nvidia-rtx-3090', 1, 22, 'USD', 'Cloud', 'feed', 1)")
db.execute("UPDATE price_sources SET status = 'ok: 3 prices', checked_at = 1")
db.commit()
db.execute("PRAGMA journal_mode = DELETE")
db.execute("PRAGMA page_size = 512")
db.execute("VACUUM")
db.close()


def variant(name, *statements):
    path = os.path.join(out, name)
    shutil.copy(base, path)
    if statements:
        con = sqlite3.connect(path)
        for s in statements:
            con.execute(s)
        con.commit()
        con.close()


variant("library.sqlite")
variant("user-version-negative.sqlite", "PRAGMA user_version = -1")
variant("user-version-newer.sqlite", "PRAGMA user_version = 99")
variant("user-version-zero.sqlite", "PRAGMA user_version = 0")
variant("build-not-json.sqlite", "UPDATE builds SET json = '{\"format\": '")
variant("custom-part-nested.sqlite",
        "UPDATE custom_parts SET json = '" + "[" * 5000 + "]" * 5000 + "'")
variant("build-name-escape.sqlite",
        "UPDATE builds SET name = 'a' || char(27) || '[2J', "
        "json = replace(json, 'Dual 3090', 'a\\u001b[2J')")
variant("status-escape.sqlite",
        "UPDATE price_sources SET status = 'failed: ' || char(27) || ']0;title' || char(7)")
with open(os.path.join(out, "not-sqlite.sqlite"), "wb") as f:
    f.write(b"SQLite format 3\0" + b"\xff" * 496)
shutil.rmtree(tmp)
