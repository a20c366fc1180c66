#!/bin/sh
# cli-renewal.sh: a renewal session through amparo renewal plan|roster|record|close: the roster matches one computed from the generated data, outcomes for 20 and more people (mixed), renewals in the same step as the documents' new dates, which the renewal queue then shows; closing records the rest as not present.
. "$top_srcdir/tests/lib.sh"

plan 21

T=$TEST_TMP
S=$T/store
AMPARO_TODAY=2026-06-01
export AMPARO_TODAY
make_store "$S" 0 1 || echo "# make_store failed"

# ampd DIR USER COMMAND SUB ARGS...: amparo document|renewal as an account.
ampd() {
	ampd_dir=$1 ampd_user=$2 ampd_cmd=$3 ampd_sub=$4
	shift 4
	"$AMPARO" "$ampd_cmd" "$ampd_sub" -d "$ampd_dir" -u "$ampd_user" \
	    --password-file "$PWFILE" "$@"
}

# day N: the date N days after AMPARO_TODAY (N may be negative).
day() {
	date -u -d "$AMPARO_TODAY $1 days" +%Y-%m-%d
}

# The people: 48 cases, five in six in Darién (PA-5), the others in
# Panamá (PA-8); a document each, expiring from 53 days ago to 276 days
# ahead; every ninth an indefinite permit, every eleventh revoked.
# $T/data gets, for each: case, document, province, expiry (- for none),
# state.
: > "$T/data"
i=1
while [ $i -le 48 ]; do
	if [ $((i % 6)) -eq 0 ]; then prov=PA-8; else prov=PA-5; fi
	c=$(amp "$S" supervisor case add --form intake \
	    --set given_names="Persona$i" --set family_names=Renovación \
	    --set sex=male --set birth_date=01/02/1985 --set nationality=COL \
	    --set language=spa --set province=$prov 2>> "$T/gen.err")
	if [ $((i % 9)) -eq 0 ]; then
		exp=-
		d=$(ampd "$S" supervisor document add "$c" \
		    --set doc_type=work_permit_indefinite \
		    --set doc_number="WI$(printf %04d $i)" --set issue_date=2025-01-01 \
		    2>> "$T/gen.err")
	else
		exp=$(day $((i * 7 - 60)))
		d=$(ampd "$S" supervisor document add "$c" \
		    --set doc_type=asylum_seeker_card \
		    --set doc_number="AS$(printf %04d $i)" --set issue_date=2025-01-01 \
		    --set expiry_date="$exp" 2>> "$T/gen.err")
	fi
	state=valid
	if [ $((i % 11)) -eq 0 ]; then
		amp "$S" supervisor case transition "$d" revoke \
		    > /dev/null 2>> "$T/gen.err"
		state=revoked
	fi
	printf '%s %s %s %s %s\n' "$c" "$d" $prov "$exp" $state >> "$T/data"
	i=$((i + 1))
done
[ "$(awk 'NF == 5' "$T/data" | wc -l)" -eq 48 ] || sed 's/^/# /' "$T/gen.err"

DATE=$(day 30)
UNTIL=$(day 180)
run ampd "$S" supervisor renewal plan --set province=PA-5 \
    --set place="Yaviza, escuela" --set session_date="$DATE" \
    --set window_days=150 --set institutions="onpar migration labour"
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "a supervisor plans a session: its number is printed"
SES=$(cat "$T/out")

run ampd "$S" officer renewal plan --set province=PA-5 \
    --set place=Otro --set session_date="$DATE" --set institutions=onpar
status_is 9
judge "an eligibility officer may not plan one (exit 9)"

run ampd "$S" labour_officer renewal list
status_is 0 && out_has "$SES	planned	$DATE	PA-5		Yaviza, escuela	onpar migration labour"
judge "a participating institution's official sees it in the list"

run ampd "$S" health_officer renewal roster "$SES"
status_is 9
judge "an institution that does not take part cannot read its roster (exit 9)"

# The roster computed here: Darién, current, expiring by the window's end.
awk -v until="$UNTIL" '$3 == "PA-5" && $4 != "-" && $5 == "valid" &&
    $4 <= until { print $2 }' "$T/data" | sort > "$T/want"
run ampd "$S" labour_officer renewal roster "$SES"
cut -f 2 "$T/out" | sort > "$T/got"
status_is 0 && [ -s "$T/want" ] && cmp -s "$T/want" "$T/got"
judge "the roster is the one computed from the generated data ($(wc -l < "$T/want") documents)" ||
    { diff "$T/want" "$T/got" | sed 's/^/# /'; }
N=$(wc -l < "$T/want")
[ "$N" -ge 22 ]
judge "it has room for 20 outcomes and more ($N people)"

FIRST=$(head -n 1 "$T/want")
FC=$(awk -v d="$FIRST" '$2 == d { print $1 }' "$T/data")
run ampd "$S" migration_documents_officer renewal record "$SES" "$FC" \
    --outcome renewed --set new_expiry_date=2028-07-01
status_is 5 && err_has "not open" &&
    ampd "$S" supervisor renewal roster "$SES" > "$T/r" &&
    [ "$(awk -F '\t' '$6 != "-"' "$T/r" | wc -l)" -eq 0 ]
judge "outcomes wait until the session is open (exit 5), nothing written"

amp "$S" supervisor case transition "$SES" open > /dev/null 2> "$T/open.err" ||
    sed 's/^/# /' "$T/open.err"

# Outcomes for all but the last two: by turns renewed (by the migration
# service), missing documents and referred (by the labour official).
: > "$T/renewed"
: > "$T/other"
k=0
fails=0
for d in $(head -n $((N - 2)) "$T/want"); do
	c=$(awk -v d="$d" '$2 == d { print $1 }' "$T/data")
	case $((k % 3)) in
	0|1)	ampd "$S" migration_documents_officer renewal record "$SES" "$c" \
		    --outcome renewed --set new_expiry_date=2028-07-01 \
		    > /dev/null 2>> "$T/rec.err" || fails=$((fails + 1))
		echo "$d" >> "$T/renewed" ;;
	2)	if [ $((k % 2)) -eq 0 ]; then o=missing_documents; else o=referred; fi
		ampd "$S" labour_officer renewal record "$SES" "$c" --outcome $o \
		    --set notes="Falta la foto" > /dev/null 2>> "$T/rec.err" ||
		    fails=$((fails + 1))
		echo "$d $o" >> "$T/other" ;;
	esac
	k=$((k + 1))
done
[ $fails -eq 0 ] && [ $k -ge 20 ]
judge "$k outcomes recorded by two institutions, mixed" || cat "$T/rec.err" | sed 's/^/# /'

run ampd "$S" migration_documents_officer renewal record "$SES" "$FC" \
    --outcome referred
status_is 8
judge "a second outcome for the same person is refused (exit 8)"

OUT=$(awk '$3 != "PA-5" && $4 != "-" && $5 == "valid" { print $1; exit }' "$T/data")
run ampd "$S" migration_documents_officer renewal record "$SES" "$OUT" \
    --outcome renewed --set new_expiry_date=2028-07-01
status_is 7
judge "a person who is not on the roster is refused (exit 7)"

LAST=$(tail -n 1 "$T/want")
LC=$(awk -v d="$LAST" '$2 == d { print $1 }' "$T/data")
run ampd "$S" migration_documents_officer renewal record "$SES" "$LC" \
    --outcome renewed
status_is 5 && err_has "new_expiry_date"
judge "a renewal without its new expiry date is refused, naming it"

run ampd "$S" labour_officer renewal record "$SES" "$LC" --outcome renewed \
    --set new_expiry_date=2028-07-01
status_is 9
judge "only a role that may edit documents renews one (exit 9)"

run ampd "$S" supervisor renewal roster "$SES"
status_is 0 &&
    [ "$(awk -F '\t' '$6 == "renewed" && $5 == "2028-07-01"' "$T/out" | wc -l)" -eq "$(wc -l < "$T/renewed")" ] &&
    [ "$(awk -F '\t' '$6 == "-"' "$T/out" | wc -l)" -eq 2 ]
judge "the roster shows each outcome, the renewed with their new dates, two left"

ampd "$S" supervisor document queue --days 180 > "$T/q"
bad=0
for d in $(cat "$T/renewed"); do grep -q "	$d	" "$T/q" && bad=$((bad + 1)); done
[ $bad -eq 0 ]
judge "renewed people leave the due list"

ampd "$S" supervisor document queue --days 1000 > "$T/q"
bad=0
for d in $(cat "$T/renewed"); do
	grep -q "^2028-07-01	due	$d	" "$T/q" ||
	    { bad=$((bad + 1)); echo "# $d is not due on 2028-07-01"; }
done
[ $bad -eq 0 ]
judge "and appear in the queue with their new expiry date"

ampd "$S" supervisor document queue --days 180 > "$T/q"
bad=0
for d in $(cut -d ' ' -f 1 "$T/other") $(tail -n 2 "$T/want"); do
	e=$(awk -v d="$d" '$2 == d { print $4 }' "$T/data")
	grep -q "^$e	[a-z]*	$d	" "$T/q" ||
	    { bad=$((bad + 1)); echo "# $d is not due on $e"; }
done
[ $bad -eq 0 ]
judge "the others stay due, with their old dates"

run amp "$S" supervisor case show --format fields "$FIRST" --version 1
status_is 0 && out_has "expiry_date=$(awk -v d="$FIRST" '$2 == d { print $4 }' "$T/data")"
judge "a renewed document's old expiry date stays in its history"

run ampd "$S" labour_officer renewal close "$SES"
status_is 9
judge "only a supervisor closes the session (exit 9)"

run ampd "$S" supervisor renewal close "$SES"
status_is 0 && out_has "2 people recorded as not present"
judge "closing records the two people left as not present"

run ampd "$S" supervisor renewal roster "$SES"
status_is 0 && [ "$(awk -F '\t' '$6 == "not_present"' "$T/out" | wc -l)" -eq 2 ] &&
    [ "$(awk -F '\t' '$6 == "-"' "$T/out" | wc -l)" -eq 0 ] &&
    ampd "$S" supervisor renewal list | grep -q "^$SES	closed	"
judge "the roster has an outcome for everyone, and the session is closed"

run ampd "$S" migration_documents_officer renewal record "$SES" "$LC" \
    --outcome renewed --set new_expiry_date=2028-07-01
status_is 5 && err_has "closed"
judge "no outcome is recorded after the close (exit 5)"

done_testing
