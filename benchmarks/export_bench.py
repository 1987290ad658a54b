"""Export throughput: N generated feedback rows exported by the local engine and by Spark (not a test).

    .venv/bin/python benchmarks/export_bench.py [--rows 1000000] [--subjects 100000] [--engines local,spark]
                                                [--spark-master local[2]] [--workdir DIR] [--seed 7]

Generates the rows straight into a fresh SQLite database in bulk (multi-row INSERTs, no ingest: the
stored text is what ingest under the agent_view policy would have kept: amount ranges, places,
placeholders), grants analytics consent to 90 % of the subjects (the rest must be excluded), then runs
``ExportService.export`` once per engine (parquet, k=10, ℓ=2 over category, default quasi-identifiers)
and prints wall time and rows/s (rows read from the store per second, end to end: consent gate, read,
transform incl. residual scan, k/ℓ plan, write, manifest). docs/export.md records the figures.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert

from privacy_gateway.bootstrap import build_services
from privacy_gateway.export.engine import ExportEngine, LocalEngine
from privacy_gateway.export.schemas import ExportRequest
from privacy_gateway.export.service import ExportService
from privacy_gateway.settings import Settings
from privacy_gateway.storage.base import Base
from privacy_gateway.storage.models import ConsentRecord, Feedback
from privacy_gateway.types import Actor

START = datetime(2024, 1, 1, tzinfo=UTC)
CHANNELS = ("in_app", "phone", "sms", "email", "app_push")
CATEGORIES = ("refund", "payment_failed", "fraud", "login", "fees", "transfer", "kyc", "other")
PLACES = (
    "浙江省杭州市西湖区",
    "广东省深圳市南山区",
    "北京市朝阳区",
    "上海市浦东新区",
    "四川省成都市武侯区",
    "湖北省武汉市洪山区",
    "江苏省南京市鼓楼区",
    "广东省广州市天河区",
    "陕西省西安市雁塔区",
    "福建省厦门市思明区",
    "山东省青岛市市南区",
    "河南省郑州市金水区",
    "湖南省长沙市岳麓区",
    "重庆市渝中区",
    "天津市和平区",
)
AMOUNTS = (
    "<AMOUNT:0-10>",
    "<AMOUNT:10-50>",
    "<AMOUNT:50-100>",
    "<AMOUNT:100-500>",
    "<AMOUNT:500-1000>",
    "<AMOUNT:1000-5000>",
    "<AMOUNT:5000-10000>",
    "<AMOUNT:10000-50000>",
    "<AMOUNT_1>",
)
TEMPLATES = (
    "昨天在{place}的商户付款{amount}，扣款成功但是订单显示失败，联系客服<PERSON_1>也没解决，请尽快退款。",
    "提现{amount}一直显示处理中，已经三天了，我人在{place}，客服电话<PHONE_NUMBER_1>打不通。",
    "同一笔订单扣款两次，每次{amount}，在线客服一直不回复，体验很差。",
    "账户被冻结了，要求上传身份证<CN_RESIDENT_ID_1>，我已经上传了还是不行。",
    "转账给朋友{amount}没到账，对方说没收到，银行卡<BANK_CARD_1>也没有退回。",
    "我在{place}用花呗付款{amount}，优惠券没有抵扣，希望返还差价。",
    "登录一直提示验证码错误，换了手机也不行，邮箱<EMAIL_ADDRESS_1>也收不到邮件。",
    "手续费太高了，提现{amount}扣了很多，没有提前告知。",
)


def feedback_rows(rows: int, subjects: int, rng: random.Random) -> Iterator[dict[str, object]]:
    for _ in range(rows):
        moment = START + timedelta(minutes=rng.randrange(365 * 24 * 60))
        text = rng.choice(TEMPLATES).format(place=rng.choice(PLACES), amount=rng.choice(AMOUNTS))
        yield {
            "id": f"{rng.getrandbits(128):032x}",
            "subject_id": f"u{rng.randrange(subjects):07d}",
            "channel": rng.choice(CHANNELS),
            "purpose": "service",
            "category": rng.choice(CATEGORIES),
            "masked_text": text,
            "entities": [],
            "policy": "agent_view",
            "policy_version": "sha256:bench",
            "occurred_at": moment,
            "received_at": moment + timedelta(seconds=5),
            "erased_at": None,
        }


def consent_rows(subjects: int, rng: random.Random) -> Iterator[dict[str, object]]:
    for s in range(subjects):
        if rng.random() < 0.9:
            yield {
                "id": f"{rng.getrandbits(128):032x}",
                "subject_id": f"u{s:07d}",
                "purpose": "analytics",
                "channel": "in_app",
                "granted": True,
                "separate": False,
                "notice_version": "2024.1",
                "source": "bench",
                "granted_at": START,
                "expires_at": None,
                "withdrawn_at": None,
                "recorded_at": START,
                "recorded_by": "bench",
            }


def chunks(items: Iterator[dict[str, object]], size: int) -> Iterator[list[dict[str, object]]]:
    batch: list[dict[str, object]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--subjects", type=int, default=100_000)
    parser.add_argument("--engines", default="local,spark")
    parser.add_argument("--spark-master", default="local[2]")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="export-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = Settings(database_url=f"sqlite:///{work / 'bench.db'}", key_file=work / "keys.json")
    services = build_services(settings)
    Base.metadata.create_all(services.engine)
    rng = random.Random(args.seed)
    started = time.perf_counter()
    with services.session_factory() as session, session.begin():
        for batch in chunks(consent_rows(args.subjects, rng), 20_000):
            session.execute(insert(ConsentRecord), batch)
        for batch in chunks(feedback_rows(args.rows, args.subjects, rng), 20_000):
            session.execute(insert(Feedback), batch)
    print(
        f"generated {args.rows:,} feedback rows / {args.subjects:,} subjects "
        f"in {time.perf_counter() - started:.1f}s"
    )
    request = ExportRequest(k=10, l=2)
    exporter = ExportService.from_services(services)
    for name in [e.strip() for e in args.engines.split(",") if e.strip()]:
        engine: ExportEngine
        if name == "spark":
            from privacy_gateway.jobs.spark_engine import SparkEngine, spark_session

            conf = {
                "spark.ui.showConsoleProgress": "false",
                "spark.driver.memory": "4g",
                "spark.sql.shuffle.partitions": "8",
            }
            engine = SparkEngine(spark_session(master=args.spark_master, conf=conf))
        else:
            engine = LocalEngine()
        started = time.perf_counter()
        with services.session_factory() as session:
            manifest = exporter.export(
                session, request, out_dir=work / f"out-{name}", actor=Actor("bench", "analyst"), engine=engine
            ).to_dict()
            session.commit()
        elapsed = time.perf_counter() - started
        rows = manifest["rows"]
        print(
            f"{name:6s} {elapsed:8.1f}s  {rows['considered'] / elapsed:9,.0f} rows/s  "
            f"(read {rows['considered']:,}, consented {rows['consented']:,}, out {rows['out']:,}, "
            f"suppressed {rows['suppressed_k'] + rows['suppressed_l']:,}; k={manifest['k']['achieved']}, "
            f"l={manifest['l']['achieved']}, levels {manifest['generalisation']})"
        )
    services.close()


if __name__ == "__main__":
    main()
