"""A believable two weeks of gateway activity for the console tests and screenshots.

Everything goes through the real services (ingest, consent, follow-ups, vault, audit), so the audit
trail is a real, verifiable chain. The audit clock is moved back in time while seeding so that the
overview's per-day charts have days to show, then handed back to the wall clock.

    data = seed(services, now=utcnow(), payloads=True)     # payloads: the XSS strings as well
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_gateway.apikeys.service import create_key
from privacy_gateway.bootstrap import Services
from privacy_gateway.consent.schemas import FollowUpIn, Outcome
from privacy_gateway.errors import ConsentDenied
from privacy_gateway.redaction import erasure
from privacy_gateway.redaction.schemas import FeedbackIn
from privacy_gateway.storage.base import utcnow
from privacy_gateway.storage.models import Feedback, OutboxMessage
from privacy_gateway.stores import outbox
from privacy_gateway.types import Actor

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEEDER = Actor(name="setup", role="admin")
DAYS = 14

STORES_YAML = """\
destinations:
  tickets: {kind: jsonl, directory: STORE_DIR/tickets}
  archive: {kind: jsonl, directory: STORE_DIR/archive}
  crm: {kind: http, url: "http://127.0.0.1:9/hooks/feedback", secret: demo-secret-not-used}
routes:
  - match: {channels: [phone, sms]}
    to: [tickets, crm]
default_route: [archive]
"""

# The strings the XSS tests look for: each must come back as text, never as markup.
SCRIPT_PAYLOAD = "<script>window.__pwned=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__pwned=2">'
JS_URL_PAYLOAD = "javascript:window.__pwned=3"
# API key names are plain identifiers, but `privacy-gateway erase --actor NAME` records any name.
EVIL_ACTOR_NAME = '<img src=x onerror="window.__pwned=4">'

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强"]
ADDRESSES = [
    "上海市浦东新区张江路88号",
    "北京市朝阳区建国路93号万达广场",
    "广州市天河区体育西路191号",
    "杭州市西湖区文三路259号",
    "深圳市南山区科技园南区高新南一道6号",
]
AMOUNTS = ["200元", "¥1,280.00", "3500块", "人民币680元", "99.9元"]
TEMPLATES = [
    ("payment", "我是{name}，手机{phone}，昨天在{addr}的便利店付款{amount}被重复扣款，请尽快处理。"),
    ("card", "你好，我的银行卡{card}绑定失败，身份证号{rid}，麻烦回电{phone}。"),
    ("withdrawal", "提现{amount}到账太慢了，已经三天了。联系邮箱 {email}"),
    ("praise", "客服{name}态度很好，问题已经解决了，谢谢！"),
    ("transfer", "转账给朋友{amount}显示成功但对方没收到，我的电话是{phone}。"),
    ("refund", "收货地址{addr}填错了，订单退款{amount}什么时候到账？"),
]
CHANNELS = ["phone", "in_app", "sms", "email", "app_push"]
# What agents and jobs ask the consent gate about, roughly as often as they ask it.
CHECKS = (
    [("follow_up", "phone")] * 5
    + [("analytics", "in_app")] * 2
    + [
        ("follow_up", "sms"),
        ("marketing", "sms"),
        ("model_training", "in_app"),
    ]
)


class Clock:
    """The audit log's clock: a fixed instant while seeding, the wall clock otherwise."""

    def __init__(self) -> None:
        self.fixed: datetime | None = None

    def __call__(self) -> datetime:
        return self.fixed or utcnow()


@dataclass
class DemoData:
    keys: dict[str, str] = field(default_factory=dict)  # role -> key
    subjects: list[str] = field(default_factory=list)
    timeline_subject: str = ""  # rich consent history, follow-ups, reveals
    erased_subject: str = ""  # erased by an admin during seeding
    payload_subject: str = ""  # feedback carrying the XSS payloads
    spare_subject: str = ""  # for tests that erase during the run


def _luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def _resident_id(rng: random.Random) -> str:
    body = f"3101{rng.randint(10, 99)}19{rng.randint(60, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(100, 999)}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _text(rng: random.Random) -> tuple[str, str]:
    category, template = rng.choice(TEMPLATES)
    card = "6222" + "".join(str(rng.randint(0, 9)) for _ in range(11))
    values = {
        "name": rng.choice(NAMES),
        "phone": f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}",
        "addr": rng.choice(ADDRESSES),
        "amount": rng.choice(AMOUNTS),
        "card": card + _luhn_digit(card),
        "rid": _resident_id(rng),
        "email": f"user{rng.randint(10, 99)}@example.com",
    }
    return category, template.format(**values)


def _local(day: datetime, hour: int, minute: int = 0) -> datetime:
    local = day.astimezone(SHANGHAI)
    return datetime.combine(local.date(), time(hour, minute), tzinfo=SHANGHAI)


def _keys(services: Services, session: Session, data: DemoData) -> None:
    names = {
        "admin": "admin-li",
        "compliance": "compliance-wang",
        "agent": "agent-zhang",
        "ingest": "app-feedback",
        "analyst": "analyst-chen",
    }
    for role, name in names.items():
        data.keys[role] = create_key(session, services.audit, name=name, role=role, actor=SEEDER).key


def _ingest(services: Services, session: Session, actor: Actor, data: FeedbackIn, at: datetime) -> str:
    result = services.ingest.ingest(session, data, actor=actor)
    row = session.get(Feedback, result.id)
    assert row is not None
    row.received_at = at
    for message in session.scalars(select(OutboxMessage).where(OutboxMessage.feedback_id == result.id)):
        message.created_at = at
    return result.id


def seed(
    services: Services, *, now: datetime, payloads: bool = False, clock: Clock | None = None
) -> DemoData:
    """Fill the database behind `services`; returns keys and the subjects the tests look at."""
    rng = random.Random(20241107)
    clock = clock or Clock()
    services.audit._clock = clock  # test-only: the services have no public way to backdate entries
    data = DemoData(subjects=[f"wx_user_{10086 + i}" for i in range(12)])
    data.timeline_subject, data.erased_subject = data.subjects[0], data.subjects[11]
    data.payload_subject, data.spare_subject = data.subjects[10], data.subjects[9]
    ingest_actor = Actor("app-feedback", "ingest")
    agent = Actor("agent-zhang", "agent")
    admin = Actor("admin-li", "admin")
    start = now - timedelta(days=DAYS - 1)

    def at(moment: datetime) -> datetime:
        clock.fixed = moment
        return moment

    with services.session_factory() as session, session.begin():
        at(start - timedelta(days=1))
        _keys(services, session, data)
        _consents(services, session, data, _local(start - timedelta(days=1), 10), at)
        for day in range(DAYS):
            base = start + timedelta(days=day)
            per_day = 4 + (day * 7) % 9
            for n in range(per_day):
                moment = at(_local(base, 9 + (n * 5) % 12, (n * 17) % 60))
                if moment > now:
                    continue
                subject = rng.choice(data.subjects[:9])
                category, text = _text(rng)
                _ingest(
                    services,
                    session,
                    ingest_actor,
                    FeedbackIn(
                        subject_id=subject, channel=rng.choice(CHANNELS), text=text, category=category
                    ),
                    moment,
                )
                purpose, channel = rng.choice(CHECKS)
                services.consent.check(
                    session,
                    subject_id=rng.choice(data.subjects),
                    purpose=purpose,
                    channel=channel,
                    actor=agent,
                    at=moment,
                )
        _follow_ups_and_reveals(services, session, data, now, at, agent)
        if payloads:
            _payload_records(services, session, data, now - timedelta(hours=2), at)
        at(now - timedelta(minutes=30))
        erasure.erase_subject(
            session,
            vault=services.vault,
            consent=services.consent,
            subject_id=data.erased_subject,
            actor=admin,
            reason="用户注销账户",
            ticket="DSR-2024-0107",
        )
        _deliveries(session, now)
        at(now - timedelta(minutes=20))
        services.audit.checkpoint(session)  # operators sign the head now and then (docs/audit.md)
    clock.fixed = None
    return data


def _consents(
    services: Services, session: Session, data: DemoData, when: datetime, at: Callable[[datetime], datetime]
) -> None:
    def record(
        subject: str, purpose: str, channel: str, granted: bool, moment: datetime, **kw: object
    ) -> None:
        at(moment)
        services.consent.record(
            session,
            subject_id=subject,
            purpose=purpose,
            channel=channel,
            granted=granted,
            notice_version=str(kw.get("notice", "2024.10")),
            source=str(kw.get("source", "app:privacy-settings")),
            expires_at=kw.get("expires"),  # type: ignore[arg-type]
            separate=bool(kw.get("separate", False)),
            actor=SEEDER,
            at=moment,
        )

    for i, subject in enumerate(data.subjects):
        moment = when + timedelta(minutes=i)
        record(subject, "follow_up", "phone", True, moment)
        if i % 2 == 0:
            record(subject, "analytics", "in_app", True, moment + timedelta(minutes=1))
        if i % 3 == 0:
            record(subject, "marketing", "sms", True, moment + timedelta(minutes=2), separate=True)
    rich = data.timeline_subject
    record(
        rich,
        "model_training",
        "in_app",
        True,
        when + timedelta(days=2),
        separate=True,
        source="app:ai-notice",
    )
    record(rich, "marketing", "sms", False, when + timedelta(days=4), source="sms:reply-TD")
    record(rich, "follow_up", "sms", True, when + timedelta(days=5), expires=when + timedelta(days=9))
    record(rich, "analytics", "in_app", False, when + timedelta(days=8), source="app:privacy-settings")
    record(rich, "analytics", "in_app", True, when + timedelta(days=10), notice="2024.11")


def _follow_ups_and_reveals(
    services: Services,
    session: Session,
    data: DemoData,
    now: datetime,
    at: Callable[[datetime], datetime],
    agent: Actor,
) -> None:
    plan = [
        (data.timeline_subject, now - timedelta(days=5), Outcome.NO_ANSWER),
        (data.subjects[1], now - timedelta(days=4), Outcome.REACHED),
        (data.subjects[2], now - timedelta(days=3), Outcome.BUSY),
        (data.timeline_subject, now - timedelta(days=1), Outcome.REACHED),
    ]
    for subject, when, outcome in plan:
        moment = at(_local(when, 10, 30))
        try:
            services.consent.follow_ups.record_attempt(
                session,
                subject_id=subject,
                data=FollowUpIn(channel="phone", outcome=outcome),
                actor=agent,
                at=moment,
            )
        except ConsentDenied:
            pass  # the refusal is audited; the timeline shows it
    at(now - timedelta(hours=3))
    rows = session.scalars(
        select(Feedback).where(Feedback.subject_id == data.timeline_subject).order_by(Feedback.received_at)
    ).all()
    for row in rows[:2]:
        services.vault.reveal(
            session,
            feedback_id=row.id,
            actor=agent,
            purpose="follow_up",
            channel="phone",
            reason="回访核实退款账户",
            ticket="CS-2024-0042",
        )


def _payload_records(
    services: Services, session: Session, data: DemoData, when: datetime, at: Callable[[datetime], datetime]
) -> None:
    at(when)
    ingest_actor = Actor("app-feedback", "ingest")
    for text, category in [
        (f"无法付款 {SCRIPT_PAYLOAD}", IMG_PAYLOAD[:64]),
        (f"点这里 {JS_URL_PAYLOAD} 领红包", JS_URL_PAYLOAD),
        (f"图片 {IMG_PAYLOAD}", "<b>bold</b>"),
    ]:
        _ingest(
            services,
            session,
            ingest_actor,
            FeedbackIn(subject_id=data.payload_subject, channel="in_app", text=text, category=category),
            when,
        )
    # An operator's CLI erasure of an unknown id, recorded under whatever --actor was typed.
    erasure.erase_subject(
        session,
        vault=services.vault,
        consent=services.consent,
        subject_id="nobody",
        actor=Actor(EVIL_ACTOR_NAME, "admin"),
        reason="cli test",
    )


def _deliveries(session: Session, now: datetime) -> None:
    """Most messages delivered; the CRM webhook has a backlog, a few retries and two dead letters."""
    messages = session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    delivered = [
        m.id
        for i, m in enumerate(messages)
        if m.destination != "crm" or i % 3 == 0
        if m.created_at < now - timedelta(hours=6)
    ]
    outbox.mark_delivered(session, delivered, now=now)
    pending_crm = [m for m in messages if m.destination == "crm" and m.id not in set(delivered)]
    for i, m in enumerate(pending_crm[:6]):
        outbox.mark_failed(
            session, m.id, error="http_503", next_attempt_at=now + timedelta(minutes=5), dead=i < 2
        )
