# Multi-stage build, in step with the README: install the package into a venv, run as non-root.
# (Docker cannot run on the development machines; keep this file as simple as the Makefile.)
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /opt/venv
COPY pyproject.toml README.md ./
COPY privacy_gateway ./privacy_gateway
COPY policies ./policies
RUN /opt/venv/bin/pip install --no-cache-dir --upgrade pip && /opt/venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 gateway
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PRIVACY_GATEWAY_DATABASE_URL=sqlite:////data/privacy_gateway.db \
    PRIVACY_GATEWAY_KEY_FILE=/data/keys/keys.json
RUN mkdir -p /data && chown gateway:gateway /data
USER gateway
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"
CMD ["privacy-gateway", "serve", "--host", "0.0.0.0", "--port", "8000"]
