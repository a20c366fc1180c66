#!/bin/sh
# screen-lock.sh: the hide key, the idle lock and the account lockout at the console: nothing of a case shows while locked, the form comes back intact, wrong passwords lock the account.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 19

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 5 1 || echo "# make_store failed"

# --- The hide key ------------------------------------------------------------

vt_run lock-hide "^K mid-form: blank at once, a wrong password refused, the right one back to the form as it was; saved"

BLANK=$TEST_TMP/lock-blank.txt
if [ "$(wc -l < "$BLANK" 2> /dev/null)" = 24 ] && ! grep -q '[^ ]' "$BLANK"; then
	ok "hidden, all 24 lines of the screen are empty"
else
	fail "hidden, all 24 lines of the screen are empty" "$(cat "$BLANK" 2>&1)"
fi

hide=$(awk '$1 == "bytes" && $2 == "hide" { print $3 }' "$TEST_TMP/lock-hide.out")
[ -n "$hide" ] && [ "$hide" -le 32 ]
judge "hiding sends at most 32 bytes (measured ${hide:-none})"

SNAP=$TEST_TMP/lock-hidden.txt
if file_has "$SNAP" "Locked" && file_has "$SNAP" "officer" &&
    ! file_has "$SNAP" "Casimira" && ! file_has "$SNAP" "Quintanilla" &&
    ! file_has "$SNAP" "La Casi" && [ "$(wc -l < "$SNAP")" -eq 24 ]; then
	ok "a capture of the lock screen at 80x24: the account, no case data"
	show_file "$SNAP"
else
	fail "a capture of the lock screen at 80x24: the account, no case data" \
	    "$(cat "$SNAP" 2>&1)"
fi

run amp "$STORE" officer case find casimira
NUM=$(casenum "$(cat "$TEST_TMP/out")")
run amp "$STORE" officer case show --format fields "${NUM:-none}"
status_is 0 && out_has "given_names=Casimira" &&
    out_has "family_names=Quintanilla Oropeza" && out_has "other_names=La Casita"
judge "the case saved after the lock holds what was typed before and after it"

# --- The idle lock -----------------------------------------------------------

# A copy of the forms whose roles file locks the console after 3 idle
# seconds (settings: idle_lock_seconds in access/roles.yaml).
LOCKFORMS=$TEST_TMP/forms
export LOCKFORMS
cp -R "$AMPARO_FORMS" "$LOCKFORMS"
ROLES=$LOCKFORMS/access/roles.yaml
if grep -q '^[[:blank:]]*idle_lock_seconds[[:blank:]]*:' "$ROLES" 2> /dev/null; then
	sed 's/^[[:blank:]]*idle_lock_seconds[[:blank:]]*:.*/  idle_lock_seconds: 3/' \
	    "$AMPARO_FORMS/access/roles.yaml" > "$ROLES"
elif grep -q '^settings:[[:blank:]]*$' "$ROLES" 2> /dev/null; then
	sed 's/^settings:[[:blank:]]*$/&\
  idle_lock_seconds: 3/' "$AMPARO_FORMS/access/roles.yaml" > "$ROLES"
elif [ -f "$ROLES" ]; then
	{ printf 'settings:\n  idle_lock_seconds: 3\n'
	  cat "$AMPARO_FORMS/access/roles.yaml"; } > "$ROLES"
fi
if grep -q '^  idle_lock_seconds: 3$' "$ROLES" 2> /dev/null &&
    "$AMPARO" forms check "$LOCKFORMS" > "$TEST_TMP/check" 2>&1; then
	ok "a forms directory whose roles file sets idle_lock_seconds: 3"
else
	fail "a forms directory whose roles file sets idle_lock_seconds: 3" \
	    "$(cat "$TEST_TMP/check" 2>&1)" "$(cat "$ROLES" 2>&1)"
fi

vt_run lock-idle "idle 3 s: locked by itself, no case data, silent, a resize shows the lock only; unlocked to the form and its question as they were"

SNAP=$TEST_TMP/lock-idle.txt
if file_has "$SNAP" "The console locked itself" && file_has "$SNAP" "officer" &&
    ! file_has "$SNAP" "Evaristo" && ! file_has "$SNAP" "Lozano"; then
	ok "the idle lock screen names the account and shows no case data"
	show_file "$SNAP"
else
	fail "the idle lock screen names the account and shows no case data" \
	    "$(cat "$SNAP" 2>&1)"
fi

idle=$(awk '$1 == "bytes" && $2 == "locked-idle" { print $3 }' "$TEST_TMP/lock-idle.out")
[ "${idle:-x}" = 0 ]
judge "nothing is sent while locked and idle (measured ${idle:-none} bytes in 4 s)"

# --- A hang-up while locked --------------------------------------------------

vt_run lock-hangup "hang-up while locked: exit within 5 s, no process left"
vt_run lock-hangup-resume "next login: the draft from before the lock, every field there"

if pgrep -f "amparo[ ]-d $STORE" > "$TEST_TMP/left" 2>&1; then
	fail "no console is left running on the store" "$(cat "$TEST_TMP/left")"
else
	ok "no console is left running on the store"
fi

# --- The lockout -------------------------------------------------------------

# A store of its own, so the locked account stops nothing else.
STORE=$TEST_TMP/store-lockout
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"

vt_run lockout-login "five wrong passwords at login lock the account; the right one is refused then, saying it is locked"

run amp "$STORE" officer case find nobody
! status_is 0 && err_has "locked"
judge "the locked account is refused on the command line too"

run "$AMPARO" user unlock officer -d "$STORE" -u admin --password-file "$PWFILE"
status_is 0
judge "amparo user unlock officer, by the administrator"

vt_run lockout-unlocked "after the unlock, the right password opens the console"

vt_run lockout-lock "five wrong passwords at the lock screen lock the account: the console keeps the form and exits, saying so"

run "$AMPARO" user unlock officer -d "$STORE" -u admin --password-file "$PWFILE"
status_is 0
judge "amparo user unlock officer, again"

vt_run lockout-resume "next login: the draft of the form locked out, every field there"

done_testing
