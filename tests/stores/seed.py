"""A table of feedback with known PII (gold values), for scan/backfill tests and the benchmark.

Uses the labelled corpus (corpus/*.jsonl, CONTRACT entity format) when present; otherwise generates rows
with valid-checksum resident ids and bank cards, mobile numbers and e-mail addresses. Deterministic per seed.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Column, Engine, Integer, MetaData, String, Table, Text, insert

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]  # GB 11643 mod 11-2
CHECK = "10X98765432"


@dataclass(frozen=True)
class SeedRow:
    id: int
    body: str
    note: str | None
    gold: tuple[str, ...]  # the raw PII values inside body and note


def resident_id(rng: random.Random) -> str:
    birth = f"{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    head = f"110105{birth}{rng.randint(0, 999):03d}"
    return head + CHECK[sum(int(d) * w for d, w in zip(head, WEIGHTS, strict=True)) % 11]


def bank_card(rng: random.Random) -> str:
    digits = [6, 2, 2, 2, 0, 2] + [rng.randint(0, 9) for _ in range(12)]
    total = 0
    for i, d in enumerate(reversed(digits)):
        total += (d * 2 - 9 if d * 2 > 9 else d * 2) if i % 2 == 0 else d
    return "".join(map(str, digits)) + str((10 - total % 10) % 10)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"


def email(rng: random.Random) -> str:
    return f"user{rng.randint(1000, 99999)}@example.com"


TEMPLATES = [
    ("我的手机{m}，转账一直失败，请尽快处理", ("m",)),
    ("邮箱 {e} 收不到验证码，手机{m}也试过", ("e", "m")),
    ("身份证{r}实名认证不通过，怎么办", ("r",)),
    ("银行卡{c}被扣款两次，请退款", ("c",)),
    ("App 很好用，没有问题", ()),
    ("客服态度不好，等了很久", ()),
]


def generate(n: int, *, seed: int = 7) -> Iterator[SeedRow]:
    rng = random.Random(seed)
    makers = {"m": mobile, "e": email, "r": resident_id, "c": bank_card}
    for i in range(1, n + 1):
        template, keys = TEMPLATES[rng.randrange(len(TEMPLATES))]
        values = {k: makers[k](rng) for k in keys}
        body = template.format(**values)
        note = None
        gold = tuple(values.values())
        if i % 5 == 0:
            phone = mobile(rng)
            note = f"回访记录：已致电{phone}"
            gold += (phone,)
        yield SeedRow(i, body, note, gold)


def feedback_table(name: str, metadata: MetaData) -> Table:
    return Table(
        name,
        metadata,
        Column("ticket_id", Integer, primary_key=True, autoincrement=False),
        Column("body", Text),
        Column("note", String(500)),
    )


def create_seeded(engine: Engine, name: str, rows: Iterable[SeedRow], *, chunk: int = 5000) -> Table:
    """Create the table and insert the rows in chunks (streams: a million rows never sit in memory)."""
    table = feedback_table(name, MetaData())
    table.metadata.create_all(engine)
    it = iter(rows)
    while batch := list(itertools.islice(it, chunk)):
        with engine.begin() as conn:
            conn.execute(insert(table), [{"ticket_id": r.id, "body": r.body, "note": r.note} for r in batch])
    return table
