# tests/lib.sh: shared by the sh tests: TAP output, fixtures (stores, passwords), the screen driver.
# A test sources it, calls plan N, then ok/fail...; it exits 77 (skip) if what it needs is missing.

set -u
: "${AMPARO:?AMPARO must name the amparo binary (make check sets it)}"
: "${AMPARO_FORMS:?AMPARO_FORMS must name the forms directory}"
: "${top_srcdir:=.}"

TAP_N=0
TAP_FAILED=0
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/amparo-test.XXXXXX") || exit 99
trap 'rm -rf "$TEST_TMP"' EXIT INT TERM HUP

plan() { echo "1..$1"; }

ok() {			# ok DESCRIPTION: a passed check
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $*"
}

fail() {		# fail DESCRIPTION [DETAILS...]: a failed check, details as TAP comments
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $1"
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}

check() {		# check DESCRIPTION COMMAND...: ok if the command succeeds
	desc=$1
	shift
	if out=$("$@" 2>&1); then ok "$desc"; else fail "$desc" "$out"; fi
}

skip_all() {		# skip_all REASON: nothing here can run
	echo "1..0 # SKIP $*"
	exit 0
}

# A password file every fixture account uses.
PWFILE=$TEST_TMP/password
printf 'correct-horse-9\n' > "$PWFILE"
PASSWORD=correct-horse-9

# make_store DIR [PEOPLE [SEED]]: a demo store with accounts admin and officer (fast key derivation).
make_store() {
	"$AMPARO" demo -d "$1" --people "${2:-0}" --seed "${3:-1}" \
	    --password-file "$PWFILE" --no-console --kdf min >/dev/null
}

# amp DIR USER ARGS...: run amparo on a store as an account, password from the file.
amp() {
	dir=$1 user=$2
	shift 2
	sub=$1
	shift
	case $sub in
	case) sub2=$1; shift; "$AMPARO" case "$sub2" -d "$dir" -u "$user" --password-file "$PWFILE" "$@" ;;
	*) "$AMPARO" "$sub" -d "$dir" -u "$user" --password-file "$PWFILE" "$@" ;;
	esac
}

# vt SCRIPT: run a screen script through the terminal emulator driver; skip if it is missing.
need_vtdrive() {
	[ -x "${VTDRIVE:-}" ] || skip_all "no screen driver (configure without --disable-tests)"
}

vt() {
	"$VTDRIVE" "$@"
}

done_testing() {
	[ "$TAP_FAILED" -eq 0 ]
	exit $?
}
