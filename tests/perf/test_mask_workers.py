"""`mask --workers N`: the same output as one process, in input order, with the same exit code."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from privacy_gateway.cli.stream_cmd import run_stream, run_stream_parallel

CLI = str(Path(sys.executable).parent / "privacy-gateway")
LINES = [
    b'{"id": "a", "text": "hello"}\n',
    b"{not json\n",
    b"\n",
    b'{"id": 7, "text": 5}\n',
    b'{"id": "e", "text": "  "}\n',
    *(f'{{"id": "n{i}", "text": "{"x" * (i % 13 + 1)}"}}\n'.encode() for i in range(600)),
]


def length(text: str) -> dict[str, object]:
    return {"n": len(text)}


def make_length() -> object:
    return length


@pytest.mark.parametrize(("workers", "chunk_lines"), [(2, 1), (2, 7), (3, 250), (2, 10_000)])
def test_parallel_stream_is_the_serial_stream(workers, chunk_lines):
    serial, parallel = io.StringIO(), io.StringIO()
    failed = run_stream(LINES, length, max_chars=100, out=serial)
    assert (
        run_stream_parallel(
            LINES, make_length, max_chars=100, workers=workers, out=parallel, chunk_lines=chunk_lines
        )
        == failed
        == 3
    )
    assert parallel.getvalue() == serial.getvalue()


def run_mask(args: list[str], data: bytes, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRIVACY_GATEWAY_")}
    env["PRIVACY_GATEWAY_KEY_FILE"] = str(tmp_path / "keys" / "keys.json")
    return subprocess.run(
        [CLI, "mask", *args], input=data, env=env, cwd=tmp_path, capture_output=True, timeout=300
    )


TEXTS = [
    "我的手机号是13812345678，退款还没到账",
    "联系邮箱 zhang.wei@example.com，卡号6222021234567890123",
    "张先生说地址是浙江省杭州市西湖区文三路90号",
    "提现一直显示处理中，已经三天了。",
]


@pytest.mark.parametrize("policy", ["default", "analytics"])  # analytics has pseudonyms: needs a key
def test_mask_command_with_workers_matches_one_process(tmp_path, policy):
    data = (
        b"".join(
            json.dumps({"id": i, "text": TEXTS[i % len(TEXTS)]}, ensure_ascii=False).encode() + b"\n"
            for i in range(300)
        )
        + b"not json\n"
    )
    one = run_mask(["--policy", policy], data, tmp_path)
    two = run_mask(["--policy", policy, "--workers", "2"], data, tmp_path)
    assert (one.returncode, two.returncode) == (1, 1)  # the one bad line
    assert two.stdout == one.stdout
    out = [json.loads(x) for x in two.stdout.splitlines()]
    assert [o["id"] for o in out] == [*range(300), None]
    assert "13812345678" not in two.stdout.decode()


def test_workers_must_be_positive(tmp_path):
    done = run_mask(["--workers", "0"], b"", tmp_path)
    assert done.returncode == 2
