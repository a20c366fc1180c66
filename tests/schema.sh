#!/bin/sh
# schema.sh: the JSON Schemas of the form language (schema/) against an independent validator
# (Debian's python3-jsonschema): the loader's tables, the shipped forms, lists, workflows and roles
# file, a forms directory using every keyword, and the broken-form corpus (tests/forms-bad), which
# the schema must reject.
: "${top_srcdir:=.}"
py=
for p in /usr/bin/python3 python3; do
	if "$p" -c 'import yaml, jsonschema' 2>/dev/null; then
		py=$p
		break
	fi
done
if [ -z "$py" ]; then
	echo "1..0 # SKIP needs python3 with yaml and jsonschema (python3-yaml, python3-jsonschema)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/amparo-schema.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM HUP

# The corpus cases the schema cannot see, each with the reason: JSON Schema
# judges one document's shape, so it cannot compare values, follow a name
# to what it names, read an expression, look at other files or the file's
# name, or see what YAML itself refuses before there is a document. Every
# other case must be rejected by the schema; schema-check.py fails if one
# listed here is rejected after all (take it off the list then).
cat > "$tmp/invisible" <<'EOF'
alias-bomb	YAML: aliases expand to millions of nodes; the validator's reader stops first
bad-utf8	YAML: not UTF-8, so there is no document to validate
deep-yaml	YAML: brackets nested 20,000 deep; no document to validate
yaml-bad-indent	YAML syntax error
yaml-tab-indent	YAML syntax error (a tab in the indentation)
yaml-unclosed-flow	YAML syntax error
duplicate-key	a key twice in a mapping: JSON objects cannot hold that
duplicate-language	a language twice in a label: JSON objects cannot hold that
key-not-scalar	a list as a key: JSON keys are strings
duplicate-choice-value	unique values across the items of a list
duplicate-field-id	unique ids across the items of a list
duplicate-section-id	unique ids across the items of a list
list-duplicate-shared	a list id that does not match its file name (countries.yaml), which JSON Schema cannot see
list-name-mismatch	the file's name must be the list's id
min-items-over-max	comparing two values (min_items > max_items)
min-over-max	comparing two values (min > max)
consent-bad	what type a field of a given id has, anywhere in the sections (records_consent needs select_one purpose and institution)
summary-unknown-field	what a summary id names (not a field, or one in a repeat group)
unknown-choice-list	a choices id naming no list of the form or of lists/
calculation-cycle	expressions: calculations depending on each other
relevance-cycle	expressions: relevance depending on each other
expr-syntax	expressions: their syntax
expr-types	expressions: their types
expr-unknown-field	expressions: the fields they name
filter-unknown-attribute	expressions: the choice attributes a filter names, against the list
count-not-number	expressions: the type of a count
required-never-relevant	expressions: a relevance that is always false
default-bad	a default checked against its field's type, limits and choices
document-type-bad	what document_type names, and patterns against its choices
patterns-bad-regex	a POSIX regular expression's syntax (the schema's regexes are ECMA 262)
renamed-existing	renamed_from naming a field the form still has
removed-existing	removed naming a field the form still has
wf-unknown-state	states named in initial, from and to, against the states
wf-unreachable	the graph: a state no transition leads to
wf-never-ends	the graph: states from which no terminal state is reached
wf-leaves-terminal	a transition from a state marked terminal elsewhere
wf-unknown-form	forms named by a workflow, in other files
wf-two-for-form	two workflow files for one form
wf-guard	expressions: a guard's syntax, types and fields
wf-duplicates	unique ids across the items of a list (states, transitions)
wf-unknown-role	the roles a workflow names, against the roles file (or the default roles)
roles-wf-unknown-role	the roles a workflow names, against the roles file (another file)
roles-duplicate-role	unique ids across the items of a list (roles)
roles-duplicate-institution	unique ids across the items of a list (institutions)
roles-unknown-institution	a role's institution, against the institutions of the file
roles-unknown-form	forms named by a role, in other files
roles-class-unheld	the classes the forms use, against the classes the roles hold (other files)
roles-two-files	two roles files in access/, each valid on its own
services-unknown-names	a service's institution, category and places, against other files and lists
services-bad-expr	expressions: eligibility's syntax, types and fields
EOF
"$py" "$top_srcdir/tests/schema-check.py" "$top_srcdir" "$tmp/invisible" "${AMPARO:-}"
