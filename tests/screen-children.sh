#!/bin/sh
# screen-children.sh: an unaccompanied child referred to the children's authority, end to end with two consoles at once: the asylum office and the authority on two terminals, each taking its side's steps and seeing the other's at its next read.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 6

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"
CASE=$(amp "$STORE" officer case add --form intake --set given_names=Nino \
    --set family_names=Consola --set sex=male --set birth_date=2014-05-06 \
    --set nationality=VEN --set language=spa --set unaccompanied_child=yes \
    2> "$TEST_TMP/err")
export CASE

vt_run children-two "two consoles: the asylum office refers the child (^R), the authority takes the child into care from its inbox (^Q) and counter-refers, the asylum office closes"

file_has "$TEST_TMP/children-inbox.txt" "Sent"
judge "the authority's inbox, open all along, shows the child's referral by itself"

file_has "$TEST_TMP/children-in-care.txt" "In care, since"
judge "the asylum office's console shows the child in care at its next read"
show_file "$TEST_TMP/children-in-care.txt"

file_has "$TEST_TMP/children-counter.txt" "Counter-referred, since"
judge "and then the counter-referral"

REF=$(amp "$STORE" officer referral outbox 2> /dev/null | cut -f 1)
run amp "$STORE" officer case show --format fields "${REF:-none}"
L=$(sed -n 's/^# linked \([0-9-]*\) child_care/\1/p' "$TEST_TMP/out")
status_is 0 && out_has "# state closed" && out_has "by officer action close" &&
    out_has "situation=unaccompanied" && out_has "child_birth_date=2014-05-06" &&
    out_has "consent_reference=CF-8"
judge "the referral holds what the officer typed at ^R, and is closed"

run amp "$STORE" officer case show --format fields "${L:-none}"
status_is 0 && out_has "care_arrangement=kinship_care" &&
    out_has "guardianship=appointed" && out_has "guardian_name=Tia Marie" &&
    out_has "outcome=protected" && out_has "follow_up=yes"
judge "the counter-referral holds what the authority chose"

done_testing
