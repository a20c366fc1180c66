#!/bin/sh
# cli-household.sh: households from the command line: one intake registers the members marked for it as dependant cases in the same save, linked to the principal, and every member's case show lists the whole household.
. "$top_srcdir/tests/lib.sh"

plan 11

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"
O=officer

PRINCIPAL="--set given_names=Ana --set family_names=Hogar --set sex=female \
--set birth_date=01/02/1985 --set nationality=VEN --set language=spa \
--set arrival_date=01/10/2025 --set household_count=3"
M1="--set household.1.given_names=Luis --set household.1.family_names=Hogar \
--set household.1.relationship=spouse --set household.1.sex=male \
--set household.1.birth_date=03/04/1983 --set household.1.nationality=VEN \
--set household.1.register_case=yes"
M2="--set household.2.given_names=Sofia --set household.2.family_names=Hogar \
--set household.2.relationship=child --set household.2.sex=female \
--set household.2.birth_date=05/06/2015 --set household.2.nationality=COL \
--set household.2.register_case=yes"
M3="--set household.3.given_names=Abuela --set household.3.family_names=Hogar \
--set household.3.relationship=grandparent"

# A marked member must be answerable as a case: the child's question.
# shellcheck disable=SC2086
run amp "$S" $O case add --form intake $PRINCIPAL $M1 $M2 $M3
status_is 5 && err_has "household.2.unaccompanied_child" && out_empty
judge "a marked child without the separated-child answer: refused (exit 5), naming the field"

run amp "$S" $O case find Hogar
status_is 7
judge "and nothing was saved, neither principal nor dependants"

# shellcheck disable=SC2086
run amp "$S" $O case add --form intake $PRINCIPAL $M1 $M2 $M3 \
    --set household.2.unaccompanied_child=no
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "one intake with two members marked for registration is saved"
P=$(cat "$T/out")

run amp "$S" $O case find Hogar
status_is 0 && [ "$(grep -c . "$T/out")" -eq 3 ] && out_has "Luis" &&
    out_has "Sofia" && out_has "Ana"
judge "three cases: the principal and the two marked members, not the third"

L=$(grep "Luis" "$T/out" | cut -f1)
F=$(grep "Sofia" "$T/out" | cut -f1)

for who in "$P" "$L" "$F"; do
	run amp "$S" $O case show --format fields "$who"
	status_is 0 && out_has "# household $P principal" &&
	    out_has "# household $L dependant spouse" &&
	    out_has "# household $F dependant child" &&
	    [ "$(grep -c '^# household' "$T/out")" -eq 3 ]
	judge "case show of $who lists the whole household: principal, spouse, child"
done

run amp "$S" $O case show "$F"
status_is 0 && out_has "Household:" && grep -q "^ *$P *principal" "$T/out" &&
    grep -q "^ *[*]$F *Son or daughter .*Sofia.*(this case)" "$T/out"
judge "case show in text marks this case and gives each relation's label"

run amp "$S" $O case show --format fields "$F"
status_is 0 && out_has "language=spa" && out_has "arrival_date=2025-10-01" &&
    out_has "nationality=COL" && out_has "unaccompanied_child=no" &&
    ! out_has "register_case"
judge "a dependant takes the member's answers and inherits language and arrival"

run amp "$S" $O case edit "$L" --set other_names=Lucho
status_is 0
run amp "$S" $O case show --format fields "$L"
status_is 0 && out_has "# household $L dependant spouse" &&
    out_has "other_names=Lucho"
judge "an edit of a dependant keeps it in the household"

# shellcheck disable=SC2086
run amp "$S" $O case add --form intake --set given_names=Solo \
    --set family_names=Persona --set sex=male --set birth_date=01/01/1970 \
    --set nationality=VEN --set language=spa
S1=$(cat "$T/out")
run amp "$S" $O case show "$S1"
status_is 0 && ! out_has "Household:"
judge "a case with no household lists none"

done_testing
