"""ASGI entry point for multi-worker servers: `uvicorn privacy_gateway.api.asgi:app --workers N`.

Each worker process reads settings once and builds its own services (engines are per process).
"""

from privacy_gateway.api.app import create_app

app = create_app(dispatcher=True)
