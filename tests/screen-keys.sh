#!/bin/sh
# screen-keys.sh: wrong password and retry, ^G help for the screen it is asked from, Esc and ^X, quitting with status 0.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 9

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 5 1 || echo "# make_store failed"

vt_run keys "wrong password, retry, help on the list and the form, ^X and Esc, quit"
vt_run keys-login-quit "^X at the login screen quits with status 0"

L=$TEST_TMP/help-list.txt
F=$TEST_TMP/help-form.txt

file_has "$L" "^A" && file_has "$L" "start the intake of a new case" &&
    file_has "$L" "^D" && file_has "$L" "list your unsaved drafts"
judge "help on the case list names its keys (^A new intake, ^D drafts)"

! file_has "$L" "save the case" && ! file_has "$L" "add an entry"
judge "help on the case list does not list the form's keys"

file_has "$F" "^S" && file_has "$F" "save the case" &&
    file_has "$F" "^A" && file_has "$F" "add an entry"
judge "help on a form names ^S (save) and ^A (add a member)"

! file_has "$F" "list your unsaved drafts" && ! file_has "$F" "start the intake"
judge "help on a form does not list the case list's keys"

# A key is listed for one action only: ^F and ^B move between sections in a
# form, so its help must not also offer them as page keys.
dups=$(awk '/^  [^ ]/ { s = substr($0, 3); i = index(s, "  ");
	n = split(substr(s, 1, i - 1), k, ", "); for (j = 1; j <= n; j++) print k[j] }' "$F" |
    sort | uniq -d | tr '\n' ' ')
if [ -s "$F" ] && [ -z "$dups" ]; then
	ok "help on a form lists each key for one action only"
else
	fail "help on a form lists each key for one action only" "keys listed twice: $dups"
fi

file_has "$F" "Esc" && file_has "$F" "go back"
judge "help on a form says how to go back (Esc)"

grep -q '^  ^X  *leave Amparo' "$L" && grep -q '^  ^X, Esc  *go back' "$F"
judge "^X leaves Amparo from the case list, goes back from a form"

for f in "$L" "$F"; do
	echo "# $(basename "$f"):"
	show_file "$f"
done

done_testing
