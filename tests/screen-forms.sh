#!/bin/sh
# screen-forms.sh: the form language at the console: skip logic, a constraint's message, a calculated age, a cascading list, a counted household, a text box; saved as the command line reads it.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 10

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 5 1 || echo "# make_store failed"

vt_run forms-logic "a date in the future refused with the form's message; age, interpreter, districts, household and a text box"

S=$TEST_TMP/logic
if file_has "$S-age.txt" "Age                          : 36"; then
	ok "the age is calculated as the date of birth is typed"
	show_file "$S-age.txt"
else
	fail "the age is calculated as the date of birth is typed" "$(cat "$S-age.txt" 2>&1)"
fi

file_has "$S-shown.txt" "Needs an interpreter *" &&
    ! file_has "$S-hidden.txt" "Needs an interpreter"
judge "skip logic: the interpreter question appears for French and goes for Spanish"

if file_has "$S-districts.txt" "David" && file_has "$S-districts.txt" "1 choice"; then
	ok "the district list holds only the districts of the chosen province"
	show_file "$S-districts.txt"
else
	fail "the district list holds only the districts of the chosen province" \
	    "$(cat "$S-districts.txt" 2>&1)"
fi

if file_has "$S-household.txt" "1 entry (as many as the count)"; then
	ok "the household has as many entries as counted"
	show_file "$S-household.txt"
else
	fail "the household has as many entries as counted" "$(cat "$S-household.txt" 2>&1)"
fi

run amp "$STORE" officer case find logica prueba
NUM=$(casenum "$(cat "$TEST_TMP/out")")
status_is 0 && [ -n "$NUM" ]
judge "the case typed at the console is saved"

AMPARO_TODAY=2026-06-15 amp "$STORE" officer case show --format fields "${NUM:-none}" > "$TEST_TMP/f" 2>&1
grep -q "^age=36$" "$TEST_TMP/f" && grep -q "^district=PA-4-DAVID$" "$TEST_TMP/f" &&
    grep -q "^household_count=1$" "$TEST_TMP/f" &&
    grep -q "^household.1.member_age=9$" "$TEST_TMP/f" &&
    ! grep -q "^needs_interpreter=" "$TEST_TMP/f"
judge "saved: the age, the district by value, the count and the member's age; no interpreter answer"

# The account of violence has the class gbv: the officer who typed it sees it
# sealed, the focal point (once the case is assigned to them) reads it.
"$AMPARO" user assign gbv_focal_point "${NUM:-none}" -d "$STORE" -u admin \
    --password-file "$PWFILE" > /dev/null 2>&1
grep -F -x -q 'violence_account=(sealed: gbv)' "$TEST_TMP/f" &&
    amp "$STORE" gbv_focal_point case show --format fields "${NUM:-none}" 2>&1 |
    grep -F -x -q 'violence_account=Primera línea.\nSegunda línea.'
judge "the text box's two lines are saved sealed: the officer sees (sealed: gbv), the focal point the lines (a line break shown as \\n)"

file_has "$S-sealed.txt" "(sealed: gbv)" && ! file_has "$S-sealed.txt" "Primera"
judge "the console shows the officer (sealed: gbv), not the account"

file_has "$S-view.txt" "Asylum claim" && file_has "$S-view.txt" "Registered"
judge "the saved case shows its workflow state"

done_testing
