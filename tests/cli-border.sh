#!/bin/sh
# cli-border.sh: border identification and referral: a border official screens a group, refers its protection need to the asylum office, which acknowledges it and records the claim; each side takes only its steps and the asylum office never sees the screening.
. "$top_srcdir/tests/lib.sh"

plan 16

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"
B=border_screening_officer

SCREEN="--set border_post=paso_canoas --set given_names=Ana --set family_names=Frontera \
--set nationality=VEN --set group_size=3 --set threats=no \
--set unaccompanied_child=no --set gbv_risk=yes --set medical_need=no"
REFER="--set urgency=urgent --set border_post=paso_canoas \
--set given_names=Ana --set family_names=Frontera --set nationality=VEN --set group_size=3 \
--set needs=asks_asylum --set vulnerabilities=gbv_risk \
--set whereabouts=Estacion_Lajas_Blancas --set consent_reference=CF-9"

# shellcheck disable=SC2086
run amp "$S" "$B" case add --form border_screening $SCREEN \
    --set fear_of_return=yes --set asks_asylum=no
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "a border official screens a group: a short form, its number printed"
SC=$(cat "$T/out")

run amp "$S" "$B" case show --format fields "$SC"
status_is 0 && out_has "protection_need=yes" && out_has "# state screened" &&
    out_has "# transition mark_referred open"
judge "a fear of return is a protection need: the screening may be referred"

# shellcheck disable=SC2086
run amp "$S" "$B" case add --form border_screening $SCREEN \
    --set fear_of_return=no --set asks_asylum=no --set group_size=0
status_is 5 && err_has "group_size" && err_has "From 1 to 200 people"
judge "a group of no one is refused with the field named, nothing saved"

# shellcheck disable=SC2086
NN=$(amp "$S" "$B" case add --form border_screening $SCREEN \
    --set fear_of_return=no --set asks_asylum=no 2> /dev/null)
run amp "$S" "$B" case transition "$NN" mark_referred
status_is 9 && err_has "protection_need"
judge "a screening without a protection need cannot be marked referred"
run amp "$S" "$B" case transition "$NN" no_need
status_is 0 && out_has "state no_need"
judge "it is closed as no protection need"

# shellcheck disable=SC2086
run amp "$S" "$B" referral send "$SC" --to onpar --form protection_referral \
    $REFER
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "the border official refers the protection need to the asylum office"
R=$(cat "$T/out")
amp "$S" "$B" case transition "$SC" mark_referred > /dev/null 2>&1

run amp "$S" officer referral inbox
status_is 0 && out_has "$R	-	border	onpar	sent	" &&
    out_has "Frontera	Ana"
judge "the asylum office's inbox lists it, with the group's name"

run amp "$S" childrens_officer referral inbox
status_is 0 && ! out_has "$R"
judge "another institution's inbox does not"

run amp "$S" officer case show "$SC"
status_is 9 && err_has "not allowed"
judge "the asylum office sees the referral, never the screening (exit 9)"

run amp "$S" "$B" case transition "$R" acknowledge
status_is 9 && err_has "is not open"
judge "the border official cannot acknowledge for the asylum office (exit 9)"

run amp "$S" officer case transition "$R" acknowledge
status_is 0 && out_has "state received"
judge "the asylum office acknowledges it"

run amp "$S" "$B" referral outbox
status_is 0 && out_has "$R	$SC	border	onpar	received	"
judge "the border's outbox shows the acknowledgement at its next refresh"

run amp "$S" officer case transition "$R" register_claim \
    --set claim_number=26-51
status_is 5 && err_has "claim_number" && err_has "2026-000051"
judge "a claim number in the wrong shape is refused, with an example"

C=$(amp "$S" officer case add --form intake --set given_names=Ana \
    --set family_names=Frontera --set sex=female --set birth_date=1991-04-05 \
    --set nationality=VEN --set language=spa 2> /dev/null)
run amp "$S" officer case transition "$R" register_claim \
    --set claim_number="$C" --set people_registered=3
status_is 0 && out_has "state claim_registered linked"
judge "the asylum office registers the claim and records its case number"
O=$(sed -n 's/.* linked //p' "$T/out")

run amp "$S" "$B" case show --format fields "$O"
status_is 0 && out_has "claim_number=$C"
judge "the border official reads the outcome: the claim's case number"

run amp "$S" officer case transition "$R" close
status_is 9 && err_has "only the institution that sent the referral"
run amp "$S" "$B" case transition "$R" close
status_is 0 && out_has "state closed"
judge "only the border service closes its referral"

done_testing
