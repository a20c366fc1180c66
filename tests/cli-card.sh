#!/bin/sh
# cli-card.sh: signed cards from the command line: issued for a document and for an active claim certificate, verified offline with the published keys and a signed revocation list (valid, altered, truncated, garbage, expired, revoked, wrong key), revoked when the document is lost or the card reissued, kept verifiable across a key rotation, and exported as an SVG whose QR code an independent decoder (zbarimg) reads back.
. "$top_srcdir/tests/lib.sh"

plan 36

T=$TEST_TMP
S=$T/store
export AMPARO_TODAY=2026-03-10
make_store "$S" 0 1 || echo "# make_store failed"

# payload FILE: the card's code, the line of "card issue" or "card show"
# output that starts with AC1.
payload() { sed -n 's/^\(AC1\.[A-Z0-9.-]*\)$/\1/p' "$1" | head -n 1; }

# verify ARGS...: amparo card verify, no store login, no password.
verify() { "$AMPARO" card verify "$@"; }

REQ="--set family_names=Tarjeta --set sex=female --set birth_date=05/05/1985 \
--set nationality=VEN --set language=spa"
# shellcheck disable=SC2086
C1=$(amp "$S" officer case add --form intake --set given_names="María José" $REQ)
D1=$(amp "$S" officer document add "$C1" --set doc_type=asylum_seeker_card \
    --set doc_number=AB12345 --set issue_date=2026-03-01 \
    --set expiry_date=2027-03-01)

run amp "$S" officer card issue "$D1"
P1=$(payload "$T/out")
status_is 0 && out_has "card 2026-" && out_has "María José Tarjeta" &&
    [ -n "$P1" ] &&
    printf '%s\n' "$P1" | grep -q "^AC1\.[A-Z2-7]\{4\}\.ASC\.AB12345\.1\.$C1\.S\.20260310\.20270301\.ONPAR\.[A-Z2-7]\{103\}$"
judge "card issue: a signed payload naming the kind, number, card 1, the case, status, dates and office"

printf '%s' "$P1" | grep -q '^[0-9A-Z $%*+./:-]*$' && [ ${#P1} -le 195 ]
judge "the payload is in the QR alphanumeric set and fits a version 6 code (${#P1} characters)"

run amp "$S" officer case show "$C1" --format fields
! out_has "$P1"
judge "the payload holds nothing the case does not print on the card: not the name, not the birth date"

run "$AMPARO" card keys -d "$S" -o "$T/keys.txt"
status_is 0 && head -n 1 "$T/keys.txt" | grep -q "^amparo-card-keys: 1$" &&
    grep -q "^key: [A-Z2-7]\{4\} 2026-03-10 - [0-9a-f]\{64\}$" "$T/keys.txt"
judge "card keys: the published key set, read without a password"

run verify --keys "$T/keys.txt" "$P1"
status_is 0 && out_has "VALID" && out_has "AB12345" &&
    out_has "revocations: not checked"
judge "card verify with the key file only: VALID, exit 0, and it says revocations were not checked"

run verify -d "$S" "$P1"
status_is 0 && out_has "VALID" && out_has "checked against the 0 recorded"
judge "card verify against a store, without a password: VALID"

LOW=$(printf '%s' "$P1" | tr 'A-Z' 'a-z')
run verify --keys "$T/keys.txt" "  $LOW  "
status_is 0 && out_has "VALID"
judge "small letters and spaces around it (a scanner with caps lock): still VALID"

ALT=$(printf '%s' "$P1" | sed 's/\.AB12345\./.AB12346./')
run verify --keys "$T/keys.txt" "$ALT"
status_is 16 && out_has "ALTERED" && out_has "cannot be trusted"
judge "one digit of the number changed: ALTERED, exit 16"

ALT=$(printf '%s' "$P1" | sed 's/\.20270301\./.20290301./')
run verify --keys "$T/keys.txt" "$ALT"
status_is 16 && out_has "ALTERED"
judge "the expiry date pushed back: ALTERED, exit 16"

CUT=$(printf '%s' "$P1" | cut -c 1-60)
run verify --keys "$T/keys.txt" "$CUT"
status_is 16 && out_has "UNREADABLE" && out_has "cut short"
judge "truncated to 60 characters: UNREADABLE (cut short), exit 16"

CUT=$(printf '%s' "$P1" | sed 's/.$//')
run verify --keys "$T/keys.txt" "$CUT"
status_is 16 && out_has "UNREADABLE" && out_has "signature"
judge "its last character lost: UNREADABLE (the signature is cut short)"

run verify --keys "$T/keys.txt" "hello, world"
status_is 16 && out_has "UNREADABLE"
judge "garbage: UNREADABLE"

head -c 300 /dev/urandom > "$T/noise"
"$AMPARO" card verify --keys "$T/keys.txt" - < "$T/noise" > "$T/out" 2> "$T/err"
RC=$?
status_is 16 && out_has "UNREADABLE"
judge "random bytes on the standard input (-): UNREADABLE, no crash"

AMPARO_TODAY=2027-03-02 verify --keys "$T/keys.txt" "$P1" > "$T/out" 2> "$T/err"
RC=$?
status_is 13 && out_has "EXPIRED" && out_has "2027-03-01"
judge "the day after its expiry: EXPIRED, exit 13"

# A second office's store: its keys are not this office's.
S2=$T/other
make_store "$S2" 0 2 || echo "# make_store failed"
C9=$(amp "$S2" officer case add --form intake --set given_names=Otra $REQ 2>/dev/null)
D9=$(amp "$S2" officer document add "$C9" --set doc_type=asylum_seeker_card \
    --set doc_number=ZZ999 --set issue_date=2026-03-01 \
    --set expiry_date=2027-03-01)
amp "$S2" officer card issue "$D9" > "$T/other.out"
P9=$(payload "$T/other.out")
run verify --keys "$T/keys.txt" "$P9"
status_is 15 && out_has "NOT ISSUED BY A KNOWN KEY"
judge "a card signed by another store's key: NOT ISSUED BY A KNOWN KEY, exit 15"

run amp "$S" officer card revocations -o "$T/rev0.txt"
status_is 0 && head -n 1 "$T/rev0.txt" | grep -q "^amparo-card-revocations: 1$" &&
    ! grep -q "^revoked:" "$T/rev0.txt" && grep -q "^signature: " "$T/rev0.txt"
judge "card revocations: a signed list, empty so far"

run verify --keys "$T/keys.txt" --revocations "$T/rev0.txt" "$P1"
status_is 0 && out_has "VALID" && out_has "not among the 0 in the list signed"
judge "verified with the key file and the list: VALID"

# The document reported lost revokes its card, in the same step.
run amp "$S" officer case transition "$D1" report_lost
status_is 0
run amp "$S" officer card show "$D1"
status_is 0 && out_has "Revoked"
judge "the document reported lost: its card shows revoked"

amp "$S" officer card revocations -o "$T/rev1.txt"
FP=$(amp "$S" officer card show "$D1" >/dev/null; amp "$S" officer case show "$(sed -n 's/^card \([0-9-]*\) .*/\1/p' "$T/out")" --format fields | sed -n 's/^fingerprint=//p')
grep -q "^revoked: $FP 2026-03-10 lost$" "$T/rev1.txt"
judge "the new list names the card by its fingerprint, with the day and the reason (lost), not by its number"

! grep -q "AB12345\|$C1\|Tarjeta" "$T/rev1.txt"
judge "the revocation list says nothing of the holder: no number, case or name"

run verify --keys "$T/keys.txt" --revocations "$T/rev1.txt" "$P1"
status_is 14 && out_has "REVOKED" && out_has "lost"
judge "the lost card with the new list: REVOKED (lost), exit 14"

sed 's/^\(revoked: \)\(.\)/\1f/' "$T/rev1.txt" > "$T/rev-bad.txt"
cmp -s "$T/rev1.txt" "$T/rev-bad.txt" && sed 's/^\(revoked: \)\(.\)/\1e/' "$T/rev1.txt" > "$T/rev-bad.txt"
run verify --keys "$T/keys.txt" --revocations "$T/rev-bad.txt" "$P1"
status_is 11 && err_has "altered"
judge "a revocation list with one fingerprint changed is refused whole: exit 11"

run amp "$S" officer card issue "$D1"
status_is 9 && err_has "only a valid document has a card"
judge "no card for a document reported lost: exit 9"

amp "$S" officer case transition "$D1" reissue >/dev/null
run amp "$S" officer card issue "$D1"
P2=$(payload "$T/out")
status_is 0 && printf '%s' "$P2" | grep -q '\.AB12345\.2\.'
judge "the document reissued: its new card is card 2"

amp "$S" officer card issue "$D1" > "$T/out3"
P3=$(payload "$T/out3")
amp "$S" officer card revocations -o "$T/rev2.txt"
verify --keys "$T/keys.txt" --revocations "$T/rev2.txt" "$P2" > "$T/out" 2>&1
RC=$?
status_is 14 && out_has "reissued" &&
    verify --keys "$T/keys.txt" --revocations "$T/rev2.txt" "$P3" >/dev/null
judge "a third card revokes the second (reissued); the third is VALID"

# Key rotation: the old key signs no more, and its cards still verify.
run amp "$S" officer card key rotate
status_is 9
judge "an eligibility officer may not make a new card key: exit 9"

run amp "$S" admin card key rotate
status_is 0 && out_has "signs from today"
"$AMPARO" card keys -d "$S" -o "$T/keys2.txt"
[ "$(grep -c '^key: ' "$T/keys2.txt")" -eq 2 ] &&
    grep -q "^key: [A-Z2-7]\{4\} 2026-03-10 2026-03-10 " "$T/keys2.txt"
judge "card key rotate: two published keys, the old one closed today"

amp "$S" officer case transition "$D1" supersede >/dev/null
D2=$(amp "$S" officer document add "$C1" --set doc_type=temporary_residence \
    --set doc_number=TR5555 --set issue_date=2026-03-10 \
    --set expiry_date=2028-03-10)
amp "$S" officer card issue "$D2" > "$T/out4"
P4=$(payload "$T/out4")
K1=$(printf '%s' "$P3" | cut -d. -f2)
K2=$(printf '%s' "$P4" | cut -d. -f2)
amp "$S" officer card revocations -o "$T/rev3.txt"
[ "$K1" != "$K2" ] &&
    verify --keys "$T/keys2.txt" --revocations "$T/rev3.txt" "$P4" >/dev/null &&
    verify --keys "$T/keys2.txt" "$P3" >/dev/null
judge "after the rotation new cards name the new key; the old key's cards still verify"

verify --keys "$T/keys2.txt" --revocations "$T/rev3.txt" "$P3" > "$T/out"
RC=$?
status_is 14 && out_has "superseded"
judge "the superseded document's card: REVOKED (superseded)"

# A document renewed since its card was issued: the card says so, and a
# new card carries the new expiry.
amp "$S" officer case edit "$D2" --set expiry_date=2029-03-10 > /dev/null
run amp "$S" officer card show "$D2"
status_is 0 && out_has "outdated" &&
    amp "$S" officer card issue "$D2" > "$T/out5" &&
    P4=$(payload "$T/out5") &&
    printf '%s' "$P4" | grep -q '\.TR5555\.2\.[^.]*\.S\.20260310\.20290310\.' &&
    ! amp "$S" officer card show "$D2" | grep -q "outdated"
judge "a document renewed after its card: card show says the card is outdated; the new card carries the new expiry"

# The driver's licence certificate of an active claim is signed the same way.
L1=$(amp "$S" officer referral send "$C1" --form licence_certification \
    --to transit --set licence_type=light)
amp "$S" officer case transition "$L1" certify \
    --set certificate_number=LC-2026-00001 --set valid_until=10/09/2026 > "$T/out"
CERT=$(sed -n 's/.* linked \([0-9-]*\)$/\1/p' "$T/out")
run amp "$S" officer card issue "$CERT"
PL=$(payload "$T/out")
status_is 0 && printf '%s' "$PL" | grep -q "\.DLC\.LC-2026-00001\.1\.$C1\.S\.20260310\.20260910\." &&
    verify --keys "$T/keys2.txt" "$PL" | grep -q "VALID"
judge "the active claim certificate for a driver's licence: a DLC payload that verifies"

run amp "$S" transit_officer card issue "$D2"
status_is 9
judge "the transit authority cannot issue cards: exit 9"

amp "$S" officer case transition "$C1" withdraw > /dev/null
run amp "$S" officer card issue "$CERT"
status_is 9 && err_has "no asylum claim in process"
judge "the claim closed: no certificate card, exit 9"

run amp "$S" officer case add --form card
status_is 2 && err_has "amparo card issue"
judge "a card cannot be typed in with case add: exit 2"

# The printable card, read back by an independent decoder.
run amp "$S" officer card export "$D2" -o "$T/card.svg"
if ! command -v zbarimg > /dev/null 2>&1 || ! command -v python3 > /dev/null 2>&1; then
	skip "the exported card's QR code decodes to its payload" "no zbarimg or python3"
else
	status_is 0 && grep -q "María José Tarjeta" "$T/card.svg" &&
	    python3 "$top_srcdir/tests/svg-qr-pgm.py" "$T/card.svg" "$T/card.pgm" &&
	    zbarimg --raw -q "$T/card.pgm" > "$T/decoded" &&
	    [ "$(tr -d '\n' < "$T/decoded")" = "$P4" ] &&
	    verify --keys "$T/keys2.txt" "$(tr -d '\n' < "$T/decoded")" | grep -q "^VALID"
	judge "card export: an SVG with the holder's name whose QR code zbarimg decodes to the payload, which verifies"
fi

run amp "$S" admin audit log --action card-issue
N_ISSUE=$(grep -c "card-issue" "$T/out")
run amp "$S" admin audit log --action card-revocations
[ "$N_ISSUE" -eq 6 ] && [ "$(grep -c "card-revocations" "$T/out")" -ge 4 ] &&
    amp "$S" admin audit log --action card-key-rotate | grep -q "card-key-rotate"
judge "the audit log records each card issued ($N_ISSUE), each list signed and the key rotation"

done_testing
