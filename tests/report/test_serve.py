"""`serve`: Datasette metadata, and a real server on a free loopback port (started and stopped by PID)."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time

import pytest
import requests
from test_report_support import NAMGOONG, extracted_copy, invoke

from stemfoot.report.datasette import datasette_available, datasette_command, metadata


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_metadata_names_facets_fts_and_queries(tmp_path):
    meta = metadata(tmp_path / "corpus.db")
    db = meta["databases"]["corpus"]
    assert db["tables"]["studies"]["fts_table"] == "studies_fts" and db["tables"]["studies"]["fts_pk"] == "id"
    assert {"outcome", "design", "arm_cell_type"} <= set(db["tables"]["extracted_statistics"]["facets"])
    assert set(db["queries"]) == {"statistics_for_outcome", "studies_by_cell_type", "poolable_2x2"}
    assert ":outcome" in db["queries"]["poolable_2x2"]["sql"]


def test_missing_database_is_a_clear_error(tmp_path):
    result = invoke("serve", "--db", str(tmp_path / "none.db"), "--port", str(free_port()))
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: {tmp_path / 'none.db'}: no such database\n")


@pytest.mark.skipif(not datasette_available(), reason="datasette (the `serve` extra) is not installed")
def test_real_server(tmp_path):
    db = extracted_copy(tmp_path)
    meta = tmp_path / "metadata.json"
    meta.write_text(json.dumps(metadata(db)), encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(datasette_command(db, port, meta), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                versions = requests.get(f"{base}/-/versions.json", timeout=2).json()
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "datasette did not start within 30 s"
                time.sleep(0.2)
        assert versions["datasette"]["version"].startswith("0.65")
        table = requests.get(f"{base}/corpus/arms.json?_shape=array&_col=label&role=control&_sort=study_id",
                             timeout=10).json()
        assert [r["label"] for r in table] == ["control group", "control group", "normal saline", "control group",
                                               "control group", "control group"]
        pooled = requests.get(f"{base}/corpus/poolable_2x2.json?_shape=array&outcome=ulcer_healing", timeout=10).json()
        assert [(r["study"], r["events_t"], r["total_t"], r["events_c"], r["total_c"]) for r in pooled] == [
            ("local:c761ac6efbed", 14, 18, 7, 18), (NAMGOONG, 8, 10, 3, 6)]
        found = requests.get(f"{base}/corpus/studies.json?_search=adipose&_shape=array&_col=pmid", timeout=10).json()
        assert [r["pmid"] for r in found] == [NAMGOONG]
        facets = requests.get(f"{base}/corpus/extracted_statistics.json?_size=0", timeout=10).json()
        assert {"outcome", "design", "arm_cell_type"} <= set(facets["facet_results"])
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
