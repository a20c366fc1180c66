#!/bin/sh
# schema.sh: every shipped form and list passes the JSON Schema of the form language (an
# independent validator: Debian's python3-jsonschema), and the schema rejects known-bad forms.
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
exec "$py" "$top_srcdir/tests/schema-check.py" "$top_srcdir/schema/amparo-form.schema.json" \
    "$top_srcdir"/forms/*.yaml "$top_srcdir"/forms/lists/*.yaml \
    "$top_srcdir"/tests/schema/*.bad.yaml
