#!/bin/sh
# security-matrix.sh: the permission matrix: every role of the roles file against every protected action, allowed exactly where the roles file says.
# The actions: create, view, find, edit, confidential classes, export, report, workflow steps,
# manage powers. tests/security-matrix.py reads forms/access/roles.yaml and the workflows with
# Python's YAML reader (not amparo's loader), and runs each row as the real command on one demo
# store with an account for every role.
. "$top_srcdir/tests/lib.sh"

need_python_yaml

# One store for every role: the demo has an account for each.
S=$TEST_TMP/store
if ! "$AMPARO" demo -d "$S" --people 0 --password-file "$PWFILE" \
    --kdf min --no-console > "$TEST_TMP/demo" 2>&1; then
	echo "Bail out! amparo demo failed: $(tr '\n' ' ' < "$TEST_TMP/demo")"
	exit 1
fi

"$py" "$top_srcdir/tests/security-matrix.py" "$AMPARO" "$AMPARO_FORMS" \
    "$S" "$PWFILE" "$top_srcdir"
