#!/usr/bin/env bash
# Runs once, on the first start of the compose PostgreSQL (docker-entrypoint-initdb.d):
# creates the Airflow metadata database and the local warehouse database, each with its owner.
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  --set=airflow_pw="$AIRFLOW_DB_PASSWORD" --set=warehouse_pw="$WAREHOUSE_DB_PASSWORD" <<'SQL'
CREATE ROLE airflow LOGIN PASSWORD :'airflow_pw';
CREATE DATABASE airflow OWNER airflow;
CREATE ROLE stockpipe LOGIN PASSWORD :'warehouse_pw';
CREATE DATABASE stockpipe OWNER stockpipe;
SQL
