#!/bin/sh
# screen-bytes.sh: bytes sent to the terminal per typed character, field move and screen change, held to the design targets.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 7

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 5 1 || echo "# make_store failed"
# A case to search for and open.
amp "$STORE" officer case add --form intake --set given_names=Octavia \
    --set family_names="Byte Counter" --set sex=female \
    --set birth_date=1990-01-01 --set nationality=PAN --set language=spa \
    > /dev/null || echo "# case add failed"
NAME="octavia byte"
export NAME
# The queue line the officer should see once one more case is registered.
n=$(amp "$STORE" officer case queue asylum_claim registered 2> /dev/null |
    wc -l)
QLINE=$(printf 'Registered%31s%6d' '' $((n + 1)))
export QLINE

vt_run bytes "20 characters typed, 20 field moves, 6 section changes, an idle pause, 8 screen changes"

OUT=$TEST_TMP/bytes.out

# figures PREFIX: the counts of the samples named PREFIXnn, sorted.
figures() {
	awk -v p="$1" '$1 == "bytes" && index($2, p) == 1 { print $3 }' "$OUT" | sort -n
}
# rank FILE P: the P-th percentile (nearest rank) of the sorted numbers.
rank() {
	awk -v p="$2" '{ v[NR] = $1 } END {
		if (NR == 0) { print "none"; exit }
		r = int((p * NR + 99) / 100); if (r < 1) r = 1; print v[r] }' "$1"
}

figures char > "$TEST_TMP/chars"
figures move > "$TEST_TMP/moves"
figures sect > "$TEST_TMP/sects"
figures screen > "$TEST_TMP/screens"
nc=$(wc -l < "$TEST_TMP/chars")
nm=$(wc -l < "$TEST_TMP/moves")
ns=$(wc -l < "$TEST_TMP/screens")
c50=$(rank "$TEST_TMP/chars" 50)
c95=$(rank "$TEST_TMP/chars" 95)
m50=$(rank "$TEST_TMP/moves" 50)
m95=$(rank "$TEST_TMP/moves" 95)
s50=$(rank "$TEST_TMP/sects" 50)
s95=$(rank "$TEST_TMP/sects" 95)
x50=$(rank "$TEST_TMP/screens" 50)
x95=$(rank "$TEST_TMP/screens" 95)
echo "# bytes per typed character: median $c50, p95 $c95 (n=$nc; target: median <= 4)"
echo "# bytes per field move:      median $m50, p95 $m95 (n=$nm; target: p95 <= 64)"
echo "# bytes per section change:  median $s50, p95 $s95 (a screen change; target: p95 <= 2500)"
echo "# bytes per screen change:   median $x50, p95 $x95 (n=$ns; target: p95 <= 2500)"
echo "# each character: $(tr '\n' ' ' < "$TEST_TMP/chars")"
echo "# each move:      $(tr '\n' ' ' < "$TEST_TMP/moves")"
echo "# each section:   $(tr '\n' ' ' < "$TEST_TMP/sects")"
echo "# each screen:    $(tr '\n' ' ' < "$TEST_TMP/screens")"

# Byte counts are deterministic for a terminal type, so the design targets
# themselves are held (DESIGN.md: usable at 9,600 baud).
[ "$nc" -eq 20 ] && [ "$c50" -le 4 ]
judge "median bytes per typed character at most 4 (measured $c50)"

[ "$nm" -eq 20 ] && [ "$m95" -le 64 ]
judge "p95 bytes per field move at most 64 (measured $m95)"

[ "$ns" -eq 8 ] && [ "$x95" -le 2500 ] && [ "$s95" -le 2500 ]
judge "p95 bytes per screen change at most 2500 (measured $x95; sections $s95)"

idle=$(awk '$1 == "bytes" && $2 == "idle" { print $3 }' "$OUT")
[ "${idle:-x}" = 0 ]
judge "nothing is sent while idle (measured ${idle:-none} bytes in 1.5 s)"

qidle=$(awk '$1 == "bytes" && $2 == "qidle" { print $3 }' "$OUT")
qlogin=$(awk '$1 == "bytes" && $2 == "qlogin" { print $3 }' "$OUT")
qchange=$(awk '$1 == "bytes" && $2 == "qchange" { print $3 }' "$OUT")
[ "${qidle:-x}" = 0 ] && [ "${qlogin:-x}" = 0 ] && [ "${qchange:-0}" -gt 0 ]
judge "the idle queues send nothing, nor after a save that changes nothing they show; a new case shows (${qidle:-none}, ${qlogin:-none}, ${qchange:-none} bytes)"

# Typing never costs a whole-screen redraw, even once.
cmax=$(tail -n 1 "$TEST_TMP/chars")
[ -n "$cmax" ] && [ "$cmax" -le 100 ]
judge "no typed character costs more than 100 bytes (largest $cmax)"

done_testing
