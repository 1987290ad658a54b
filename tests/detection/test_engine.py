from __future__ import annotations

import itertools
import socket
import threading

import pytest

from privacy_gateway.detection.engine import Detector, get_detector, to_spans
from privacy_gateway.detection.registry import LANGUAGE, recognizer_classes
from privacy_gateway.types import Span

# One text per structured entity type, mixed with Chinese, full-width and invisible characters.
TEXTS = [
    "我的手机13812345678，身份证11010519491231002X，请回电。",
    "请发到zhang.san@qq.com谢谢，卡号6222 0212 3456 7890 128",
    "订单号13812345678没到账，流水号6222021234567890128",
    "（+86）１３８\u200b1234 5678，座机(021)12345678转123",
    "验证码123456，支付密码是abc123，登录IP 192.168.1.10",
    "车牌粤B·D12345，护照E12345678，港澳通行证C12345678，台胞证12345678",
    "微信号 zhangsan_88，支付宝账号2088123456789012，客服95588打不通",
    "版本v1.2.3.4闪退，满100减10，3次都失败了",
    "",
    "no pii here at all",
]


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector()


def test_no_network_while_building_and_detecting(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    detector = Detector()
    for text in TEXTS:
        detector.detect(text)
    detector.analyzer.analyze(TEXTS[1], language=LANGUAGE)


@pytest.mark.parametrize("text", TEXTS)
def test_detect_equals_the_assembled_analyzer_engine(detector: Detector, text: str) -> None:
    via_presidio = to_spans(detector.analyzer.analyze(text=text, language=LANGUAGE))
    assert detector.detect(text) == via_presidio


@pytest.mark.parametrize("text", TEXTS)
def test_spans_are_sorted_and_do_not_overlap(detector: Detector, text: str) -> None:
    spans = detector.detect(text)
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))
    assert all(0 <= s.start < s.end <= len(text) and 0.5 <= s.score <= 1.0 for s in spans)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (TEXTS[0], [("PHONE_NUMBER", "13812345678"), ("CN_RESIDENT_ID", "11010519491231002X")]),
        (TEXTS[1], [("EMAIL_ADDRESS", "zhang.san@qq.com"), ("BANK_CARD", "6222 0212 3456 7890 128")]),
        (TEXTS[2], []),
        (
            TEXTS[3],
            [("PHONE_NUMBER", "（+86）１３８\u200b1234 5678"), ("PHONE_NUMBER", "(021)12345678转123")],
        ),
        (
            TEXTS[4],
            [("VERIFICATION_CODE", "123456"), ("PASSWORD", "abc123"), ("IP_ADDRESS", "192.168.1.10")],
        ),
        (
            TEXTS[5],
            [
                ("CN_LICENSE_PLATE", "粤B·D12345"),
                ("CN_PASSPORT", "E12345678"),
                ("CN_TRAVEL_PERMIT", "C12345678"),
                ("CN_TRAVEL_PERMIT", "12345678"),
            ],
        ),
        (
            TEXTS[6],
            [
                ("WECHAT_ID", "zhangsan_88"),
                ("ALIPAY_ACCOUNT", "2088123456789012"),
            ],  # 95588 is a company's number: not reported
        ),
        (TEXTS[7], []),
    ],
)
def test_detect_end_to_end(detector: Detector, text: str, expected: list[tuple[str, str]]) -> None:
    structured = [s for s in detector.detect(text) if s.entity_type not in {"LOCATION", "PERSON", "AMOUNT"}]
    assert [(s.entity_type, text[s.start : s.end]) for s in structured] == expected


def test_detect_all_keeps_the_overlaps_detect_resolves(detector: Detector) -> None:
    text = "支付宝账号13812345678"
    every = detector.detect_all(text)
    assert [(s.entity_type, s.start, s.end) for s in every] == [
        ("ALIPAY_ACCOUNT", 5, 16),
        ("PHONE_NUMBER", 5, 16),
    ]
    assert detector.detect(text) == [s for s in every if s.entity_type == "ALIPAY_ACCOUNT"]


@pytest.mark.parametrize(
    ("text", "winner"),
    [
        ("支付宝账号13812345678", "ALIPAY_ACCOUNT"),  # labelled as the account: it is the account
        ("我的支付宝账号是zhangwei_2020@126.com，麻烦查一下", "ALIPAY_ACCOUNT"),
        ("支付宝 zhang123@163.com", "EMAIL_ADDRESS"),  # a bare 支付宝 before it: the specific type
    ],
)
def test_the_stronger_evidence_wins_an_overlap(detector: Detector, text: str, winner: str) -> None:
    assert [s.entity_type for s in detector.detect(text)] == [winner]


def test_offsets_are_code_points_into_the_original(detector: Detector) -> None:
    text = "😀\u200b手机１３８\u200b１２３４\u200b５６７８"
    (span,) = [s for s in detector.detect(text) if s.entity_type == "PHONE_NUMBER"]
    assert (span.start, span.end) == (4, len(text))


def test_score_threshold_is_applied() -> None:
    strict = Detector(score_threshold=0.9)
    types = {s.entity_type for s in strict.detect(TEXTS[0])}
    assert types == {"CN_RESIDENT_ID", "PHONE_NUMBER"}  # both cued: 0.95 and 1.0
    assert strict.detect("13812345678") == []  # uncued mobile: 0.75


def test_get_detector_is_one_instance_even_under_a_race() -> None:
    seen: list[Detector] = []
    threads = [threading.Thread(target=lambda: seen.append(get_detector())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(d) for d in seen}) == 1
    assert get_detector() is seen[0]


def test_every_recognizer_is_loaded_into_the_analyzer(detector: Detector) -> None:
    loaded = {type(r) for r in detector.analyzer.registry.recognizers}
    assert loaded == set(recognizer_classes())


def test_span_repr_carries_no_text(detector: Detector) -> None:
    (span,) = detector.detect("13812345678")
    assert span == Span("PHONE_NUMBER", 0, 11, 0.75)
    assert "138" not in repr(span)


@pytest.mark.parametrize(
    "text",
    [
        "打95588没人接",
        "客服电话400-820-8888一直占线",
        "打10086问了",
        "拨打12315投诉你们",
        "官方热线 4006-888-999",
    ],
)
def test_company_service_lines_are_not_reported(detector: Detector, text: str) -> None:
    assert detector.detect(text) == []
