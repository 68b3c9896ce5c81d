import json
import subprocess
import sys


def run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "newsevents.cli", *args], capture_output=True, text=True, **kw)


def test_code_jsonl_with_bad_line(tmp_path):
    inp = tmp_path / "in.jsonl"
    inp.write_text(json.dumps({"id": "x", "text": "Iran thanked Iraq for its help.", "date": "2020-01-02"}) + "\n"
                   + "{broken\n" + json.dumps({"id": "y", "text": "Turkey sent aid to Syria."}) + "\n")
    out = tmp_path / "out.jsonl"
    p = run("code", str(inp), "--output", str(out))
    assert p.returncode == 0, p.stderr
    assert f"{inp}:2: invalid JSON" in p.stderr
    assert "Traceback" not in p.stderr
    recs = [json.loads(x) for x in out.read_text().splitlines()]
    assert {r["article_id"] for r in recs} == {"x", "y"}


def test_csv_format_and_demo(tmp_path):
    out = tmp_path / "ev.csv"
    p = run("code", "newsevents/demo", "--output", str(out), "--quiet")
    assert p.returncode == 0, p.stderr
    assert out.read_text().startswith("id,article_id")
    p = run("demo")
    assert p.returncode == 0 and "CONSULT" in p.stdout


def test_resolve_command(tmp_path):
    inp = tmp_path / "m.jsonl"
    inp.write_text(json.dumps({"id": "1", "text": "the Kremlin"}) + "\n")
    out = tmp_path / "o.jsonl"
    assert run("resolve", str(inp), "--output", str(out)).returncode == 0
    assert json.loads(out.read_text())["code"] == "RUSGOV"


def test_nothing_readable_fails_cleanly(tmp_path):
    p = run("code", str(tmp_path / "nope.txt"))
    assert p.returncode == 1
    assert "no such file" in p.stderr and "Traceback" not in p.stderr
