"""Pathological text for every recognizer: worst-case milliseconds per KB (not a test, but the test's worker).

    .venv/bin/python benchmarks/pathological_bench.py [--size 100000] [--repeat 1] [--stream] [--case NAME]

Each case is a long run of what a recognizer's patterns look for without ever completing a match, or
completing millions of them: 100k digits, runs of 号/路/元/先生, repeated separators, "@" and dotted
runs, zero-width and full-width characters. Every recognizer of the detector runs on every case
(normalisation included), then the whole detector (``detect``) and detection plus masking
(``mask``, default policy). Times are process CPU time (the machine may be shared), best of
``--repeat``.

The report gives, per recognizer, the worst case in ms per KB (1,000 characters) at ``--size`` and the
same case at a tenth of the size: a linear recognizer has about the same ms/KB at both sizes; one that
backtracks polynomially grows with the size.

``--stream`` prints one JSON line as each measurement starts and ends; tests/reliability/
test_pathological.py runs this with a hard per-case deadline, so a regression to catastrophic
backtracking fails the suite.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Iterator

from privacy_gateway.detection.engine import Detector
from privacy_gateway.masking.engine import Masker
from privacy_gateway.policies.loader import load_policies

ZW = "\u200b"


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


# name -> text of about `size` characters
CASES: dict[str, Callable[[int], str]] = {
    "digits": _repeat("1"),
    "digits 0-9": _repeat("0123456789"),
    "mobile prefix run": _repeat("138"),
    "digits spaced": _repeat("1 "),
    "digits dashed": _repeat("1-"),
    "digit groups of 4": _repeat("6222 "),
    "digits and dots": _repeat("1."),
    "digits zero-width": _repeat("1" + ZW),
    "full-width digits": _repeat("１"),
    "plus86 run": _repeat("+86 "),
    "area code run": _repeat("010-"),
    "X after digits": _repeat("1234567X"),
    "号 run": _repeat("号"),
    "路 run": _repeat("路"),
    "元 run": _repeat("元"),
    "先生 run": _repeat("先生"),
    "张 run": _repeat("张"),
    "1号 run": _repeat("1号"),
    "路1号 run": _repeat("路1号"),
    "province city run": _repeat("北京市朝阳区"),
    "address words run": _repeat("省市区县镇乡村路街道号楼栋单元室"),
    "amount run": _repeat("¥1"),
    "yuan digits run": _repeat("1元"),
    "chinese numerals run": _repeat("一二三四五六七八九十百千万"),
    "chinese numerals yuan": _repeat("三千五百元"),
    "at run": _repeat("@"),
    "a@ run": _repeat("a@"),
    "a. run": _repeat("a."),
    "dot run": _repeat("."),
    "letters then at": lambda size: "a" * (size - 1) + "@",
    "email-ish run": _repeat("a@b."),
    "dotted quad run": _repeat("255."),
    "colon hex run": _repeat("ab:"),
    "double colon run": _repeat("::"),
    "letter digit run": _repeat("E1"),
    "plate run": _repeat("京A"),
    "wxid run": _repeat("wxid_"),
    "cue words run": _repeat("验证码密码手机身份证卡号"),
    "password cue run": _repeat("password:"),  # was quadratic: an unbounded look-ahead after each cue
    "wx run": _repeat("wx"),  # was quadratic (WECHAT_ID look-ahead)
    "wechat run": _repeat("wechat"),
    "name cue then spaces": lambda size: "姓名" + " " * (size - 2),  # was quadratic (PERSON cue gap)
    "name cue then colons": lambda size: "我是" + "：" * (size - 2),
    "relative cue then spaces": lambda size: "老公" + " " * (size - 2),
    "money cue run": _repeat("现金"),
    "money cue then fillers": lambda size: "转账" + "了" * (size - 2),
    "underscores": _repeat("_"),
    "emoji": _repeat("😀"),
    "zero-width only": _repeat(ZW),
    "spaces": _repeat(" "),
    "newlines": _repeat("\n"),
}


def cpu_ms(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best * 1000


def measurements(detector: Detector, masker: Masker, text: str) -> Iterator[tuple[str, Callable[[], object]]]:
    for recognizer in detector.recognizers:
        yield recognizer.name, lambda r=recognizer: r.analyze(text, None, None)  # type: ignore[misc]
    yield "detect", lambda: detector.detect(text)
    yield "mask", lambda: masker.mask(text, detector.detect_all(text), policy="default")


def run(
    size: int, repeat: int, *, cases: list[str], stream: bool, single: bool
) -> dict[str, dict[str, object]]:
    """Measure every case at ``size`` (and at size/10 unless ``single``); the worst case per recognizer."""
    detector = Detector()
    masker = Masker(load_policies(None), key_for=lambda label: b"k" * 32)
    worst: dict[str, dict[str, object]] = {}
    for name in cases:
        for n in (size,) if single else (size // 10, size):
            text = CASES[name](n)
            for what, fn in measurements(detector, masker, text):
                if stream:
                    _emit({"start": name, "chars": n, "what": what})
                ms = cpu_ms(fn, repeat)
                if stream:
                    _emit({"done": name, "chars": n, "what": what, "ms": round(ms, 2)})
                per_kb = ms / (n / 1000)
                entry = worst.setdefault(what, {"ms_per_kb": -1.0})
                if n == size and per_kb > float(entry["ms_per_kb"]):  # type: ignore[arg-type]
                    entry.update(case=name, ms_per_kb=per_kb, ms=ms, small_ms_per_kb=None)
    if not single:
        for what, entry in worst.items():  # the worst case again at a tenth of the size
            small = CASES[str(entry["case"])](size // 10)
            small_fn = dict(measurements(detector, masker, small))[what]
            entry["small_ms_per_kb"] = cpu_ms(small_fn, repeat) / (len(small) / 1000)
    return worst


def _emit(obj: dict[str, object]) -> None:
    print(json.dumps(obj, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000, help="characters per case (default 100,000)")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--stream", action="store_true", help="one JSON line per measurement (for the test)")
    parser.add_argument("--single", action="store_true", help="only at --size (no comparison at size/10)")
    parser.add_argument("--case", action="append", choices=sorted(CASES), help="only these cases")
    args = parser.parse_args()
    worst = run(
        args.size, args.repeat, cases=args.case or list(CASES), stream=args.stream, single=args.single
    )
    if args.stream:
        _emit({"summary": worst})
        return
    print(f"Worst case per recognizer at {args.size:,} characters (CPU ms per 1,000 characters; the same")
    print("case at a tenth of the size for comparison: about equal when linear)\n")
    print(f"| {'recognizer':<28} | {'worst case':<24} | {'ms/KB':>7} | {'ms/KB at 1/10':>13} | {'ms':>8} |")
    print(f"| {'-' * 28} | {'-' * 24} | {'-' * 6}: | {'-' * 12}: | {'-' * 7}: |")
    for what, e in sorted(worst.items(), key=lambda kv: -float(kv[1]["ms_per_kb"])):  # type: ignore[arg-type]
        small = e["small_ms_per_kb"]
        print(
            f"| {what:<28} | {e['case']!s:<24} | {e['ms_per_kb']:>7.3f} | "
            f"{small if small is None else format(small, '.3f'):>13} | {e['ms']:>8.1f} |"
        )


if __name__ == "__main__":
    main()
