#!/bin/sh
# screen-birth.sh: a birth at a border registration day sent to the civil registry, end to end with two consoles at once: the asylum office and the registry on two terminals; the registration number comes back to the parents' case.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 6

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"
NUMBER=RC-2026-0777
CASE=$(amp "$STORE" officer case add --form intake --set given_names=Marta \
    --set family_names=Consola --set sex=female --set birth_date=1994-08-02 \
    --set nationality=VEN --set language=spa 2> "$TEST_TMP/err")
export CASE NUMBER

vt_run birth-two "two consoles: the asylum office sends the birth (^R), the registry registers it from its inbox (^Q), the asylum office reads its number"

file_has "$TEST_TMP/birth-inbox.txt" "Sent"
judge "the registry's inbox, open all along, shows the birth by itself"

file_has "$TEST_TMP/birth-onpar.txt" "Registered, since" &&
    file_has "$TEST_TMP/birth-onpar.txt" "Birth registered"
judge "the asylum office's console shows the birth registered at its next read"
show_file "$TEST_TMP/birth-onpar.txt"

REF=$(amp "$STORE" officer referral outbox 2> /dev/null | cut -f 1)
file_has "$TEST_TMP/birth-parents.txt" "${REF:-none}"
judge "the parents' case lists the birth among its linked records"

run amp "$STORE" officer case show --format fields "${REF:-none}"
status_is 0 && out_has "# parent $CASE" && out_has "birth_date=2026-01-10" &&
    out_has "birth_attended=home_midwife" && out_has "registration_post=la_palma"
judge "the birth holds what the officer typed at ^R, linked to the parents' case"

L=$(sed -n 's/^# linked \([0-9-]*\) birth_registered/\1/p' "$TEST_TMP/out")
run amp "$STORE" officer case show --format fields "${L:-none}"
status_is 0 && out_has "registration_number=$NUMBER" &&
    out_has "by civil_registry_officer action create"
judge "the registration number typed at the registry is on the record"

done_testing
