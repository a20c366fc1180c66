#!/bin/sh
# cli-report.sh: every report's figures against figures computed independently from the records (tests/report-figures.py) after generated cases, steps, referrals, documents, sessions and assignments on varying days; counters checked after a SIGKILL'd save and a key rotation.
. "$top_srcdir/tests/lib.sh"

command -v python3 > /dev/null 2>&1 || skip_all "needs python3"
python3 -c 'import yaml' 2> /dev/null || skip_all "needs python3-yaml"

plan 22

T=$TEST_TMP
S=$T/store
FIG="$top_srcdir/tests/report-figures.py"
REPORTS="cases_by_form cases_by_state claims_backlog referrals_overdue
counter_referrals documents_expiring renewal_sessions caseload"
make_store "$S" 0 1 || echo "# make_store failed"

# on DAY USER COMMAND SUBCOMMAND ARGS...: amparo on a given day
# (AMPARO_TODAY), errors to gen.err.
on() {
	d=$1 u=$2 c=$3 c2=$4
	shift 4
	AMPARO_TODAY=$d "$AMPARO" "$c" "$c2" -d "$S" -u "$u" \
	    --password-file "$PWFILE" "$@" 2>> "$T/gen.err"
}

# person DAY USER N: a new intake case, its number printed.
person() {
	on "$1" "$2" case add --form intake --set given_names="Informe$3" \
	    --set family_names="Prueba Cifras" --set sex=female \
	    --set birth_date=1990-02-01 --set nationality=VEN --set language=spa \
	    --set province=PA-5
}

SEND="--set urgency=urgent --set service=Shelter --set reason=Needs_care \
--set consent_reference=CF-1"
CR="--set services_given=Care --set outcome=completed --set follow_up=no"
W=womens_institute_focal_point
H=health_officer

# Cases on different days, some admitted, one withdrawn, some assigned.
i=0
for d in 2026-01-05 2026-01-20 2026-02-03 2026-02-17 2026-03-02 2026-03-16 \
    2026-03-30 2026-04-13 2026-04-27 2026-05-11 2026-05-25 2026-06-08; do
	i=$((i + 1))
	u=supervisor
	[ $((i % 3)) -eq 0 ] && u=officer
	c=$(person $d $u $i)
	echo "$c" >> "$T/cases"
done
C1=$(sed -n 1p "$T/cases")
C2=$(sed -n 2p "$T/cases")
C3=$(sed -n 3p "$T/cases")
C4=$(sed -n 4p "$T/cases")
C5=$(sed -n 5p "$T/cases")
C6=$(sed -n 6p "$T/cases")
C7=$(sed -n 7p "$T/cases")
on 2026-02-10 supervisor case transition "$C1" admit > /dev/null
on 2026-03-01 supervisor case transition "$C2" admit > /dev/null
on 2026-04-20 supervisor case transition "$C4" admit > /dev/null
on 2026-05-01 supervisor case transition "$C5" withdraw > /dev/null
on 2026-05-02 admin user assign officer "$C2" "$C7" > /dev/null
on 2026-05-03 admin user assign @asylum "$C4" > /dev/null

# Referrals: counter-referred, then closed; waiting; overdue; declined.
ref() {	# ref DAY CASE INSTITUTION: send one, print its number
	# shellcheck disable=SC2086
	on "$1" supervisor referral send "$2" --to "$3" $SEND
}
R1=$(ref 2026-02-01 "$C1" womens_institute)
on 2026-02-02 $W case transition "$R1" acknowledge > /dev/null
on 2026-02-04 $W case transition "$R1" accept > /dev/null
on 2026-02-05 $W case transition "$R1" start_care > /dev/null
# shellcheck disable=SC2086
on 2026-02-20 $W case transition "$R1" counter_refer $CR > /dev/null
on 2026-02-25 supervisor case transition "$R1" close > /dev/null
R2=$(ref 2026-03-05 "$C2" womens_institute)
on 2026-03-06 $W case transition "$R2" acknowledge > /dev/null
on 2026-03-07 $W case transition "$R2" accept > /dev/null
on 2026-03-08 $W case transition "$R2" start_care > /dev/null
# shellcheck disable=SC2086
on 2026-04-11 $W case transition "$R2" counter_refer $CR > /dev/null
R3=$(ref 2026-05-20 "$C3" womens_institute)
R4=$(ref 2026-06-01 "$C4" health)
R5=$(ref 2026-06-09 "$C6" health)
on 2026-06-09 $H case transition "$R5" acknowledge > /dev/null
R6=$(ref 2026-04-01 "$C7" health)
on 2026-04-02 $H case transition "$R6" acknowledge > /dev/null
on 2026-04-03 $H case transition "$R6" decline \
    --set decline_reason=not_eligible --set decline_notes=Fuera > /dev/null
: "$R3$R4"

# Documents expiring over the year, one revoked, one past the window.
n=0
for e in 2026-06-20 2026-07-15 2026-07-30 2026-09-01 2027-01-10 2027-05-31 \
    2027-06-01 2026-08-08; do
	n=$((n + 1))
	t=asylum_seeker_card
	[ $((n % 2)) -eq 0 ] && t=temporary_residence
	c=$(sed -n "${n}p" "$T/cases")
	dn=$(on 2026-06-01 supervisor document add "$c" --set doc_type=$t \
	    --set doc_number="DOC$n" --set issue_date=2025-01-01 \
	    --set expiry_date=$e)
	echo "$dn" >> "$T/docs"
done
on 2026-06-02 supervisor case transition "$(sed -n 8p "$T/docs")" revoke \
    > /dev/null

# A renewal session: planned, opened, outcomes, closed.
SES=$(on 2026-06-01 supervisor renewal plan --set province=PA-5 \
    --set place=Escuela --set session_date=2026-06-15 --set window_days=60 \
    --set institutions=onpar)
on 2026-06-14 supervisor case transition "$SES" open > /dev/null
on 2026-06-15 supervisor renewal record "$SES" "$C1" --outcome renewed \
    --set new_expiry_date=2028-06-20 > /dev/null
on 2026-06-15 supervisor renewal record "$SES" "$C2" \
    --outcome missing_documents > /dev/null
on 2026-06-15 supervisor renewal close "$SES" > /dev/null

TODAY=2026-06-10
export AMPARO_TODAY=$TODAY

# Every version of every record, for the independent count: the records
# the test made, and those linked to them, found from their "# linked" lines.
dump() {
	cat "$T/cases" > "$T/todo"
	echo "$SES" >> "$T/todo"
	: > "$T/seen"
	: > "$T/dump"
	while [ -s "$T/todo" ]; do
		num=$(head -n 1 "$T/todo")
		sed -i 1d "$T/todo"
		grep -qx "$num" "$T/seen" && continue
		echo "$num" >> "$T/seen"
		amp "$S" admin case show --format fields "$num" > "$T/one"
		sed -n 's/^# linked \([0-9-]*\) .*/\1/p' "$T/one" >> "$T/todo"
		ver=$(sed -n '1s/^# case [0-9-]* version \([0-9]*\) .*/\1/p' \
		    "$T/one")
		v=1
		while [ "$v" -le "${ver:-0}" ]; do
			echo "@@ $num $v" >> "$T/dump"
			amp "$S" admin case show --format fields --version $v \
			    "$num" >> "$T/dump"
			v=$((v + 1))
		done
	done
}

# compare WHO [INSTITUTION]: each report as WHO against the figures.
compare() {
	who=$1
	rm -rf "$T/want" "$T/got"
	mkdir "$T/want" "$T/got"
	python3 "$FIG" "$AMPARO_FORMS" "$TODAY" "$T/dump" "$T/want" ${2:+"$2"}
	for r in $REPORTS; do
		amp "$S" "$who" report "$r" --csv > "$T/got/$r.csv" \
		    2> "$T/got/$r.err"
	done
}

dump
grep -c "^@@" "$T/dump" | sed 's/^/# versions read: /'
[ -s "$T/gen.err" ] && sed 's/^/# generating: /' "$T/gen.err" | head -n 20
compare admin
for r in $REPORTS; do
	if cmp -s "$T/want/$r.csv" "$T/got/$r.csv" &&
	    [ "$(wc -l < "$T/want/$r.csv")" -gt 1 ]; then
		ok "$r: every institution's figures match the records'"
	else
		fail "$r: every institution's figures match the records'" \
		    "$(diff "$T/want/$r.csv" "$T/got/$r.csv")" \
		    "$(cat "$T/got/$r.err")"
	fi
done

compare supervisor onpar
bad="" why=""
for r in $REPORTS; do
	if ! cmp -s "$T/want/$r.csv" "$T/got/$r.csv"; then
		bad="$bad $r"
		why="$why$(diff "$T/want/$r.csv" "$T/got/$r.csv")
$(cat "$T/got/$r.err")
"
	fi
done
if [ -z "$bad" ]; then
	ok "a supervisor sees his institution's rows only, and right"
else
	fail "a supervisor sees his institution's rows only, and right:$bad" \
	    "$why"
fi

run amp "$S" admin report counter_referrals
status_is 0 && out_has "institution" && grep -q "^womens_institute  *3  *2  *67 " "$T/out"
judge "the table is aligned, numbers right: womens_institute 3 2 67"

run "$AMPARO" report -d "$S" -u admin --password-file "$PWFILE"
status_is 0 && out_has "claims_backlog	" && out_has "caseload	"
judge "with no name, the reports the account may run"

run amp "$S" officer report caseload
status_is 9 && err_has "may not run"
judge "a role without the report is refused (exit 9)"

run amp "$S" admin report no_such_report
status_is 2 && err_has "no_such_report"
judge "an unknown report: exit 2, named"

run amp "$S" auditor report --check
status_is 0 && out_has "match"
judge "report --check: the counters match the records"

run amp "$S" officer report --check
status_is 9
judge "report --check needs the audit power (exit 9)"

amp "$S" admin report claims_backlog --csv > "$T/built.csv" 2>&1
run amp "$S" admin report --rebuild
status_is 0 && amp "$S" admin report claims_backlog --csv > "$T/rebuilt.csv" &&
    cmp -s "$T/rebuilt.csv" "$T/built.csv" && [ -s "$T/built.csv" ]
judge "report --rebuild: built again from the records, the same figures"

run amp "$S" auditor report --rebuild
status_is 9 && err_has "may not rebuild"
judge "report --rebuild needs the accounts power (exit 9)"

# Counters that do not match the records are found: those of before a step
# put back into a copy of the store after it.
if command -v mdb_dump > /dev/null 2>&1 && command -v mdb_load > /dev/null 2>&1
then
	mdb_dump -s counters "$S" > "$T/counters-before.txt"
	on 2026-06-10 supervisor case transition "$C3" admit > /dev/null
	mkdir -m 700 "$T/tampered"
	cp "$S/data.mdb" "$T/tampered/"
	mdb_load -s counters -f "$T/counters-before.txt" "$T/tampered" \
	    2> /dev/null
	chmod -R o-rwx "$T/tampered"
	run amp "$T/tampered" auditor report --check
	status_is 1 && out_has "differ from the records" &&
	    err_has "groups differ" &&
	    amp "$S" auditor report --check > /dev/null 2>&1
	judge "report --check finds counters older than the records (exit 1)"
else
	skip "report --check finds counters older than the records" \
	    "no LMDB tools"
fi

# Two sessions saving and moving cases at the same time.
(
	for k in 1 2 3 4 5; do
		c=$(person 2026-06-10 supervisor "A$k")
		on 2026-06-10 supervisor case transition "$c" admit > /dev/null
	done
) &
(
	for k in 1 2 3 4 5; do
		c=$(person 2026-06-10 officer "B$k")
		on 2026-06-10 admin user assign @asylum "$c" > /dev/null
	done
) &
wait
run amp "$S" auditor report --check
status_is 0 && out_has "match" &&
    [ "$(amp "$S" admin report cases_by_state --csv |
    awk -F, '$2 == "intake" { n += $4 } END { print n }')" -ge 22 ]
judge "after two sessions saved at once, the counters match the records"

# Saves killed at instants across a save's time: every counter stays exact.
t0=$(date +%s%N)
on 2026-06-10 supervisor case add --form intake --set given_names=Rotada \
    --set family_names=Prueba --set sex=female --set birth_date=1985-05-05 \
    --set nationality=PAN --set language=spa --set violence_survivor=yes \
    --set violence_account=Relato > /dev/null
span=$(( ($(date +%s%N) - t0) / 1000 ))
{
	for k in 1 2 3 4 5 6 7 8 9 10; do
		timeout -s KILL "$(awk -v s="$span" -v k="$k" \
		    'BEGIN { printf "%.6f", s * k / 8 / 1e6 }')" \
		    "$AMPARO" case add -d "$S" -u supervisor \
		    --password-file "$PWFILE" --form intake \
		    --set given_names="Matado$k" --set family_names=Prueba \
		    --set sex=male --set birth_date=1985-05-05 \
		    --set nationality=PAN --set language=spa
	done
} > /dev/null 2>&1
run amp "$S" auditor report --check
status_is 0 && out_has "match"
judge "after saves killed by SIGKILL, the counters match the records"

# A rotation re-seals the GBV answer: the counters do not move.
amp "$S" gbv_focal_point key status > /dev/null 2>&1	# grants the key
amp "$S" gbv_coordinator key status > /dev/null 2>&1
amp "$S" admin report cases_by_state --csv > "$T/before.csv" 2>&1
run amp "$S" gbv_coordinator key rotate gbv
rot=$RC
amp "$S" admin report cases_by_state --csv > "$T/after.csv" 2>&1
run amp "$S" auditor report --check
[ "$rot" -eq 0 ] && status_is 0 && out_has "match" &&
    cmp -s "$T/before.csv" "$T/after.csv"
judge "after a key rotation re-sealed records, the counters match"

# A store of format 2 (no counters database, no "counters" in meta) gets
# them built when first used: every database dumped and loaded again, less
# those.
D=$T/old
if command -v mdb_dump > /dev/null 2>&1 && command -v mdb_load > /dev/null 2>&1
then
	mdb_dump -a "$S" | awk '
	    /^VERSION=/ { sec = $0; keep = 1; next }
	    sec != "" && /^database=/ {
		keep = $0 != "database=counters"
		meta = $0 == "database=meta"
		if (keep) print sec
		sec = ""
	    }
	    sec != "" { sec = sec "\n" $0; next }
	    !keep { next }
	    skip { skip = 0; next }
	    meta && $0 == " 636f756e74657273" { skip = 1; next }
	    meta && prev == " 666f726d6174" {
		print " 0000000000000002"; prev = $0; next
	    }
	    { print; prev = $0 }' > "$T/all.txt"
	mkdir -m 700 "$D"
	if ! mdb_load -f "$T/all.txt" "$D" 2> "$T/load.err" ||
	    ! chmod -R o-rwx "$D" ||
	    mdb_dump -s counters "$D" > /dev/null 2>&1
	then
		fail "a format 2 store made for the test" "$(cat "$T/load.err")"
	else
		run amp "$D" admin report cases_by_state --csv
		status_is 0 && cmp -s "$T/out" "$T/after.csv" &&
		    amp "$D" auditor report --check > /dev/null 2>&1
		judge "a format 2 store: counters built on first use, the same figures"
	fi
else
	skip "a format 2 store: counters built on first use" "no LMDB tools"
fi

done_testing
