import io
import json

from privacy_gateway.cli.stream_cmd import run_stream


def _upper(text: str) -> dict[str, object]:
    return {"n": len(text)}


def test_one_output_per_input_in_order_and_errors_per_line():
    lines = [
        b'{"id": "a", "text": "hello"}\n',
        b"{not json\n",
        b"\n",
        b'{"id": 7, "text": 5}\n',
        b'["list"]\n',
        b'{"id": "u", "text": "\xff\xfe"}\n',
        b'{"id": "e", "text": "  "}\n',
        b'{"id": "z", "text": "ok"}\n',
    ]
    out = io.StringIO()
    failed = run_stream(lines, _upper, max_chars=100, out=out)
    got = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [g.get("id") for g in got] == ["a", None, 7, None, None, "e", "z"]
    assert got[0] == {"id": "a", "n": 5}
    assert all("error" in g for g in got[1:6])
    assert "UTF-8" in got[4]["error"]
    assert failed == 5
