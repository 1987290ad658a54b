"""IP_ADDRESS: IPv4 and IPv6 addresses (a user's address identifies them to their provider).

IPv4: four dotted decimal octets 0-255 not inside a longer dotted or digit run. A version number
looks the same, so a preceding 版本/version/v label suppresses the match (v6.2.3.1, 版本 1.2.3.4).
IPv6: a colon-separated hex candidate validated by the standard library (so 10:30:45 is a time, not
an address); loopback and unspecified addresses (::1, ::) identify no one and are dropped.
"""

from __future__ import annotations

import ipaddress
import re
from typing import ClassVar

from presidio_analyzer import Pattern

from privacy_gateway.detection.recognizers.base import CnPatternRecognizer

IP_ADDRESS = "IP_ADDRESS"

_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"


class IpAddressRecognizer(CnPatternRecognizer):
    ENTITY = IP_ADDRESS
    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("ipv4", rf"(?<![0-9.])(?:{_OCTET}\.){{3}}{_OCTET}(?![0-9])(?!\.[0-9])", 0.6),
        Pattern(
            "ipv6",
            r"(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{1,4}|:)?(?::[0-9A-Fa-f]{0,4}){2,7}"
            r"(?:(?<=:)(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?![0-9A-Fa-f:]|\.[0-9])",
            0.6,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = ["ip", "ip地址", "ipv4", "ipv6", "登录地址", "地址"]
    PREFILTER = re.compile(r"[0-9]\.[0-9]|[0-9A-Fa-f:]:[0-9A-Fa-f:]")  # dotted digits or two colons
    NEGATIVE_CONTEXT = (
        *("版本", "版本号", "version", "ver", "v", "build"),
        *("升级", "升级到", "升级至", "更新", "更新到"),
    )

    def validate_result(self, pattern_text: str) -> bool:
        try:
            address = ipaddress.ip_address(pattern_text)
        except ValueError:
            return False
        return not (address.is_loopback or address.is_unspecified)
