"""Errors of the export use-case (subclasses of the one hierarchy in privacy_gateway.errors)."""

from __future__ import annotations

from collections.abc import Mapping

from privacy_gateway.errors import GatewayError


class ResidualPIIFound(GatewayError):
    """The residual scan found PII in text about to be exported (fail mode). Nothing was written.

    Carries counts by entity type only. Raised after the failed attempt is audited: callers commit the
    audit entry before turning this into an exit code or an HTTP response.
    """

    code = "residual_pii"

    def __init__(self, counts: Mapping[str, int], *, rows: int) -> None:
        summary = ", ".join(f"{t}={n}" for t, n in sorted(counts.items()))
        super().__init__(
            f"residual PII in {rows} exported text(s) ({summary}); nothing written. "
            "Fix the store or export with --residual mask"
        )
        self.counts = dict(counts)
        self.rows = rows
