#!/bin/sh
# cli-kill.sh: SIGKILL at random instants of saves and of a bulk import: every acknowledged save is
# there and whole, nothing half-done shows, and the store still opens, searches and saves.
. "$top_srcdir/tests/lib.sh"

plan 6
S=$TEST_TMP/store
make_store "$S" 0 1 || echo "# make_store failed"

add_case() {	# add_case N: save one case, printing its number when acknowledged
	"$AMPARO" case add -d "$S" -u officer --password-file "$PWFILE" \
	    --form intake --set given_names="Kill$1" --set family_names="Matado Prueba" \
	    --set sex=male --set birth_date=1985-05-05 --set nationality=PAN \
	    --set language=spa
}

# How long one whole save takes here (a sanitizer build is many times
# slower): the kills land at random instants across that time and a half.
t0=$(date +%s%N)
add_case 0 > "$TEST_TMP/first" 2>&1
t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000 ))	# microseconds
echo "# one save takes about $((span / 1000)) ms here"
# Sixty instants across that time and a half, drawn once.
awk -v span="$span" 'BEGIN { srand(7); for (i = 1; i <= 60; i++)
    printf "%.6f\n", rand() * span * 1.5 / 1e6 }' > "$TEST_TMP/instants"

# Saves killed at random: each printed number was acknowledged. timeout(1)
# counts from the start of the save's own process.
: > "$TEST_TMP/acked"
i=0
{
	# (The shell's "Killed" notices go to /dev/null with the rest.)
	while read -r instant; do
		i=$((i + 1))
		timeout -s KILL "$instant" "$AMPARO" case add -d "$S" -u officer \
		    --password-file "$PWFILE" --form intake \
		    --set given_names="Kill$i" --set family_names="Matado Prueba" \
		    --set sex=male --set birth_date=1985-05-05 \
		    --set nationality=PAN --set language=spa >> "$TEST_TMP/acked"
	done < "$TEST_TMP/instants"
} 2> /dev/null
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
found=$(grep -c . "$TEST_TMP/out" 2> /dev/null)
found=${found:-0}
# The first, unkilled save is found too; some kills must have landed.
[ "$acked" -ge 3 ] && [ "$acked" -lt 60 ] && [ "$found" -ge $((acked + 1)) ]
judge "the search finds every acknowledged case (found $found, acknowledged $acked + 1; some killed)"

half=0
cut -f 1 "$TEST_TMP/out" | while read -r num; do
	amp "$S" officer case show "$num" --format fields 2> /dev/null |
	    grep -q '^given_names=Kill[0-9]' || echo "$num"
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
