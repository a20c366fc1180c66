#!/bin/sh
# screen-card.sh: cards at the console: the card screen (c in a case) issues a document's card and shows its QR code, which decodes to the payload amparo card show prints; the scanner screen (^V) tells valid, altered, unreadable and revoked codes, each check audited; reissuing asks first; without UTF-8 no block glyph is sent.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 20

STORE=$TEST_TMP/store
AMPARO_CARD_DIR=$TEST_TMP/cards
export STORE AMPARO_CARD_DIR
mkdir -p "$AMPARO_CARD_DIR"
make_store "$STORE" 0 1 || echo "# make_store failed"
# A person with an asylum claim in process, and an asylum-seeker card.
CASE=$(amp "$STORE" officer case add --form intake --set given_names=Ana \
    --set family_names="Tarjeta Prueba" --set sex=female \
    --set birth_date=1990-01-01 --set nationality=VEN --set language=spa \
    2> "$TEST_TMP/err")
DOC=$(amp "$STORE" officer document add "$CASE" \
    --set doc_type=asylum_seeker_card --set doc_number=AB12345 \
    --set issue_date=2026-01-10 --set expiry_date=2099-12-31 \
    2>> "$TEST_TMP/err")
export CASE DOC
[ -n "$CASE" ] && [ -n "$DOC" ]
judge "the fixture: case $CASE with the document $DOC"

# a. The card screen: none yet, r issues it, e exports it, r asks first.
vt_run card "c opens the document's card screen; r issues the card, e exports it, r again asks first"
S=$TEST_TMP/card-issued.txt
echo "# The card screen at 80x24, as the officer sees it:"
show_file "$S"
file_shows "$TEST_TMP/card-none.txt" \
    "no card yet: the screen says so and offers r" \
    "No card has been issued for $DOC yet" "r issues one"
if grep -q '[▀▄█]' "$S" 2> /dev/null && file_has "$S" "State: Issued" &&
    file_has "$S" "Ana Tarjeta Prueba" && file_has "$S" "Number: AB12345" &&
    file_has "$S" "Case: $CASE" && file_has "$S" "Expires: 2099-12-31" &&
    file_has "$S" "Key: "; then
	ok "the QR code and the card's details on one 80x24 screen"
else
	fail "the QR code and the card's details on one 80x24 screen" \
	    "$(cat "$S" 2>&1)"
fi

# b. The code on the screen is the payload amparo card show prints.
run amp "$STORE" officer card show "$DOC"
PAYLOAD=$(grep '^AC1\.' "$TEST_TMP/out")
[ -n "$PAYLOAD" ] && out_has "card 2026-" && out_has "(Issued)"
judge "amparo card show prints the card's payload"
if ! command -v zbarimg > /dev/null 2>&1; then
	skip "the QR code on the screen decodes to the payload" \
	    "zbarimg is not installed (Debian package zbar-tools)"
elif ! python3 "$top_srcdir/tests/screen-qr-pgm.py" "$S" \
    "$TEST_TMP/card.pgm" > "$TEST_TMP/pgm.out" 2>&1; then
	fail "the QR code on the screen decodes to the payload" \
	    "$(cat "$TEST_TMP/pgm.out")"
else
	GOT=$(zbarimg --raw -q "$TEST_TMP/card.pgm" 2> /dev/null)
	if [ -n "$PAYLOAD" ] && [ "$GOT" = "$PAYLOAD" ]; then
		ok "the QR code on the screen decodes to the payload ($(cat "$TEST_TMP/pgm.out"))"
	else
		fail "the QR code on the screen decodes to the payload" \
		    "zbarimg read: $GOT" "card show:   $PAYLOAD"
	fi
fi
SVG=$AMPARO_CARD_DIR/card-AB12345-1.svg
if [ -s "$SVG" ] && grep -q '<svg' "$SVG" &&
    file_has "$TEST_TMP/card-export.txt" "card-AB12345-1.svg"; then
	ok "e writes card-AB12345-1.svg in AMPARO_CARD_DIR and says where"
else
	fail "e writes card-AB12345-1.svg in AMPARO_CARD_DIR and says where" \
	    "$(ls -l "$AMPARO_CARD_DIR" 2>&1)" \
	    "$(cat "$TEST_TMP/card-export.txt" 2>&1)"
fi

# c, d. The scanner: valid, altered, cut short; then reissued.
CARD1=$(casenum "$(head -n 1 "$TEST_TMP/out")")
# One character changed inside the signed part: the card number's last.
ALTERED=$(printf '%s\n' "$PAYLOAD" | sed 's/\.AB12345\./.AB12346./')
CUT=$(printf '%s\n' "$PAYLOAD" | cut -c 1-40)
export PAYLOAD ALTERED CUT
vt_run card-scan "^V: a valid, an altered and a cut code; reissued from the card screen (y, then s), the old code scanned again"
file_shows "$TEST_TMP/scan-valid.txt" "a valid card: VALID, and what it says" \
    "VALID" "AB12345, card 1" "case $CASE" "Expires"
file_shows "$TEST_TMP/scan-altered.txt" \
    "one character changed: ALTERED, and it cannot be trusted" \
    "ALTERED" "cannot be trusted"
file_shows "$TEST_TMP/scan-cut.txt" "a code cut short: UNREADABLE" \
    "UNREADABLE"
file_shows "$TEST_TMP/scan-ask.txt" "reissuing asks first (y/n)" \
    "Issue a new card?" "(y/n)"
file_shows "$TEST_TMP/scan-reissued.txt" \
    "after reissuing, the old card's code is REVOKED" "REVOKED"

# The new card, revoked on the command line, scans REVOKED too.
run amp "$STORE" officer card show "$DOC"
PAYLOAD=$(grep '^AC1\.' "$TEST_TMP/out")
CARD2=$(casenum "$(head -n 1 "$TEST_TMP/out")")
export PAYLOAD
run amp "$STORE" officer card revoke "$CARD2"
status_is 0 && [ "$CARD2" != "$CARD1" ]
judge "amparo card revoke revokes the second card ($CARD2)"
vt_run card-revoked "a card revoked with amparo card revoke scans REVOKED"
file_has "$TEST_TMP/scan-revoked.txt" "REVOKED"
judge "the revoked card's code: REVOKED"
# A scanner types fast: each character costs a few bytes, not a redraw.
b=$(awk '$1 == "bytes" { printf "%s ", $3 }' "$TEST_TMP/card-revoked.out")
big=$(awk '$1 == "bytes" && $3 > 16 { print $2 }' "$TEST_TMP/card-revoked.out")
if [ -n "$b" ] && [ -z "$big" ]; then
	ok "each character typed at the scanner sends at most 16 bytes ($b)"
else
	fail "each character typed at the scanner sends at most 16 bytes" \
	    "bytes: $b" "$(cat "$TEST_TMP/card-revoked.out")"
fi

# Every check at the scanner is in the audit log: five of them.
run amp "$STORE" admin audit log
n=$(grep -c 'card-verify' "$TEST_TMP/out")
if [ "$n" -eq 5 ]; then
	ok "the audit log has one card-verify entry per check (5)"
else
	fail "the audit log has one card-verify entry per check (5)" \
	    "found $n" "$(grep card-verify "$TEST_TMP/out")"
fi

# e. Without UTF-8: a plain word instead of the code, and only ASCII sent.
if ! command -v script > /dev/null 2>&1; then
	skip "LC_ALL=C: the card screen sends only ASCII" "no script(1)"
else
	vt_run card-ascii "LC_ALL=C: the card screen says what the code needs"
	R=$TEST_TMP/card-ascii.raw
	if [ -s "$R" ] && ! LC_ALL=C grep -q "$(printf '[\200-\377]')" "$R" &&
	    file_has "$TEST_TMP/card-ascii.txt" "needs a UTF-8 terminal"; then
		ok "LC_ALL=C: no byte above 0x7f, and the plain message"
		show_file "$TEST_TMP/card-ascii.txt"
	else
		fail "LC_ALL=C: no byte above 0x7f, and the plain message" \
		    "$(LC_ALL=C grep -c "$(printf '[\200-\377]')" "$R" 2>&1) lines with such bytes" \
		    "$(cat "$TEST_TMP/card-ascii.txt" 2>&1)"
	fi
fi
done_testing
