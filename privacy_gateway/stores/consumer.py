"""Broker ingestion, transport-independent part: one raw message -> the ingest use-case -> a verdict.

The message body is the same JSON as ``POST /v1/feedback``. The verdict tells the transport what to do:

    ok         committed (or committed earlier: a redelivery)   -> ack
    dead       malformed or refused for good, with a reason code -> dead-letter with the code, then ack
    Exception  anything else (database down, a bug) propagates   -> not acked: the broker redelivers

Nothing is acknowledged before the ingest transaction has committed, so a crash at any point before the
commit leads to a redelivery, never a loss. A redelivery after the commit is recognised by the feedback id,
derived from the source name and the broker's message id, and is acked without a second record.
Logs carry reason codes and message ids only, never the message text.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass

from pydantic import ValidationError
from sqlalchemy.orm import Session, sessionmaker

from privacy_gateway.errors import ConsentDenied, GatewayError, InvalidInput, StoreUnavailable
from privacy_gateway.redaction.body import FeedbackBody
from privacy_gateway.redaction.schemas import FeedbackIn
from privacy_gateway.redaction.service import FeedbackIngest
from privacy_gateway.storage.models.feedback import Feedback
from privacy_gateway.types import Actor, Role

log = logging.getLogger(__name__)

MALFORMED_JSON = "malformed_json"
INVALID_BODY = "invalid_body"
PROCESSING_ERROR = "processing_error"  # failed on every allowed delivery: the transport gives up on it


@dataclass(frozen=True)
class Verdict:
    ok: bool
    reason: str | None = None
    feedback_id: str | None = None
    duplicate: bool = False


def parse_message(body: bytes) -> FeedbackIn:
    """Raise InvalidInput with a reason code; the message never echoes the body."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InvalidInput("message is not UTF-8 JSON", code=MALFORMED_JSON) from None
    try:
        m = FeedbackBody.model_validate(data)
    except ValidationError as exc:
        fields = sorted(
            {".".join(str(p) for p in e["loc"]) or "<body>" for e in exc.errors(include_input=False)}
        )
        raise InvalidInput(f"invalid fields: {', '.join(fields)}", code=INVALID_BODY) from None
    return m.to_input()


def feedback_id_for(source: str, message_id: str) -> str:
    """A stable feedback id per (source, broker message id): a redelivered message maps to the same row."""
    return hashlib.sha256(f"{source}\x00{message_id}".encode()).hexdigest()[:32]


class FeedbackConsumer:
    def __init__(
        self, ingest: FeedbackIngest, session_factory: sessionmaker[Session], *, source: str
    ) -> None:
        self.ingest = ingest
        self.session_factory = session_factory
        self.source = source
        self.actor = Actor(source, Role.INGEST.value)

    def handle(self, body: bytes, *, message_id: str | None) -> Verdict:
        try:
            data = parse_message(body)
        except InvalidInput as exc:
            return self._dead(exc.code, message_id)
        fid = feedback_id_for(self.source, message_id) if message_id else None
        try:
            with self.session_factory() as session, session.begin():
                if fid is not None and session.get(Feedback, fid) is not None:
                    log.info("redelivered message already ingested", extra={"message_id": message_id})
                    return Verdict(True, feedback_id=fid, duplicate=True)
                result = self.ingest.ingest(session, data, actor=self.actor, feedback_id=fid)
        except InvalidInput as exc:
            return self._dead(exc.code, message_id)
        except ConsentDenied as exc:
            return self._dead(f"consent_denied:{exc.reason}", message_id)
        except StoreUnavailable:
            raise
        except GatewayError as exc:
            return self._dead(exc.code, message_id)
        return Verdict(True, feedback_id=result.id)

    def _dead(self, reason: str, message_id: str | None) -> Verdict:
        log.warning(
            "message rejected", extra={"reason": reason, "message_id": message_id, "source": self.source}
        )
        return Verdict(False, reason=reason)
