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
	case|referral|user|report|key|audit|document|renewal|card)
		sub2=$1; shift; "$AMPARO" "$sub" "$sub2" -d "$dir" -u "$user" --password-file "$PWFILE" "$@" ;;
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

# --- Added for the command-line, form and screen tests ----------------------

# Screen scripts read these from the environment (vtdrive expands $VARS).
export TEST_TMP PWFILE PASSWORD

# skip DESCRIPTION REASON: a check that cannot run here, as a TAP skip.
skip() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP $2"
}

# todo DESCRIPTION REASON [DETAILS...]: a check known to fail for a reason
# outside this test (TAP TODO: reported, but the test does not fail).
todo() {
	TAP_N=$((TAP_N + 1))
	echo "not ok $TAP_N - $1 # TODO $2"
	shift 2
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}

# run COMMAND...: run with no input; the status in RC, the output in
# $TEST_TMP/out and $TEST_TMP/err (see outputs, judge, err_has, out_has).
run() {
	"$@" < /dev/null > "$TEST_TMP/out" 2> "$TEST_TMP/err"
	RC=$?
}

# outputs: the last run's status and output, for a failure's details.
outputs() {
	echo "exit status ${RC:-?}"
	echo "--- stdout:"
	head -n 30 "$TEST_TMP/out" 2> /dev/null
	echo "--- stderr:"
	head -n 30 "$TEST_TMP/err" 2> /dev/null
}

status_is() { [ "${RC:-x}" = "$1" ]; }
out_has() { grep -F -q -e "$1" "$TEST_TMP/out"; }
err_has() { grep -F -q -e "$1" "$TEST_TMP/err"; }
out_empty() { [ ! -s "$TEST_TMP/out" ]; }

# CONDITION; judge DESCRIPTION: ok if the condition (just evaluated) held,
# else a failure with the last run's output as details.
judge() {
	if [ $? -eq 0 ]; then ok "$1"; else fail "$1" "$(outputs)"; fi
}

# vt_run NAME DESCRIPTION [VTDRIVE OPTIONS...]: run the screen script
# tests/screen/NAME.vt; its screen output goes to $TEST_TMP/NAME.out and
# the driver's report (with the screen framed) is the failure's details.
vt_run() {
	vt_name=$1 vt_desc=$2
	shift 2
	: "${VTDRIVE_TIMEOUT:=30}"	# a slow shared machine, an ASan build
	export VTDRIVE_TIMEOUT
	if vt "$@" "$top_srcdir/tests/screen/$vt_name.vt" \
	    > "$TEST_TMP/$vt_name.out" 2> "$TEST_TMP/$vt_name.err"; then
		ok "$vt_desc"
	else
		fail "$vt_desc" "$(cat "$TEST_TMP/$vt_name.err")"
	fi
}

# file_has FILE TEXT: a fixed-string search in a file (a screen snapshot).
file_has() { grep -F -q -e "$2" "$1" 2> /dev/null; }

# show_file FILE: a file as TAP comments (a screen snapshot in the log).
show_file() {
	sed 's/^/# |/' "$1" 2> /dev/null
}

# file_shows FILE DESCRIPTION TEXT...: ok if the file (a screen snapshot)
# shows every TEXT, shown in the log; else a failure naming what lacks.
file_shows() {
	fs_f=$1 fs_d=$2
	shift 2
	for fs_text; do
		if ! file_has "$fs_f" "$fs_text"; then
			fail "$fs_d" "lacks \"$fs_text\": $(cat "$fs_f" 2>&1)"
			return
		fi
	done
	ok "$fs_d"
	show_file "$fs_f"
}

# casenum TEXT...: the first case number (YYYY-NNNNNN) in the lines given.
casenum() {
	printf '%s\n' "$@" | grep -E -o '[0-9]{4}-[0-9]{6}' | head -n 1
}

# need_python_yaml: set py to a python3 that has the yaml module, or skip.
need_python_yaml() {
	py=
	for p in /usr/bin/python3 python3; do
		if "$p" -c 'import yaml' 2> /dev/null; then
			py=$p
			return 0
		fi
	done
	skip_all "needs python3 with yaml (python3-yaml)"
}
