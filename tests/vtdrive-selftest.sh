#!/bin/sh
# vtdrive-selftest.sh: check the vtdrive screen-test driver against standard tools.
# TAP: one test per case; "1..0 # SKIP" without the vtdrive binary.  VTDRIVE names it.

VTDRIVE=${VTDRIVE:-./tests/vtdrive}
if [ ! -x "$VTDRIVE" ]; then
	echo "1..0 # SKIP $VTDRIVE not found (configure without --disable-tests)"
	exit 0
fi
case $VTDRIVE in
/*) ;;
*) VTDRIVE=$(pwd)/$VTDRIVE ;;
esac

T=$(mktemp -d "${TMPDIR:-/tmp}/vtdrive-selftest.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM
export T

failures=0
count=0
name=

# A case's failures are collected in $T/why, then reported with its TAP line.
: > "$T/why"

fail() {
	{
		echo "$*"
		for f in "$T/out" "$T/err"; do
			[ -s "$f" ] && sed 's/^/    /' "$f"
		done
	} >> "$T/why"
}

# end_case: the TAP line of the case in progress, if any.
end_case() {
	[ -n "$name" ] || return 0
	if [ -s "$T/why" ]; then
		echo "not ok $count - $name"
		sed 's/^/# /' "$T/why"
		failures=$((failures + 1))
	else
		echo "ok $count - $name"
	fi
	: > "$T/why"
	name=
}

# begin_case NAME: end the previous case, start this one.
begin_case() {
	end_case
	count=$((count + 1))
	name=$1
}

# run NAME EXPECTED_RC [VTDRIVE OPTIONS...] < script
run() {
	begin_case "$1"
	want=$2
	shift 2
	cat > "$T/script.vt"
	"$VTDRIVE" "$@" "$T/script.vt" > "$T/out" 2> "$T/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		fail "exit status $rc, expected $want"
		return 1
	fi
	return 0
}

# grep_in FILE PATTERN: fixed-string match, else fail.
grep_in() {
	if ! grep -F -e "$2" "$1" > /dev/null; then
		fail "$(basename "$1") lacks: $2"
		return 1
	fi
	return 0
}

# The pid in FILE must be gone.
check_gone() {
	if [ ! -s "$1" ]; then
		fail "no pid file $1"
		return
	fi
	p=$(cat "$1")
	i=0
	while kill -0 "$p" 2> /dev/null; do
		i=$((i + 1))
		if [ $i -gt 20 ]; then
			fail "process $p survived"
			kill -9 "$p" 2> /dev/null
			return
		fi
		sleep 0.1 2> /dev/null || sleep 1
	done
}

# --- basic: spawn, wait, type, expect, screen, wait-exit ---------------
run basic 0 <<'EOF'
# comment line

size 60 12
spawn /bin/sh -c 'printf "hello\n"; read x; printf "got %s\n" "$x"; exit 3'
wait "hello"
type "world\r"
wait "got world" 5
expect-row 2 "got world"
expect-not "nonsense"
wait-exit 3
screen
echo caption "two words"
EOF
grep_in "$T/out" "got world"
grep_in "$T/out" "caption two words"
grep_in "$T/out" "--"

# --- screen output: trimmed rows and the -o file -----------------------
run screenfile 0 -o "$T/final.txt" <<'EOF'
size 20 3
spawn /bin/sh -c 'printf "a  b   \nsecond"; sleep 30'
wait second
snapshot "${T}/snap.txt"
EOF
printf 'a  b\nsecond\n\n' > "$T/want.txt"
cmp -s "$T/snap.txt" "$T/want.txt" || fail "snapshot differs"
cmp -s "$T/final.txt" "$T/want.txt" || fail "-o screen file differs"

# --- resize reaches the program (stty size) -----------------------------
run resize 0 <<'EOF'
size 80 24
spawn /bin/sh -c 'stty size; read x; stty size; sleep 30'
wait "24 80"
resize 100 30
type "\r"
wait "30 100"
EOF

# --- keys: normal and application cursor mode, control keys ---------------
run keys 0 <<'EOF'
spawn /bin/sh -c 'stty raw -echo; printf "ready1\r\n"; k=$(dd bs=1 count=9 2>/dev/null | od -An -c | tr -s " "); printf "\033[?1h"; stty sane; printf "normal:%s\n" "$k"; stty raw -echo; printf "ready2\r\n"; k=$(dd bs=1 count=6 2>/dev/null | od -An -c | tr -s " "); stty sane; printf "app:%s\n" "$k"; sleep 30'
wait ready1
key Up
key C-s
key BS
key Del
wait "normal: 033 [ A 023 177 033 [ 3 ~"
wait ready2
key Up
key Down
wait "app: 033 O A 033 O B"
EOF

# --- environment: env, $VAR, ${VAR}, quoting ---------------------------
VTDRIVE_SELFTEST_X=outer
export VTDRIVE_SELFTEST_X
run env 0 <<'EOF'
env INNER "in ner"
spawn /bin/sh -c 'echo "[$INNER][$VTDRIVE_SELFTEST_X][$TERM]"; sleep 30'
wait "[in ner][${VTDRIVE_SELFTEST_X}][xterm]"
expect "[$INNER]"
expect-not "\$INNER"
EOF
run undefined-var 2 <<'EOF'
spawn /bin/sh -c 'touch "$T/undef-ran"'
echo $VTDRIVE_SELFTEST_UNDEFINED
EOF
grep_in "$T/err" "script.vt:2: undefined variable VTDRIVE_SELFTEST_UNDEFINED"

# --- bytes and exec ------------------------------------------------------
run bytes 0 <<'EOF'
spawn /bin/sh -c 'stty -echo; echo ready; while read x; do echo "$x"; done'
wait ready
bytes-reset
type "abc\r"
wait abc
bytes line
exec "test -d '$T'"
exec echo from exec
EOF
grep_in "$T/out" "bytes line 5"
grep_in "$T/out" "from exec"
run exec-fails 1 <<'EOF'
exec "exit 3"
EOF
grep_in "$T/err" "script.vt:1: exec: command exited with status 3"

# --- a failing expectation exits 1 with location and a framed screen ----
run expect-fails 1 <<'EOF'
spawn /bin/sh -c 'echo "$$" > "$T/pid1"; echo visible; sleep 30'
wait visible
expect "invisible"
EOF
grep_in "$T/err" "script.vt:3: expect \"invisible\": not on screen"
grep_in "$T/err" "  0|visible     "
check_gone "$T/pid1"

# --- wait-exit with a mismatching status fails --------------------------
run status-mismatch 1 <<'EOF'
spawn /bin/sh -c 'exit 4'
wait-exit 0
EOF
grep_in "$T/err" "expected exit status 0, but the program exited with status 4"

# --- syntax errors exit 2 before anything runs --------------------------
run syntax 2 <<'EOF'
spawn /bin/sh -c 'touch "$T/ran"'
wait-exit
type "unterminated
EOF
grep_in "$T/err" "script.vt:3: unterminated string"
[ -e "$T/ran" ] && fail "script ran despite a syntax error"
run syntax-unknown 2 <<'EOF'
frobnicate 1 2
EOF
grep_in "$T/err" "script.vt:1: unknown command"
run syntax-args 2 <<'EOF'
size 80
EOF
run syntax-key 2 <<'EOF'
key Hyper
EOF

# --- timeouts fail, and promptly ------------------------------------------
start=$(date +%s)
run timeout 1 <<'EOF'
spawn /bin/sh -c 'echo "$$" > "$T/pid2"; sleep 60'
wait "never" 1
EOF
end=$(date +%s)
grep_in "$T/err" "script.vt:2: wait \"never\": timed out after 1.0 s"
[ $((end - start)) -le 6 ] || fail "took $((end - start)) s"
check_gone "$T/pid2"

start=$(date +%s)
VTDRIVE_TIMEOUT=1
export VTDRIVE_TIMEOUT
run default-timeout 1 <<'EOF'
spawn /bin/sh -c 'sleep 60'
wait-exit
EOF
unset VTDRIVE_TIMEOUT
end=$(date +%s)
grep_in "$T/err" "did not exit within 1.0 s"
[ $((end - start)) -le 6 ] || fail "took $((end - start)) s"

# --- a program that ends makes a wait fail at once ------------------------
start=$(date +%s)
run output-ended 1 <<'EOF'
spawn /bin/sh -c 'echo bye'
wait "never" 30
EOF
end=$(date +%s)
grep_in "$T/err" "not on screen and the program's output has ended"
[ $((end - start)) -le 6 ] || fail "took $((end - start)) s"

# --- hangup and signals -------------------------------------------------
run hangup 0 <<'EOF'
spawn /bin/sh -c 'echo ready; sleep 60'
wait ready
hangup
wait-exit signal:HUP 5
EOF
run kill 0 -v <<'EOF'
spawn /bin/sh -c 'echo ready; sleep 60'
wait ready
kill TERM
wait-exit signal:TERM 5
EOF
grep_in "$T/err" "wait-exit: program killed by signal TERM after"

# --- the program is cleaned up at the end of the script --------------------
run cleanup 0 <<'EOF'
spawn /bin/sh -c 'trap "" TERM; echo "$$" > "$T/pid3"; echo up; sleep 60'
wait up
EOF
check_gone "$T/pid3"

# --- several sessions: each its own pty and screen -------------------------
run sessions 0 <<'EOF'
size 40 6
spawn /bin/sh -c 'echo "$$" > "$T/pid5"; echo main-up; read x; echo "main got $x"; sleep 60'
wait main-up
session other /bin/sh -c 'echo "$$" > "$T/pid6"; echo other-up; read x; echo "other got $x"; exit 5'
wait other-up
expect-not main-up
type "two\r"
wait "other got two"
wait-exit 5
session main
expect main-up
expect-not other-up
type "one\r"
wait "main got one"
expect-not "other got"
session other
expect "other got two"
screen
EOF
grep_in "$T/out" "other got two"
check_gone "$T/pid5"
check_gone "$T/pid6"

# --- a session in the background is read while another is waited on -------
run sessions-background 0 <<'EOF'
session writer /bin/sh -c 'i=0; while [ $i -lt 3000 ]; do echo "line $i of background output to fill the pty"; i=$((i + 1)); done; touch "$T/wrote"; echo writer-done; sleep 60'
session main /bin/sh -c 'while [ ! -e "$T/wrote" ]; do sleep 0.1; done; echo seen-it; sleep 60'
wait seen-it 20
session writer
expect writer-done
EOF

# --- a failure names the session; bad session names are syntax errors -----
run sessions-fail 1 <<'EOF'
session second /bin/sh -c 'echo here; sleep 60'
wait here
expect-not here
EOF
grep_in "$T/err" "script.vt:3: expect-not \"here\": found on row 0"
grep_in "$T/err" "session second: screen 80x24"
run sessions-syntax 2 <<'EOF'
session "bad name"
EOF
grep_in "$T/err" "script.vt:1: session: bad session name"

# --- the script may come from stdin ----------------------------------------
begin_case stdin
printf 'spawn /bin/echo from-stdin\nwait from-stdin\n' |
    "$VTDRIVE" - > "$T/out" 2> "$T/err" || fail "exit status $?"

# --- vtdrive killed mid-run takes the program down with it ----------------
begin_case driver-killed
cat > "$T/script.vt" <<'EOF'
spawn /bin/sh -c 'echo "$$" > "$T/pid4"; sleep 60'
wait never 60
EOF
"$VTDRIVE" "$T/script.vt" > "$T/out" 2> "$T/err" &
dpid=$!
i=0
while [ ! -s "$T/pid4" ] && [ $i -lt 50 ]; do
	i=$((i + 1))
	sleep 0.1 2> /dev/null || sleep 1
done
kill -TERM "$dpid"
wait "$dpid"
rc=$?
[ "$rc" -eq 1 ] || fail "exit status $rc, expected 1"
grep_in "$T/err" "interrupted by signal TERM"
check_gone "$T/pid4"

end_case
echo "1..$count"
if [ "$failures" -ne 0 ]; then
	echo "# vtdrive-selftest: $failures of $count cases failed"
	exit 1
fi
exit 0
