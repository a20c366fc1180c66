#!/bin/sh
# cli-gbv.sh: the GBV protocol from the command line: consent per purpose and institution enforced when a GBV referral is sent, every step refused by both institutions once it is withdrawn, and every answer of the protocol sealed to the gbv class.
. "$top_srcdir/tests/lib.sh"

plan 26

T=$TEST_TMP
S=$T/store
make_store "$S" 0 1 || echo "# make_store failed"
G=gbv_focal_point
W=womens_institute_focal_point
SECRET=Qwzxplugh

REQ="--set given_names=Rosa --set family_names=Consent --set sex=female \
--set birth_date=01/02/1990 --set nationality=VEN --set language=spa"
SEND="--form gbv_referral --set urgency=urgent \
--set services_asked=shelter --set referral_reason=R_$SECRET \
--set risk_noted=high --set safe_contact=C_$SECRET"


# consent CASE PURPOSE INSTITUTION: record a consent, print its number.
consent() {
	amp "$S" $G case add --form gbv_consent --link "$1" \
	    --set purpose="$2" --set institution="$3" --set how_given=written \
	    --set given_on=01/03/2024 --set given_by=guardian \
	    --set guardian_name=G_$SECRET --set consent_notes=N_$SECRET
}

# shellcheck disable=SC2086
C=$(amp "$S" $G case add --form intake $REQ 2> "$T/err")

# shellcheck disable=SC2086
run amp "$S" $G referral send "$C" --to womens_institute $SEND
status_is 9 && err_has "no consent in force for referral to womens_institute" &&
    out_empty
judge "no consent at all: the GBV referral is refused (exit 9), naming purpose and institution"

K1=$(consent "$C" care womens_institute 2> /dev/null)
# shellcheck disable=SC2086
run amp "$S" $G referral send "$C" --to womens_institute $SEND
status_is 9 && err_has "no consent in force for referral to womens_institute" &&
    err_has "was given for: care"
judge "consent for another purpose (care): refused, saying what was given"

K2=$(consent "$C" referral health 2> /dev/null)
# shellcheck disable=SC2086
run amp "$S" $G referral send "$C" --to womens_institute $SEND
status_is 9 && err_has "was given to: health"
judge "consent to another institution (health): refused, saying to whom"

run amp "$S" $W referral inbox
status_is 0 && out_empty
judge "nothing reached the women's institute"

K3=$(consent "$C" referral womens_institute 2> /dev/null)
# shellcheck disable=SC2086
run amp "$S" $G referral send "$C" --to womens_institute $SEND
status_is 0 && grep -Eq '^[0-9]{4}-[0-9]{6}$' "$T/out"
judge "with consent for referral to the women's institute it is sent"
R=$(cat "$T/out")

run amp "$S" $W referral inbox
status_is 0 && out_has "$R	-	onpar	womens_institute	sent	"
judge "it is in the women's institute's inbox"

run amp "$S" $W case transition "$R" acknowledge
status_is 0 && out_has "state received"
judge "the women's institute acknowledges it"

run amp "$S" $W case transition "$R" accept
status_is 0 && out_has "state accepted"
judge "and accepts it"

run amp "$S" $W case transition "$R" give_care --set care_started=02/03/2024 \
    --set care_services=psychosocial --set care_notes=Care_$SECRET
status_is 0 && out_has "state in_care linked"
judge "and records the care given (a linked record)"
CARE=$(sed -n 's/.* linked //p' "$T/out")

# Withdrawn: the referral stops, for both sides; nothing is lost.
run amp "$S" $G case transition "$K3" withdraw_consent \
    --set withdrawn_on=03/03/2024 --set withdrawal_reason=W_$SECRET
status_is 0 && out_has "state withdrawn linked"
judge "the focal point records the withdrawal of the consent, with date and reason"
WD=$(sed -n 's/.* linked //p' "$T/out")

run amp "$S" $W case transition "$R" counter_refer \
    --set services_given=psychosocial --set outcome=partial --set follow_up=no
status_is 9 && err_has "consent withdrawn on " &&
    err_has "can no longer be moved by either institution"
judge "the receiver's next step is refused: consent withdrawn on DATE (exit 9)"

run amp "$S" $G case transition "$R" withdraw
status_is 9 && err_has "consent withdrawn on "
judge "the sender's step is refused too"

run amp "$S" $W referral inbox
status_is 0 && grep -q "^$R	-	.*	in_care	.*	CONSENT WITHDRAWN " "$T/out"
judge "the inbox line says CONSENT WITHDRAWN instead of a due date"

run amp "$S" $G referral outbox
status_is 0 && grep -q "^$R	.*	CONSENT WITHDRAWN " "$T/out"
judge "and so does the outbox line"

run amp "$S" $G case show "$R"
status_is 0 && out_has "Consent withdrawn on" && out_has "State: In care" &&
    ! out_has "Next steps open to you" && out_has "$CARE"
judge "case show of the referral says so, lists no open step, keeps its care record"

run amp "$S" $G case show "$C"
status_is 0 && grep -q "$R .*consent withdrawn on" "$T/out" &&
    grep -q "$K3 .*Withdrawn" "$T/out"
judge "case show of the case marks the referral and the withdrawn consent"

run amp "$S" $G case show --format fields "$CARE"
status_is 0 && out_has "care_notes=Care_$SECRET"
judge "what was saved before the withdrawal is kept"

run amp "$S" auditor audit log --action consent-refused
status_is 0 && [ "$(grep -c consent-refused "$T/out")" -ge 5 ]
judge "every refusal is in the audit log (consent-refused)"

# A new consent does not revive the referral: it rests on the one withdrawn.
K4=$(consent "$C" referral womens_institute 2> /dev/null)
run amp "$S" $W case transition "$R" counter_refer \
    --set services_given=psychosocial --set outcome=partial --set follow_up=no
status_is 9 && err_has "consent withdrawn on "
judge "a new consent does not revive the referral sent on the withdrawn one"

# shellcheck disable=SC2086
run amp "$S" $G referral send "$C" --to womens_institute $SEND
status_is 0
judge "but a new referral can be sent on the new consent"

# The classes: every answer of every GBV record is sealed to gbv.
sealed_only() {		# sealed_only CASE: every answer (sealed: gbv)
	amp "$S" supervisor case show --format fields "$1" > "$T/f" 2>&1 &&
	    [ "$(grep -vc '^#' "$T/f")" -gt 0 ] &&
	    ! grep -v '^#' "$T/f" | grep -qv '=(sealed: gbv)$'
}
ALL_SEALED=yes
for rec in "$K1" "$K2" "$K3" "$K4" "$WD" "$R" "$CARE"; do
	sealed_only "$rec" || { ALL_SEALED="no: $rec"; cat "$T/f"; }
done
RISK=$(amp "$S" $G case add --form gbv_risk --link "$C" \
    --set assessed_on=01/03/2024 --set risk_level=extreme \
    --set risk_factors="threats weapons" --set safety_plan=P_$SECRET 2>&1)
sealed_only "$RISK" || ALL_SEALED="no: risk $RISK"
[ "$ALL_SEALED" = yes ]
judge "a supervisor without the gbv class reads (sealed: gbv) for every answer of every GBV record"

run amp "$S" $G case show --format fields "$RISK"
status_is 0 && out_has "safety_plan=P_$SECRET" && out_has "risk_level=extreme"
judge "the GBV focal point reads the risk assessment"

run amp "$S" officer referral send "$C" --to womens_institute $SEND
status_is 9
judge "an officer without the GBV forms cannot send a GBV referral"

! grep -a -q "$SECRET" "$S"/*.mdb
judge "no GBV answer is in the store files (grep -a)"

# The demo store: a trainer can show every state, and households.
D=$T/demo
"$AMPARO" demo -d "$D" --people 20 --password-file "$PWFILE" --no-console \
    --kdf min > /dev/null 2>&1 || echo "# demo failed"
run amp "$D" $W referral inbox
missing=
for st in sent received accepted declined in_care counter_referred \
    followed_up closed withdrawn; do
	grep -q "	$st	" "$T/out" || missing="$missing $st"
done
status_is 0 && [ -z "$missing" ] && grep -q "	CONSENT WITHDRAWN " "$T/out"
judge "the demo has GBV referrals in every state and one blocked by a withdrawn consent${missing:+ (missing:$missing)}"

run amp "$D" officer case find Demo Hogar
N=$(cut -f1 "$T/out" | head -n 1)
run amp "$D" officer case show --format fields "$N"
status_is 0 && [ "$(grep -c '^# household .* dependant ' "$T/out")" -eq 2 ]
judge "the demo has households with dependants"

done_testing
