#!/bin/sh
# screen-services-two.sh: other referrals and the driver's licence certification end to end, each with two officials of two institutions logged in at once on two terminals: a child referred to a directory service at the console and the receiving ministry's result seen back on the case; a certification requested, certified and seen by the transit authority.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 8

STORE=$TEST_TMP/store
AMPARO_TODAY=2026-06-15
export STORE AMPARO_TODAY
make_store "$STORE" 0 1 || echo "# make_store failed"
CASE=$(amp "$STORE" officer case add --form intake --set given_names=Niña \
    --set family_names=Escuela --set sex=female --set birth_date=03/03/2016 \
    --set nationality=VEN --set language=spa --set unaccompanied_child=no \
    2> "$TEST_TMP/err")
# The education service of the directory that fits the child (the first).
SERVICE=$(amp "$STORE" officer services --case "$CASE" --category education |
    awk -F'\t' '/^[a-z]/ { print $2; exit }')
# Where it is in the list of those that fit, and its contact line.
amp "$STORE" officer services --case "$CASE" > "$TEST_TMP/fit"
DOWNS=$(awk -F'\t' -v s="$SERVICE" '/^[a-z]/ { if ($2 == s) { print n; exit } n++ }' "$TEST_TMP/fit")
CONTACT=$(awk -F'\t' -v s="$SERVICE" '/^[a-z]/ { on = ($2 == s) }
    on && /^  Contact: / { print substr($0, 12); exit }' "$TEST_TMP/fit")
export CASE SERVICE DOWNS CONTACT

vt_run services-two "the officer refers a child to a directory service; the education officer, inbox open, records the placement test; the officer sees the grade"
file_shows "$TEST_TMP/svc2-inbox.txt" "the education officer's open inbox showed the referral by itself" \
    "Inbox: referrals sent to us (1)" "$SERVICE"
file_shows "$TEST_TMP/svc2-result.txt" "the officer's case view shows the placement test's result" \
    "In care, since" "4th grade" "Escuela Demo"

run amp "$STORE" officer referral outbox
R=$(cut -f 1 "$TEST_TMP/out")
status_is 0 && out_has "	$CASE	onpar	education	in_care	" &&
    amp "$STORE" officer case show --format fields "${R:-none}" |
    grep -q "^service_category=education$"
judge "the command line agrees: the referral went to education, in care, its category recorded"

# The licence certification: the officer requests and certifies it; the
# transit officer, inbox open, sees it requested and then certified.
vt_run licence-two "the officer requests and certifies a licence certification; the transit officer, inbox open, sees both without a restart"
file_shows "$TEST_TMP/lic2-requested.txt" "the transit officer's inbox showed the request by itself" \
    "Inbox: referrals sent to us (1)" "Requested"
file_shows "$TEST_TMP/lic2-certified.txt" "then the certification, by itself" "Certified"

run amp "$STORE" transit_officer referral inbox
L=$(cut -f 1 "$TEST_TMP/out")
status_is 0 && out_has "	-	onpar	transit	certified	" &&
    amp "$STORE" transit_officer case show --format fields "${L:-none}" |
    grep -q "^# linked "
judge "the command line agrees: certified, the certificate linked"

done_testing
