#!/bin/sh
# screen-new-other.sh: ^O in the case list opens a new case of another form than the intake: a border official chooses the border screening, fills it in at the console and saves it.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 3

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"

vt_run border-new "a border official opens, fills in and saves a border screening from the console (^O)"

file_shows "$TEST_TMP/new-forms.txt" "^O lists the forms of new cases the role may open" \
    "Border screening" "Intake" "Statelessness risk screening"

run amp "$STORE" border_screening_officer case find Fronteriza
C=$(cut -f 1 "$TEST_TMP/out" | head -n 1)
run amp "$STORE" border_screening_officer case show --format fields "${C:-none}"
status_is 0 && out_has "form border_screening" && out_has "border_post=guabito" &&
    out_has "given_names=Pantalla" && out_has "group_size=3" &&
    out_has "fear_of_return=yes" && out_has "threats=no"
judge "the command line reads the screening as typed, a border screening case"

done_testing
