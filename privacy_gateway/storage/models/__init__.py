"""All ORM models, imported here so that Base.metadata knows every table (Alembic, tests)."""

from privacy_gateway.storage.models.apikey import ApiKey
from privacy_gateway.storage.models.audit import AuditCheckpoint, AuditEntry
from privacy_gateway.storage.models.consent import ConsentRecord, DoNotContact, FollowUpAttempt
from privacy_gateway.storage.models.console import ConsoleSession
from privacy_gateway.storage.models.feedback import Feedback
from privacy_gateway.storage.models.outbox import OutboxLease, OutboxMessage
from privacy_gateway.storage.models.vault import VaultEntry, VaultSubjectKey

__all__ = [
    "ApiKey",
    "AuditCheckpoint",
    "AuditEntry",
    "ConsentRecord",
    "ConsoleSession",
    "DoNotContact",
    "Feedback",
    "FollowUpAttempt",
    "OutboxLease",
    "OutboxMessage",
    "VaultEntry",
    "VaultSubjectKey",
]
