from __future__ import annotations

import pytest

from privacy_gateway.detection.recognizers.ip_address import IpAddressRecognizer
from tests.detection.recognizers.support import found

REC = IpAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("登录IP 192.168.1.10异常", ["192.168.1.10"]),
        ("IP地址：8.8.8.8", ["8.8.8.8"]),
        ("from 203.0.113.255.", ["203.0.113.255"]),
        ("ip是１０．０．０．１", ["１０．０．０．１"]),
        ("IPv6 2001:db8::8a2e:370:7334", ["2001:db8::8a2e:370:7334"]),
        ("fe80::1ff:fe23:4567:890a", ["fe80::1ff:fe23:4567:890a"]),
        ("::ffff:192.0.2.1", ["::ffff:192.0.2.1"]),
        # failure cases
        ("版本1.2.3.4", []),
        ("版本号 6.2.3.10", []),
        ("v1.2.3.4", []),
        ("version 10.2.0.1", []),
        ("更新到6.2.3.10后闪退", []),
        ("升级 8.0.1.2 以后", []),
        ("256.1.1.1", []),
        ("1.2.3", []),
        ("1.2.3.4.5", []),
        ("10:30:45", []),  # a time
        ("::1", []),  # loopback
        ("12:30", []),
    ],
)
def test_ip_addresses(text: str, expected: list[str]) -> None:
    assert found(REC, text) == expected
