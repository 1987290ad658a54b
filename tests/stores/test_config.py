from __future__ import annotations

from pathlib import Path

import pytest

from privacy_gateway.errors import ConfigError
from privacy_gateway.stores.config import (
    HttpDestination,
    JsonlDestination,
    SqlDestination,
    default_config,
    load_config,
    parse_config,
)

GOOD = {
    "destinations": {
        "tickets": {"kind": "sql", "url": "sqlite:///x.db", "table": "complaints"},
        "bus": {
            "kind": "amqp",
            "url": "amqp://guest:guest@127.0.0.1/",
            "exchange": "fb",
            "routing_key": "fb.masked",
        },
        "events": {"kind": "nats", "subject": "feedback.masked", "stream": "FEEDBACK"},
        "archive": {"kind": "jsonl", "directory": "/tmp/archive"},
        "crm": {"kind": "http", "url": "https://crm.example/hook", "secret": "${CRM_SECRET}"},
    },
    "routes": [
        {"match": {"channels": ["phone"]}, "to": ["tickets", "crm"]},
        {"match": {"sources": ["app"], "categories": ["refund"]}, "to": ["bus"]},
    ],
    "default_route": ["archive"],
    "delivery": {"max_attempts": 5},
    "sources": {"inbound": {"kind": "amqp", "url": "amqp://guest:guest@127.0.0.1/", "queue": "feedback.raw"}},
}


def test_full_example_parses() -> None:
    cfg = parse_config(GOOD, origin="stores.yaml", env={"CRM_SECRET": "s3cret"})
    assert isinstance(cfg.destinations["tickets"], SqlDestination)
    crm = cfg.destinations["crm"]
    assert isinstance(crm, HttpDestination) and crm.secret.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(cfg)
    assert cfg.delivery.max_attempts == 5
    assert cfg.sources["inbound"].dead_letter == "feedback.raw.dead"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["destinations"]["tickets"].update(tabel="x"), "destinations.tickets.sql.tabel"),
        (lambda d: d.update(destinatons={}), "destinatons"),
        (lambda d: d["destinations"]["bus"].update(kind="kafka"), "destinations.bus"),
        (lambda d: d["routes"][0].update(to=["nowhere"]), "unknown destinations: nowhere"),
        (lambda d: d["routes"][0]["match"].update(channel=["phone"]), "routes.0.match.channel"),
        (lambda d: d["delivery"].update(max_attempts=0), "delivery.max_attempts"),
        (
            lambda d: d["destinations"].update({"bad name": {"kind": "jsonl", "directory": "x"}}),
            "destinations",
        ),
        (lambda d: d["destinations"]["crm"].update(url="ftp://x"), "destinations.crm.http.url"),
    ],
)
def test_invalid_config_names_file_and_key(mutate: object, expected: str) -> None:
    import copy

    data = copy.deepcopy(GOOD)
    mutate(data)  # type: ignore[operator]
    with pytest.raises(ConfigError) as err:
        parse_config(data, origin="/etc/pg/stores.yaml", env={"CRM_SECRET": "s3cret"})
    assert "/etc/pg/stores.yaml" in err.value.message
    assert expected in err.value.message


def test_missing_env_var_is_a_config_error_without_value() -> None:
    with pytest.raises(
        ConfigError, match=r"destinations\.crm\.secret: environment variable CRM_SECRET is not set"
    ):
        parse_config(GOOD, origin="stores.yaml", env={})


def test_error_never_echoes_values() -> None:
    data = {
        "destinations": {"db": {"kind": "sql", "url": "postgresql://u:hunter2@h/db", "table": "bad table"}}
    }
    with pytest.raises(ConfigError) as err:
        parse_config(data, origin="stores.yaml", env={})
    assert "hunter2" not in err.value.message and "bad table" not in err.value.message


@pytest.mark.parametrize(
    ("content", "expected"),
    [("destinations: [1, 2", "invalid YAML at line"), ("- a\n- b\n", "top level must be a mapping")],
)
def test_load_config_file_errors(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "stores.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=expected):
        load_config(path, default_directory=tmp_path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "nope.yaml", default_directory=tmp_path)


def test_no_file_gives_the_jsonl_default(tmp_path: Path) -> None:
    cfg = load_config(None, default_directory=tmp_path / "out")
    assert cfg == default_config(tmp_path / "out")
    local = cfg.destinations["local"]
    assert isinstance(local, JsonlDestination) and local.directory == tmp_path / "out"
    assert cfg.default_route == ["local"]
