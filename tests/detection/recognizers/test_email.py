from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.email import CnEmailRecognizer
from tests.detection.recognizers.support import found, scores

REC = CnEmailRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("请发到zhang.san@qq.com谢谢", ["zhang.san@qq.com"]),
        ("邮箱：lisi_2024@163.com。", ["lisi_2024@163.com"]),
        ("email me at John.Doe+wallet@example.co.uk, thanks", ["John.Doe+wallet@example.co.uk"]),
        ("ZHANG@QQ.COM", ["ZHANG@QQ.COM"]),
        ("联系ａｂｃ＠ｑｑ．ｃｏｍ", ["ａｂｃ＠ｑｑ．ｃｏｍ"]),  # full-width
        ("wang\u200bwu@sina.cn", ["wang\u200bwu@sina.cn"]),
        ("a@b.cn和c@d.com", ["a@b.cn", "c@d.com"]),
        ("user@mail.company.xyz", ["user@mail.company.xyz"]),
        ("邮箱 test@corp.photography", ["test@corp.photography"]),  # other TLD, with a cue
        ("发到x@y.com.", ["x@y.com"]),
        # failure cases
        ("test@corp.photography", []),  # other TLD, no cue
        ("zhang@qq", []),  # no TLD
        ("@qq.com", []),
        (".zhang@qq.com", ["zhang@qq.com"]),  # the leading dot is not part of it
        ("zhang..san@qq.com", ["zhang..san@qq.com"]),  # a typo still identifies its owner
        ("zhang@-qq.com", []),
        ("张三@公司.中国", []),  # internationalised addresses are out of scope
        ("价格@100元", []),
        ("version 1.2@3.4", []),
    ],
)
def test_email_addresses(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected


def test_cue_raises_the_score() -> None:
    (plain,) = scores(REC, "zhang@qq.com")
    (cued,) = scores(REC, "邮箱zhang@qq.com")
    assert cued > plain >= 0.5
