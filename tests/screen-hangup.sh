#!/bin/sh
# screen-hangup.sh: a dropped line or a TERM signal mid-form: the console exits at once, and the next login resumes every field typed.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 7

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 5 1 || echo "# make_store failed"

vt_run hangup "hang-up mid-form: exit within 5 s, no process left"
vt_run hangup-resume "next login: the draft offered, with the completed fields and the half-typed one; saved"

run amp "$STORE" officer case find hortensia
NUM=$(casenum "$(cat "$TEST_TMP/out")")
run amp "$STORE" officer case show --format fields "${NUM:-none}"
status_is 0 && out_has "given_names=Hortensia" &&
    out_has "family_names=Bermúdez Llanos" && out_has "other_names=La Tía Ho"
judge "the case saved from the draft holds what was typed before the hang-up"

vt_run kill-term "TERM mid-form: the draft is kept, the console says so and exits"
vt_run kill-resume "next login: the draft from before the TERM, every field there"

vt_run hangup-login "hang-up at the login screen: exit within 5 s, no process left"

if pgrep -f "amparo[ ]-d $STORE" > "$TEST_TMP/left" 2>&1; then
	fail "no console is left running on the store" "$(cat "$TEST_TMP/left")"
else
	ok "no console is left running on the store"
fi

done_testing
