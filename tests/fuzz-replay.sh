#!/bin/sh
# fuzz-replay.sh: every input of the fuzz corpora (tests/fuzz/*-corpus) through its target without libFuzzer: no crash, no sanitizer report.
. "$top_srcdir/tests/lib.sh"

# The replay programs (tests/fuzz.am) are the fuzz targets with a main()
# that runs files; under --enable-asan or --enable-fuzzing the sanitizers
# check every input. A failure names the inputs that fail on their own.

BUILD=$(dirname "$(dirname "$AMPARO")")

plan 3

# replay NAME: tests/fuzz/NAME-corpus through tests/fuzz/replay-NAME.
replay() {
	bin=$BUILD/tests/fuzz/replay-$1
	corpus=$top_srcdir/tests/fuzz/$1-corpus
	n=$(ls "$corpus" | wc -l)
	desc="$1: the $n inputs of tests/fuzz/$1-corpus replay cleanly"
	if [ ! -x "$bin" ]; then
		fail "$desc" "no $bin"
		return
	fi
	if [ "$n" -eq 0 ]; then
		fail "$desc" "the corpus is empty"
		return
	fi
	run "$bin" "$corpus"
	if status_is 0 && [ ! -s "$TEST_TMP/err" ] &&
	    out_has "$n inputs replayed"; then
		ok "$desc"
		return
	fi
	failing=
	for f in "$corpus"/*; do
		"$bin" "$f" > /dev/null 2>&1 || failing="$failing ${f##*/}"
	done
	fail "$desc" "failing on their own:${failing:- none}" "$(outputs)"
}

replay expr
replay forms
replay card

done_testing
