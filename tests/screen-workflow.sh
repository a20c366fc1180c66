#!/bin/sh
# screen-workflow.sh: a claim moved along its workflow at the console (^W): the steps open to the officer, a confirmed step, an interview form saved as a linked record, the history of moves.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 7

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 5 1 || echo "# make_store failed"
CASE=$(amp "$STORE" officer case add --form intake --set given_names=Flujo \
    --set family_names=Consola --set sex=female --set birth_date=01/02/1990 \
    --set nationality=VEN --set language=spa 2> "$TEST_TMP/err")
export CASE

vt_run workflow "the officer admits the claim, records the interview, and reads the history"

S=$TEST_TMP/flow
if file_has "$S-steps.txt" "Admit for processing" && ! file_has "$S-steps.txt" "Do not admit"; then
	ok "^W lists the steps open to an officer, not the supervisor's"
	show_file "$S-steps.txt"
else
	fail "^W lists the steps open to an officer, not the supervisor's" "$(cat "$S-steps.txt" 2>&1)"
fi

if file_has "$S-moved.txt" "Linked records" && file_has "$S-moved.txt" "Interviewed"; then
	ok "after the interview: the new state and the linked record"
	show_file "$S-moved.txt"
else
	fail "after the interview: the new state and the linked record" "$(cat "$S-moved.txt" 2>&1)"
fi

run amp "$STORE" officer case show --format fields "${CASE:-none}"
status_is 0 && out_has "# state interviewed since" && out_has "action interview" &&
    out_has "# linked "
judge "the command line sees the move, who made it and the linked record"

L=$(sed -n 's/^# linked \([0-9-]*\) .*/\1/p' "$TEST_TMP/out")
run amp "$STORE" officer case show --format fields "${L:-none}"
status_is 0 && out_has "grounds=social_group political_opinion" &&
    out_has "interview_language=spa" && out_has "start_time=09:30" &&
    out_has "interviewer_notes=Relato ficticio para la prueba." && out_has "# parent $CASE"
judge "the interview record holds what was typed and names its case"

run amp "$STORE" supervisor case show "${CASE:-none}"
status_is 0 && out_has "Recognise (CONARE)" && out_has "Reject (CONARE)"
judge "the supervisor is offered the decision steps"

run amp "$STORE" officer case show --format fields --version 2 "${CASE:-none}"
status_is 0 && out_has "action admit" && ! out_has "# transition"
judge "version 2 records the admission; an earlier version lists no next steps"

done_testing
