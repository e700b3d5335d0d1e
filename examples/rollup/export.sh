#!/usr/bin/env bash
# Export each district's repository to out/<district>.jsonl, then run the
# city's questions over all of them in DuckDB (python3 -m pip install duckdb).
#   LEDGER=path/to/ledger examples/rollup/export.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
ledger="${LEDGER:-ledger}"
mkdir -p "$here/out"
for repo in "$here"/districts/*/; do
  name="$(basename "$repo")"
  "$ledger" export jsonl --repo "$repo" --out "$here/out/$name.jsonl"
done
python3 "$here/query.py" "$here/out" "$here/rollup.sql"
