#!/bin/sh
# qr-roundtrip.sh: a card's QR code, drawn in its SVG, is read back exactly by an independent decoder (zbarimg).
. "$top_srcdir/tests/lib.sh"

# For each payload: tests/qr-card-svg writes a sample card's SVG page
# (card_svg, with qr_make's code), tests/svg-qr-pgm.py rasterises the
# page's QR group to a PGM image, and zbarimg (zbar-tools) decodes it; the
# text it reads must be the payload, byte for byte. libqrencode and our
# drawing could agree with each other and still make a code no scanner
# reads: zbar is the scanner's view.

QC=${QR_CARD_SVG:-$(dirname "$AMPARO")/../tests/qr-card-svg}
[ -x "$QC" ] || skip_all "no tests/qr-card-svg (make check builds it)"
command -v zbarimg > /dev/null 2>&1 ||
    skip_all "no zbarimg: install the Debian package zbar-tools"
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import xml.etree.ElementTree' > /dev/null 2>&1; then
		PY=$p
		break
	fi
done
[ -n "$PY" ] || skip_all "no python3: install the Debian package python3"
RASTER=$top_srcdir/tests/svg-qr-pgm.py

ALNUM='0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'
# A card payload's shape: fields, a fingerprint, a base32 signature
# (about 170 characters, every punctuation mark of the alphanumeric set).
SIG=K7QXZ2MB4TJ6RW3NHE5GAYL7VCPD2SFU6XQ4IOBK3MZN7RW2TE5HJAGLYV4CPDS6FUX7QK2ZMB3TJ4RWN5HEGA
CARD="AC1:K7QX:ASC:ASC-2026-000042:1:2026-000042:S:20634:21364:ONPAR/CTR \$0 %2 *3 +4 -5 .6 /7 :8 $SIG"
LONG=$(printf '%s%s%s%s' "$ALNUM" "$ALNUM" "$ALNUM" "$ALNUM" | cut -c1-170)

# roundtrip NAME MAX_VERSION PAYLOAD: one round trip (MAX_VERSION 0: none).
passed=0 failed=0
roundtrip() {
	name=$1 max=$2 text=$3
	svg=$TEST_TMP/$name.svg pgm=$TEST_TMP/$name.pgm
	info=$TEST_TMP/$name.info
	if ! "$QC" -v "$max" "$text" > "$svg" 2> "$info"; then
		fail "$name: card drawn" "$(cat "$info")"
		failed=$((failed + 1))
		return
	fi
	if ! "$PY" "$RASTER" "$svg" "$pgm" 2> "$TEST_TMP/$name.err"; then
		fail "$name: code rasterised" "$(cat "$TEST_TMP/$name.err")"
		failed=$((failed + 1))
		return
	fi
	got=$(zbarimg --raw -q "$pgm" 2> "$TEST_TMP/$name.err")
	if [ "$got" = "$text" ]; then
		ok "$name: read back exactly ($(sed 's/^qr-card-svg: //' \
		    "$info"))"
		passed=$((passed + 1))
	else
		fail "$name: read back exactly" "payload: [$text]" \
		    "zbarimg: [$got]" "$(cat "$TEST_TMP/$name.err")"
		failed=$((failed + 1))
	fi
}

plan 7
roundtrip short 0 "AC1"
roundtrip alphabet 0 "$ALNUM"
roundtrip card 0 "$CARD"
roundtrip card-v6 6 "$CARD"
roundtrip long-v6 6 "$LONG"
roundtrip spaces 0 "  AC1  TWO  SPACES "
roundtrip mixed-case 0 "Amparo card, 8-bit mode & lower case"
echo "# summary: $passed of $((passed + failed)) cards read back exactly"
done_testing
