#!/usr/bin/env python3
"""Write the three district repositories of the roll-up example from the seed
plan in ../../ledgers (越秀区's 越党廉〔2018〕3号 and its ledgers).

Each district is the seed shifted by whole years (so its dates, period labels
and pinned as_of move together and the repository stays valid) and with some
unit ledgers left out (so its units differ: those units get `no-ledger` gaps).
Deterministic: running it again writes the same bytes. Run from anywhere:

    python3 examples/rollup/make.py
"""
import pathlib
import re
import shutil

HERE = pathlib.Path(__file__).resolve().parent
SEED = HERE.parent.parent / "ledgers"

# district folder, district name, years to shift, unit ledgers left out
DISTRICTS = [
    ("yuexiu", "越秀区", 0, []),
    ("haizhu", "海珠区", 1, ["sq-xihu", "fb", "xcb"]),
    ("tianhe", "天河区", 2, ["zb-sjj", "xfj", "wb", "sjj"]),
]

YEAR = re.compile(r"(?<![0-9])(20[0-9]{2})(?![0-9])")


def shift(text, years):
    return YEAR.sub(lambda m: str(int(m.group(1)) + years), text)


def main():
    for folder, name, years, dropped in DISTRICTS:
        out = HERE / "districts" / folder
        if out.exists():
            shutil.rmtree(out)
        for src in sorted(SEED.rglob("*")):
            rel = src.relative_to(SEED)
            if src.is_dir() or src.suffix not in (".yaml", ".toml"):
                continue
            if rel.parent.name == "units" and src.stem in dropped:
                continue
            text = shift(src.read_text(encoding="utf-8"), years)
            text = text.replace("../../schema/", "../../../../../schema/")
            if rel.name == "ledger.toml":
                text = f'district = "{name}"\n' + text
            dst = out / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
