"""The bad-input catalogue through `privacy-gateway detect` and `mask` (real processes, JSON Lines on
stdin): one output line per input line in order, a per-line error for each bad one, exit 1, never a
traceback; odd but valid text is still detected and masked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

MAX_CHARS = 1000
PHONE = "13812345678"

# (id, raw line, expected: "error" or the entity type that must be found; covered characters)
CATALOGUE: list[tuple[str, bytes, str]] = [
    ("valid", json.dumps({"id": "valid", "text": f"手机{PHONE}"}).encode(), "PHONE_NUMBER"),
    ("empty", b'{"id": "empty", "text": ""}', "error"),
    ("spaces", b'{"id": "spaces", "text": " \\t\\u3000 "}', "error"),
    ("too long", json.dumps({"id": "too long", "text": "a" * (MAX_CHARS + 1)}).encode(), "error"),
    ("surrogate", b'{"id": "surrogate", "text": "a\\ud800b"}', "error"),
    ("nul", b'{"id": "nul", "text": "a\\u0000b"}', "error"),
    ("escape", b'{"id": "escape", "text": "\\u001b[31m"}', "error"),
    ("text number", b'{"id": "text number", "text": 5}', "error"),
    ("text null", b'{"id": "text null", "text": null}', "error"),
    ("text missing", b'{"id": "text missing"}', "error"),
    (
        "zero-width phone",
        json.dumps({"id": "zero-width phone", "text": "手机138\u200b1234\u200b5678"}).encode(),
        "PHONE_NUMBER",
    ),
    (
        "full-width phone",
        json.dumps({"id": "full-width phone", "text": "电话１３８１２３４５６７８"}).encode(),
        "PHONE_NUMBER",
    ),
    (
        "emoji phone",
        json.dumps({"id": "emoji phone", "text": "😀👩\u200d👧" + PHONE}).encode(),
        "PHONE_NUMBER",
    ),
    (
        "unknown field",
        json.dumps({"id": "unknown field", "text": f"手机{PHONE}", "x": 1}).encode(),
        "PHONE_NUMBER",
    ),  # extra keys are ignored: producers often carry their own fields
    ("crlf", json.dumps({"id": "crlf", "text": f"手机{PHONE}"}).encode() + b"\r", "PHONE_NUMBER"),
]
# Lines whose id cannot be known or written back: the output carries "id": null.
ANONYMOUS: list[tuple[bytes, str]] = [
    (b"{not json", "not valid JSON"),
    (b'{"id": "bad utf-8", "text": "\xff\xfe"}', "not valid UTF-8"),
    (b'["a list"]', "JSON object"),
    (b'"a string"', "JSON object"),
    (b"null", "JSON object"),
    (b'{"id": "deep", "x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", "nested too deeply"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"id": ' + b"9" * 5000 + b', "text": "x"}', "not valid JSON"),  # over Python's int digit limit
    (b'\xef\xbb\xbf{"id": "bom", "text": "x"}', "not valid JSON"),
]
# Lines whose id is not writable as JSON / UTF-8 but whose text is fine: processed, id null.
ODD_IDS = [b'{"id": 1e999, "text": "x"}', b'{"id": NaN, "text": "x"}', b'{"id": "a\\ud800", "text": "x"}']


def _run(command: str, stdin: bytes, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PRIVACY_GATEWAY_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}",
        "PRIVACY_GATEWAY_KEY_FILE": str(tmp_path / "keys.json"),
        "PRIVACY_GATEWAY_MAX_TEXT_CHARS": str(MAX_CHARS),
    }
    cli = [sys.executable, "-c", "from privacy_gateway.cli.main import main; main()", command]
    return subprocess.run(cli, input=stdin, capture_output=True, env=env, timeout=120, check=False)


@pytest.mark.parametrize("command", ["detect", "mask"])
def test_every_bad_line_gets_its_own_error_and_the_rest_still_run(command, tmp_path):
    lines = [raw for _, raw, _ in CATALOGUE] + [raw for raw, _ in ANONYMOUS] + ODD_IDS
    proc = _run(command, b"\n".join(lines) + b"\n", tmp_path)
    assert proc.returncode == 1, proc.stderr.decode(errors="replace")[-2000:]
    assert b"Traceback" not in proc.stderr
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]  # valid UTF-8 JSON
    assert len(out) == len(lines)
    for (rid, raw, expected), got in zip(CATALOGUE, out, strict=False):
        assert got["id"] == rid
        if expected == "error":
            assert set(got) == {"id", "error"}, got
        else:
            assert "error" not in got, got
            text = json.loads(raw)["text"]
            found = [e for e in got["entities"] if e["entity_type"] == expected]
            assert found and all(0 <= e["start"] < e["end"] <= len(text) for e in got["entities"])
            if command == "mask":
                assert PHONE not in got["text"] and "１３８１２３４５６７８" not in got["text"]
                assert "1234" not in got["text"].replace("\u200b", "")
    for (_raw, message), got in zip(ANONYMOUS, out[len(CATALOGUE) :], strict=False):
        assert got["id"] is None and message in got["error"]
    for got in out[len(CATALOGUE) + len(ANONYMOUS) :]:
        assert got["id"] is None and "error" not in got


@pytest.mark.parametrize(
    ("stdin", "code", "lines"),
    [
        (b"", 0, 0),
        (b"\n\n   \n", 0, 0),
        (json.dumps({"id": 1, "text": "你好"}).encode(), 0, 1),  # no final newline
        (b'{"id": 1, "text": ""}', 1, 1),
    ],
)
def test_exit_codes_for_whole_inputs(stdin, code, lines, tmp_path):
    proc = _run("detect", stdin, tmp_path)
    assert proc.returncode == code
    assert len(proc.stdout.splitlines()) == lines
    assert b"Traceback" not in proc.stderr
