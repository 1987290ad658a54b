"""Detection throughput: our detector vs stock Presidio vs one compiled regex scan (not a test).

    .venv/bin/python benchmarks/detect_bench.py [--texts 2000] [--seed 7] [--breakdown] [--corpus F.jsonl]

On the same feedback texts (50-300 characters, generated below with a seeded generator, or the
``text`` fields of a JSON Lines corpus), in one process run, measures texts per second of:

  (a) ``Detector.detect`` (this package), and (a') its ``CnPatternRecognizer`` recognizers alone;
  (b) stock Presidio: ``AnalyzerEngine`` with its predefined recognizers on the no-op NLP engine,
      language ``en`` (stock Presidio has no ``zh``); tldextract is pointed at its bundled suffix list
      so nothing is downloaded;
  (c) the practical upper bound: one compiled alternation of every pattern our recognizers use,
      ``finditer`` over the text, nothing else (no normalisation, validation, cues or overlaps),
      compiled by both ``re`` and ``regex``; the faster one is the reference;

prints the ratios (with ``--breakdown``, the CPU time of each recognizer), then the time per 1,000
characters on one 5,000- and one 20,000-character text to show that detection stays linear. Each
figure is the best of ``--repeat`` rounds, in process CPU time (the machine may be shared).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import regex

from privacy_gateway.detection.checksums import luhn_valid, mod11_2_check_char
from privacy_gateway.detection.engine import Detector
from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

SENTENCES = (
    "提现一直显示处理中，已经三天了。",
    "充值500元没有到账，余额没变化。",
    "同一笔订单扣款两次，请尽快退款。",
    "在线客服一直不回复，体验很差。",
    "更新到6.2.3版本以后打开就闪退。",
    "转账失败但是钱被扣了。",
    "账户突然被冻结，不知道什么原因。",
    "满100减10的优惠券用不了。",
    "第3次联系你们了，问题还是没解决。",
    "希望尽快处理，谢谢。",
    "页面加载很慢，付款码刷不出来。",
    "绑定银行卡的时候一直提示失败。",
    "实名认证审核了一周还没通过。",
    "退款说1-3个工作日到账，现在都一周了。",
    "你们的APP太难用了，找不到注销入口。",
    "昨天晚上8点左右交易失败了2次。",
    "希望回访的时候不要在上班时间打电话。",
    "请问积分什么时候过期？",
)
SURNAMES = "张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚"
STREETS = (
    "浙江省杭州市西湖区文三路90号",
    "广东省深圳市南山区科技园路1号3栋502室",
    "北京市朝阳区建国路88号",
    "上海市浦东新区世纪大道100号",
)
DOMAINS = ("qq.com", "163.com", "126.com", "gmail.com", "sina.com", "outlook.com")


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _resident_id(rng: random.Random) -> str:
    body = rng.choice(("110105", "440305", "310115", "510107", "330106")) + (
        f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{_digits(rng, 3)}"
    )
    return body + mod11_2_check_char(body)


def _card(rng: random.Random) -> str:
    body = rng.choice(("622202", "621700", "622848", "436742", "518710")) + _digits(rng, rng.choice((9, 12)))
    number = next(body + d for d in "0123456789" if luhn_valid(body + d))
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if rng.random() < 0.3 else number


def _snippet(rng: random.Random) -> str:
    phone = "1" + rng.choice("3456789") + _digits(rng, 9)
    makers: Sequence[Callable[[], str]] = (
        lambda: f"我的手机{phone}，",
        lambda: f"联系电话：{phone[:3]} {phone[3:7]} {phone[7:]}。",
        lambda: f"座机0{rng.choice(('10', '21', '755', '571'))}-{rng.randint(2, 8)}{_digits(rng, 7)}。",
        lambda: f"身份证号{_resident_id(rng)}，",
        lambda: f"银行卡号{_card(rng)}。",
        lambda: f"邮箱{rng.choice('abcxyz')}{_digits(rng, 4)}@{rng.choice(DOMAINS)}，",
        lambda: f"我叫{rng.choice(SURNAMES)}{rng.choice(GIVEN)}{rng.choice(GIVEN)}，",
        lambda: f"{rng.choice(SURNAMES)}先生说",
        lambda: f"地址是{rng.choice(STREETS)}，",
        lambda: f"金额{rng.randint(10, 9999)}元，",
        lambda: f"验证码{_digits(rng, 6)}，",
        lambda: f"订单号{rng.randint(2021, 2024)}{_digits(rng, 14)}，",
        lambda: f"交易流水号{_digits(rng, 20)}，",
        lambda: "客服95588一直占线，",
    )
    return rng.choice(makers)()


def feedback_texts(count: int, *, seed: int) -> list[str]:
    """``count`` feedback-like texts of 50-300 characters; most carry one or more PII items."""
    rng = random.Random(seed)
    texts: list[str] = []
    while len(texts) < count:
        target = rng.randint(50, 300)
        parts: list[str] = []
        while sum(map(len, parts)) < target:
            parts.append(_snippet(rng) if rng.random() < 0.45 else rng.choice(SENTENCES))
        text = "".join(parts)[:300]
        if len(text) >= 50:
            texts.append(text)
    return texts


def stock_presidio() -> Callable[[str], object]:
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NoOpNlpEngine
    from presidio_analyzer.predefined_recognizers.generic import email_recognizer

    # Presidio's e-mail recognizer calls tldextract.extract, which fetches the Public Suffix List on
    # first use; point it at the snapshot bundled with tldextract instead.
    offline = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    email_recognizer.tldextract = type("Offline", (), {"extract": staticmethod(offline)})  # type: ignore[assignment]
    engine = AnalyzerEngine(
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "no_op"}]),
        supported_languages=["en"],
    )
    return lambda text: engine.analyze(text=text, language="en")


def single_regex_scans(detector: Detector) -> dict[str, Callable[[str], object]]:
    """The alternation of all our patterns (named groups made plain), compiled by ``re`` and ``regex``."""
    alternatives = []
    for recognizer in detector.analyzer.registry.recognizers:
        flags = getattr(recognizer, "FLAGS", 0)
        for pattern in getattr(recognizer, "patterns", []):
            plain = re.sub(r"\(\?P<\w+>", "(?:", pattern.regex)
            alternatives.append(f"(?i:{plain})" if flags & re.IGNORECASE else f"(?:{plain})")
    source = "|".join(alternatives)
    scans: dict[str, Callable[[str], object]] = {}
    for name, engine in (("re", re), ("regex", regex)):
        compiled = engine.compile(source)
        scans[name] = lambda text, compiled=compiled: [m.span() for m in compiled.finditer(text)]
    return scans


def rates(runs: dict[str, Callable[[str], object]], texts: Sequence[str], repeat: int) -> dict[str, float]:
    """Texts per second of each runner, best of ``repeat`` rounds.

    Rounds are interleaved (a, b, c, a, b, c...) and timed in process CPU time, so a busy machine
    (other jobs on the two cores) slows every runner alike instead of whichever ran at the wrong moment.
    """
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.process_time()
            for text in texts:
                run(text)
            best[name] = min(best[name], time.process_time() - started)
    return {name: len(texts) / seconds for name, seconds in best.items()}


def ms_per_1000_chars(run: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run(text)
        best = min(best, time.process_time() - started)
    return best * 1000 / (len(text) / 1000)


def breakdown(detector: Detector, texts: Sequence[str]) -> dict[str, float]:
    """CPU microseconds per text spent in each recognizer (texts outer, so normalisation stays cached)."""
    spent = {type(r).__name__: 0.0 for r in detector.recognizers}
    for text in texts:
        for recognizer in detector.recognizers:
            started = time.process_time()
            recognizer.analyze(text, [], None)
            spent[type(recognizer).__name__] += time.process_time() - started
    return {name: seconds / len(texts) * 1e6 for name, seconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--breakdown", action="store_true", help="also print CPU time per recognizer")
    parser.add_argument("--corpus", type=Path, help="JSON Lines with a 'text' field, not generated texts")
    args = parser.parse_args()

    if args.corpus:
        lines = args.corpus.read_text(encoding="utf-8").splitlines()
        texts = [json.loads(line)["text"] for line in lines if line.strip()][: args.texts]
    else:
        texts = feedback_texts(args.texts, seed=args.seed)
    mean = sum(map(len, texts)) / len(texts)

    detector = Detector()
    ours = detector.detect
    pattern_recognizers = [r for r in detector.recognizers if isinstance(r, CnPatternRecognizer)]

    def structured(text: str) -> object:  # (a'): the CnPatternRecognizer subclasses alone
        return [r.analyze(text, [], None) for r in pattern_recognizers]

    stock = stock_presidio()
    scans = single_regex_scans(detector)
    for run in (ours, structured, stock, *scans.values()):  # warm up: compile, load, fill caches
        for text in texts[:50]:
            run(text)

    measured = rates({"ours": ours, "structured": structured, "stock": stock, **scans}, texts, args.repeat)
    rate_ours, rate_stock = measured["ours"], measured["stock"]
    scan_rates = {name: measured[name] for name in scans}
    fastest = max(scan_rates, key=scan_rates.__getitem__)
    scan, rate_scan = scans[fastest], scan_rates[fastest]
    print(f"{len(texts)} texts, mean {mean:.0f} characters, best of {args.repeat}")
    print(f"(a) privacy_gateway Detector.detect    {rate_ours:10.0f} texts/s")
    rate_structured = measured["structured"]
    print(f"(a') its {len(pattern_recognizers)} pattern recognizers alone {rate_structured:10.0f} texts/s")
    print(f"(b) stock Presidio (no-op NLP, en)     {rate_stock:10.0f} texts/s")
    for name, rate in scan_rates.items():
        print(f"(c) one compiled alternation, {name:<6}   {rate:10.0f} texts/s")
    print(
        f"a/b = {rate_ours / rate_stock:.2f}x stock Presidio;  "
        f"a/c = {rate_ours / rate_scan:.0%} of the faster regex scan ({fastest})"
    )

    if args.breakdown:
        print("CPU microseconds per text, by recognizer:")
        for name, micros in sorted(breakdown(detector, texts).items(), key=lambda kv: -kv[1]):
            print(f"  {name:<32} {micros:8.1f}")

    rng = random.Random(args.seed)
    for size in (5_000, 20_000):
        long_text = ""
        while len(long_text) < size:
            long_text += rng.choice(texts)
        long_text = long_text[:size]
        print(
            f"{size:>6}-character text: (a) {ms_per_1000_chars(ours, long_text, args.repeat):.3f} ms"
            f"  (c) {ms_per_1000_chars(scan, long_text, args.repeat):.3f} ms per 1,000 characters"
        )


if __name__ == "__main__":
    main()
