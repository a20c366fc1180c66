#!/bin/sh
# cli-birth.sh: statelessness prevention: a birth at a border registration day sent from the parents' case to the civil registry, which records the registration number; and a person at risk of statelessness screened and referred to the civil registry or the asylum office; each side only its steps.
. "$top_srcdir/tests/lib.sh"

plan 17

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"
REG=civil_registry_officer
B=border_screening_officer

C=$(amp "$S" officer case add --form intake --set given_names=Marta \
    --set family_names=Madre --set sex=female --set birth_date=1995-01-09 \
    --set nationality=VEN --set language=spa 2> /dev/null)
BIRTH="--set child_given_names=Tomas --set child_family_names=Madre \
--set child_sex=male --set birth_place=Meteti --set mother_name=Marta_Madre \
--set mother_nationality=VEN --set registration_post=la_palma \
--set consent_reference=CF-21"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to civil_registry \
    --form birth_registration $BIRTH --set birth_date=2099-01-01 \
    --set birth_attended=home_midwife
status_is 5 && err_has "birth_date" && err_has "cannot be in the future"
judge "a birth in the future is refused, nothing sent"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to civil_registry \
    --form birth_registration $BIRTH --set birth_date=2026-01-10 \
    --set birth_attended=health_facility
status_is 5 && err_has "birth_certificate"
judge "a birth in a health facility asks whether it gave a certificate"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$C" --to civil_registry \
    --form birth_registration $BIRTH --set birth_date=2026-01-10 \
    --set birth_attended=health_facility --set birth_certificate=yes
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "the asylum office sends the birth to the civil registry from the parents' case"
R=$(cat "$T/out")

run amp "$S" officer case show --format fields "$R"
status_is 0 && out_has "# parent $C" && out_has "# state sent"
judge "the birth registration is linked to the parents' case"

run amp "$S" "$REG" referral inbox
status_is 0 && out_has "$R	-	onpar	civil_registry	sent	" &&
    out_has "Madre	Tomas	2026-01-10"
judge "the civil registry's inbox lists the birth"

run amp "$S" "$REG" case show "$C"
status_is 9 && err_has "not allowed"
judge "the civil registry does not see the parents' case (exit 9)"

run amp "$S" officer case transition "$R" acknowledge
status_is 9
judge "the asylum office cannot take the registry's steps (exit 9)"

amp "$S" "$REG" case transition "$R" acknowledge > /dev/null 2>&1
run amp "$S" "$REG" case transition "$R" register
status_is 5 && err_has "registration_number"
judge "registering needs the registration number"

run amp "$S" "$REG" case transition "$R" register \
    --set registration_number=RC-2026-00451 --set registry_office=La_Palma
status_is 0 && out_has "state registered linked"
judge "the civil registry registers the birth with its number"
N=$(sed -n 's/.* linked //p' "$T/out")

run amp "$S" officer case show "$R"
status_is 0 && out_has "State: Registered" && out_has "(closed)" &&
    out_has "$N  Birth registered"
judge "the asylum office sees the birth registered, with the registry's record"

run amp "$S" officer case show --format fields "$N"
status_is 0 && out_has "registration_number=RC-2026-00451"
judge "and reads the registration number"

# Statelessness: screened at the border, referred to the civil registry.
run amp "$S" "$B" case add --form statelessness_screening \
    --set given_names=Jean --set family_names=Sansnom \
    --set birth_unregistered=yes --set no_identity_document=yes \
    --set nationality_refused=no --set parents_stateless=yes \
    --set born_in_transit=no
status_is 0
judge "a border official screens a person for the risk of statelessness"
SC=$(cat "$T/out")

run amp "$S" "$B" case show --format fields "$SC"
status_is 0 && out_has "risk_count=3"
judge "the risk factors found are counted (3)"

run amp "$S" "$B" referral send "$SC" --to civil_registry \
    --form statelessness_referral --set urgency=routine \
    --set service=late_birth_registration --set given_names=Jean \
    --set family_names=Sansnom \
    --set risk_factors="birth_unregistered no_identity_document parents_stateless" \
    --set reason=Sin_inscripcion --set consent_reference=CF-31
status_is 0
judge "and refers the person to the civil registry"
SR=$(cat "$T/out")

amp "$S" "$REG" case transition "$SR" acknowledge > /dev/null 2>&1
run amp "$S" "$REG" case transition "$SR" counter_refer \
    --set services_given=Inscripcion_tardia --set outcome=completed \
    --set follow_up=no
status_is 0 && out_has "state counter_referred"
run amp "$S" "$B" case transition "$SR" close
status_is 0 && out_has "state closed"
judge "the registry counter-refers what it did; the border service closes it"

run amp "$S" "$B" referral send "$SC" --to onpar \
    --form statelessness_referral --set urgency=priority \
    --set service=statelessness_determination --set given_names=Jean \
    --set family_names=Sansnom --set risk_factors=nationality_refused \
    --set reason=Determinacion --set consent_reference=CF-32
SR2=$(cat "$T/out")
run amp "$S" officer referral inbox
status_is 0 && out_has "$SR2	-	border	onpar	sent	"
judge "a person at risk can be referred to the asylum office instead"

run amp "$S" officer case show "$SC"
status_is 9 && err_has "not allowed"
judge "the asylum office does not see the border's screening (exit 9)"

done_testing
