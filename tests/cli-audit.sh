#!/bin/sh
# cli-audit.sh: amparo audit verify|pubkey|checkpoint|log: a log that verifies without a password, exports for the auditor, stores altered with the LMDB tools named at the right entry, filters.
. "$top_srcdir/tests/lib.sh"

plan 28

AMPARO_TODAY=2026-03-07
export AMPARO_TODAY
T=$TEST_TMP
S=$T/store
make_store "$S" 5 1 || echo "# make_store failed"

REQ="--set given_names=José --set family_names=Pérez --set sex=male \
--set birth_date=01/02/1990 --set nationality=VEN --set language=spa"

# shellcheck disable=SC2086
run amp "$S" officer case add --form intake $REQ
C1=$(head -n 1 "$T/out")
# shellcheck disable=SC2086
run amp "$S" officer case edit "$C1" --set family_names=Pérez-Gómez
# shellcheck disable=SC2086
run amp "$S" officer case add --form intake $REQ --set given_names=Ana
status_is 0
judge "cases added and edited as the officer"

# private_copy DIR: a copy of the store that others cannot read, as amparo wants.
private_copy() {
	mkdir -m 770 "$1" && cp "$S/data.mdb" "$1/" && chmod 660 "$1/data.mdb"
}

# entries: the number of entries the last verify reported.
entries() { sed -n 's/^audit log intact: \([0-9]*\) entr.*/\1/p' "$T/out"; }

# --- verify, pubkey, checkpoint -------------------------------------------------

run "$AMPARO" audit verify -d "$S"
status_is 0 && out_has "audit log intact: " && out_has "signed up to entry" &&
    out_has "by key "
judge "audit verify: exit 0, intact, signed, with no password"
N=$(entries)
[ "${N:-0}" -ge 8 ] && out_has "signed up to entry $N by key"
judge "every entry is signed: $N entries, signed up to entry $N"

run "$AMPARO" audit pubkey -d "$S" -o "$T/pubkey"
status_is 0 && out_empty && grep -q '^amparo-audit-public-key: 1$' "$T/pubkey" &&
    grep -Eq '^public-key: [0-9a-f]{64}$' "$T/pubkey" &&
    grep -Eq '^key: [0-9a-f]{16}$' "$T/pubkey"
judge "audit pubkey -o FILE: the public key, its id and the store's"
KEYID=$(sed -n 's/^key: //p' "$T/pubkey")

run "$AMPARO" audit pubkey -d "$S"
status_is 0 && cmp -s "$T/out" "$T/pubkey"
judge "audit pubkey with no -o: the same text on the standard output"

run "$AMPARO" audit checkpoint -d "$S" -u admin --password-file "$PWFILE" \
    -o "$T/ckpt"
E=$(sed -n 's/^entry: //p' "$T/ckpt")
status_is 0 && grep -q '^amparo-audit-checkpoint: 1$' "$T/ckpt" &&
    [ "${E:-0}" -ge "$N" ] && grep -q "^key: $KEYID\$" "$T/ckpt" &&
    grep -Eq '^hash: [0-9a-f]{64}$' "$T/ckpt" &&
    grep -Eq '^time: 2026-03-0[678]T[0-9:]{8}Z$' "$T/ckpt" &&
    grep -Eq '^signature: [0-9a-f]{128}$' "$T/ckpt" &&
    [ "$(wc -l < "$T/ckpt")" -eq 7 ]
judge "audit checkpoint -o FILE: seven lines naming the last entry, signed by key $KEYID"

run "$AMPARO" audit checkpoint -d "$S" -u admin --password-file /nonexistent
status_is 2 && out_empty
judge "audit checkpoint with an unreadable password file: exit 2"

run "$AMPARO" audit verify -d "$S" --pubkey "$T/pubkey" --checkpoint "$T/ckpt"
status_is 0 && out_has "audit log intact: " && ! out_has "kept in the store"
judge "audit verify --pubkey --checkpoint: intact"

# shellcheck disable=SC2086
run amp "$S" officer case add --form intake $REQ --set given_names=Luz
run "$AMPARO" audit verify -d "$S" --pubkey "$T/pubkey" --checkpoint "$T/ckpt"
status_is 0 && [ "$(entries)" -gt "$E" ]
judge "a checkpoint kept from before still verifies a log that grew"

printf 'wrong-password-1\n' > "$T/wrong"
run "$AMPARO" audit log -d "$S" -u officer --password-file "$T/wrong"
status_is 4 && out_empty
judge "audit log with a wrong password: exit 4, nothing listed"

# --- log ------------------------------------------------------------------------

run "$AMPARO" audit log -d "$S" -u admin --password-file "$PWFILE"
M=$(wc -l < "$T/out")
status_is 0 && [ "$M" -gt "$N" ] &&
    awk -F '\t' 'NF != 7 || $1 != NR || $2 !~ /^2026-03-0[678]T[0-9:]+Z$/ { bad = 1 }
	END { exit bad }' "$T/out"
judge "audit log: one entry a line, seven tab-separated fields, in order"
! grep -q 'José\|Pérez\|Luz\|Ana' "$T/out"
judge "audit log holds no answer, only metadata"

run "$AMPARO" audit log -d "$S" -u admin --password-file "$PWFILE" \
    --account officer --action create
status_is 0 && [ "$(wc -l < "$T/out")" -eq 3 ] &&
    awk -F '\t' '$3 != "officer" || $5 != "create" || $7 != "intake" { bad = 1 }
	END { exit bad }' "$T/out"
judge "--account officer --action create: the officer's three new cases"

# The intake has a confidentiality class: opening it to edit is a view.
run "$AMPARO" audit log -d "$S" -u admin --password-file "$PWFILE" --record "$C1"
status_is 0 && [ "$(wc -l < "$T/out")" -eq 3 ] &&
    awk -F '\t' 'NR == 1 && $5 != "create" ||
	NR == 2 && ($5 != "view" || $7 != "gbv") ||
	NR == 3 && $5 != "update" { bad = 1 }
	END { exit bad }' "$T/out"
judge "--record CASE: the case's creation, the view of it to edit, its edit"
ID1=$(cut -f 6 "$T/out" | head -n 1)
run "$AMPARO" audit log -d "$S" -u admin --password-file "$PWFILE" --record "$ID1"
status_is 0 && [ "$(wc -l < "$T/out")" -eq 3 ]
judge "--record ID: the same entries by the case id"

run "$AMPARO" audit log -d "$S" -u admin --password-file "$PWFILE" \
    --since 2026-03-06 --until 2026-03-08
status_is 0 && [ "$(wc -l < "$T/out")" -ge "$M" ]
judge "--since and --until around today: every entry"
run "$AMPARO" audit log -d "$S" -u admin --password-file "$PWFILE" \
    --since 2026-03-09
status_is 0 && out_empty
judge "--since a later day: none"

run "$AMPARO" audit log -d "$S" -u admin --password-file "$PWFILE" --since 31/02/2026
status_is 2 && err_has "31/02/2026"
judge "--since that is not a date: exit 2"

run "$AMPARO" audit verify -d "$S" -o "$T/x"
status_is 2 && err_has "usage: amparo audit"
judge "an option that is not the command's: exit 2 with the usage"

run "$AMPARO" audit frobnicate -d "$S"
status_is 2 && err_has "frobnicate"
judge "an unknown audit command: exit 2"

run "$AMPARO" audit verify -d "$S" --pubkey "$T/ckpt"
status_is 2 && err_has "public key"
judge "a --pubkey file that is not a key: exit 2"

# --- a store altered with the LMDB tools -----------------------------------------

if command -v mdb_load > /dev/null 2>&1 && command -v mdb_dump > /dev/null 2>&1; then
	# Sign the head first, in case the failed login above was noted.
	"$AMPARO" audit checkpoint -d "$S" -u admin --password-file "$PWFILE" \
	    > /dev/null
	run "$AMPARO" audit verify -d "$S"
	H=$(entries)
	status_is 0 && ! out_has "not covered"
	judge "after audit checkpoint, all $H entries are signed"
	KEY5=$(printf ' %016x' 5)

	# One hex digit of entry 5's value changed, loaded over the entry.
	D=$T/flipped
	private_copy "$D"
	mdb_dump -s audit "$S" | awk -v k="$KEY5" '
	    prev == k { c = substr($0, 80, 1); c = (c == "0") ? "1" : "0"
		print substr($0, 1, 79) c substr($0, 81); prev = $0; next }
	    { print; prev = $0 }' > "$T/audit.txt"
	mdb_load -s audit -f "$T/audit.txt" "$D" 2> "$T/mdb.err"
	chmod -R o-rwx "$D"
	run "$AMPARO" audit verify -d "$D"
	status_is 11 && out_has "audit log altered: entry 5 was altered" &&
	    out_has "4 entries verified before it"
	judge "a changed byte in entry 5: exit 11, entry 5 named"

	# The last two entries removed: every database dumped and loaded again.
	D=$T/truncated
	mkdir -m 770 "$D"
	mdb_dump -a "$S" | awk -v a="$(printf ' %016x' $((H - 1)))" \
	    -v b="$(printf ' %016x' "$H")" '
	    /^database=/ { db = $0 }
	    db == "database=audit" && ($0 == a || $0 == b) { getline; next }
	    { print }' > "$T/all.txt"
	mdb_load -f "$T/all.txt" "$D" 2> "$T/mdb.err"
	chmod -R o-rwx "$D"
	run "$AMPARO" audit verify -d "$D"
	status_is 11 && out_has "entries $((H - 1)) to $H were removed"
	judge "the last two entries removed: exit 11, entries $((H - 1)) to $H named"

	# Entries 3 and 4 swapped.
	D=$T/swapped
	private_copy "$D"
	mdb_dump -s audit "$S" | awk -v a="$(printf ' %016x' 3)" \
	    -v b="$(printf ' %016x' 4)" '
	    $0 == a { getline va; next }
	    $0 == b { getline vb; next }
	    /^DATA=END/ { print a; print vb; print b; print va }
	    { print }' > "$T/audit.txt"
	mdb_load -s audit -f "$T/audit.txt" "$D" 2> "$T/mdb.err"
	chmod -R o-rwx "$D"
	run "$AMPARO" audit verify -d "$D"
	status_is 11 && out_has "entry 3 was removed or moved: the entry stored as 3 is entry 4"
	judge "entries 3 and 4 swapped: exit 11, entry 3 named"

	# The public key in meta replaced by another store's: the auditor's copy tells.
	make_store "$T/other" 0 2 > /dev/null
	D=$T/rekeyed
	private_copy "$D"
	mdb_dump -s meta "$T/other" | awk '
	    /^ / && prev == " 61756469742d7075626c69632d6b6579" { print }
	    { prev = $0 }' > "$T/pk.hex"
	{
		mdb_dump -s meta "$S" | sed '/^HEADER=END/q'
		echo " 61756469742d7075626c69632d6b6579"
		cat "$T/pk.hex"
		echo "DATA=END"
	} > "$T/meta.txt"
	mdb_load -s meta -f "$T/meta.txt" "$D" 2> "$T/mdb.err"
	chmod -R o-rwx "$D"
	run "$AMPARO" audit verify -d "$D" --pubkey "$T/pubkey"
	status_is 11 && out_has "is not the key given, $KEYID: it was replaced"
	judge "the store's public key replaced: exit 11 with --pubkey"
	run "$AMPARO" audit verify -d "$D"
	status_is 11 && out_has "is signed by key $KEYID"
	judge "the store's public key replaced: its own checkpoints do not verify"
else
	for d in "all entries signed" "a changed byte in entry 5" \
	    "the last two entries removed" \
	    "entries 3 and 4 swapped" "the store's public key replaced (1)" \
	    "the store's public key replaced (2)"; do
		skip "$d" "no mdb_load (lmdb-utils)"
	done
fi

run "$AMPARO" help audit
status_is 0 && out_has "usage: amparo audit" && out_has "--checkpoint FILE"
judge "amparo help audit"

done_testing
