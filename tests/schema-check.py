#!/usr/bin/env python3
# schema-check.py: the JSON Schemas of the form language (schema/*.schema.json: forms, lists,
# workflows, the roles file) checked with an independent validator (python3-jsonschema): against
# the loader's own tables, the shipped files, files using every keyword, and the broken-form
# corpus. Prints TAP; run by tests/schema.sh.
"""Usage: schema-check.py SRCDIR INVISIBLE-LIST [AMPARO]

SRCDIR is the top of the source tree. INVISIBLE-LIST names the corpus cases
the schema cannot see, one a line: NAME, a tab, and why. Every other case of
tests/forms-bad must be rejected by the schema; every case listed must not
be (or the list is out of date). AMPARO, the program, checks that the loader
accepts tests/schema/all-keywords too.
"""
import glob
import json
import os
import re
import subprocess
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:
    print("1..0 # SKIP needs python3-yaml and python3-jsonschema (%s)" % e)
    sys.exit(0)

SRC = sys.argv[1]
INVISIBLE = sys.argv[2]
AMPARO = sys.argv[3] if len(sys.argv) > 3 else ""
SCHEMAS = ("amparo-form", "amparo-list", "amparo-workflow", "amparo-roles",
           "amparo-services")
MAX_NODES = 1000000     # as YL_MAX_VISITS: aliases must not make a huge tree


# --- reading YAML as amparo does ----------------------------------------------

class AmparoLoader(yaml.SafeLoader):
    """YAML 1.2 core types as the C loader reads them: numbers in decimal,
    true and false in lower case only, no dates, no yes/no, no merge keys,
    and duplicate keys refused (JSON cannot hold them)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for k, _ in node.value:
            key = self.construct_object(k, deep=deep)
            try:
                dup = key in seen
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key that is not a single value", k.start_mark)
            if dup:
                raise yaml.constructor.ConstructorError(
                    None, None, "duplicate key %r" % (key,), k.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


AmparoLoader.yaml_implicit_resolvers = {}
AmparoLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
AmparoLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
AmparoLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"))
AmparoLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|)$"), ["~", "n", ""])


def tree_size(doc):
    """Nodes of the tree once aliases are expanded (shared objects counted each time)."""
    memo = {}

    def size(x):
        if id(x) in memo:
            return memo[id(x)]
        if isinstance(x, dict):
            n = 1 + sum(size(v) for v in x.values())
        elif isinstance(x, list):
            n = 1 + sum(size(v) for v in x)
        else:
            n = 1
        memo[id(x)] = min(n, MAX_NODES + 1)
        return memo[id(x)]
    return size(doc)


def load(path):
    """(document, None) or (None, why the YAML itself is refused)."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = yaml.load(f, Loader=AmparoLoader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as e:
        return None, "YAML: %s" % str(e).split("\n")[0]
    if tree_size(doc) > MAX_NODES:
        return None, "YAML: too large once its aliases are expanded"
    return doc, None


def kind(path, doc):
    """Which schema a file is for: as the loader decides (directory, then keys)."""
    parent = os.path.basename(os.path.dirname(path))
    if parent == "lists":
        return "amparo-list"
    if parent == "workflows":
        return "amparo-workflow"
    if parent == "access":
        return "amparo-roles"
    if parent == "services":
        return "amparo-services"
    if isinstance(doc, dict) and "list" in doc:
        return "amparo-list"
    if isinstance(doc, dict) and "workflow" in doc:
        return "amparo-workflow"
    if isinstance(doc, dict) and "roles" in doc:
        return "amparo-roles"
    if isinstance(doc, dict) and "services" in doc:
        return "amparo-services"
    return "amparo-form"


# --- the schemas -----------------------------------------------------------------

schemas = {}
for name in SCHEMAS:
    with open(os.path.join(SRC, "schema", name + ".schema.json"), encoding="utf-8") as f:
        schemas[name] = json.load(f)


def make_validators():
    """One validator per schema; the schemas refer to each other by file name."""
    v = jsonschema.Draft202012Validator
    try:
        from referencing import Registry, Resource
        reg = Registry().with_resources(
            (n + ".schema.json", Resource.from_contents(s)) for n, s in schemas.items())
        return {n: v(s, registry=reg) for n, s in schemas.items()}
    except ImportError:
        store = {n + ".schema.json": s for n, s in schemas.items()}
        return {n: v(s, resolver=jsonschema.RefResolver(n + ".schema.json", s, store=store))
                for n, s in schemas.items()}


validators = make_validators()


def errors(path):
    """Why the schema (or the YAML under it) refuses a file; [] if it passes."""
    doc, why = load(path)
    if why is not None:
        return [why]
    v = validators[kind(path, doc)]
    return ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(top)", e.message)
            for e in sorted(v.iter_errors(doc), key=lambda e: list(map(str, e.path)))]


# --- TAP --------------------------------------------------------------------------

results = []


def check(ok, what, details=()):
    results.append((ok, what, list(details)))


def no_description(node, where, out):
    """Keys of objects (properties, pattern properties) without a description, for completion;
    the properties that if/then/not clauses test are not keys an editor offers."""
    if isinstance(node, dict) and (node.get("type") == "object" or "additionalProperties" in node):
        for key in ("properties", "patternProperties"):
            for name, sub in node.get(key, {}).items():
                if not isinstance(sub, dict) or "description" not in sub:
                    out.append("%s/%s/%s" % (where, key, name))
    if isinstance(node, dict):
        for k, sub in node.items():
            no_description(sub, where + "/" + k, out)
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            no_description(sub, "%s/%d" % (where, i), out)


for name, s in schemas.items():
    try:
        jsonschema.Draft202012Validator.check_schema(s)
        check(True, "%s is a valid JSON Schema (draft 2020-12)" % name)
    except jsonschema.SchemaError as e:
        check(False, "%s is a valid JSON Schema (draft 2020-12)" % name, [e.message])
    missing = []
    no_description(s, name, missing)
    check(not missing, "%s: every property has a description (editors show it)" % name, missing)


# --- the schemas agree with the loader's tables ------------------------------------

def c_source(name):
    with open(os.path.join(SRC, "src", name), encoding="utf-8") as f:
        return f.read()


def c_table(src, table):
    """The keyword names of a struct ykw table in C source."""
    m = re.search(r"struct ykw %s\[\] = \{(.*?)\n\};" % table, src, re.S)
    return re.findall(r'\{ "([a-z_]+)",', m.group(1)) if m else None


def c_required(src, table):
    """The keywords a struct ykw table marks required (its third member, 1)."""
    m = re.search(r"struct ykw %s\[\] = \{(.*?)\n\};" % table, src, re.S)
    return sorted(name for name, req in
                  re.findall(r'\{ "([a-z_]+)",\s*\w+,\s*(\d)\s*\}', m.group(1))
                  if req == "1") if m else None


def c_names(src, struct, table):
    """The names of a table of the form "struct STRUCT TABLE[] = { { "name", ... }, ... };"."""
    m = re.search(r"struct %s %s\[\] = \{(.*?)\n\};" % (struct, table), src, re.S)
    return re.findall(r'\{ "([a-z_]+)",', m.group(1)) if m else None


def props(node):
    return sorted(node.get("properties", {}))


form_c = c_source("form-load.c")
wf_c = c_source("workflow-load.c")
pol_c = c_source("policy-load.c")
svc_c = c_source("services-load.c")
sdefs = schemas["amparo-services"]["$defs"]
fdefs = schemas["amparo-form"]["$defs"]
ldefs = schemas["amparo-list"]["$defs"]
wdefs = schemas["amparo-workflow"]["$defs"]
rdefs = schemas["amparo-roles"]["$defs"]
pairs = [
    ("form_kw", form_c, props(schemas["amparo-form"]), "a form"),
    ("section_kw", form_c, props(fdefs["section"]), "a section"),
    ("field_kw", form_c, props(fdefs["field"]), "a field"),
    ("list_kw", form_c, props(ldefs["list"]), "a choice list"),
    ("workflow_kw", wf_c, props(schemas["amparo-workflow"]), "a workflow"),
    ("state_kw", wf_c, props(wdefs["state"]), "a state"),
    ("transition_kw", wf_c, props(wdefs["transition"]), "a transition"),
    ("policy_kw", pol_c, props(schemas["amparo-roles"]), "a roles file"),
    ("settings_kw", pol_c, props(schemas["amparo-roles"]["properties"]["settings"]),
     "the settings"),
    ("inst_kw", pol_c, props(rdefs["institution"]), "an institution"),
    ("role_kw", pol_c, props(rdefs["role"]), "a role"),
    ("directory_kw", svc_c, props(schemas["amparo-services"]), "a services file"),
    ("category_kw", svc_c, props(sdefs["category"]), "a category of services"),
    ("service_kw", svc_c, props(sdefs["service"]), "a service"),
]
for table, src, in_schema, what in pairs:
    in_c = c_table(src, table)
    if in_c is None:
        check(False, "the keywords of %s: as the loader's %s" % (what, table),
              ["no table %s in the source" % table])
        continue
    check(sorted(in_c) == in_schema,
          "the keywords of %s: as the loader's %s" % (what, table),
          ["only in the loader: %s" % sorted(set(in_c) - set(in_schema)),
           "only in the schema: %s" % sorted(set(in_schema) - set(in_c))])

# Which keywords are required: the schema's "required" and the tables' third member.
req_nodes = {
    "form_kw": schemas["amparo-form"], "section_kw": fdefs["section"],
    "field_kw": fdefs["field"], "list_kw": ldefs["list"],
    "workflow_kw": schemas["amparo-workflow"], "state_kw": wdefs["state"],
    "transition_kw": wdefs["transition"], "policy_kw": schemas["amparo-roles"],
    "settings_kw": schemas["amparo-roles"]["properties"]["settings"],
    "inst_kw": rdefs["institution"], "role_kw": rdefs["role"],
    "directory_kw": schemas["amparo-services"], "category_kw": sdefs["category"],
    "service_kw": sdefs["service"],
}
for table, src, _, what in pairs:
    req_c = c_required(src, table)
    req_s = sorted(req_nodes[table].get("required", []))
    check(req_c == req_s, "the required keywords of %s: as the loader's %s" % (what, table),
          ["loader: %s" % req_c, "schema: %s" % req_s])

# The roles file's names: permissions, powers, case scopes (src/policy-load.c) and reports
# (src/report.c), as the schema's enums.
report_c = c_source("report.c")
roles_role = rdefs["role"]["properties"]
for names_c, in_schema, what in [
        (c_names(pol_c, "perm_name", "form_perms"), rdefs["permission"]["enum"],
         "the permissions on a form: as form_perms (src/policy-load.c)"),
        (c_names(pol_c, "perm_name", "admin_perms"), rdefs["power"]["enum"],
         "the powers of manage: as admin_perms (src/policy-load.c)"),
        (c_names(pol_c, "perm_name", "scopes"), roles_role["cases"]["enum"],
         "the values of cases: as scopes (src/policy-load.c)"),
        (c_names(report_c, "report_info", "report_table"), rdefs["report"]["enum"],
         "the reports: as report_table (src/report.c)")]:
    check(names_c is not None and sorted(names_c) == sorted(in_schema), what,
          ["loader: %s" % names_c, "schema: %s" % in_schema])

# The settings' ranges: the limits the loader gives yl_ll, as the schema's minimum and maximum.
for name, sub in sorted(schemas["amparo-roles"]["properties"]["settings"]["properties"].items()):
    m = re.search(r'yl_ll\(c, n, "%s", (-?\d+), (-?\d+),' % name, pol_c)
    lim_c = (int(m.group(1)), int(m.group(2))) if m else None
    lim_s = (sub.get("minimum"), sub.get("maximum"))
    check(lim_c == lim_s, "the range of %s: as the loader's (src/policy-load.c)" % name,
          ["loader: %s" % (lim_c,), "schema: %s" % (lim_s,)])

types_c = re.findall(r'\{ "([a-z_]+)",\s+FT_', c_source("form.c"))
types_s = fdefs["field"]["properties"]["type"]["enum"]
check(sorted(types_c) == sorted(types_s), "the field types: as ftype_table (src/form.c)",
      ["loader: %s" % types_c, "schema: %s" % types_s])


def c_applies():
    """Keyword -> the types it applies to, from field_kw_types in form-load.c."""
    macros = {}
    for m in re.finditer(r"#define (\w+)\s+\(((?:[^()]|\([^()]*\))*)\)", form_c):
        macros[m.group(1)] = m.group(2)
    t_names = {t.upper(): t for t in types_c}

    def expand(expr, depth=0):
        out = set()
        for part in re.split(r"\s*\|\s*", expr.replace("\\\n", " ").strip()):
            part = part.strip()
            m = re.fullmatch(r"T\((\w+)\)", part)
            if m:
                out.add(t_names[m.group(1)])
            elif part in macros and depth < 5:
                out |= expand(macros[part], depth + 1)
            else:
                raise ValueError("cannot read %r" % part)
        return out
    m = re.search(r"\} field_kw_types\[\] = \{(.*?)\n\};", form_c, re.S)
    return {name: expand(types) for name, types in
            re.findall(r'\{ FK_\w+, "(\w+)", (.*?) \},', m.group(1), re.S)}


def schema_applies():
    out = {}
    for rule in fdefs["field"]["allOf"]:
        req = rule.get("if", {}).get("required")
        enum = rule.get("then", {}).get("properties", {}).get("type", {}).get("enum")
        if req and enum and list(rule["if"]) == ["required"]:
            out[req[0]] = set(enum)
    return out


try:
    a_c, a_s = c_applies(), schema_applies()
    check(a_c == a_s, "which keyword applies to which type: as field_kw_types (src/form-load.c)",
          ["%s: loader %s, schema %s" % (k, sorted(a_c.get(k, ())), sorted(a_s.get(k, ())))
           for k in sorted(set(a_c) | set(a_s)) if a_c.get(k) != a_s.get(k)])
except (ValueError, AttributeError, KeyError) as e:
    check(False, "which keyword applies to which type: as field_kw_types (src/form-load.c)",
          ["could not read the table: %s" % e])


# --- files that must pass ----------------------------------------------------------

good = (sorted(glob.glob(os.path.join(SRC, "forms", "*.yaml"))) +
        sorted(glob.glob(os.path.join(SRC, "forms", "lists", "*.yaml"))) +
        sorted(glob.glob(os.path.join(SRC, "forms", "workflows", "*.yaml"))) +
        sorted(glob.glob(os.path.join(SRC, "forms", "access", "*.yaml"))) +
        sorted(glob.glob(os.path.join(SRC, "forms", "services", "*.yaml"))) +
        sorted(glob.glob(os.path.join(SRC, "tests", "schema", "*", "*.yaml"))) +
        sorted(glob.glob(os.path.join(SRC, "tests", "schema", "*", "*", "*.yaml"))))
for path in good:
    errs = errors(path)
    check(not errs, "the schema accepts %s" % os.path.relpath(path, SRC), errs[:5])


# Every keyword of the schemas is used in tests/schema/all-keywords, which the loader accepts
# too: a keyword only one of them knows shows there.
every = os.path.join(SRC, "tests", "schema", "all-keywords")
used = set()


def keys(x):
    if isinstance(x, dict):
        used.update(str(k) for k in x)
        for v in x.values():
            keys(v)
    elif isinstance(x, list):
        for v in x:
            keys(v)


for path in glob.glob(os.path.join(every, "**", "*.yaml"), recursive=True):
    keys(load(path)[0])
known = set()
for name, s in schemas.items():
    for d in [s] + list(s.get("$defs", {}).values()):
        known.update(d.get("properties", {}))
check(known <= used, "tests/schema/all-keywords uses every keyword of the schemas",
      ["not used: %s" % sorted(known - used)])
if AMPARO:
    run = subprocess.run([AMPARO, "forms", "check", every], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, universal_newlines=True)
    check(run.returncode == 0, "amparo forms check accepts tests/schema/all-keywords",
          run.stdout.splitlines()[:10])
else:
    check(True, "amparo forms check accepts tests/schema/all-keywords # SKIP AMPARO not set")


# --- the broken-form corpus ----------------------------------------------------------

corpus = os.path.join(SRC, "tests", "forms-bad")
cases = {}
for expect in sorted(glob.glob(os.path.join(corpus, "*.expect"))):
    name = os.path.basename(expect)[:-len(".expect")]
    base = os.path.join(corpus, name)
    if os.path.isdir(base):
        cases[name] = sorted(glob.glob(os.path.join(base, "**", "*.yaml"), recursive=True))
    else:
        cases[name] = [base + ".yaml"]

invisible = {}
with open(INVISIBLE, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if line.strip() and not line.startswith("#"):
            name, _, why = line.partition("\t")
            invisible[name.strip()] = why.strip()

for name in sorted(set(invisible) - set(cases)):
    check(False, "%s: listed as beyond the schema, but there is no such case" % name)
for name, files in sorted(cases.items()):
    per_file = [(os.path.relpath(p, corpus), errors(p)) for p in files]
    refused = [(p, e) for p, e in per_file if e]
    only_yaml = refused and all(e[0].startswith("YAML:") for _, e in refused)
    if name in invisible:
        if refused and not only_yaml:
            check(False, "%s: beyond the schema (%s)" % (name, invisible[name]),
                  ["but the schema rejects it: take it off the list in tests/schema.sh"] +
                  ["%s: %s" % (p, e[0]) for p, e in refused])
        else:
            check(True, "%s: beyond the schema (%s)" % (name, invisible[name]))
        continue
    ok = bool(refused) and not only_yaml
    check(ok, "%s: the schema rejects it" % name,
          ["%s: %s" % (p, e[0]) for p, e in refused] if refused else
          ["the schema accepts it: make the schema see the problem, or list the case "
           "in tests/schema.sh with the reason it cannot"])

print("1..%d" % len(results))
failed = 0
for n, (ok, what, details) in enumerate(results, start=1):
    print("%s %d - %s" % ("ok" if ok else "not ok", n, what))
    if not ok:
        failed += 1
        for d in details:
            print("# %s" % d)
sys.exit(1 if failed else 0)
