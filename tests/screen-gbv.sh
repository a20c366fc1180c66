#!/bin/sh
# screen-gbv.sh: the GBV protocol on two consoles at once (the asylum office's GBV focal point and the women's institute's), consent recorded and then withdrawn on screen; and a household's members, moved between in the case view.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 10

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 0 1 || echo "# make_store failed"
CASE=$(amp "$STORE" gbv_focal_point case add --form intake \
    --set given_names=Dos --set family_names=Consentida --set sex=female \
    --set birth_date=01/02/1990 --set nationality=VEN --set language=spa \
    2> "$TEST_TMP/err")
# The consent is the next record saved: the case's number plus one.
n=$(printf '%s\n' "${CASE#*-}" | sed 's/^0*//')
CONSENT=${CASE%-*}-$(printf '%06d' $((n + 1)))
export CASE CONSENT

vt_run gbv-two "the focal point records consent (^A) and sends the GBV referral (^R); the institute, inbox open, takes it to a counter-referral; the focal point sees it and withdraws the consent; the institute's next step is refused"

# gbv_shows NAME DESCRIPTION TEXT...: the snapshot gbv-NAME.txt shows every TEXT.
gbv_shows() {
	sh_n=$1
	shift
	file_shows "$TEST_TMP/gbv-$sh_n.txt" "$@"
}

gbv_shows sent "the case view lists the consent, given, and the GBV referral, sent" \
    "GBV informed consent" "Given, since" "GBV referral" "Sent, since"
gbv_shows inbox "the institute's open inbox showed the referral by itself" \
    "Inbox: referrals sent to us (1)" "Sent"
gbv_shows counter "the focal point's case view shows the care and the counter-referral" \
    "Counter-referred, since" "GBV care given" "Partly completed" \
    "Call her in a month."
gbv_shows withdrawn "the institute's inbox shows the consent withdrawn" \
    "consent withdrawn"
gbv_shows refused "and her next step is refused, the referral saying why" \
    "no step can be taken" "Consent withdrawn on"

run amp "$STORE" gbv_focal_point referral outbox
status_is 0 && out_has "	$CASE	onpar	womens_institute	counter_referred	" &&
    out_has "CONSENT WITHDRAWN"
judge "the command line agrees: counter-referred, then stopped by the withdrawal"

run amp "$STORE" gbv_focal_point case show --format fields "$CONSENT"
status_is 0 && out_has "# state withdrawn" &&
    out_has "purpose=referral" && out_has "institution=womens_institute"
judge "the consent typed on screen holds its purpose and institution, now withdrawn"

# A household: the principal and two dependants, one intake.
P=$(amp "$STORE" officer case add --form intake --set given_names=Ana \
    --set family_names=Hogarpantalla --set sex=female \
    --set birth_date=01/02/1985 --set nationality=VEN --set language=spa \
    --set household_count=2 \
    --set household.1.given_names=Luis \
    --set household.1.family_names=Hogarpantalla \
    --set household.1.relationship=spouse --set household.1.sex=male \
    --set household.1.birth_date=03/04/1983 \
    --set household.1.nationality=VEN --set household.1.register_case=yes \
    --set household.2.given_names=Sofia \
    --set household.2.family_names=Hogarpantalla \
    --set household.2.relationship=child --set household.2.sex=female \
    --set household.2.birth_date=05/06/2015 \
    --set household.2.nationality=VEN --set household.2.register_case=yes \
    --set household.2.unaccompanied_child=no 2> "$TEST_TMP/err")
export P

vt_run household "the case view lists the household; ^O moves to a dependant and back"
gbv_shows household "the principal's view lists every member with relation and state" \
    "Household (^O goes to a member)" "Principal" "Spouse or partner" \
    "Son or daughter" "(this case)"

done_testing
