#!/bin/sh
# cli-forms.sh: the form language at work through the command line: skip logic, constraints and their messages, calculations, defaults, cascading lists, counted repeats, document patterns, and form versions (renamed, removed, the store's catalog).
. "$top_srcdir/tests/lib.sh"

plan 30

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"
AMPARO_TODAY=2026-06-15
export AMPARO_TODAY

REQ="--set given_names=Ana --set family_names=Prueba --set sex=female \
--set birth_date=01/02/1990 --set nationality=COL --set language=spa"

add() {
	# shellcheck disable=SC2086
	run amp "$S" officer case add --form intake "$@"
}

fields() {
	amp "$S" officer case show --format fields "$@" 2> /dev/null
}

has_line() { printf '%s\n' "$1" | grep -F -x -q -e "$2"; }

# --- skip logic -------------------------------------------------------------------

# shellcheck disable=SC2086
add $REQ --set needs_interpreter=sí
status_is 5 && out_empty && err_has "needs_interpreter" && err_has "not asked"
judge "a field that is not asked (interpreter, for a Spanish speaker): exit 5, named"

# shellcheck disable=SC2086
add $REQ --set language=fra --set needs_interpreter=sí
C1=$(head -n 1 "$T/out")
status_is 0 && has_line "$(fields "$C1")" "needs_interpreter=yes"
judge "asked once the language is French: sí stored as yes"

# shellcheck disable=SC2086
add $REQ --set language=fra
status_is 5 && err_has "needs_interpreter" && err_has "required"
judge "required only when asked: French without the interpreter answer is refused"

run amp "$S" officer case edit "$C1" --set language=spa
status_is 0 && ! fields "$C1" | grep -q "^needs_interpreter=" &&
    has_line "$(fields --version 1 "$C1")" "needs_interpreter=yes"
judge "an answer no longer asked is dropped on save, and kept in the history"

# shellcheck disable=SC2086
add $REQ --set sex=male --set pregnant=yes
status_is 5 && err_has "pregnant"
judge "pregnant is not asked for a man"

# --- constraints, with the form's own message ---------------------------------------------

# shellcheck disable=SC2086
add $REQ --set birth_date=01/01/2027
status_is 5 && err_has "birth_date" &&
    err_has "The date of birth cannot be in the future (or before 1900)"
judge "a date of birth after today: exit 5 with the constraint's message"

# shellcheck disable=SC2086
add $REQ --set arrival_date=01/01/1985
status_is 5 && err_has "arrival_date" && err_has "before the birth"
judge "an arrival before the birth: the constraint compares two fields"

# shellcheck disable=SC2086
add $REQ --set language=spa --set other_languages="spa eng"
status_is 5 && err_has "The main language is already recorded above"
judge "select_many: the main language again among the others is refused"

# --- calculations and defaults ---------------------------------------------------------------

# shellcheck disable=SC2086
add $REQ --set other_languages="English French"
C2=$(head -n 1 "$T/out")
F=$(fields "$C2")
status_is 0 && has_line "$F" "age=36" && has_line "$F" "other_languages=eng fra"
judge "the age is calculated (36 on 2026-06-15); select_many stored by values"

AMPARO_TODAY=2026-01-31 amp "$S" officer case edit "$C2" --set address=Uno > /dev/null 2>&1
has_line "$(fields --version 2 "$C2")" "age=35" &&
    has_line "$(fields --version 1 "$C2")" "age=36"
judge "the age is calculated again on each save (35 on 2026-01-31)"

has_line "$(AMPARO_TODAY=2027-01-01 fields "$C2")" "age=36" &&
    has_line "$(AMPARO_TODAY=2027-03-01 fields "$C2")" "age=37"
judge "and shown as of today when the case is read"

# shellcheck disable=SC2086
add $REQ --set age=99
status_is 2 && err_has "age" && err_has "calculated"
judge "a calculated field cannot be set: exit 2"


# --- cascading lists -------------------------------------------------------------------------

# shellcheck disable=SC2086
add $REQ --set province=PA-8 --set district=PA-4-DAVID
status_is 5 && err_has "district"
judge "a district of another province is refused (choice_filter)"

# shellcheck disable=SC2086
add $REQ --set province="Chiriquí" --set district=David
C4=$(head -n 1 "$T/out")
status_is 0 && has_line "$(fields "$C4")" "district=PA-4-DAVID"
judge "a district of the chosen province, by its label"

# shellcheck disable=SC2086
add $REQ --set district=PA-4-DAVID
status_is 5 && err_has "district" && err_has "not asked"
judge "no province, no district question"

# --- repeat groups counted from a field ------------------------------------------------------

# shellcheck disable=SC2086
add $REQ --set household_count=2 --set household.1.given_names=Uno \
    --set household.1.family_names=Prueba --set household.1.relationship=child
status_is 5 && err_has "household" && err_has "the count says 2"
judge "two counted, one listed: exit 5, the count named"

# shellcheck disable=SC2086
add $REQ --set household_count=1 --set household.1.given_names=Uno \
    --set household.1.family_names=Prueba --set household.1.relationship=child \
    --set household.1.birth_date=2020-05-01
C5=$(head -n 1 "$T/out")
F=$(fields "$C5")
status_is 0 && has_line "$F" "household.1.member_age=6"
judge "one counted, one listed: saved, the member's age calculated in the entry"

# shellcheck disable=SC2086
add $REQ --set household_count=21
status_is 5 && err_has "household_count" && err_has "20"
judge "a count above its max: exit 5"

# --- types: document numbers, phone, e-mail -----------------------------------------------------

# shellcheck disable=SC2086
add $REQ --set document_type=passport --set document_number=12
status_is 5 && err_has "document_number" && err_has "Passport"
judge "a passport number that does not fit its pattern: exit 5, the type named"

# shellcheck disable=SC2086
add $REQ --set document_type=passport --set document_number="ab 12-34 567"
C6=$(head -n 1 "$T/out")
status_is 0 && has_line "$(fields "$C6")" "document_number=AB 12-34 567"
judge "a passport number with spaces and dashes fits; stored in capitals"

# shellcheck disable=SC2086
add $REQ --set document_type=passport
status_is 5 && err_has "document_number" && err_has "required"
judge "required when: a passport needs its number"

# shellcheck disable=SC2086
add $REQ --set email=nadie.example.org
status_is 5 && err_has "email"
judge "an e-mail address without @: exit 5"

# shellcheck disable=SC2086
add $REQ --set phone="llámame"
status_is 5 && err_has "phone"
judge "a telephone number with letters: exit 5"

# --- versions: renamed and removed fields, the store's catalog --------------------------------

V=$T/forms
mkdir -p "$V/lists"
cp "$AMPARO_FORMS"/lists/*.yaml "$V/lists/"
cat > "$V/visit.yaml" <<'EOF'
form: visit
version: 1
title: {en: Visit, es: Visita}
summary: [who]
sections:
  - id: s
    label: {en: S, es: S}
    fields:
      - id: who
        type: text
        label: {en: Who, es: Quién}
        required: true
      - id: old_note
        type: text
        label: {en: Note, es: Nota}
      - id: mood
        type: text
        label: {en: Mood, es: Ánimo}
EOF
VS=$T/vstore
AMPARO_FORMS=$V "$AMPARO" init -d "$VS" --admin officer --password-file "$PWFILE" \
    --kdf min > /dev/null
C7=$(AMPARO_FORMS=$V amp "$VS" officer case add --form visit --set who=Ana \
    --set old_note=hola --set mood=bien 2> "$T/err")
[ -n "$C7" ]
judge "a case saved under version 1 of a test form"

# Version 2 renames old_note to note and drops mood without saying so.
sed -e 's/^version: 1/version: 2/' -e 's/id: old_note/id: note\n        renamed_from: [old_note]/' \
    -e '/id: mood/,$d' "$V/visit.yaml" > "$T/visit2.yaml"
mv "$T/visit2.yaml" "$V/visit.yaml"
run env AMPARO_FORMS="$V" "$AMPARO" forms check -d "$VS"
status_is 6 && err_has "mood" && err_has "removed"
judge "forms check -d: a field dropped without \"removed\" would lose data: exit 6"

run env AMPARO_FORMS="$V" "$AMPARO" case show -d "$VS" -u officer --password-file "$PWFILE" "$C7"
status_is 6 && err_has "mood"
judge "the console and the command line refuse the same form set, with the same message"

printf 'removed: [mood]\n' >> "$V/visit.yaml"
run env AMPARO_FORMS="$V" "$AMPARO" forms check -d "$VS"
status_is 0
judge "with mood under \"removed\", the check passes"

F=$(AMPARO_FORMS=$V fields -d "$VS" "$C7")
has_line "$F" "note=hola" && ! printf '%s\n' "$F" | grep -q "^mood="
judge "the old record opens under version 2: old_note shown as note"

AMPARO_FORMS=$V amp "$VS" officer case edit "$C7" --set who=Ana2 > /dev/null 2>&1
F=$(AMPARO_FORMS=$V fields -d "$VS" "$C7")
F1=$(AMPARO_FORMS=$V fields -d "$VS" --version 1 "$C7")
has_line "$F" "# case $C7 version 2 form visit 2" && has_line "$F" "note=hola" &&
    has_line "$F1" "mood=bien" && has_line "$F1" "old_note=hola"
judge "saved under version 2: renamed value kept; the removed value stays in version 1"

# Changing version 2 without a new version number is refused.
sed -e 's/type: text/type: integer/' "$V/visit.yaml" > "$T/visit3.yaml"
mv "$T/visit3.yaml" "$V/visit.yaml"
run env AMPARO_FORMS="$V" "$AMPARO" forms check -d "$VS"
status_is 6 && err_has "give it a new version" && err_has "changes from text"
judge "a used version changed in place, and a type change that breaks values: both reported"

done_testing
