#!/bin/sh
# screen-services.sh: the services of the directory that fit a person, at the console (^Y in the case view): those amparo services --case lists and no other, the selected one's details, moving the selection.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 4

STORE=$TEST_TMP/store
AMPARO_TODAY=2026-06-15
export STORE AMPARO_TODAY
make_store "$STORE" 0 1 || echo "# make_store failed"
CASE=$(amp "$STORE" officer case add --form intake --set given_names=Pequeño \
    --set family_names=Servicios --set sex=male --set birth_date=20/07/2015 \
    --set nationality=VEN --set language=spa --set unaccompanied_child=no \
    2> "$TEST_TMP/err")
export CASE

# names FILE: the names of a text listing of amparo services.
names() { awk -F'\t' '/^[a-z]/ { print $2 }' "$1"; }
amp "$STORE" officer services --case "$CASE" > "$TEST_TMP/fit"
amp "$STORE" officer services > "$TEST_TMP/all"
names "$TEST_TMP/fit" > "$TEST_TMP/fit-names"
# The first two services' contact lines.
FIRST=$(awk '/^  Contact: / { print substr($0, 12); exit }' "$TEST_TMP/fit")
SECOND=$(awk '/^  Contact: / { n++; if (n == 2) { print substr($0, 12); exit } }' "$TEST_TMP/fit")
export SECOND

vt_run services "^Y shows the services that fit the person, and goes back to the case"

S=$TEST_TMP/services-first.txt
missing= extra=
while IFS= read -r n; do
	file_has "$S" "$n" || missing="$missing [$n]"
done < "$TEST_TMP/fit-names"
names "$TEST_TMP/all" | while IFS= read -r n; do
	grep -F -x -q -e "$n" "$TEST_TMP/fit-names" && continue
	file_has "$S" "$n" && echo "[$n]"
done > "$TEST_TMP/extra"
extra=$(cat "$TEST_TMP/extra")
if [ -s "$TEST_TMP/fit-names" ] && [ -z "$missing" ] && [ -z "$extra" ]; then
	ok "the list holds exactly the services amparo services --case lists"
	show_file "$S"
else
	fail "the list holds exactly the services amparo services --case lists" \
	    "missing:$missing" "not fitting but shown: $extra" "$(cat "$S" 2>&1)"
fi

# The details below the list are the selected service's: its contact line.
[ -n "$FIRST" ] && file_has "$S" "$FIRST" && ! file_has "$S" "$SECOND"
judge "the first service's details show: its contact, not the second's"

S2=$TEST_TMP/services-second.txt
[ -n "$SECOND" ] && file_has "$S2" "$SECOND"
judge "Down selects the second service: its details show"
done_testing
