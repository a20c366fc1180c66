#!/bin/sh
# screen-asylum.sh: an asylum claim's stages end to end with two consoles at once: the eligibility officer schedules and records the interview, the supervisor records the commission's decision, each seeing the other's steps at its next read.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 6

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"
CASE=$(amp "$STORE" supervisor case add --form intake --set given_names=Rosa \
    --set family_names=Consola --set sex=female --set birth_date=1987-09-10 \
    --set nationality=NIC --set language=spa 2> "$TEST_TMP/err")
amp "$STORE" supervisor user assign officer "$CASE" > /dev/null 2>&1
export CASE

vt_run asylum-two "two consoles: the officer schedules and records the interview, the supervisor finds the claim in its stage's queue (^Q) and recognises it"

file_has "$TEST_TMP/asylum-queue.txt" "Consola"
judge "the supervisor's work queue of the stage shows the claim by itself"

file_has "$TEST_TMP/asylum-scheduled.txt" "Interview scheduled, since" &&
    file_has "$TEST_TMP/asylum-scheduled.txt" "Time in this state"
judge "the supervisor's console shows the claim's new stage and the time in it"
show_file "$TEST_TMP/asylum-scheduled.txt"

file_has "$TEST_TMP/asylum-decided.txt" "Recognised as a refugee, since"
judge "the officer's console shows the commission's decision at its next read"

run amp "$STORE" officer case show --format fields "${CASE:-none}"
A=$(sed -n 's/^# linked \([0-9-]*\) interview_schedule/\1/p' "$TEST_TMP/out")
status_is 0 && out_has "# state recognised" && out_has "by supervisor action recognise"
judge "the claim is recognised, by the supervisor"

run amp "$STORE" officer case show --format fields "${A:-none}"
status_is 0 && out_has "interview_at=10:30" &&
    out_has "interview_place=onpar_chiriqui" && out_has "notified=yes"
judge "the appointment typed at the console is a record linked to the claim"

done_testing
