#!/bin/sh
# forms-bad.sh: the broken-form corpus (tests/forms-bad/NAME.yaml and NAME.expect): every error reported as file:line:column, exit 6.
. "$top_srcdir/tests/lib.sh"

# NAME.expect holds the diagnostics that amparo forms check NAME.yaml must
# print, each a whole line of stderr, paths relative to the corpus. In a
# line, "@FORMS@" stands for $AMPARO_FORMS and ":*:" for any LINE:COLUMN:,
# or none (where the place is not the point of the case). Other lines may appear
# too: the corpus checks that these are there, in any order.
#
# A case that needs several files (a workflow and its form, a roles file) is a
# forms directory NAME/ (forms, lists/, workflows/, access/) with NAME.expect
# beside it: amparo forms check NAME checks it as a whole. Directories
# without an .expect (dup-form, extra) serve the checks at the end.
#
# tests/schema.sh checks the same cases against the JSON Schema.

CORPUS=$top_srcdir/tests/forms-bad
T=$TEST_TMP

cd "$CORPUS" || exit 99
cases=
for f in *.yaml; do
	cases="$cases ${f%.yaml}"
done
for d in */; do
	d=${d%/}
	[ -f "$d.expect" ] && cases="$cases $d"
done
set -- $cases
plan $(($# + 17))

# has_diag FILE LINE: FILE has LINE as a whole line (":*:" matches a place or none).
has_diag() {
	case $2 in
	*":*:"*)
		pre=${2%%:\*:*}
		post=${2#*:\*:}
		awk -v pre="$pre" -v post="$post" '
		    index($0, pre ":") == 1 && substr($0, length($0) - length(post) + 1) == post {
			mid = substr($0, length(pre) + 2, length($0) - length(pre) - 1 - length(post))
			if (mid ~ /^([0-9]+:[0-9]+:)?$/) found = 1
		    }
		    END { exit !found }' "$1"
		;;
	*)
		grep -F -x -q -e "$2" "$1"
		;;
	esac
}

for name in $cases; do
	if [ ! -s "$name.expect" ]; then
		fail "$name: exit 6 and the expected diagnostics" \
		    "no $name.expect, or it is empty"
		continue
	fi
	if [ -d "$name" ]; then
		run "$AMPARO" forms check "$name"
	else
		run "$AMPARO" forms check "$name.yaml"
	fi
	missing=
	while IFS= read -r want || [ -n "$want" ]; do
		[ -n "$want" ] || continue
		want=$(printf '%s' "$want" | sed "s#@FORMS@#$AMPARO_FORMS#g")
		has_diag "$T/err" "$want" || missing="$missing
  $want"
	done < "$name.expect"
	if status_is 6 && [ -z "$missing" ] && ! out_has "no errors"; then
		ok "$name: exit 6 and the expected diagnostics"
	else
		fail "$name: exit 6 and the expected diagnostics" \
		    "exit status $RC; missing:$missing" "--- stderr:" \
		    "$(head -n 20 "$T/err")"
	fi
done

# --- beyond single files ----------------------------------------------------------

run "$AMPARO" forms check
status_is 0 && out_has "no errors" && [ ! -s "$T/err" ]
judge "the shipped forms pass (amparo forms check)"

run "$AMPARO" forms check "$AMPARO_FORMS" "$AMPARO_FORMS/intake.yaml"
status_is 0 && out_has "no errors"
judge "the shipped forms pass, named as a directory and as a file"

run "$AMPARO" forms check dup-form
status_is 6 && has_diag "$T/err" \
    'dup-form/b.yaml:1:1: duplicate form "mini" (also in dup-form/a.yaml)'
judge "two files with the same form id: exit 6, both named"

run "$AMPARO" forms check no-such-form.yaml
status_is 6 && has_diag "$T/err" \
    "no-such-form.yaml: cannot read the file: No such file or directory"
judge "a form file that does not exist: exit 6, cannot read"

run "$AMPARO" forms check /dev/null
status_is 6 && err_has "/dev/null: not a regular file"
judge "a form that is not a regular file (/dev/null): exit 6"

mkdir "$T/no-forms"
run "$AMPARO" forms check "$T/no-forms"
status_is 6 && has_diag "$T/err" "$T/no-forms: no forms found (*.yaml)"
judge "a forms directory without forms: exit 6"

run env AMPARO_FORMS="$T/missing-dir" "$AMPARO" forms check
status_is 6 && err_has "$T/missing-dir: cannot read the directory"
judge "AMPARO_FORMS naming no directory: exit 6, cannot read the directory"

# A form's own choice lists must have different ids, as shared lists must.
run "$AMPARO" forms check extra/form-lists-duplicate.yaml
status_is 6 && err_has "extra/form-lists-duplicate.yaml:9:" && err_has '"colour"'
judge "two choice lists with the same id in one form: exit 6, the second one's place"

# Several files at once: all are checked, all errors reported.
run "$AMPARO" forms check unknown-key-hint.yaml min-over-max.yaml dup-form/a.yaml
status_is 6 && err_has "unknown-key-hint.yaml:10:9:" && err_has "min-over-max.yaml:11:14:"
judge "several files at once: the errors of each are reported"

# The count on the last line agrees with the diagnostics printed.
run "$AMPARO" forms check several-errors.yaml
n=$(grep -c '^several-errors.yaml:' "$T/err")
status_is 6 && err_has "failed: $n errors"
judge "the error count matches the diagnostics printed ($n)"

# Every .expect belongs to a case (a NAME.yaml or a directory NAME).
orphans=
for f in *.expect; do
	n=${f%.expect}
	[ -f "$n.yaml" ] || [ -d "$n" ] || orphans="$orphans $f"
done
if [ -z "$orphans" ]; then
	ok "every .expect file has its case"
else
	fail "every .expect file has its case" "no case for:$orphans"
fi

# Every corpus file is listed in tests/scripts.am or tests/schema.am, so
# make dist ships it.
unlisted=
for f in *.yaml *.expect */*.yaml */*/*.yaml; do
	[ -f "$f" ] || continue
	cat "$top_srcdir/tests/scripts.am" "$top_srcdir/tests/schema.am" |
	    grep -F -q "tests/forms-bad/$f" || unlisted="$unlisted $f"
done
if [ -z "$unlisted" ]; then
	ok "every corpus file is in EXTRA_DIST (tests/scripts.am, tests/schema.am)"
else
	fail "every corpus file is in EXTRA_DIST (tests/scripts.am, tests/schema.am)" \
	    "not listed:$unlisted"
fi

# A form checked on its own is checked with the shared lists, but not with
# the shipped workflows, which name other forms too; with every form a
# shipped workflow names, that workflow is checked as well.
run "$AMPARO" forms check "$AMPARO_FORMS/intake.yaml"
status_is 0 && out_has "no errors" && [ ! -s "$T/err" ]
judge "a shipped form checked alone: no errors from the workflows of other forms"

# (Workflows share step forms: each form is named once.)
set -- $(for f in "$AMPARO_FORMS"/workflows/*.yaml; do
	[ -f "$f" ] || continue
	sed -n 's/^ *form: *\([a-z0-9_]*\).*/\1/p' "$f"
done | sort -u)
if [ $# -eq 0 ]; then
	ok "# SKIP no shipped workflows"
else
	files=
	for id in "$@"; do
		files="$files $AMPARO_FORMS/$id.yaml"
	done
	run "$AMPARO" forms check $files
	status_is 0 && out_has "no errors" && ! out_has " 0 workflows"
	judge "shipped forms given with every form their workflow names: the workflow is checked too"
fi

# A workflow given as a file with its form is checked as in its directory.
run "$AMPARO" forms check wf-guard/case.yaml wf-guard/workflows/flow.yaml
status_is 6 && has_diag "$T/err" \
    "wf-guard/workflows/flow.yaml:19:12: guard must give a condition (true or false), not a number"
judge "a workflow file given with its form: its guards are checked"

run "$AMPARO" forms check wf-guard/workflows/flow.yaml
status_is 6 && has_diag "$T/err" \
    'wf-guard/workflows/flow.yaml: workflow "flow" moves records of the unknown form "case"'
judge "a workflow file given without its form: the form is unknown"

# A big but honest choice list (115,000 choices, under the 8 MiB file limit)
# with a mistake in its last entry: the mistake is reported (or the list is
# refused as too large), never skipped because loading stopped in silence.
awk 'BEGIN {
	print "list: big_list"
	print "choices:"
	for (i = 0; i < 115000; i++)
		printf "  - {value: v%06d, label: {en: Place %d, es: Lugar %d}}\n", i, i, i
	print "  - {value: v000000, label: {en: The first again, es: La primera otra vez}}"
}' > "$T/big_list.yaml"
run "$AMPARO" forms check "$T/big_list.yaml"
status_is 6 && err_has "big_list.yaml"
judge "a mistake at the end of a 115,000-choice list is reported"

done_testing
