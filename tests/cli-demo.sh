#!/bin/sh
# cli-demo.sh: amparo demo: the same seed gives the same people, another seed others; it resets demo stores only; accounts.
. "$top_srcdir/tests/lib.sh"

plan 22

T=$TEST_TMP
AMPARO_TODAY=2026-06-15	# the demo's dates count back from today
export AMPARO_TODAY

QUERIES="maria jose garcia marie ana"

# demo DIR ARGS...: build a demo store with the fixture password.
demo() {
	d=$1
	shift
	run "$AMPARO" demo -d "$d" --password-file "$PWFILE" --no-console \
	    --kdf min "$@"
}

# finds DIR OUTFILE: every query's matches, one block per query.
finds() {
	for q in $QUERIES; do
		echo "== $q"
		amp "$1" officer case find "$q" 2> /dev/null
	done > "$2"
}

demo "$T/a" --people 200 --seed 5
status_is 0 && out_has "Demo store $T/a: 200 fictitious people (seed 5)"
judge "demo --people 200 --seed 5 builds the store"

out_has "Accounts:" && grep -q '^ *admin ' "$T/out" && grep -q '^ *officer ' "$T/out"
judge "demo prints the accounts (admin and officer)"

[ ! -s "$T/err" ]
judge "demo --no-console stops after building, quietly"

demo "$T/b" --people 200 --seed 5
status_is 0
judge "the same again into a second directory"

# A trainer can show a referral in each state of its workflow.
run amp "$T/a" admin referral outbox
missing=
for st in sent received accepted declined in_care counter_referred closed \
    withdrawn; do
	grep -q "	$st	" "$T/out" || missing="$missing $st"
done
status_is 0 && [ -z "$missing" ]
judge "the demo has referrals in every state of their workflow${missing:+ (missing:$missing)}"

# ... and each record of the protocols in each state of its workflow: the
# states are read from the shipped workflows.
wf_states() {
	sed -n '/^states:/,/^transitions:/s/^  - id: *\([a-z0-9_]*\).*/\1/p' \
	    "$AMPARO_FORMS/workflows/$1.yaml"
}
# (cases_by_state: [institution,] form, state, count.)
amp "$T/a" admin report cases_by_state > "$T/by-state" 2>&1
missing=
for wf in asylum_claim:intake border_screening:border_screening; do
	for st in $(wf_states "${wf%%:*}"); do
		grep -Eq "(^|	)${wf#*:}	$st	[1-9]" "$T/by-state" ||
		    missing="$missing ${wf%%:*}:$st"
	done
done
[ -s "$T/by-state" ] && [ -z "$missing" ]
judge "the demo has claims and screenings in every state${missing:+ (missing:$missing)}"

{ amp "$T/a" admin referral outbox; amp "$T/a" officer referral inbox; } |
    cut -f 1 | sort -u > "$T/refs"
for r in $(cat "$T/refs"); do
	amp "$T/a" admin case show --format fields "$r" 2>&1 |
	    sed -n 's/^# case .* form \([a-z_]*\) .*/\1/p; s/^# state \([a-z_]*\).*/\1/p' |
	    paste -s -d ' '
done > "$T/ref-states"
missing=
for wf in protection_referral child_referral birth_registration \
    statelessness_referral; do
	for st in $(wf_states "$wf"); do
		grep -q "^$wf $st\$" "$T/ref-states" || missing="$missing $wf:$st"
	done
done
[ -s "$T/ref-states" ] && [ -z "$missing" ]
judge "the demo has the protocols' referrals in every state${missing:+ (missing:$missing)}"

finds "$T/a" "$T/finds-a"
finds "$T/b" "$T/finds-b"
for q in $QUERIES; do
	sed -n "/^== $q\$/,/^== /p" "$T/finds-a" | grep -v '^==' > "$T/qa"
	sed -n "/^== $q\$/,/^== /p" "$T/finds-b" | grep -v '^==' > "$T/qb"
	if cmp -s "$T/qa" "$T/qb"; then
		ok "seed 5 twice: case find $q gives the same $(wc -l < "$T/qa") cases"
	else
		fail "seed 5 twice: case find $q gives the same cases" \
		    "$(diff "$T/qa" "$T/qb" | head -n 20)"
	fi
done

[ "$(grep -c -v '^==' "$T/finds-a")" -ge 10 ]
judge "the queries found at least 10 cases (so the comparison means something)"

# Whole records of a few cases, every field.
NUMS=$(grep -v '^==' "$T/finds-a" | cut -f 1 | sort -u | head -n 4)
same=0
diffs=
for n in $NUMS; do
	amp "$T/a" officer case show --format fields "$n" > "$T/fa" 2>&1
	amp "$T/b" officer case show --format fields "$n" > "$T/fb" 2>&1
	if cmp -s "$T/fa" "$T/fb" && [ "$(wc -l < "$T/fa")" -gt 5 ]; then
		same=$((same + 1))
	else
		diffs="$diffs
$n: $(diff "$T/fa" "$T/fb" | head -n 10)"
	fi
done
if [ "$same" -eq 4 ]; then
	ok "seed 5 twice: four whole cases are identical, field by field"
else
	fail "seed 5 twice: four whole cases are identical, field by field" \
	    "cases: $NUMS" "$diffs"
fi

demo "$T/c" --people 200 --seed 6
finds "$T/c" "$T/finds-c"
if status_is 0 && ! cmp -s "$T/finds-a" "$T/finds-c"; then
	ok "seed 6 gives other people"
else
	fail "seed 6 gives other people" "$(outputs)"
fi

# --- resetting -----------------------------------------------------------------

demo "$T/a" --people 30 --seed 6
status_is 0 && out_has "30 fictitious people (seed 6)"
judge "demo resets a demo store"

demo "$T/d" --people 30 --seed 6
finds "$T/a" "$T/finds-a2"
finds "$T/d" "$T/finds-d"
if cmp -s "$T/finds-a2" "$T/finds-d" && ! cmp -s "$T/finds-a2" "$T/finds-a"; then
	ok "the reset store holds exactly what a fresh seed-6 store holds"
else
	fail "the reset store holds exactly what a fresh seed-6 store holds" \
	    "$(diff "$T/finds-a2" "$T/finds-d" | head -n 20)"
fi

"$AMPARO" init -d "$T/real" --admin boss --password-file "$PWFILE" --kdf min > /dev/null 2>&1
CASE=$("$AMPARO" case add -d "$T/real" -u boss --password-file "$PWFILE" \
    --form intake --set given_names=Rosa --set family_names=Pinto --set sex=female \
    --set birth_date=1970-07-07 --set nationality=COL --set language=spa 2>&1)
demo "$T/real" --people 10
status_is 3 && err_has "not a demo store"
judge "demo refuses a store that is not a demo store: exit 3"

run "$AMPARO" case show -d "$T/real" -u boss --password-file "$PWFILE" "$CASE"
status_is 0 && out_has "Rosa"
judge "and that store is untouched"

# --- accounts without a password file ------------------------------------------------------

run "$AMPARO" demo -d "$T/e" --people 5 --no-console --kdf min
PW=$(grep '^ *officer ' "$T/out" | awk '{ print $3 }')
status_is 0 && [ -n "$PW" ] && [ "${#PW}" -ge 8 ]
judge "without a password file, demo prints a password for each account"

printf '%s\n' "$PW" > "$T/printed"
run "$AMPARO" case find -d "$T/e" -u officer --password-file "$T/printed" maria
[ "${RC:-x}" = 0 ] || [ "${RC:-x}" = 7 ]
judge "the printed officer password logs in"

run "$AMPARO" demo -d "$T/f" --people many --no-console --kdf min
status_is 2 && err_has "many" && [ ! -e "$T/f/data.mdb" ]
judge "--people many: exit 2, nothing built"

done_testing
