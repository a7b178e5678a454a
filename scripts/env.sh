# Shared environment of the embedded deployment: sourced by scripts/demo and scripts/test.
# Airflow keeps its metadata (SQLite) and logs inside the project, in .airflow/ (git-ignored).
BANTIN_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export BANTIN_DIR
export PATH="$BANTIN_DIR/.venv/bin:$PATH"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$BANTIN_DIR/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$BANTIN_DIR/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__EXECUTOR=LocalExecutor
export AIRFLOW__CORE__PARALLELISM=4
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:///$AIRFLOW_HOME/airflow.db"
export AIRFLOW__LOGGING__BASE_LOG_FOLDER="$AIRFLOW_HOME/logs"
export BANTIN_WAREHOUSE="${BANTIN_WAREHOUSE:-$BANTIN_DIR/data/warehouse}"
export BANTIN_STAGING="${BANTIN_STAGING:-$BANTIN_DIR/data/staging}"
