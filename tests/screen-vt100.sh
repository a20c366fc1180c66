#!/bin/sh
# screen-vt100.sh: the console on a vt100 (no colour): everything works, rules and boxes in ASCII.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 4

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 40 1 || echo "# make_store failed"

QUERY=maria
run amp "$STORE" officer case find "$QUERY"
HIT=$(casenum "$(cat "$TEST_TMP/out")")
export QUERY HIT
[ -n "$HIT" ]
judge "the fixture: \"$QUERY\" finds a case ($HIT)"

vt_run vt100 "TERM=vt100: login, list, case, form and choice list work"

# No line-drawing character on any screen captured (box drawing U+2500-257F).
found=
for s in list choice form; do
	f=$TEST_TMP/vt100-$s.txt
	if [ ! -s "$f" ] || grep -q '[─│┌┐└┘├┤┬┴┼]' "$f"; then
		found="$found $s"
	fi
done
if [ -z "$found" ]; then
	ok "no line-drawing characters on the vt100 screens"
else
	fail "no line-drawing characters on the vt100 screens" "on:$found" \
	    "$(cat "$TEST_TMP"/vt100-*.txt 2>&1)"
fi

if file_has "$TEST_TMP/vt100-choice.txt" "+-Sex" &&
    file_has "$TEST_TMP/vt100-choice.txt" "| Filter:"; then
	ok "the choice list's box is drawn with + - |"
	show_file "$TEST_TMP/vt100-choice.txt"
else
	fail "the choice list's box is drawn with + - |" "$(cat "$TEST_TMP/vt100-choice.txt" 2>&1)"
fi

done_testing
