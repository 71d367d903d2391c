"""The HTML report's evidence cards show a moved statistic where it counts, with the machine's place beside."""
from __future__ import annotations

import re

from stemfoot.corpus.db import open_db, transaction
from stemfoot.report.html import build_report
from stemfoot.review.decisions import load_items, move_value
from test_report_support import extracted_copy

HUANG = "local:c761ac6efbed"


def test_a_moved_statistic_is_shown_under_its_new_outcome(tmp_path):
    db = open_db(extracted_copy(tmp_path))
    events = [i for i in load_items(db.conn) if i.pmid == HUANG and i.field == "statistic.events"
              and i.outcome == "ulcer_healing" and i.arm == "control group"]
    assert events
    with transaction(db) as conn:
        move_value(conn, events[0], {"arm": "control group", "outcome": "rest_pain", "timepoint": events[0].timepoint},
                   reviewer="ana", source="library")
    shown = re.findall(r'<span class="what">([^<]*)</span>', build_report(db))
    moved = [w for w in shown if "moved by a reviewer" in w]
    assert len(moved) == 1
    assert moved[0].startswith("Rest pain · control group: events ")
    assert moved[0].endswith("(moved by a reviewer; machine: Ulcer healing · control group)")
