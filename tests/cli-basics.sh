#!/bin/sh
# cli-basics.sh: version, help, usage errors, init, opening stores that are not there or not stores, login failures, broken forms.
. "$top_srcdir/tests/lib.sh"

plan 42

T=$TEST_TMP

# --- version and help -------------------------------------------------------

run "$AMPARO" --version
status_is 0 && grep -E -q '^amparo [0-9]+\.[0-9]+' "$T/out"
judge "--version prints the program and its version"

run "$AMPARO" help
status_is 0 && out_has "init" && out_has "demo" && out_has "case" &&
    out_has "forms" && out_has "amparo help COMMAND"
judge "help lists every command"

run "$AMPARO" help case
status_is 0 && out_has "usage: amparo case" && out_has "case add" &&
    out_has "case find" && out_has "--set FIELD=VALUE"
judge "help case shows the case subcommands and their options"

run "$AMPARO" help frobnicate
status_is 2 && err_has 'unknown command "frobnicate"'
judge "help of an unknown command: exit 2"

# --- usage errors --------------------------------------------------------------

run "$AMPARO" frobnicate
status_is 2 && out_empty && head -n 1 "$T/err" | grep -q '^amparo: ' &&
    err_has "frobnicate"
judge "unknown command: exit 2, message on stderr starting \"amparo: \""

run "$AMPARO" --frobnicate
status_is 2 && out_empty && err_has "amparo: unknown option" &&
    err_has "--frobnicate"
judge "unknown option: exit 2, the option named"

run "$AMPARO" case add --frobnicate
status_is 2 && err_has "amparo: unknown option" && err_has "--frobnicate"
judge "unknown option to a subcommand: exit 2, the option named"

# Every line of a usage error is amparo's own: "amparo: ..." or "usage: ...",
# not getopt's "add: unrecognized option" under the subcommand's name.
bad=
for args in "--frobnicate" "case add --frobnicate" "init --frobnicate" \
    "demo --frobnicate"; do
	# shellcheck disable=SC2086
	run "$AMPARO" $args
	if grep -v -E '^(amparo: |usage: )' "$T/err" > "$T/odd"; then
		bad="$bad
amparo $args:
$(cat "$T/odd")"
	fi
done
if [ -z "$bad" ]; then
	ok "usage errors are labelled amparo:"
else
	fail "usage errors are labelled amparo:" "lines not starting amparo: or usage::$bad"
fi

# --- init ------------------------------------------------------------------

S=$T/store
run "$AMPARO" init -d "$S" --admin boss --password-file "$PWFILE" --kdf min
status_is 0 && out_has "Created the store" && [ -f "$S/data.mdb" ]
judge "init creates a store"

if [ -d "$S" ] && [ -z "$(find "$S" \( -perm -o=r -o -perm -o=w -o -perm -o=x \) -print)" ]; then
	ok "the store's files are not world-readable"
else
	fail "the store's files are not world-readable" "$(ls -la "$S" 2>&1)"
fi

run "$AMPARO" case find -d "$S" -u boss --password-file "$PWFILE" nobody
status_is 7
judge "the new administrator can log in"

cksum "$S/data.mdb" > "$T/sum1"
run "$AMPARO" init -d "$S" --admin other --password-file "$PWFILE" --kdf min
status_is 3 && err_has "already holds a store" && cksum "$S/data.mdb" | cmp -s - "$T/sum1"
judge "init refuses a directory that holds a store, and leaves it alone"

run "$AMPARO" init --admin boss --password-file "$PWFILE" --kdf min
status_is 2 && err_has "-d DIR"
judge "init without -d: exit 2, asks for -d"

printf 'short\n' > "$T/short"
run "$AMPARO" init -d "$T/s-short" --password-file "$T/short" --kdf min
status_is 2 && err_has "at least 8 characters" && [ ! -e "$T/s-short/data.mdb" ]
judge "init with a password too short: refused, nothing created"

run "$AMPARO" init -d "$T/s-nofile" --password-file "$T/no-such-file" --kdf min
status_is 2 && err_has "$T/no-such-file" && err_has "No such file or directory"
judge "init with a missing password file: the file and the reason named"

: > "$T/empty"
run "$AMPARO" init -d "$T/s-empty" --password-file "$T/empty" --kdf min
status_is 2 && err_has "$T/empty" && err_has "empty"
judge "init with an empty password file: says it is empty"

echo "not a directory" > "$T/regular"
run "$AMPARO" init -d "$T/regular" --password-file "$PWFILE" --kdf min
status_is 3 && err_has "$T/regular" && err_has "not a directory"
judge "init on a regular file: exit 3, not a directory"

# --- opening something that is not a store ------------------------------------

# find_in DIR: a login and a search, the way scripts use the store.
find_in() {
	run "$AMPARO" case find -d "$1" -u boss --password-file "$PWFILE" anyone
}

find_in "$T/no-such-store"
status_is 3 && err_has "$T/no-such-store" && err_has "amparo init"
judge "a store that does not exist: exit 3, points to amparo init"

mkdir "$T/plain-dir"
echo "notes" > "$T/plain-dir/notes.txt"
find_in "$T/plain-dir"
status_is 3 && err_has "$T/plain-dir" && err_has "not an Amparo store" &&
    [ ! -e "$T/plain-dir/data.mdb" ] && [ ! -e "$T/plain-dir/lock.mdb" ]
judge "a directory that is not a store: exit 3, and nothing written in it"

find_in "$T/regular"
status_is 3 && err_has "$T/regular" && err_has "not a directory"
judge "a regular file as the store: exit 3, not a directory"

mkdir "$T/garbage"
yes "this is not an LMDB file" | head -c 100000 > "$T/garbage/data.mdb"
cksum "$T/garbage/data.mdb" > "$T/sum2"
find_in "$T/garbage"
status_is 3 && err_has "$T/garbage" && err_has "damaged" &&
    cksum "$T/garbage/data.mdb" | cmp -s - "$T/sum2"
judge "a garbage data.mdb: exit 3, says damaged, file left unchanged"

# --- login ---------------------------------------------------------------------

printf 'wrong-password-1\n' > "$T/wrong"
run "$AMPARO" case find -d "$S" -u boss --password-file "$T/wrong" anyone
status_is 4 && out_empty && err_has "wrong user name or password"
judge "wrong password: exit 4, wrong user name or password"
cp "$T/err" "$T/err-wrong-password"

run "$AMPARO" case find -d "$S" -u nobody --password-file "$PWFILE" anyone
status_is 4 && out_empty && err_has "wrong user name or password"
judge "unknown user: exit 4, the same message"

cmp -s "$T/err" "$T/err-wrong-password"
judge "unknown user and wrong password cannot be told apart"

run "$AMPARO" -d "$S" -u boss
status_is 2 && err_has "needs a terminal"
judge "the console without a terminal: exit 2, says it needs one"

# --- a broken forms directory ------------------------------------------------------

BAD=$T/badforms
mkdir -p "$BAD/lists"
cp "$AMPARO_FORMS"/lists/*.yaml "$BAD/lists/"
cat > "$BAD/intake.yaml" << 'EOF'
form: intake
version: 1
title: {en: Intake, es: Registro}
sections:
  - id: identity
    label: {en: Identity, es: Identidad}
    fields:
      - id: given_names
        type: text
        lable: {en: Given names, es: Nombres}
EOF
DIAG="$BAD/intake.yaml:10:9: unknown key \"lable\" in a field (did you mean \"label\"?)"
make_store "$T/demo" 0 1 || echo "# make_store failed"
CASE=$("$AMPARO" case add -d "$T/demo" -u officer --password-file "$PWFILE" \
    --form intake --set given_names=Ana --set family_names=Ruiz --set sex=female \
    --set birth_date=1990-01-01 --set nationality=PAN --set language=spa 2>&1)
echo "# a case to show and edit: $CASE"

# bad_forms DESCRIPTION ARGS...: the command fails with exit 6 and the diagnostic.
bad_forms() {
	desc=$1
	shift
	run env AMPARO_FORMS="$BAD" "$AMPARO" "$@"
	status_is 6 && err_has "$DIAG" && err_has "amparo forms check"
	judge "broken forms: $desc: exit 6 with file:line:column"
}
bad_forms "case add" case add -d "$T/demo" -u officer \
    --password-file "$PWFILE" --form intake --set given_names=Ana
bad_forms "case find" case find -d "$T/demo" -u officer \
    --password-file "$PWFILE" ana
bad_forms "case show" case show -d "$T/demo" -u officer \
    --password-file "$PWFILE" "$CASE"
bad_forms "case edit" case edit -d "$T/demo" -u officer \
    --password-file "$PWFILE" "$CASE" --set phone=1
bad_forms "demo" demo -d "$T/demo2" --people 3 --password-file "$PWFILE" \
    --no-console --kdf min
bad_forms "the console" -d "$T/demo" -u officer

run env AMPARO_FORMS="$BAD" "$AMPARO" forms check
status_is 6 && err_has "$DIAG" && err_has "checking the forms failed"
judge "broken forms: forms check: exit 6 with file:line:column"

run env AMPARO_FORMS="$BAD" "$AMPARO" init -d "$T/s-badforms" --password-file "$PWFILE" --kdf min
status_is 0
judge "init does not need the forms"

run env AMPARO_FORMS="$T/no-forms-here" "$AMPARO" case find -d "$T/demo" -u officer \
    --password-file "$PWFILE" ana
status_is 6 && err_has "$T/no-forms-here"
judge "a forms directory that does not exist: exit 6, named"

# The store was not touched by the failed commands: it still answers.
run "$AMPARO" case show -d "$T/demo" -u officer --password-file "$PWFILE" "$CASE"
status_is 0 && out_has "Case $CASE, version 1"
judge "the demo store is unchanged after the failed commands"

# --- passwords on the command line are read from the first line only -------------

printf 'correct-horse-9\nsecond line ignored\n' > "$T/twolines"
run "$AMPARO" case find -d "$S" -u boss --password-file "$T/twolines" anyone
status_is 7
judge "a password file is read up to the end of its first line"

printf 'correct-horse-9' > "$T/nonewline"
run "$AMPARO" case find -d "$S" -u boss --password-file "$T/nonewline" anyone
status_is 7
judge "a password file without a final newline works"

# --- bad option values -------------------------------------------------------------

run "$AMPARO" init -d "$T/s-kdf" --password-file "$PWFILE" --kdf fastest
status_is 2 && err_has "fastest" && [ ! -e "$T/s-kdf/data.mdb" ]
judge "init with an unknown --kdf level: exit 2, nothing created"

run "$AMPARO" -d "$S" --lang fr
status_is 2 && err_has "fr"
judge "the console with --lang fr: exit 2"

run "$AMPARO" case show -d "$S" -u boss --password-file "$PWFILE" --format xml 2026-000001
status_is 2 && err_has "xml"
judge "case show --format xml: exit 2"

run "$AMPARO" case
status_is 2 && err_has "usage: amparo case"
judge "case without a subcommand: exit 2 with the usage"

run "$AMPARO" forms frob
status_is 2 && err_has "check"
judge "forms with an unknown subcommand: exit 2"

done_testing
