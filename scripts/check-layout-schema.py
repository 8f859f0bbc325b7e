#!/usr/bin/env python3
"""Checks layout files against layouts/layout.schema.json, the way an editor would.

Usage: python3 scripts/check-layout-schema.py layouts/*.yaml
Prints one line per problem and exits 1 if any file does not match.
"""
import json
import pathlib
import sys

import jsonschema
import yaml

schema_path = pathlib.Path(__file__).resolve().parent.parent / "layouts" / "layout.schema.json"
schema = json.loads(schema_path.read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

failed = False
for name in sys.argv[1:]:
    data = yaml.safe_load(pathlib.Path(name).read_text())
    for error in sorted(validator.iter_errors(data), key=str):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        print(f"{name}: {where}: {error.message}")
        failed = True
sys.exit(1 if failed else 0)
