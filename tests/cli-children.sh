#!/bin/sh
# cli-children.sh: an unaccompanied child referred by the asylum office to the children's authority, which takes the child into care and counter-refers the care arrangement and guardianship; each side only its steps, the authority never sees the case.
. "$top_srcdir/tests/lib.sh"

plan 14

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"
K=childrens_officer

C=$(amp "$S" officer case add --form intake --set given_names=Luisa \
    --set family_names=Menor --set sex=female --set birth_date=2012-02-03 \
    --set nationality=HTI --set language=hat --set needs_interpreter=yes \
    --set unaccompanied_child=yes \
    2> /dev/null)
CHILD="--set urgency=urgent --set situation=unaccompanied \
--set child_given_names=Luisa --set child_family_names=Menor \
--set child_sex=female --set child_birth_date=2012-02-03 \
--set nationality=HTI --set language=hat --set in_school=yes \
--set best_interest_concerns=family_tracing --set whereabouts=Albergue_Darien \
--set reason=Llego_sola --set consent_reference=CF-11"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to childrens_authority \
    --form child_referral $CHILD --set caregiver_present=yes
status_is 5 && err_has "caregiver_relation"
judge "a caregiver present must be named by relation: refused, nothing sent"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to childrens_authority \
    --form child_referral $CHILD --set caregiver_present=no \
    --set child_birth_date=2000-01-01
status_is 5 && err_has "child_birth_date" && err_has "under 18"
judge "an adult's date of birth is refused on a child's referral"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to childrens_authority \
    --form child_referral $CHILD --set caregiver_present=no
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "the asylum office refers the child to the children's authority"
R=$(cat "$T/out")

run amp "$S" "$K" referral inbox
status_is 0 && out_has "$R	-	onpar	childrens_authority	sent	" &&
    out_has "Menor	Luisa	Unaccompanied	Urgent"
judge "the authority's inbox lists the child, unaccompanied, urgent"

run amp "$S" "$K" case show --format fields "$R"
status_is 0 && out_has "child_age=" && out_has "best_interest_concerns=family_tracing"
judge "the authority reads the child's particulars on the referral"

run amp "$S" "$K" case show "$C"
status_is 9 && err_has "not allowed"
judge "but not the asylum case (exit 9)"

run amp "$S" officer case transition "$R" take_into_care
status_is 9
judge "the asylum office cannot take the authority's steps (exit 9)"

amp "$S" "$K" case transition "$R" acknowledge > /dev/null 2>&1
run amp "$S" "$K" case transition "$R" take_into_care
status_is 0 && out_has "state in_care"
judge "the authority acknowledges and takes the child into care"

run amp "$S" officer referral outbox
status_is 0 && out_has "$R	$C	onpar	childrens_authority	in_care	"
judge "the asylum office's outbox shows it at its next refresh"

run amp "$S" "$K" case transition "$R" counter_refer \
    --set care_arrangement=kinship_care --set guardianship=appointed \
    --set outcome=protected --set follow_up=yes
status_is 5 && err_has "guardian_name"
judge "an appointed guardian must be named"

run amp "$S" "$K" case transition "$R" counter_refer \
    --set care_arrangement=kinship_care --set guardianship=appointed \
    --set guardian_name=Tia_Marie --set outcome=protected --set follow_up=yes
status_is 0 && out_has "state counter_referred linked"
judge "the authority counter-refers: care arrangement, guardian, outcome"
CR=$(sed -n 's/.* linked //p' "$T/out")

run amp "$S" officer case show --format fields "$CR"
status_is 0 && out_has "care_arrangement=kinship_care" &&
    out_has "guardian_name=Tia_Marie"
judge "the asylum office reads the counter-referral"

run amp "$S" "$K" case transition "$R" close
status_is 9
judge "the authority cannot close the asylum office's referral"

run amp "$S" officer case transition "$R" close
status_is 0 && out_has "state closed"
judge "the asylum office closes it"

done_testing
