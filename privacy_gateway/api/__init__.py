"""FastAPI shell over the service layer: create_app(settings), deps, one error table, routers/."""
