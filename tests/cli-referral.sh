#!/bin/sh
# cli-referral.sh: referrals between institutions through amparo referral send|inbox|outbox and case transition: each side takes only its steps, inboxes and outboxes show the other side's moves at once, counter-referrals come back to the sender, overdue ones are marked.
. "$top_srcdir/tests/lib.sh"

plan 20

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"

REQ="--set given_names=Rosa --set family_names=Envío --set sex=female \
--set birth_date=01/02/1990 --set nationality=VEN --set language=spa"
SEND="--set urgency=urgent --set service=Shelter \
--set reason=Needs_a_safe_place --set consent_reference=CF-7"

# shellcheck disable=SC2086
C=$(amp "$S" officer case add --form intake $REQ 2> "$T/err")

# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to womens_institute $SEND
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "the officer sends a referral from a case: its number is printed"
R=$(cat "$T/out")

run amp "$S" officer referral outbox
status_is 0 && out_has "$R	$C	onpar	womens_institute	sent	"
judge "the sender's outbox lists it: case, from, to, state"

run amp "$S" womens_institute_focal_point referral inbox
status_is 0 && out_has "$R	-	onpar	womens_institute	sent	" &&
    out_has "Urgent	Shelter" && ! out_has "$C"
judge "the receiving institution's inbox lists it, with its summary, not the case it came from"

run amp "$S" labour_officer referral inbox
status_is 0 && ! out_has "$R"
judge "another institution's inbox does not"

run amp "$S" officer case transition "$R" acknowledge
status_is 9 && grep -q "only the institution the referral was sent to" "$T/err"
judge "the sender cannot take the receiver's step (exit 9, said why)"

run amp "$S" womens_institute_focal_point case transition "$R" acknowledge
status_is 0 && out_has "state received"
judge "the receiving institution acknowledges it"

run amp "$S" officer referral outbox
status_is 0 && out_has "$R	$C	onpar	womens_institute	received	"
judge "the sender's outbox shows the acknowledgement at its next refresh"

run amp "$S" womens_institute_focal_point case show "$C"
status_is 9 && grep -q "not allowed" "$T/err"
judge "the receiver sees the referral, not the whole case"

W="womens_institute_focal_point"
amp "$S" "$W" case transition "$R" accept > /dev/null 2>&1
amp "$S" "$W" case transition "$R" start_care > /dev/null 2>&1
run amp "$S" "$W" case transition "$R" counter_refer \
    --set services_given=Ten_days_of_shelter --set outcome=completed \
    --set follow_up=yes
status_is 5 && grep -q "follow_up_notes" "$T/err"
judge "a counter-referral needs what its form requires (follow-up notes)"

run amp "$S" "$W" case transition "$R" counter_refer \
    --set services_given=Ten_days_of_shelter --set outcome=completed \
    --set follow_up=yes --set follow_up_notes=Check_in_a_month
status_is 0 && out_has "state counter_referred linked"
judge "the receiver counter-refers: its form saved as a linked record"
CR=$(sed -n 's/.* linked //p' "$T/out")

run amp "$S" officer case show "$R"
status_is 0 && out_has "State: Counter-referred" && out_has "$CR" &&
    out_has "Counter-referral"
judge "the referring official sees the counter-referral on the referral"

run amp "$S" officer case show --format fields "$CR"
status_is 0 && out_has "services_given=Ten_days_of_shelter" &&
    out_has "follow_up_notes=Check_in_a_month"
judge "and reads what was done and the follow-up"

run amp "$S" officer case show "$C"
status_is 0 && out_has "$R"
judge "the case lists its referral among its linked records"

run amp "$S" "$W" case transition "$R" close
status_is 9 && grep -q "only the institution that sent the referral" "$T/err"
judge "only the sender closes it"

run amp "$S" officer case transition "$R" close
status_is 0 && out_has "state closed"
judge "the sender closes it"

# Declined with its reason, and withdrawn.
# shellcheck disable=SC2086
R2=$(amp "$S" officer referral send "$C" --to labour $SEND 2> /dev/null)
amp "$S" labour_officer case transition "$R2" acknowledge > /dev/null 2>&1
run amp "$S" labour_officer case transition "$R2" decline \
    --set decline_reason=no_capacity
status_is 0 && out_has "state declined linked"
judge "the receiver declines with a reason (its own form)"

# shellcheck disable=SC2086
R3=$(amp "$S" officer referral send "$C" --to health $SEND 2> /dev/null)
run amp "$S" officer case transition "$R3" withdraw
status_is 0 && out_has "state withdrawn"
judge "the sender withdraws a referral not yet accepted"

# Overdue: the acknowledgement was due two days after sending.
# shellcheck disable=SC2086
R4=$(amp "$S" officer referral send "$C" --to civil_registry $SEND 2> /dev/null)
LATE=$(date -d "+5 days" +%Y-%m-%d)
run env AMPARO_TODAY="$LATE" "$AMPARO" referral inbox -d "$S" \
    -u civil_registry_officer --password-file "$PWFILE"
status_is 0 && grep -q "^$R4	.*	sent	.* OVERDUE	" "$T/out"
judge "five days on, the unacknowledged referral is OVERDUE in the inbox"

# Refusals with clear messages.
# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to nowhere $SEND
status_is 2 && grep -q 'no institution "nowhere"' "$T/err"
judge "an unknown institution is refused (exit 2)"

# shellcheck disable=SC2086
run amp "$S" officer case add --form referral $SEND
status_is 2 && grep -q "is a referral: send it from a case" "$T/err"
judge "a referral cannot be saved on its own, without a case"

done_testing
