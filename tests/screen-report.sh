#!/bin/sh
# screen-report.sh: the reports screen: F3 and ^E from the case list, the reports a supervisor may run, a report as a table with bar charts in eighth blocks (or '#' without UTF-8), scrolling and going back.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 4

STORE=$TEST_TMP/store
export STORE
AMPARO_TODAY=2026-06-10
export AMPARO_TODAY
make_store "$STORE" 60 1 || echo "# make_store failed"

vt_run report "F3 and ^E open the reports; a report shows as a table with bars"

S=$TEST_TMP/report
if file_has "$S-list.txt" "claims_backlog" &&
    ! file_has "$S-list.txt" "Your role may run no report"; then
	ok "the list holds the reports the supervisor's role runs"
	show_file "$S-list.txt"
else
	fail "the list holds the reports the supervisor's role runs" \
	    "$(cat "$S-list.txt" 2>&1)"
fi

# The table's count is the command line's, on the same row.
n=$(amp "$STORE" supervisor report claims_backlog --csv 2> /dev/null |
    awk -F, '$2 == "registered" { print $3 }')
if [ -n "$n" ] && grep -Eq "Registered +$n " "$S-backlog.txt"; then
	ok "the screen's figures are the command line's ($n registered)"
	show_file "$S-backlog.txt"
else
	fail "the screen's figures are the command line's" \
	    "csv: $n" "$(cat "$S-backlog.txt" 2>&1)"
fi

if file_has "$S-ascii.txt" "#" && file_has "$S-ascii.txt" "Registered"; then
	ok "without UTF-8 the bars are drawn with '#'"
	show_file "$S-ascii.txt"
else
	fail "without UTF-8 the bars are drawn with '#'" \
	    "$(cat "$S-ascii.txt" 2>&1)"
fi

done_testing
