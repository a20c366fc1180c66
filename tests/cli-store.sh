#!/bin/sh
# cli-store.sh: stores that are not Amparo's, of another format, or damaged: exit 3 with a message, never a crash.
. "$top_srcdir/tests/lib.sh"

plan 11

T=$TEST_TMP
S=$T/store
make_store "$S" 5 1 || echo "# make_store failed"

# open_store DIR: a login and a search, as scripts do.
open_store() {
	run amp "$1" officer case find maria
}

# refused DESCRIPTION TEXT: exit 3, the store's path and TEXT in the message.
refused() {
	status_is 3 && err_has "$D" && err_has "$2"
	judge "$1"
}

# copy NAME: a copy of the good store to damage.
copy() {
	D=$T/$1
	cp -R "$S" "$D"
}

open_store "$S"
[ "${RC:-x}" = 0 ] || [ "${RC:-x}" = 7 ]
judge "the good store opens (the checks below damage copies of it)"

D=$T/notes
mkdir "$D"
echo "minutes of the meeting" > "$D/minutes.txt"
ls -la "$D" > "$T/before"
open_store "$D"
refused "a directory of other files: not an Amparo store" "not an Amparo store"
ls -la "$D" | cmp -s - "$T/before"
judge "and nothing is written into it"

D=$T/dir-data
mkdir -p "$D/data.mdb"
open_store "$D"
status_is 3 && err_has "$D"
judge "data.mdb that is a directory: exit 3, the store named"

D=$T/empty-data
mkdir "$D"
: > "$D/data.mdb"
open_store "$D"
refused "an empty data.mdb: not an Amparo store" "not an Amparo store"

# Stores built with the LMDB tools: another program's, and Amparo's with another format.
if command -v mdb_load > /dev/null 2>&1 && command -v mdb_dump > /dev/null 2>&1; then
	D=$T/other-program
	mkdir "$D"
	printf 'VERSION=3\nformat=bytevalue\ntype=btree\nHEADER=END\n 6b6579\n 76616c7565\nDATA=END\n' |
	    mdb_load -s settings "$D" 2> "$T/mdb.err"
	open_store "$D"
	refused "an LMDB file of another program: not an Amparo store" "not an Amparo store"

	copy future-format
	# The "format" entry of meta (key 666f726d6174) set to 99.
	mdb_dump -s meta "$S" | awk '
	    prev == " 666f726d6174" { print " 0000000000000063"; prev = $0; next }
	    { print; prev = $0 }' > "$T/meta.txt"
	mdb_load -s meta -f "$T/meta.txt" "$D" 2> "$T/mdb.err"
	open_store "$D"
	status_is 3 && err_has "$D" && err_has "format is version 99" &&
	    err_has "reads version 3"
	judge "a store of format 99: exit 3, both versions named"

	# Every database dumped and loaded again, less the "format" entry.
	D=$T/no-format
	mkdir "$D"
	mdb_dump -a "$S" | awk '
	    $0 == " 666f726d6174" { getline; next }
	    { print }' > "$T/all.txt"
	mdb_load -f "$T/all.txt" "$D" 2> "$T/mdb.err"
	open_store "$D"
	refused "a store without a format version: not an Amparo store" "no format version"
else
	skip "an LMDB file of another program: not an Amparo store" "no mdb_load (lmdb-utils)"
	skip "a store of format 99: exit 3, both versions named" "no mdb_load (lmdb-utils)"
	skip "a store without a format version: not an Amparo store" "no mdb_load (lmdb-utils)"
fi

# Damage: the file cut short (a full disk during a copy, a bad backup).
copy truncated
dd if="$S/data.mdb" of="$D/data.mdb.cut" bs=4096 count=2 2> /dev/null
mv "$D/data.mdb.cut" "$D/data.mdb"
open_store "$D"
status_is 3 && err_has "$D"
judge "a data.mdb cut to its first two pages: exit 3 with a message, not a crash"

# Damage: every page after the two meta pages overwritten with zeros.
copy zeroed
PAGES=$(( $(wc -c < "$D/data.mdb") / 4096 - 2 ))
dd if=/dev/zero of="$D/data.mdb" bs=4096 seek=2 count="$PAGES" conv=notrunc \
    2> /dev/null
open_store "$D"
status_is 3 && [ -s "$T/err" ]
judge "pages of data.mdb zeroed: exit 3 with a message, not a crash"

# A stale or garbage lock file is rebuilt: the store still opens.
copy garbage-lock
yes "lock" | head -c 8192 > "$D/lock.mdb"
open_store "$D"
[ "${RC:-x}" = 0 ] || [ "${RC:-x}" = 7 ]
judge "a garbage lock.mdb is rebuilt and the store opens"

done_testing
