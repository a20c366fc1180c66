#!/bin/sh
# cli-documents.sh: documents linked to cases through amparo document add|queue: checked like any save, found by number, listed in the renewal queue by expiry (overdue marked, area filters, CSV), leaving it when revoked or no longer due.
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

# person GIVEN PROVINCE: a new case in a province, its number on stdout.
person() {
	amp "$S" supervisor case add --form intake --set given_names="$1" \
	    --set family_names=Documentada --set sex=female \
	    --set birth_date=01/02/1990 --set nationality=VEN \
	    --set language=spa --set province="$2" 2> "$T/err"
}

A=$(person Ana PA-5)
B=$(person Berta PA-8)
C=$(person Carla PA-5)

run ampd "$S" supervisor document add "$A" --set doc_type=asylum_seeker_card \
    --set doc_number=AS-1001 --set issue_date=2025-06-10 \
    --set expiry_date=2026-06-20
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "a supervisor adds a document to a case: its number is printed"
DA=$(cat "$T/out")

run amp "$S" supervisor case show --format fields "$DA"
status_is 0 && out_has "doc_type=asylum_seeker_card" &&
    out_has "# parent $A" && out_has "# state valid"
judge "the document is a record of its own, linked to the case, valid"

run amp "$S" supervisor case find AS1001
status_is 0 && out_has "$DA"
judge "it is found by its number, whatever the dashes"

run ampd "$S" supervisor document add "$B" --set doc_type=passport_card \
    --set doc_number=X1234 --set issue_date=2025-01-01 \
    --set expiry_date=2027-01-01
status_is 5 && err_has "doc_type"
judge "an unknown kind of document is refused, naming the field (exit 5)"

run ampd "$S" supervisor document add "$B" --set doc_type=work_permit_defined \
    --set doc_number=WP-2002 --set issue_date=2025-01-01 \
    --set expiry_date=2024-12-01
status_is 5 && err_has "expiry_date"
judge "an expiry before the issue is refused (exit 5)"

run ampd "$S" supervisor document add "$B" --set doc_type=temporary_residence \
    --set doc_number=TR-3003 --set issue_date=2025-01-01
status_is 5 && err_has "expiry_date"
judge "a document other than an indefinite permit needs its expiry date"

run ampd "$S" supervisor document add "$B" \
    --set doc_type=work_permit_indefinite --set doc_number=WI-4004 \
    --set issue_date=2025-01-01
status_is 0
judge "an indefinite-term work permit needs none"
DI=$(cat "$T/out")

DB=$(ampd "$S" supervisor document add "$B" \
    --set doc_type=temporary_residence --set doc_number=TR-5005 \
    --set issue_date=2024-05-01 --set expiry_date=2026-05-15)
DC=$(ampd "$S" supervisor document add "$C" \
    --set doc_type=permanent_residence --set doc_number=PR-6006 \
    --set issue_date=2024-05-01 --set expiry_date=2026-12-31)

run ampd "$S" labour_officer document add "$A" --set doc_type=work_permit_defined \
    --set doc_number=WP-7007 --set issue_date=2025-01-01 \
    --set expiry_date=2027-01-01
status_is 9
judge "a role that may not create documents is refused (exit 9)"

run ampd "$S" supervisor document queue --days 30
status_is 0 && [ "$(wc -l < "$T/out")" -eq 2 ] &&
    [ "$(sed -n 1p "$T/out" | cut -f 1-4)" = "2026-05-15	overdue	$DB	$B" ] &&
    [ "$(sed -n 2p "$T/out" | cut -f 1-4)" = "2026-06-20	due	$DA	$A" ]
judge "the queue lists the overdue and the due documents, soonest first"

! out_has "$DC" && ! out_has "$DI"
judge "not those due later, nor an indefinite permit"

run ampd "$S" supervisor document queue --days 400 --province PA-5
status_is 0 && out_has "$DA" && out_has "$DC" && ! out_has "$DB"
judge "--province keeps the people whose case address is there"

run ampd "$S" supervisor document queue --days 30 --csv
status_is 0 && [ "$(sed -n 1p "$T/out")" = \
    "expiry,status,document,case,doc_type,doc_number,state,province,district,person" ] &&
    out_has "2026-05-15,overdue,$DB,$B,temporary_residence,TR-5005,valid,PA-8,,"
judge "--csv prints a header and comma-separated lines"

run amp "$S" supervisor case transition "$DB" revoke
status_is 0 && ampd "$S" supervisor document queue --days 30 > "$T/q" &&
    ! grep -q "$DB" "$T/q" && grep -q "$DA" "$T/q"
judge "a revoked document leaves the queue"

run amp "$S" supervisor case edit "$DA" --set expiry_date=2027-03-01
status_is 0 && ampd "$S" supervisor document queue --days 30 > "$T/q" &&
    ! grep -q "$DA" "$T/q" &&
    ampd "$S" supervisor document queue --days 300 > "$T/q2" &&
    grep -q "^2027-03-01	due	$DA" "$T/q2"
judge "an edited expiry date moves the document in the queue (its index follows)"

run ampd "$S" supervisor document queue --days abc
status_is 2 && err_has "--days"
judge "a bad --days is a usage error naming it"

run amp "$S" supervisor case add --form document --set doc_type=asylum_seeker_card \
    --set doc_number=AS-9009 --set issue_date=2025-06-10 \
    --set expiry_date=2026-06-20
status_is 2 && err_has "amparo document add"
judge "a document cannot be saved as a case of its own (exit 2, says how)"

run ampd "$S" health_officer document queue
status_is 9
judge "a role that may not view documents gets no queue (exit 9)"

# The demo store: documents of every kind and state, sessions in every state.
D=$T/demo
make_store "$D" 70 1 || echo "# make_store failed"
: > "$T/demo-docs"
for k in 1 2 3 4 5 6 7 8 9; do
	amp "$D" admin case show --format fields "DEMO00000$k" >> "$T/demo-docs" 2>&1
done
kinds=$(sed -n 's/^doc_type=//p' "$T/demo-docs" | sort -u | tr '\n' ' ')
states=$(sed -n 's/^# state \([a-z_]*\) .*/\1/p' "$T/demo-docs" | sort -u |
    tr '\n' ' ')
[ "$kinds" = "asylum_seeker_card permanent_residence temporary_residence work_permit_defined work_permit_indefinite " ] &&
    [ "$states" = "lost revoked superseded valid " ]
judge "the demo has documents of every kind and in every state ($kinds; $states)"

run ampd "$D" supervisor document queue --days 60
status_is 0 && out_has "	overdue	" && out_has "	due	"
judge "and some of them overdue, some due"

run ampd "$D" supervisor renewal list
status_is 0 && [ "$(cut -f 2 "$T/out" | sort | tr '\n' ' ')" = \
    "cancelled closed open planned " ]
judge "the demo has a renewal session in every state"

S2=$(awk -F '\t' '$2 == "closed" { print $1 }' "$T/out")
run ampd "$D" supervisor renewal roster "${S2:-none}"
status_is 0 && out_has "	renewed	" && out_has "	not_present	"
judge "its closed session has outcomes, the rest not present"

done_testing
