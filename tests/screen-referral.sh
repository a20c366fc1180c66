#!/bin/sh
# screen-referral.sh: two officials of two institutions at once, on two terminals: a referral sent from the console (^R), seen in the other's inbox without a restart, taken to a counter-referral that the sender sees on the case and closes from her outbox.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 7

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"
CASE=$(amp "$STORE" officer case add --form intake --set given_names=Dos \
    --set family_names=Sesiones --set sex=female --set birth_date=01/02/1990 \
    --set nationality=VEN --set language=spa 2> "$TEST_TMP/err")
CASE_NAME=Sesiones
export CASE CASE_NAME

vt_run referral-two "the officer refers the case at the console; the institute, already in her inbox, takes it to a counter-referral; the officer sees it and closes it"

file_shows "$TEST_TMP/two-sent.txt" "the case view lists the referral, its state and where it went" \
    "Sent, since" "National Women's Institute"
file_shows "$TEST_TMP/two-inbox.txt" "the open inbox showed the referral by itself" \
    "Inbox: referrals sent to us (1)" "Sent" "Referral: Urgent Shelter"
file_shows "$TEST_TMP/two-counter.txt" "the sender's case view shows the counter-referral's answers" \
    "Counter-referred, since" "Ten days of shelter (fictitious)." \
    "Partly completed" "Check in a month."

v1=$(cat "$TEST_TMP/two-views-1" 2> /dev/null)
v2=$(cat "$TEST_TMP/two-views-2" 2> /dev/null)
[ -n "$v1" ] && [ "$v1" -gt 0 ] && [ "$v1" = "$v2" ]
judge "an idle case view writes no audit entries: it re-reads only when a record changed ($v1, then $v2 views)"

run amp "$STORE" officer referral outbox
status_is 0 && out_has "	$CASE	onpar	womens_institute	closed	"
judge "the command line agrees: the referral is closed"

R=$(cut -f 1 "$TEST_TMP/out")
run amp "$STORE" officer case show --format fields "${R:-none}"
status_is 0 && out_has "urgency=urgent" && out_has "service=Shelter" &&
    out_has "consent_reference=CF-7" && out_has "# parent $CASE"
judge "the referral holds what the officer typed, and names its case"

done_testing
