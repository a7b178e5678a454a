"""The Parquet warehouse: table schemas, the partition writer, and DuckDB views for analysts."""
