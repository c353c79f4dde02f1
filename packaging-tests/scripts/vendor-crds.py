#!/usr/bin/env python3
"""Re-creates k8s/crds/*.schema.json from upstream CRD YAML files (run by hand when upgrading).

    python3 packaging-tests/scripts/vendor-crds.py SOURCE.yaml NAME "ORIGIN NOTE"

SOURCE.yaml is a CustomResourceDefinition as released upstream; the output keeps, per served
version, only the openAPIV3Schema without its description texts (what validation needs), plus the origin note. The test suite
makes the schemas strict (unknown fields rejected) when it loads them, like the API server's
`--validate=strict` field validation does with pruning schemas.
"""
import json
import sys
from pathlib import Path

import yaml

CRDS = Path(__file__).resolve().parents[2] / "k8s" / "crds"


def strip_descriptions(schema):
    """Drops documentation text (most of the bytes); keeps field names, types and constraints."""
    if isinstance(schema, list):
        return [strip_descriptions(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key == "description" and isinstance(value, str):
            continue
        if key == "properties" and isinstance(value, dict):
            out[key] = {name: strip_descriptions(sub) for name, sub in value.items()}
        else:
            out[key] = strip_descriptions(value)
    return out


def main() -> None:
    source, name, origin = sys.argv[1], sys.argv[2], sys.argv[3]
    crd = yaml.safe_load(Path(source).read_text())
    spec = crd["spec"]
    out = {
        "origin": origin,
        "group": spec["group"],
        "kind": spec["names"]["kind"],
        "versions": {
            v["name"]: strip_descriptions(v["schema"]["openAPIV3Schema"])
            for v in spec["versions"]
            if v.get("served", True)
        },
    }
    target = CRDS / f"{name}.schema.json"
    target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {target} ({', '.join(out['versions'])})")


if __name__ == "__main__":
    main()
