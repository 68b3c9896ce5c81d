"""One content_hash: the store's (SHA-256, 32 hex digits), so that a store written before still dedups."""

import json

from newsevents.ingest import readers
from newsevents.store import db, ingest, open_db

# hashes as stores written before this change hold them (computed by the store's content_hash then)
STORED = {"Russia attacked Ukraine on Monday.": "ab61313cef66fcac0d6f8c0200740e62",
          "China hosted talks with Japan.": "1a8036ccba83ee5a39b4d32e96394cb7"}


def test_one_function_with_the_stored_hash():
    assert readers.content_hash is db.content_hash
    for text, h in STORED.items():
        assert db.content_hash(text) == h
    assert len(db.content_hash("\ud800 lone surrogate")) == 32  # no encoding error


def test_a_store_written_before_dedups_the_same_way(tmp_path):
    old_text = "Russia attacked Ukraine on Monday."
    path = tmp_path / "old.duckdb"
    con = open_db(path)  # the rows an earlier version wrote: one done article, one failed article
    con.execute("INSERT INTO articles (content_hash, article_id, status, run_id, text) "
                "VALUES (?, 'old1', 'done', 1, ?)", [STORED[old_text], old_text])
    con.execute("INSERT INTO failures (content_hash, article_id, run_id, reason) VALUES (?, 'old2', 1, 'x')",
                [STORED["China hosted talks with Japan."]])
    con.close()
    src = tmp_path / "in.jsonl"
    texts = [*STORED, "Britain condemned Iran for the seizure."]
    src.write_text("".join(json.dumps({"id": f"n{i}", "text": t}) + "\n" for i, t in enumerate(texts)), "utf-8")
    rep = ingest([src], path)
    assert (rep.read, rep.skipped, rep.articles) == (3, 2, 1)
    con = open_db(path, read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    con.close()
