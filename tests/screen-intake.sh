#!/bin/sh
# screen-intake.sh: a new intake at the console (accents, choice lists, a bad date, a household member), found without accents, edited.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 8

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 20 1 || echo "# make_store failed"

vt_run intake "intake: typed, a bad date marked and corrected, a member added, saved, found, edited"

SNAP=$TEST_TMP/intake-form.txt
if file_has "$SNAP" "Intake: new case" && file_has "$SNAP" "Xiomara Zoë" &&
    file_has "$SNAP" "Ñandú Quispe" && [ "$(wc -l < "$SNAP")" -eq 24 ]; then
	ok "a capture of the intake form at 80x24"
	show_file "$SNAP"
else
	fail "a capture of the intake form at 80x24" "$(cat "$SNAP" 2>&1)"
fi

run amp "$STORE" officer case find xiomara
NUM=$(casenum "$(cat "$TEST_TMP/out")")
status_is 0 && [ -n "$NUM" ] && [ "$(wc -l < "$TEST_TMP/out")" -eq 1 ]
judge "the case typed at the console is found from the command line"

run amp "$STORE" officer case show --format fields "${NUM:-none}"
status_is 0 && out_has "given_names=Xiomara Zoë" && out_has "family_names=Ñandú Quispe" &&
    out_has "sex=female" && out_has "birth_date=1990-03-15" &&
    out_has "nationality=VEN" && out_has "language=spa"
judge "the saved values: as typed, dates and choices normalised"

out_has "household.1.given_names=Yaretzi" &&
    out_has "household.1.family_names=Ñandú Quispe" &&
    out_has "household.1.relationship=child"
judge "the household member was saved"

run amp "$STORE" officer case show --format fields "${NUM:-none}"
status_is 0 && out_has "# case $NUM version 2 " && out_has "other_names=Xio Ñandú" &&
    out_has "given_names=Xiomara Zoë"
judge "version 2 has the edit and keeps the rest"

run amp "$STORE" officer case show --format fields --version 1 "${NUM:-none}"
status_is 0 && ! out_has "other_names=" && out_has "given_names=Xiomara Zoë"
judge "version 1 is kept as it was"

vt_run intake-history "next session: no draft left, found in capitals with accents, ^V shows version 1"

done_testing
