"""`eval_command`: a table or JSON on a small corpus, exit 2 on a malformed corpus, no corpus text printed."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from privacy_gateway.cli.eval_cmd import eval_command

app = typer.Typer()
app.command()(eval_command)
runner = CliRunner()

RECORDS = [
    {
        "id": "a",
        "text": "我叫张伟，手机13812345678",
        "entities": [
            {"entity_type": "PERSON", "start": 2, "end": 4},
            {"entity_type": "PHONE_NUMBER", "start": 7, "end": 18},
        ],
    },
    {"id": "b", "text": "满100减10的券用不了，热线95588", "entities": []},
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    return path


def test_prints_a_table_without_text(corpus):
    result = runner.invoke(app, [str(corpus)])
    assert result.exit_code == 0, result.output
    assert "PERSON" in result.output and "PHONE_NUMBER" in result.output
    assert "2 records" in result.output
    assert "张伟" not in result.output and "13812345678" not in result.output
    assert "SERVICE_HOTLINE" not in result.output  # company hotlines are not scored


def test_json_output(corpus):
    result = runner.invoke(app, [str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    by_type = {t["entity_type"]: t for t in report["types"]}
    assert report["records"] == 2
    assert by_type["PHONE_NUMBER"]["recall"] == 1.0
    assert by_type["PERSON"]["leak_rate"] == 0.0


def test_type_filter(corpus):
    result = runner.invoke(app, [str(corpus), "--json", "--type", "PERSON"])
    assert [t["entity_type"] for t in json.loads(result.output)["types"]] == ["PERSON"]


@pytest.mark.parametrize(
    "content",
    ["not json\n", '{"id": "x", "text": "ab", "entities": [{"entity_type": "P", "start": 0, "end": 5}]}\n'],
)
def test_malformed_corpus_exits_2(tmp_path, content):
    path = tmp_path / "bad.jsonl"
    path.write_text(content, encoding="utf-8")
    result = runner.invoke(app, [str(path)])
    assert result.exit_code == 2


def test_missing_file_exits_2(tmp_path):
    assert runner.invoke(app, [str(tmp_path / "missing.jsonl")]).exit_code == 2
