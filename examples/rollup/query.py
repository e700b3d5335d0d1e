#!/usr/bin/env python3
"""Run rollup.sql over a folder of `ledger export jsonl` files in DuckDB and
print each answer as tab-separated text (what expected.txt holds).

    python3 query.py OUT_DIR rollup.sql
"""
import pathlib
import sys

import duckdb


def main():
    out_dir, sql_file = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    con = duckdb.connect()
    files = sorted(str(p) for p in out_dir.glob("*.jsonl"))
    # Every row has every column, so one schema fits all; read it whole so
    # that columns null in the first rows are typed from the later ones.
    listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    con.execute(
        f"CREATE VIEW rows AS SELECT * FROM read_json([{listed}], "
        "format = 'newline_delimited', sample_size = -1)"
    )
    text = strip_comments(sql_file.read_text(encoding="utf-8"))
    statements = [s.strip() for s in text.split(";") if s.strip()]
    for i, sql in enumerate(statements):
        cur = con.execute(sql)
        if i:
            print()
        print("\t".join(d[0] for d in cur.description))
        for row in cur.fetchall():
            print("\t".join(fmt(v) for v in row))


def strip_comments(sql):
    return "\n".join(l for l in sql.splitlines() if not l.strip().startswith("--")).strip()


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


if __name__ == "__main__":
    main()
