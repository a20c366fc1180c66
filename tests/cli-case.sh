#!/bin/sh
# cli-case.sh: amparo case add|show|find|edit: validation as in the console, choices by label, households, search, versions, merges and conflicts.
. "$top_srcdir/tests/lib.sh"

plan 38

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"

# The required fields of the intake form, as a script would give them.
REQ="--set given_names=José --set family_names=Pérez --set sex=male \
--set birth_date=01/02/1990 --set nationality=VEN --set language=spa"

# add ARGS...: case add on the intake form as the officer.
add() {
	# shellcheck disable=SC2086
	run amp "$S" officer case add --form intake "$@"
}

# fields CASE [ARGS...]: the case's fields, one FIELD=VALUE a line.
fields() {
	c=$1
	shift
	amp "$S" officer case show --format fields "$@" "$c" 2> /dev/null
}

# has_line TEXT LINE: TEXT (several lines) holds LINE exactly.
has_line() { printf '%s\n' "$1" | grep -F -x -q -e "$2"; }

# --- add, and validation --------------------------------------------------------

# shellcheck disable=SC2086
add $REQ --set document_type=passport --set document_number=AB-123456
C1=$(head -n 1 "$T/out")
status_is 0 && [ "$(wc -l < "$T/out")" -eq 1 ] &&
    printf '%s\n' "$C1" | grep -E -q '^[0-9]{4}-[0-9]{6}$'
judge "case add prints one case number, YYYY-NNNNNN"

# shellcheck disable=SC2086
add --set family_names=Pérez --set sex=male --set birth_date=01/02/1990 \
    --set nationality=VEN --set language=spa
status_is 5 && out_empty && err_has "given_names" && err_has "required"
judge "a missing required field: exit 5, the field named"

# shellcheck disable=SC2086
add $REQ --set birth_date=31/02/1990
status_is 5 && out_empty && err_has "birth_date" && err_has "not a date"
judge "31/02/1990: exit 5, not a date"

# shellcheck disable=SC2086
add $REQ --set birth_date=1990-13-01
status_is 5 && err_has "not a date"
judge "1990-13-01: exit 5, not a date"

# shellcheck disable=SC2086
add $REQ --set eye_colour=brown
status_is 2 && out_empty && err_has "eye_colour"
judge "an unknown field: exit 2, the field named"

# shellcheck disable=SC2086
add $REQ --set nationality=Narnia
status_is 5 && err_has "nationality" && err_has "not one of the choices"
judge "a value not in the choice list: exit 5"

# shellcheck disable=SC2086
add $REQ --set given_names="$(printf '%081d' 0)"
status_is 5 && err_has "given_names" && err_has "80"
judge "81 characters in an 80-character field: exit 5"

# shellcheck disable=SC2086
add $REQ --set needs_interpreter=maybe
status_is 5 && err_has "needs_interpreter"
judge "yes/no field given maybe: exit 5"

run amp "$S" officer case find perez
status_is 0 && [ "$(wc -l < "$T/out")" -eq 1 ]
judge "refused cases were not saved (one Pérez so far)"

# --- choices by label, in either language, any case, without accents --------------

add --set given_names=Xiomara --set family_names=Quispe --set sex=Mujer \
    --set birth_date=15/03/1990 --set nationality=venezuela \
    --set birth_country=Alemania --set second_nationality=Germany \
    --set language=espanol \
    --set entry_type="frontera TERRESTRE"
C2=$(head -n 1 "$T/out")
status_is 0
judge "case add with choices given by their labels"
F2=$(fields "$C2")
has_line "$F2" "nationality=VEN"
judge "nationality \"venezuela\" stored as VEN"
has_line "$F2" "birth_country=DEU" && has_line "$F2" "second_nationality=DEU"
judge "Spanish label Alemania and English label Germany both stored as DEU"
has_line "$F2" "sex=female" && has_line "$F2" "language=spa" &&
    has_line "$F2" "entry_type=land_border"
judge "Mujer, espanol and \"frontera TERRESTRE\" stored as their values"
has_line "$F2" "birth_date=1990-03-15"
judge "a date typed DD/MM/YYYY stored as YYYY-MM-DD"

# --- households -------------------------------------------------------------------------

# shellcheck disable=SC2086
add $REQ --set given_names=Ana --set family_names=Quiroga \
    --set household.1.given_names=Lía --set household.1.family_names=Quiroga \
    --set household.1.relationship="hijo o hija" --set household.2.given_names=Tomás \
    --set household.2.family_names=Quiroga --set household.2.relationship=spouse
C3=$(head -n 1 "$T/out")
status_is 0
judge "case add with two household members"
F3=$(fields "$C3")
has_line "$F3" "household.1.given_names=Lía" &&
    has_line "$F3" "household.1.relationship=child" &&
    has_line "$F3" "household.2.given_names=Tomás" &&
    has_line "$F3" "household.2.relationship=spouse"
judge "household members shown as household.N.FIELD"

# shellcheck disable=SC2086
add $REQ --set household.2.given_names=Ana
status_is 2 && err_has "household"
judge "household.2 before household.1: exit 2"

# shellcheck disable=SC2086
add $REQ --set household.1.given_names=Ana
status_is 5 && err_has "household" && err_has "family_names"
judge "a household member without a required field: exit 5, named"

# --- find ------------------------------------------------------------------------------

run amp "$S" officer case find jose perez
status_is 0 && out_has "$C1" && out_has "Pérez	José"
judge "find \"jose perez\" (no accents) finds José Pérez"

run amp "$S" officer case find JOSÉ PÉREZ
status_is 0 && out_has "$C1"
judge "find in capitals with accents finds the same"

run amp "$S" officer case find xiom
status_is 0 && out_has "$C2" && [ "$(wc -l < "$T/out")" -eq 1 ]
judge "find by a prefix (xiom) finds Xiomara only"

run amp "$S" officer case find lia quiroga
status_is 0 && out_has "$C3"
judge "find by a household member's name"

run amp "$S" officer case find ab123456
status_is 0 && out_has "$C1" && [ "$(wc -l < "$T/out")" -eq 1 ]
judge "find by document number, typed without the dash"

run amp "$S" officer case find "$C2"
status_is 0 && out_has "$C2" && [ "$(wc -l < "$T/out")" -eq 1 ]
judge "find by case number"

run amp "$S" officer case find zzyzx
status_is 7 && out_empty
judge "no match: exit 7 and nothing on stdout"

WRONGYEAR="1999-${C2#*-}"
run amp "$S" officer case find "$WRONGYEAR"
status_is 7 && out_empty
judge "a case number with the wrong year finds nothing"

# --- show -------------------------------------------------------------------------------

run amp "$S" officer case show "$C2"
status_is 0 && out_has "Case $C2, version 1" && out_has "Given names: Xiomara" &&
    out_has "Nationality: Venezuela" && out_has "Country of birth: Germany"
judge "show (text): the labels of the fields and of the choices"

run amp "$S" officer case show --format fields "$C2"
status_is 0 && head -n 1 "$T/out" | grep -q "^# case $C2 version 1 form intake" &&
    out_has "given_names=Xiomara" && ! grep -v -E '^(#|[a-z_0-9.]+=)' "$T/out" > /dev/null
judge "show --format fields: a header, then FIELD=VALUE lines"

run amp "$S" officer case show AB-123456
status_is 0 && out_has "Case $C1"
judge "show by document number"

run amp "$S" officer case show "1999-000001"
status_is 7
judge "show a case that does not exist: exit 7"

# --- edit and versions ----------------------------------------------------------------------

run amp "$S" officer case edit "$C2" --set entry_type=airport \
    --set phone="+58 412 555 0101"
status_is 0 && out_has "$C2 version 2"
judge "edit makes version 2"

F=$(fields "$C2")
F1=$(fields "$C2" --version 1)
has_line "$F" "entry_type=airport" && has_line "$F" "phone=+58 412 555 0101" &&
    has_line "$F1" "entry_type=land_border" && ! has_line "$F1" "phone=+58 412 555 0101"
judge "show gives version 2; --version 1 still shows the old values"

run amp "$S" officer case edit "$C2" --set birth_date=30/02/1991
status_is 5 && err_has "not a date" &&
    fields "$C2" | head -n 1 | grep -q "version 2 "
judge "an edit that does not pass: exit 5, no new version"

run amp "$S" officer case edit "$C2" --set phone=
status_is 0 && out_has "version 3" && ! fields "$C2" | grep -q '^phone='
judge "an empty value clears the field (version 3)"

# --- two officials editing the same version ---------------------------------------------------

run amp "$S" officer case edit "$C2" --base 3 --set email=x@example.org
E1=$RC
run amp "$S" admin case edit "$C2" --base 3 --set address="Calle 50"
status_is 0 && [ "$E1" -eq 0 ] && out_has "version 5"
judge "two edits of version 3 on different fields: both saved"

F=$(fields "$C2")
has_line "$F" "email=x@example.org" && has_line "$F" "address=Calle 50"
judge "the merged version has both changes"

run amp "$S" admin case edit "$C2" --base 5 --set address=Uno
E1=$RC
run amp "$S" officer case edit "$C2" --base 5 --set address=Dos
status_is 8 && [ "$E1" -eq 0 ] && err_has "Uno" && err_has "Dos" && err_has "address"
judge "two edits of the same field: the second gets exit 8 with both values"

has_line "$(fields "$C2")" "address=Uno"
judge "after the conflict the first official's value is kept"

done_testing
