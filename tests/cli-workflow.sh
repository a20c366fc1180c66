#!/bin/sh
# cli-workflow.sh: the asylum claim workflow through amparo case transition: states, roles, guards, transition forms as linked records, deadlines, and the history of every move.
. "$top_srcdir/tests/lib.sh"

plan 24

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"

REQ="--set given_names=Rosa --set family_names=Flujo --set sex=female \
--set birth_date=01/02/1990 --set nationality=VEN --set language=spa"

fields() {
	amp "$S" officer case show --format fields "$@" 2> /dev/null
}

has_line() { printf '%s\n' "$1" | grep -F -x -q -e "$2"; }

# shellcheck disable=SC2086
C=$(amp "$S" officer case add --form intake $REQ 2> "$T/err")
F=$(fields "$C")
printf '%s\n' "$F" | grep -q "^# state registered since " &&
    has_line "$F" "# saved $(printf '%s\n' "$F" | sed -n 's/^# saved \(.*\) by .*/\1/p') by officer action create"
judge "a new case starts in the workflow's initial state, made by \"create\""

run amp "$S" officer case show "$C"
status_is 0 && out_has "State: Registered" && out_has "Next steps open to you:" &&
    out_has "admit" && out_has "Next steps not open to you:" &&
    out_has "only these roles may do it: supervisor"
judge "case show lists the steps open to this official, and why the others are closed"

DUE=$(date -d "+15 days" +%Y-%m-%d)
printf '%s\n' "$F" | grep -F -q "# transition admit open due $DUE"
judge "a step's deadline counts from the day the case entered its state ($DUE)"

LATE=$(date -d "+40 days" +%Y-%m-%d)
run env AMPARO_TODAY="$LATE" "$AMPARO" case show -d "$S" -u officer --password-file "$PWFILE" "$C"
status_is 0 && out_has "OVERDUE: was due $DUE (25 days ago)"
judge "40 days on, the admission is shown overdue by 25 days"

run amp "$S" officer case transition "$C" not_admit
status_is 9 && err_has "only these roles may do it: supervisor" &&
    has_line "$(fields "$C")" "# case $C version 1 form intake 3"
judge "a step not open to this role: exit 9, nothing changes"

run amp "$S" officer case transition "$C" fly_away
status_is 5 && err_has "no transition \"fly_away\"" && err_has "admit, not_admit"
judge "an unknown step: exit 5, the steps listed"

run amp "$S" officer case transition "$C" interview --set interview_language=spa
status_is 9 && err_has "Registered"
judge "a step from another state: exit 9, the current state named"

run amp "$S" officer case transition "$C" admit
status_is 0 && out_has "$C version 2 state admitted"
judge "admit: version 2, state admitted"

run amp "$S" officer case transition "$C" admit
status_is 9
judge "the same step twice: the second is refused"

run amp "$S" officer case transition "$C" interview --set interview_language=fra
status_is 5 && err_has "interviewer_notes" && err_has "required" &&
    has_line "$(fields "$C")" "# case $C version 2 form intake 3"
judge "a step's form is checked like any save: exit 5, the case does not move"

run amp "$S" officer case transition "$C" interview --set interview_language=fra \
    --set interpreter_present=sí --set interpreter_name="Jean Test" \
    --set consent_read=yes --set grounds="political_opinion social_group" \
    --set interviewer_notes="Relato ficticio de prueba."
L=$(sed -n 's/.* linked \([0-9-]*\)$/\1/p' "$T/out")
status_is 0 && out_has "$C version 3 state interviewed linked " && [ -n "$L" ]
judge "interview with its form: the case moves and the form becomes a linked record"

FL=$(fields "$L")
has_line "$FL" "interview_date=$(date +%Y-%m-%d)" &&
    has_line "$FL" "grounds=social_group political_opinion" &&
    has_line "$FL" "interpreter_present=yes"
judge "the linked record: its default date (today()), its answers by value"

run amp "$S" officer case show "$L"
status_is 0 && out_has "Linked to case $C"
judge "the linked record names its case"

run amp "$S" officer case show "$C"
status_is 0 && out_has "Linked records:" && out_has "$L" && out_has "Eligibility interview"
judge "the case lists its linked records"

run amp "$S" officer case transition "$C" interview --set interview_language=spa \
    --set consent_read=no --set grounds=race --set interviewer_notes=x
status_is 9 || status_is 5
judge "a step already taken cannot be taken again"

run amp "$S" supervisor case transition "$C" recognise --set reasons="Fundamentos de prueba." \
    --set notified=yes --set notified_date=01/01/2001
status_is 5 && err_has "notified_date" && err_has "Between the decision and today"
judge "the decision's notification date before the decision: the constraint's message"

run amp "$S" supervisor case transition "$C" recognise --set reasons="Fundamentos de prueba." \
    --set resolution_number="RES-2026-0042"
status_is 0 && out_has "state recognised"
judge "the supervisor recognises: the case reaches a terminal state"

run amp "$S" officer case show "$C"
status_is 0 && out_has "State: Recognised as a refugee" && out_has "(closed)" &&
    ! out_has "Next steps open to you:"
judge "a terminal state has no next steps"

F1=$(fields --version 1 "$C")
F2=$(fields --version 2 "$C")
F4=$(fields "$C")
printf '%s\n' "$F1" | grep -q "^# state registered " &&
    printf '%s\n' "$F2" | grep -q "^# state admitted " &&
    printf '%s\n' "$F2" | grep -q "^# saved .* by officer action admit$" &&
    printf '%s\n' "$F4" | grep -q "^# saved .* by supervisor action recognise$"
judge "the history keeps every move: its state, who and which step"

# The guard: an unaccompanied child's claim is not withdrawn here.
K=$(amp "$S" officer case add --form intake --set given_names=Niño --set family_names=Flujo \
    --set sex=male --set birth_date=01/02/2015 --set nationality=VEN --set language=spa \
    --set unaccompanied_child=yes 2> "$T/err")
run amp "$S" officer case transition "$K" withdraw
status_is 9 && err_has "condition is not met" && err_has "unaccompanied_child"
judge "a guard that is false: exit 9, the condition shown"

run amp "$S" officer case show "$K"
status_is 0 && out_has "Withdrawn by the applicant: its condition is not met"
judge "case show gives the guard as the reason the step is closed"

# Two officials, one step: the second sees the move.
amp "$S" officer case transition "$K" admit > /dev/null 2>&1
run amp "$S" supervisor case transition "$K" admit
status_is 9 && err_has "Admitted for processing"
judge "a step taken meanwhile by someone else: refused, the new state named"

# A new version of the workflow that drops a state records may be in.
W=$T/forms
cp -r "$AMPARO_FORMS" "$W"
sed -e 's/reconsideration/review/g' -e 's/^version: 1/version: 2/' \
    "$AMPARO_FORMS/workflows/asylum_claim.yaml" > "$W/workflows/asylum_claim.yaml"
run env AMPARO_FORMS="$W" "$AMPARO" forms check -d "$S"
status_is 6 && err_has "records may be in the state \"reconsideration\""
judge "forms check -d: a workflow version that drops a state records may be in: exit 6"

sed -e 's/deadline_days: 15/deadline_days: 10/' \
    "$AMPARO_FORMS/workflows/asylum_claim.yaml" > "$W/workflows/asylum_claim.yaml"
run env AMPARO_FORMS="$W" "$AMPARO" forms check -d "$S"
status_is 0
judge "a deadline changed in place is not a change records could suffer from"

done_testing
