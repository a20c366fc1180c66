#!/bin/sh
# screen-plaintext.sh: names and document numbers typed at the console never reach the store's files in clear, in cases or drafts.
. "$top_srcdir/tests/lib.sh"
need_vtdrive

plan 10

STORE=$TEST_TMP/store
export STORE
make_store "$STORE" 10 1 || echo "# make_store failed"

# The secrets, as typed and as search folds them (case is ignored by grep -i);
# the 8-character prefixes are what the blind index hashes.
SECRETS="Quetzalli Wyrzykowska Ñuñoa Nunoa XK4419872 quetzall wyrzykow
Tlanextli Oyarzábal Oyarzabal Kowalczyk tlanextl oyarzaba kowalczy"

# leaks DIR: the secrets found in any file under DIR, in any case.
leaks() {
	for s in $SECRETS; do
		if grep -r -a -i -l -F -e "$s" "$1" > /dev/null 2>&1; then
			printf '%s ' "$s"
		fi
	done
}

vt_run plaintext "a case with a distinctive name and document typed and saved"

run amp "$STORE" officer case find quetzalli wyrzykowska
NUM=$(casenum "$(cat "$TEST_TMP/out")")
status_is 0 && out_has "Quetzalli" && out_has "Wyrzykowska Ñuñoa"
judge "the case is found by its name (so it is in the store)"

run amp "$STORE" officer case find xk4419872
status_is 0 && out_has "$NUM"
judge "and by its document number"

run amp "$STORE" officer case show --format fields "${NUM:-none}"
out_has "document_number=XK4419872" && out_has "nationality=POL"
judge "the saved case holds the typed values"

L=$(leaks "$STORE")
if [ -z "$L" ]; then
	ok "no name or document number in the store's files (grep -r -a -i)"
else
	fail "no name or document number in the store's files (grep -r -a -i)" \
	    "found: $L" "$(ls -la "$STORE")"
fi

# The search would have caught a leak: the same store with the name planted.
cp -R "$STORE" "$TEST_TMP/planted"
printf 'xx\001wyrzykowska ñuñoa\002' >> "$TEST_TMP/planted/data.mdb"
L=$(leaks "$TEST_TMP/planted")
case $L in
*Wyrzykowska*Ñuñoa*) ok "the search finds a name planted in a copy of the store" ;;
*) fail "the search finds a name planted in a copy of the store" "found: $L" ;;
esac

vt_run plaintext-draft "another name typed, then the line dropped (a draft)"
vt_run plaintext-resume "the draft holds that name"

L=$(leaks "$STORE")
if [ -z "$L" ]; then
	ok "no name in the store's files with a draft in it"
else
	fail "no name in the store's files with a draft in it" "found: $L"
fi

# Nothing else was written next to the store (a log, a temporary file).
extra=$(ls -A "$STORE" | grep -v -x -e data.mdb -e lock.mdb -e kdf.lock |
    tr '\n' ' ')
if [ -z "$extra" ]; then
	ok "the store directory holds only data.mdb, lock.mdb and kdf.lock"
else
	fail "the store directory holds only data.mdb, lock.mdb and kdf.lock" \
	    "also: $extra"
fi

done_testing
