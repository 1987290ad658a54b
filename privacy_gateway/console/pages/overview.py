"""GET /console/ — the overview: detections per type per day, consent checks by reason, outbox backlog.

Reading the trail for the charts is itself audited (one "audit.query" entry naming the actions read).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query, Request, Response

from privacy_gateway.api.deps import ServicesDep, SessionDep
from privacy_gateway.audit.schemas import AuditFilters
from privacy_gateway.console import charts, stats
from privacy_gateway.console.deps import UserDep
from privacy_gateway.console.messages import Translator, pick_lang
from privacy_gateway.console.templating import LANG_COOKIE, console_zone, render
from privacy_gateway.console.timefmt import local_days
from privacy_gateway.console.web import console_router
from privacy_gateway.errors import InvalidInput
from privacy_gateway.storage.base import utcnow
from privacy_gateway.stores import outbox
from privacy_gateway.stores.wiring import load_stores_config

router = console_router()

PERIODS = (7, 14, 30)
HALF_WIDTH = 520  # viewBox width of the charts in half-width cards: text stays legible when scaled


def _detections_chart(
    t: Translator, window: stats.Window, found: dict[tuple[date, str], int]
) -> charts.Chart:
    totals: dict[str, int] = {}
    for (_, entity_type), n in found.items():
        totals[entity_type] = totals.get(entity_type, 0) + n
    types = sorted(totals, key=lambda e: (-totals[e], e))
    columns = [d.strftime("%m-%d") for d in window.days]
    values = {(d.strftime("%m-%d"), e): n for (d, e), n in found.items()}
    every = 1 if len(columns) <= 14 else 3
    return charts.stacked_columns(
        columns, [(e, t.code("entity", e)) for e in types], values, label_every=every
    )


def by_reason(checks: dict[tuple[str, str], int]) -> list[tuple[str, int, int]]:
    """(reason, allowed, denied), most frequent reason first."""
    reasons = {r for _, r in checks}
    rows = [(r, checks.get(("allow", r), 0), checks.get(("deny", r), 0)) for r in reasons]
    return sorted(rows, key=lambda row: (-(row[1] + row[2]), row[0]))


def _checks_chart(t: Translator, rows: list[tuple[str, int, int]]) -> charts.Chart:
    return charts.stacked_bars(
        [
            (
                t.code("reason", reason) or "—",
                [(t("chart.allow"), allowed, "allow"), (t("chart.deny"), denied, "deny")],
            )
            for reason, allowed, denied in rows
        ],
        width=HALF_WIDTH,
        label_width=130,
    )


def _outbox_chart(t: Translator, rows: list[outbox.DestinationStatus]) -> charts.Chart:
    return charts.stacked_bars(
        [
            (
                r.destination,
                [
                    (t("outbox.delivered"), r.delivered, "delivered"),
                    (t("outbox.pending"), r.pending - r.retrying, "pending"),
                    (t("outbox.retrying"), r.retrying, "retrying"),
                    (t("outbox.dead"), r.dead, "dead"),
                ],
            )
            for r in rows
        ],
        width=HALF_WIDTH,
        label_width=110,
    )


@router.get("/")
def overview(
    request: Request,
    user: UserDep,
    session: SessionDep,
    services: ServicesDep,
    days: Annotated[int, Query()] = 14,
) -> Response:
    if days not in PERIODS:
        raise InvalidInput(f"days must be one of {', '.join(map(str, PERIODS))}")
    t = Translator(pick_lang(request.cookies.get(LANG_COOKIE)))
    tz = console_zone(request)
    now = utcnow()
    day_list, since = local_days(now, days, tz)
    window = stats.Window(days=day_list, since=since, until=now)
    found = stats.detections_per_day(session, window, tz)
    checks = stats.consent_checks(session, window)
    records = stats.ingested_records(session, window)
    destinations = outbox.status(
        session, now=now, destinations=list(load_stores_config(services.settings).destinations)
    )
    services.audit.record_access(
        session,
        user.actor,
        action="audit.query",
        filters=AuditFilters(since=window.since, until=window.until),
        details={
            "view": "overview",
            "actions": [stats.INGEST_ACTION, stats.CHECK_ACTION],
            "returned": records + sum(checks.values()),
        },
    )
    context = {
        "days": days,
        "periods": PERIODS,
        "cards": {
            "records": records,
            "detections": sum(found.values()),
            "checks": sum(checks.values()),
            "denied": sum(n for (d, _), n in checks.items() if d == "deny"),
            "backlog": sum(r.pending for r in destinations),
            "dead": sum(r.dead for r in destinations),
            "trail": stats.trail_size(session),
        },
        "detections": _detections_chart(t, window, found),
        "detection_rows": sorted(found.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])),
        "checks": _checks_chart(t, by_reason(checks)),
        "check_rows": by_reason(checks),
        "outbox": _outbox_chart(t, destinations),
        "destinations": destinations,
    }
    return render(request, "overview.html", context, user=user)
