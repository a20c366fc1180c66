#!/bin/sh
# cli-asylum.sh: the asylum claim's stages: registration, admission, interview scheduling and record, the commission's decision and reconsideration; a deadline at each stage, the time in the stage on the case, officers assigned, each role its own steps, other institutions kept out.
. "$top_srcdir/tests/lib.sh"

plan 20

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"
AMPARO_TODAY=2026-03-02
export AMPARO_TODAY

C=$(amp "$S" supervisor case add --form intake --set given_names=Rosa \
    --set family_names=Solicitud --set sex=female --set birth_date=1988-06-01 \
    --set nationality=NIC --set language=spa 2> /dev/null)
run amp "$S" supervisor user assign officer "$C"
status_is 0
judge "the claim is registered and the supervisor assigns it to an officer"

run amp "$S" officer case show "$C"
status_is 0 && out_has "State: Registered, since 2026-03-02" &&
    out_has "Time in this state: 0 days" &&
    out_has "admit            Admit for processing: due 2026-03-17"
judge "the officer sees the stage, the time in it, and the admission's deadline"

run env AMPARO_TODAY=2026-03-15 "$AMPARO" case show -d "$S" -u officer \
    --password-file "$PWFILE" --format fields "$C"
status_is 0 && out_has "# days_in_state 13"
judge "thirteen days on, the case has been 13 days in its stage"

run amp "$S" officer case transition "$C" admit
status_is 0 && out_has "state admitted"
judge "the officer admits the claim for processing"

run amp "$S" officer case show "$C"
status_is 0 && out_has "schedule_interview Schedule the interview: due 2026-03-12"
judge "admitted: the interview is to be scheduled within 10 days"

run amp "$S" officer case transition "$C" schedule_interview \
    --set interview_on=2026-03-01 --set interview_at=09:00 \
    --set interview_place=onpar_panama --set notified=yes
status_is 5 && err_has "interview_on" && err_has "today or a later day"
judge "an interview cannot be scheduled in the past: refused, the case stays"

run amp "$S" officer case transition "$C" schedule_interview \
    --set interview_on=2026-03-09 --set interview_at=09:00 \
    --set interview_place=other --set notified=yes
status_is 5 && err_has "place_detail"
judge "another place must be named"

run amp "$S" officer case transition "$C" schedule_interview \
    --set interview_on=2026-03-09 --set interview_at=09:00 \
    --set interview_place=onpar_chiriqui --set interpreter_language=fra \
    --set notified=yes
status_is 0 && out_has "state interview_scheduled linked"
judge "the officer schedules the interview: date, time, place, interpreter"
A1=$(sed -n 's/.* linked //p' "$T/out")

run amp "$S" officer case show --format fields "$A1"
status_is 0 && out_has "interview_on=2026-03-09" &&
    out_has "interview_at=09:00" && out_has "interpreter_language=fra"
judge "the appointment is a record linked to the claim"

run amp "$S" officer case transition "$C" reschedule_interview \
    --set interview_on=2026-03-20 --set interview_at=14:30 \
    --set interview_place=remote --set notified=yes
status_is 0 && out_has "state interview_scheduled linked"
judge "it can be rescheduled: a second appointment, the same stage"

run amp "$S" officer case transition "$C" interview \
    --set interview_language=fra --set interpreter_present=yes \
    --set interpreter_name=Interprete_Uno --set consent_read=yes \
    --set grounds=political_opinion --set interviewer_notes=Relato
status_is 0 && out_has "state interviewed linked"
judge "the officer records the interview"

run amp "$S" officer case transition "$C" reject --set reasons=No_cumple
status_is 9 && err_has "supervisor"
judge "the commission's decision is not the officer's step (exit 9)"

run amp "$S" supervisor case transition "$C" reject \
    --set reasons=No_cumple --set resolution_number=RES-2026-7
status_is 0 && out_has "state rejected linked"
judge "the commission rejects the claim (recorded by the supervisor)"

run amp "$S" officer case transition "$C" request_reconsideration
status_is 0 && out_has "state reconsideration"
judge "the officer files the request for reconsideration"

run amp "$S" supervisor case transition "$C" reconsider_recognise \
    --set reasons=Nuevas_pruebas
status_is 0 && out_has "state recognised linked"
judge "on reconsideration the claim is recognised"

run amp "$S" officer case show "$C"
status_is 0 && out_has "(closed)" && ! out_has "Next steps open to you" &&
    [ "$(grep -c 'Decision on the claim\|Interview appointment\|Eligibility interview' "$T/out")" -eq 5 ]
judge "recognised is final; the case lists its two appointments, interview and decisions"

run amp "$S" officer case show --version 3 "$C"
status_is 0 && out_has "State: Admitted for processing" &&
    ! out_has "Time in this state"
judge "an earlier version shows its state, not a time in it (that state ended)"

run amp "$S" border_screening_officer case show "$C"
status_is 9 && err_has "not allowed"
judge "another institution cannot see the claim (exit 9)"

# A store whose claims were saved under the workflow's version 1 (no
# interview appointment) takes version 2: no state nor field is lost, and
# a claim admitted then is scheduled now. Version 1 is the shipped file
# less what version 2 added.
if python3 -c 'import yaml' 2> /dev/null; then
	cp -R "$AMPARO_FORMS" "$T/v1"
	python3 - "$T/v1/workflows/asylum_claim.yaml" <<'PY'
import sys, yaml
p = sys.argv[1]
w = yaml.safe_load(open(p, encoding="utf-8"))
w["version"] = 1
w["states"] = [s for s in w["states"] if s["id"] != "interview_scheduled"]
w["transitions"] = [t for t in w["transitions"]
                    if t.get("form") != "interview_schedule"]
for t in w["transitions"]:
    t["from"] = [f for f in t["from"] if f != "interview_scheduled"]
open(p, "w", encoding="utf-8").write(yaml.safe_dump(w, allow_unicode=True))
PY
	O=$T/old
	AMPARO_FORMS=$T/v1 make_store "$O" 0 1
	OC=$(AMPARO_FORMS=$T/v1 amp "$O" officer case add --form intake \
	    --set given_names=Vieja --set family_names=Version --set sex=male \
	    --set birth_date=1980-01-01 --set nationality=COL --set language=spa \
	    2> /dev/null)
	AMPARO_FORMS=$T/v1 amp "$O" officer case transition "$OC" admit \
	    > /dev/null 2>&1
	run "$AMPARO" forms check -d "$O"
	status_is 0 && out_has "no errors"
	judge "forms check -d: a store of version-1 claims takes version 2"
	run amp "$O" officer case transition "$OC" schedule_interview \
	    --set interview_at=11:00 --set interview_place=remote \
	    --set notified=yes
	status_is 0 && out_has "state interview_scheduled"
	judge "a claim admitted under version 1 is scheduled under version 2"
else
	skip "forms check -d: a store of version-1 claims takes version 2" \
	    "needs python3-yaml"
	skip "a claim admitted under version 1 is scheduled under version 2" \
	    "needs python3-yaml"
fi

done_testing
