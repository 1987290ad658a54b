"""The API fixtures (services, client, make_key on a migrated SQLite file) shared with tests/api."""

from tests.api.conftest import client, make_key, services  # noqa: F401  (fixtures)
