# bantin: the Airflow image every service in docker-compose.yml runs
# (api-server, scheduler, dag-processor, triggerer, celery workers).
#
#   docker compose build            # or: docker build -t bantin-airflow:3.3.2 .
#
# The project's code is copied in for machines that run the image without the bind mounts
# (for example a worker host pulling the image from a registry); docker-compose.yml mounts the
# working tree over the same paths so that code edits need no rebuild.
FROM apache/airflow:3.3.2-python3.11

# The official image runs pip as the "airflow" user only (it refuses root pip installs), so root
# is used just to create /opt/bantin. GID 0 + group-writable, as the image's OpenShift-style
# convention requires: containers run as "${AIRFLOW_UID}:0". A fresh named volume mounted at
# /opt/bantin/data copies this ownership, so the workers, and airflow-init without root, can write to it.
USER root
RUN mkdir -p /opt/bantin/data/warehouse /opt/bantin/data/staging /opt/bantin/data/airflow \
    && chown -R airflow:0 /opt/bantin \
    && chmod -R g+rwX /opt/bantin
USER airflow
WORKDIR /opt/bantin

# 1. The pinned dependencies (requirements.lock, which includes the Celery provider and the
#    PostgreSQL driver of the "deploy" extra). Copied on their own so this layer stays cached
#    while only the code changes.
COPY --chown=airflow:0 requirements.lock pyproject.toml /opt/bantin/
RUN pip install --no-cache-dir -r requirements.lock

# 2. The project itself.
COPY --chown=airflow:0 scrapy.cfg /opt/bantin/
COPY --chown=airflow:0 dags/ /opt/bantin/dags/
COPY --chown=airflow:0 spiders/ /opt/bantin/spiders/
COPY --chown=airflow:0 transforms/ /opt/bantin/transforms/
COPY --chown=airflow:0 warehouse/ /opt/bantin/warehouse/
COPY --chown=airflow:0 sources/ /opt/bantin/sources/
COPY --chown=airflow:0 mirror/ /opt/bantin/mirror/
COPY --chown=airflow:0 pipeline/ /opt/bantin/pipeline/
RUN pip install --no-cache-dir --no-deps -e /opt/bantin

# The editable install maps the packages that existed at build time; PYTHONPATH also covers
# packages added later in the bind-mounted working tree.
# Runtime settings (AIRFLOW__*, BANTIN_*) live in docker-compose.yml, not here.
ENV PYTHONPATH=/opt/bantin
