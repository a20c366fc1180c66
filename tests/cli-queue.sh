#!/bin/sh
# cli-queue.sh: amparo case queue: the work queues of the cases an official sees, one per workflow state with its count and overdue ones, and a queue's records longest waiting first; each official sees only her own.
. "$top_srcdir/tests/lib.sh"

plan 11

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"

# add NAME: a new intake case as the officer, on AMPARO_TODAY's day.
add() {
	amp "$S" officer case add --form intake --set given_names="$1" \
	    --set family_names=Cola --set sex=female --set birth_date=01/02/1990 \
	    --set nationality=VEN --set language=spa 2> "$T/err"
}
export AMPARO_TODAY=2026-01-05
A=$(add Primera)
export AMPARO_TODAY=2026-01-10
B=$(add Segunda)
C=$(add Tercera)
amp "$S" officer case transition "$C" admit > /dev/null 2>&1
export AMPARO_TODAY=2026-01-25

# overdue STATE: how many cases of a state's listing are marked OVERDUE.
overdue() {
	amp "$S" officer case queue asylum_claim "$1" 2> /dev/null |
	    grep -c "	[0-9-]* OVERDUE	"
}
run amp "$S" officer case queue
status_is 0 && out_has "asylum_claim	registered	2	$(overdue registered)" &&
    out_has "asylum_claim	admitted	1	$(overdue admitted)" &&
    ! out_has "asylum_claim	recognised" && ! out_has "referral	"
judge "one line a queue: workflow, state, count and overdue; none for terminal states or referrals"
grep "^asylum_claim	" "$T/out" > "$T/all-claims"

run amp "$S" officer case queue asylum_claim registered
status_is 0 && [ "$(wc -l < "$T/out")" -eq 2 ] &&
    [ "$(sed -n 1p "$T/out" | cut -f 1)" = "$A" ] &&
    [ "$(sed -n 2p "$T/out" | cut -f 1)" = "$B" ] &&
    grep -q "^$A			onpar	registered	2026-01-05	2026-01-20 OVERDUE	" "$T/out"
judge "a queue lists its cases longest in the state first, with since, due and OVERDUE"

run amp "$S" officer case queue asylum_claim admitted
status_is 0 && grep -q "^$C	.*	admitted	2026-01-10	" "$T/out" && ! out_has "$A"
judge "a case moved along its workflow is in its new state's queue, not the old"

run amp "$S" officer case queue asylum_claim
status_is 0 && cmp -s "$T/out" "$T/all-claims"
judge "with a workflow only, that workflow's queues"

run amp "$S" labour_officer case queue asylum_claim registered
status_is 0 && [ ! -s "$T/out" ]
judge "another institution's official sees none of them"

run amp "$S" labour_officer case queue
status_is 0 && out_has "asylum_claim	registered	0	0"
judge "and counts none"

run amp "$S" supervisor case queue asylum_claim registered
status_is 0 && out_has "$A" && out_has "$B"
judge "a supervisor of the institution sees its queue"

run amp "$S" officer case queue asylum_claim nowhere
status_is 2 && grep -q 'has no state "nowhere"' "$T/err"
judge "an unknown state is named (exit 2)"

run amp "$S" officer case queue nowhere
status_is 2 && grep -q 'no workflow "nowhere"' "$T/err"
judge "an unknown workflow is named (exit 2)"

run amp "$S" officer case queue referral
status_is 2 && grep -q "inbox and outbox" "$T/err"
judge "referrals are pointed to their inbox and outbox"

# A state holding more than a queue reads (5000) says so.
unset AMPARO_TODAY
make_store "$T/big" 5200 1 || echo "# make_store failed"
run amp "$T/big" supervisor case queue asylum_claim
status_is 0 && grep -q "^asylum_claim	registered	5000+	" "$T/out"
judge "a count of the 5000 oldest, marked + when the state holds more"

done_testing
