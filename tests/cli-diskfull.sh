#!/bin/sh
# cli-diskfull.sh: a full disk while saving gives a clear message, exit 3, and loses nothing saved.
# The disk is a 600 KiB tmpfs in a private mount namespace (root only; skipped elsewhere).
. "$top_srcdir/tests/lib.sh"

plan 5
if [ "$(id -u)" != 0 ] || ! command -v unshare > /dev/null ||
    ! unshare -m sh -c 'mount -t tmpfs -o size=64k tmpfs /mnt' 2> /dev/null; then
	for d in "saves fail with exit 3 when the disk is full" \
	    "the message names the full disk" "every case saved before is intact" \
	    "the failed case is not half there" "the store still works once there is room"; do
		skip "$d" "needs root and a private tmpfs (unshare -m)"
	done
	exit 0
fi

# Inside the namespace: fill the disk with cases, one command each, until a
# save fails; record every number saved, then free room and save again.
cat > "$TEST_TMP/fill.sh" <<'SCRIPT'
mnt=$1 out=$2
mount -t tmpfs -o size=600k tmpfs "$mnt" || exit 99
s=$mnt/store
"$AMPARO" init -d "$s" --admin officer --password-file "$PWFILE" --kdf min > /dev/null || exit 98
i=0
while [ $i -lt 2000 ]; do
	i=$((i + 1))
	if ! "$AMPARO" case add -d "$s" -u officer --password-file "$PWFILE" \
	    --form intake --set given_names="Persona$i" --set family_names="Llena Disco" \
	    --set sex=female --set birth_date=1990-01-01 --set nationality=PAN \
	    --set language=spa --set protection_notes="$(printf 'x%.0s' $(seq 1 300))" \
	    >> "$out/numbers" 2> "$out/err"; then
		echo $? > "$out/status"
		echo "Persona$i" > "$out/failed"
		break
	fi
done
# Every case saved is still there and readable.
n=0
while read -r num; do
	"$AMPARO" case show -d "$s" -u officer --password-file "$PWFILE" "$num" \
	    --format fields > /dev/null 2>> "$out/show-err" || n=$((n + 1))
done < "$out/numbers"
echo $n > "$out/unreadable"
"$AMPARO" case find -d "$s" -u officer --password-file "$PWFILE" \
    "$(cat "$out/failed")" > "$out/found-failed" 2> /dev/null
# Room again: the same save now works.
mount -o remount,size=4m "$mnt"
"$AMPARO" case add -d "$s" -u officer --password-file "$PWFILE" \
    --form intake --set given_names=Despues --set family_names="Hay Espacio" \
    --set sex=male --set birth_date=1991-02-02 --set nationality=PAN \
    --set language=spa > "$out/after" 2>&1
echo $? > "$out/after-status"
SCRIPT
mkdir -p "$TEST_TMP/mnt" "$TEST_TMP/out"
export AMPARO PWFILE AMPARO_FORMS
unshare -m sh "$TEST_TMP/fill.sh" "$TEST_TMP/mnt" "$TEST_TMP/out"
O=$TEST_TMP/out
# verdict DESCRIPTION DETAILS...: ok if the last command succeeded.
verdict() {
	if [ $? -eq 0 ]; then ok "$1"; else d=$1; shift; fail "$d" "$@"; fi
}
saved=$(wc -l < "$O/numbers" 2> /dev/null || echo 0)
echo "# $saved cases saved before the disk was full"

[ "$(cat "$O/status" 2> /dev/null)" = 3 ] && [ "$saved" -gt 10 ]
verdict "saves fail with exit 3 when the disk is full (after $saved saved)" \
    "status $(cat "$O/status" 2> /dev/null)" "$(cat "$O/err" 2> /dev/null)"

grep -q "disk is full" "$O/err" 2> /dev/null && grep -q "^amparo: " "$O/err"
verdict "the message names the full disk" "$(cat "$O/err" 2> /dev/null)"

[ "$(cat "$O/unreadable" 2> /dev/null)" = 0 ]
verdict "every case saved before is intact" "$(cat "$O/show-err" 2> /dev/null)"

[ ! -s "$O/found-failed" ]
verdict "the failed case is not half there" "$(cat "$O/found-failed" 2> /dev/null)"

[ "$(cat "$O/after-status" 2> /dev/null)" = 0 ] &&
    grep -E -q '^[0-9]{4}-[0-9]{6}$' "$O/after"
verdict "the store still works once there is room" "$(cat "$O/after" 2> /dev/null)"

done_testing
