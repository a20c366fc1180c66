#!/bin/sh
# cli-licence.sh: driver's licence certification of an asylum claim: the asylum office sends the request to the transit authority, certifies it (number, dates, validity) while the claim is active, and cannot once the claim is closed, when it refuses instead; the transit authority sees each outcome in its inbox; the demo store holds a certification in every state and a referral to each kind of service.
. "$top_srcdir/tests/lib.sh"

plan 16

T=$TEST_TMP
S=$T/store
export AMPARO_TODAY=2026-03-10
make_store "$S" 0 1 || echo "# make_store failed"

REQ="--set family_names=Licencia --set sex=male --set birth_date=05/05/1985 \
--set nationality=COL --set language=spa"
# shellcheck disable=SC2086
C1=$(amp "$S" officer case add --form intake --set given_names=Uno $REQ)
# shellcheck disable=SC2086
C2=$(amp "$S" officer case add --form intake --set given_names=Dos $REQ)

# state CASE: the workflow state "case show --format fields" reports.
state() {
	amp "$S" "${2:-officer}" case show "$1" | sed -n 's/^State: \([^,]*\),.*/\1/p'
}

run amp "$S" officer referral send "$C1" --form licence_certification \
    --to transit --set licence_type=light --set transit_reference=ATTT-77
L1=$(cat "$T/out")
status_is 0 && [ -n "$L1" ] &&
    amp "$S" transit_officer referral inbox | grep -q "^$L1	-	onpar	transit	requested	"
judge "the asylum office sends a certification request; the transit authority's inbox lists it as requested"

run amp "$S" transit_officer case transition "$L1" certify \
    --set certificate_number=LC-2026-00001 --set valid_until=10/09/2026
status_is 9 && [ "$(state "$L1")" = Requested ]
judge "the transit authority cannot certify (the asylum office's step): exit 9"

run amp "$S" officer case transition "$L1" certify \
    --set certificate_number=LC-26-1 --set valid_until=10/09/2026
status_is 5 && err_has "certificate number is LC-" && [ "$(state "$L1")" = Requested ]
judge "a malformed certificate number: exit 5, the rule said, nothing moved"

run amp "$S" officer case transition "$L1" certify \
    --set certificate_number=LC-2026-00001 --set valid_until=01/03/2026
status_is 5 && err_has "valid until a day after" && [ "$(state "$L1")" = Requested ]
judge "validity ending before the issue date: exit 5, nothing moved"

run amp "$S" officer case transition "$L1" certify \
    --set certificate_number=LC-2026-00001 --set valid_until=10/09/2026
status_is 0 && [ "$(state "$L1")" = Certified ]
judge "certified while the claim is active (registered)"

cert=$(sed -n 's/.* linked \([0-9-]*\)$/\1/p' "$T/out")
run amp "$S" transit_officer case show "$cert" --format fields
status_is 0 && out_has "certificate_number=LC-2026-00001" &&
    out_has "issued_on=2026-03-10" && out_has "valid_until=2026-09-10"
judge "the transit authority reads the certificate: number, issue date (today), validity"

amp "$S" transit_officer referral inbox |
    grep -q "^$L1	-	onpar	transit	certified	"
judge "the transit authority's inbox shows it certified"

# A claim not admitted is still active (it can be reconsidered); once it is
# closed, certifying is refused and the office refuses the request instead.
run amp "$S" supervisor case transition "$C2" not_admit --set reasons=Outside_the_deadline
status_is 0
judge "the second claim is not admitted (still open to reconsideration)"

run amp "$S" officer referral send "$C2" --form licence_certification \
    --to transit --set licence_type=motorcycle
L2=$(cat "$T/out")
run amp "$S" officer referral send "$C2" --form licence_certification \
    --to transit --set licence_type=light
L3=$(cat "$T/out")
run amp "$S" officer case transition "$L2" certify \
    --set certificate_number=LC-2026-00002 --set valid_until=10/06/2026
status_is 0 && [ "$(state "$L2")" = Certified ]
judge "a claim not admitted but not closed: certified"

run amp "$S" officer case transition "$C2" close
status_is 0 && [ "$(state "$C2")" = Closed ]
judge "the second claim is closed"

run amp "$S" officer case transition "$L3" certify \
    --set certificate_number=LC-2026-00003 --set valid_until=10/06/2026
status_is 9 && err_has "$C2" && err_has "no longer active" &&
    [ "$(state "$L3")" = Requested ]
judge "once the claim is closed, certifying is refused (exit 9, the case and why), nothing moved"

run amp "$S" officer case transition "$L3" refuse --set refusal_reason=claim_not_active
status_is 0 && [ "$(state "$L3")" = Refused ] &&
    amp "$S" transit_officer referral inbox | grep -q "^$L3	-	onpar	transit	refused	"
judge "the office refuses it instead; the transit authority's inbox shows it refused"

run amp "$S" officer case transition "$L1" refuse --set refusal_reason=other
status_is 9 && [ "$(state "$L1")" = Certified ]
judge "a certified request cannot be refused afterwards"

run amp "$S" transit_officer case transition "$L1" issue_licence
status_is 0 && [ "$(state "$L1" transit_officer)" = "Licence issued" ]
judge "the transit authority records the licence issued on the certified request"

# The demo store holds a certification in every state of the workflow, and
# a referral to a service of each category of the directory.
D=$T/demo
make_store "$D" 40 1 || echo "# make_store failed"
amp "$D" transit_officer referral inbox | cut -f 5 | sort -u > "$T/states"
sed -n '/^states:/,/^transitions:/s/^  - id: \([a-z_]*\)$/\1/p' \
    "$AMPARO_FORMS/workflows/licence_certification.yaml" > "$T/ids"
want=$(grep -c . "$T/ids")
got=$(grep -F -x -c -f "$T/states" "$T/ids")
[ "$want" -gt 0 ] && [ "$got" -eq "$want" ]
judge "the demo store has a licence certification in each of the $want states"

amp "$D" admin referral outbox | cut -f 1 | while read -r r; do
	amp "$D" admin case show --format fields "$r" |
	    sed -n 's/^service_category=//p'
done | sort -u > "$T/cats"
missing=
for c in $(sed -n '/^categories:/,/^services:/s/^  - id: \([a-z_]*\)$/\1/p' \
    "$AMPARO_FORMS/services/directory.yaml"); do
	grep -F -x -q "$c" "$T/cats" || missing="$missing $c"
done
[ -z "$missing" ]
judge "the demo store has a referral to a service of each category (missing:$missing)"

done_testing
