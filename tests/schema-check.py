#!/usr/bin/env python3
# schema-check.py: validate YAML form files against schema/amparo-form.schema.json with an
# independent validator (python3-jsonschema), printing TAP. Usage: schema-check.py SCHEMA FILE...
# A file named *.bad.yaml must be rejected; any other must pass.
import json, sys

try:
    import yaml
    import jsonschema
except ImportError as e:
    print("1..0 # SKIP needs python3-yaml and python3-jsonschema (%s)" % e)
    sys.exit(0)

schema = json.load(open(sys.argv[1], encoding="utf-8"))
files = sys.argv[2:]
print("1..%d" % (len(files) + 1))
failed = 0
try:
    jsonschema.Draft202012Validator.check_schema(schema)
    print("ok 1 - the schema is a valid JSON Schema (draft 2020-12)")
except jsonschema.SchemaError as e:
    print("not ok 1 - the schema is a valid JSON Schema\n# %s" % e.message)
    failed += 1
validator = jsonschema.Draft202012Validator(schema)
for n, path in enumerate(files, start=2):
    want_bad = path.endswith(".bad.yaml")
    try:
        doc = yaml.safe_load(open(path, encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    except yaml.YAMLError as e:
        errors = [e]
    ok = bool(errors) == want_bad
    what = "rejects" if want_bad else "accepts"
    print("%s %d - the schema %s %s" % ("ok" if ok else "not ok", n, what, path))
    if not ok:
        failed += 1
        for e in errors[:5]:
            print("# %s" % getattr(e, "message", e))
sys.exit(1 if failed else 0)
