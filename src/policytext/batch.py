"""``policytext extract`` (minimal version; parallel/resumable runs land with issue 6)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from .readers import iter_documents
from .pipeline import analyze


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="policytext extract")
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--what", default=None)
    args = parser.parse_args(argv)
    status = 0
    for item in iter_documents(args.paths or ["-"]):
        if item.error is not None:
            rec = {"doc_id": item.id, "type": "error", "error": item.error.code, "message": item.error.message}
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
            status = 1
            continue
        a = analyze(item.text or "", doc_id=item.id, date=item.date)
        for rec in a.records(args.what):
            sys.stdout.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return status
