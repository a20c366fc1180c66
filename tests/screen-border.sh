#!/bin/sh
# screen-border.sh: border identification and referral end to end with two consoles at once: a border official and an asylum office officer on two terminals, each taking its side's steps and seeing the other's at its next read.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 7

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"
B=border_screening_officer
SCREEN=$(amp "$STORE" "$B" case add --form border_screening \
    --set border_post=guabito --set given_names=Ana --set family_names=Consola \
    --set nationality=NIC --set group_size=2 --set fear_of_return=yes \
    --set threats=yes --set asks_asylum=yes --set unaccompanied_child=no \
    --set gbv_risk=no --set medical_need=no 2> "$TEST_TMP/err")
CLAIM=$(amp "$STORE" officer case add --form intake --set given_names=Ana \
    --set family_names=Consola --set sex=female --set birth_date=1990-03-04 \
    --set nationality=NIC --set language=spa 2>> "$TEST_TMP/err")
export SCREEN CLAIM

vt_run border-two "two consoles: the border refers (^R), the asylum office registers the claim from its inbox (^Q), the border closes"

file_has "$TEST_TMP/border-inbox.txt" "Sent"
judge "the asylum office's inbox, open all along, shows the referral by itself"
show_file "$TEST_TMP/border-inbox.txt"

file_has "$TEST_TMP/border-onpar.txt" "Claim registered, since" &&
    file_has "$TEST_TMP/border-onpar.txt" "Claim registered"
judge "the asylum office's console shows the claim registered and its record"
show_file "$TEST_TMP/border-onpar.txt"

file_has "$TEST_TMP/border-border.txt" "Claim registered, since" &&
    file_has "$TEST_TMP/border-border.txt" "Close (due"
judge "the border's console, open all along, shows the outcome at its next read"

run amp "$STORE" "$B" case show --format fields "${SCREEN:-none}"
status_is 0 && out_has "# state referred" && out_has "action mark_referred"
judge "the screening was marked referred by the border official"

REF=$(amp "$STORE" officer referral inbox 2> /dev/null | cut -f 1)
run amp "$STORE" officer case show --format fields "${REF:-none}"
status_is 0 && out_has "# state closed" && out_has "by $B action close" &&
    out_has "needs=asks_asylum" && out_has "group_size=2" &&
    out_has "border_post=guabito" && out_has "consent_reference=CF-5"
judge "the referral holds what the border typed at ^R, and the border closed it"

L=$(sed -n 's/^# linked \([0-9-]*\) protection_claim/\1/p' "$TEST_TMP/out")
run amp "$STORE" "$B" case show --format fields "${L:-none}"
status_is 0 && out_has "claim_number=$CLAIM"
judge "its outcome holds the claim number the asylum office typed"

done_testing
