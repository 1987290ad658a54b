"""All ORM models, imported here so that Base.metadata knows every table (Alembic, tests)."""

from privacy_gateway.storage.models.apikey import ApiKey
from privacy_gateway.storage.models.feedback import Feedback

__all__ = ["ApiKey", "Feedback"]
