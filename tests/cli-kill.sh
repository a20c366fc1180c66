#!/bin/sh
# cli-kill.sh: SIGKILL at random instants of saves and of a bulk import: every acknowledged save is
# there and whole, nothing half-done shows, and the store still opens, searches and saves.
. "$top_srcdir/tests/lib.sh"

plan 6
S=$TEST_TMP/store
make_store "$S" 0 1 || echo "# make_store failed"

# A few hundred microseconds to a few tens of milliseconds: a save's commit
# takes about a millisecond, so some kills land inside it.
pause() {
	awk -v s="$1" 'BEGIN { srand(s); printf "%.4f\n", rand() * 0.04 }'
}

# Saves killed at random: each printed number was acknowledged.
: > "$TEST_TMP/acked"
i=0
while [ $i -lt 60 ]; do
	i=$((i + 1))
	"$AMPARO" case add -d "$S" -u officer --password-file "$PWFILE" \
	    --form intake --set given_names="Kill$i" --set family_names="Matado Prueba" \
	    --set sex=male --set birth_date=1985-05-05 --set nationality=PAN \
	    --set language=spa >> "$TEST_TMP/acked" 2> /dev/null &
	pid=$!
	sleep "$(pause $i)"
	kill -9 $pid 2> /dev/null
	wait $pid 2> /dev/null
done
acked=$(grep -c -E '^[0-9]{4}-[0-9]{6}$' "$TEST_TMP/acked")
echo "# $acked of 60 saves were acknowledged before their process was killed"

bad=0
while read -r num; do
	amp "$S" officer case show "$num" --format fields > "$TEST_TMP/one" 2>&1 &&
	    grep -q '^family_names=Matado Prueba$' "$TEST_TMP/one" || bad=$((bad + 1))
done < "$TEST_TMP/acked"
[ "$bad" -eq 0 ]
judge "every acknowledged save reads back whole ($acked checked, $bad missing)"

# Nothing half-done: each case found by name is whole, and the index agrees
# with the records (no entry without its record, none missing).
run amp "$S" officer case find matado prueba
found=$(grep -c . "$TEST_TMP/out" 2> /dev/null || echo 0)
[ "$found" -ge "$acked" ]
judge "the search finds every acknowledged case (found $found, acknowledged $acked)"

half=0
cut -f 1 "$TEST_TMP/out" | while read -r num; do
	amp "$S" officer case show "$num" --format fields 2> /dev/null |
	    grep -q '^given_names=Kill' || echo "$num"
done > "$TEST_TMP/half"
[ ! -s "$TEST_TMP/half" ]
judge "no case is half-saved (each one found is complete)"

# A bulk import killed at random: batches are transactions, whole or absent.
D=$TEST_TMP/demo
"$AMPARO" demo -d "$D" --people 30000 --password-file "$PWFILE" --no-console \
    --kdf min > /dev/null 2>&1 &
pid=$!
sleep 1.5
kill -9 $pid 2> /dev/null
wait $pid 2> /dev/null
if [ -f "$D/data.mdb" ]; then
	run amp "$D" officer case find jose
	[ "${RC:-x}" = 0 ] || [ "${RC:-x}" = 7 ] || [ "${RC:-x}" = 4 ]
else
	true
fi
judge "a bulk import killed mid-way leaves a store that opens (status ${RC:-none})"

# After all that, the first store still saves and finds.
run amp "$S" officer case add --form intake --set given_names=Despues \
    --set family_names="Del Golpe" --set sex=female --set birth_date=1990-01-01 \
    --set nationality=PAN --set language=spa
status_is 0
judge "the store saves after the kills"
run amp "$S" officer case find despues golpe
status_is 0 && out_has "Del Golpe"
judge "and finds what it saved"

done_testing
