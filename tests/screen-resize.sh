#!/bin/sh
# screen-resize.sh: shrinking below 80x24 shows a wrapped "too small" notice and ignores keys; growing back restores the screen.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 4

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 40 1 || echo "# make_store failed"

# A search with results, and the first case it finds.
QUERY=maria
run amp "$STORE" officer case find "$QUERY"
HIT=$(casenum "$(cat "$TEST_TMP/out")")
export QUERY HIT
[ -n "$HIT" ]
judge "the fixture: \"$QUERY\" finds a case ($HIT)"

vt_run resize "20x10 and back to 80x24: notice, keys ignored, screen restored"

SMALL=$TEST_TMP/resize-small.txt
if [ -s "$SMALL" ] && [ "$(awk '{ if (length($0) > w) w = length($0) } END { print w + 0 }' "$SMALL")" -le 20 ] &&
    [ "$(wc -l < "$SMALL")" -eq 10 ]; then
	ok "the notice fits 20 columns and 10 rows"
	show_file "$SMALL"
else
	fail "the notice fits 20 columns and 10 rows" "$(cat "$SMALL" 2>&1)"
fi

# No word of the notice is cut at the right edge: every word is whole.
if [ -s "$SMALL" ] && tr -s ' ' '\n' < "$SMALL" | grep -v '^$' |
    tr '\n' ' ' | grep -F -q "The terminal is too small (20x10). Amparo needs at least 80x24. Enlarge the window; your work is kept."; then
	ok "the notice is wrapped at word boundaries"
else
	fail "the notice is wrapped at word boundaries" "$(cat "$SMALL" 2>&1)"
fi

done_testing
