# The portal in production: gunicorn behind your reverse proxy, PostgreSQL and Redis beside it
# (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# Fonts metric-compatible with Times New Roman and Arial for official documents; Pango for WeasyPrint.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        fonts-croscore fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so a change to the code does not reinstall them.
COPY pyproject.toml ./
RUN pip install .

COPY . .

RUN useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /app/var/static /data/media \
    && chown -R portal:portal /app/var /data/media

USER portal

ENV MEDIA_ROOT=/data/media
VOLUME ["/data/media"]
EXPOSE 8000

CMD ["bin/serve"]
