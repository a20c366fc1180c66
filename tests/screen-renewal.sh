#!/bin/sh
# screen-renewal.sh: a renewal session at two consoles at once: the supervisor's roster open while a participating institution's official records outcomes a key a person; the supervisor sees them on refresh, without restarting, and closes the session; the records and documents agree.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 5

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"

ampd() {
	ampd_dir=$1 ampd_user=$2 ampd_cmd=$3 ampd_sub=$4
	shift 4
	"$AMPARO" "$ampd_cmd" "$ampd_sub" -d "$ampd_dir" -u "$ampd_user" \
	    --password-file "$PWFILE" "$@"
}

# Four people in Darién with documents due in 10 to 40 days.
for i in 1 2 3 4; do
	c=$(amp "$STORE" supervisor case add --form intake \
	    --set given_names="Jornada$i" --set family_names=Consola \
	    --set sex=female --set birth_date=01/02/1990 --set nationality=VEN \
	    --set language=spa --set province=PA-5 2>> "$TEST_TMP/err")
	ampd "$STORE" supervisor document add "$c" \
	    --set doc_type=temporary_residence --set doc_number="TR000$i" \
	    --set issue_date="$(date -u -d "-355 days" +%Y-%m-%d)" \
	    --set expiry_date="$(date -u -d "+$((i * 10)) days" +%Y-%m-%d)" \
	    > /dev/null 2>> "$TEST_TMP/err"
done
SES=$(ampd "$STORE" supervisor renewal plan --set province=PA-5 \
    --set place=Yaviza --set session_date="$(date -u -d "+5 days" +%Y-%m-%d)" \
    --set institutions="onpar migration" 2>> "$TEST_TMP/err")
export SES
[ -s "$TEST_TMP/err" ] && sed 's/^/# /' "$TEST_TMP/err"

vt_run renewal "two consoles: the supervisor opens the session, outcomes recorded in the field show on the supervisor's refresh, the supervisor closes"

S=$TEST_TMP/renewal
if file_has "$S-refreshed.txt" "3 of 4 recorded"; then
	ok "the supervisor's roster, refreshed, counts what the field recorded"
	show_file "$S-refreshed.txt"
else
	fail "the supervisor's roster, refreshed, counts what the field recorded" "$(cat "$S-refreshed.txt" 2>&1)"
fi

run ampd "$STORE" supervisor renewal roster "${SES:-none}"
status_is 0 && [ "$(cut -f 6 "$TEST_TMP/out" | sort | tr '\n' ' ')" = \
    "missing_documents not_present referred renewed " ]
judge "the command line reads the four outcomes the consoles recorded"

R=$(awk -F '\t' '$6 == "renewed" { print $2 }' "$TEST_TMP/out")
run amp "$STORE" supervisor case show --format fields "${R:-none}"
status_is 0 && out_has "# case $R version 2" && out_has "action edit" &&
    ! out_has "expiry_date=$(date -u -d "+5 days" +%Y-%m-%d)"
judge "the renewed document has a new version with its new expiry date"

run ampd "$STORE" supervisor renewal list
status_is 0 && out_has "$SES	closed	"
judge "the session is closed"

done_testing
