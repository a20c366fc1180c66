#!/bin/sh
# cli-plaintext-10k.sh: no personal value of a demo store of 10,000 people is in the clear in any file of the store (issue 4).
. "$top_srcdir/tests/lib.sh"

# tests/demo-values regenerates the people amparo demo makes for a seed and
# prints their values (see the top of tests/demo-values.c): every answer of
# every text-like field, top level and in the household, and each word of 5
# bytes or more of a value of several words. Answers of select and yes_no
# fields are list codes, not personal values, and are left out, as are
# values under 4 bytes (ages, counts: such bytes turn up anywhere in a
# binary file by chance); the count is in the log. Every file of the store
# is grepped for all of them, as generated and in lower case.
#
# Controls: demo-values must be regenerating the very people of the store
# (every whole value is an answer in the store's export), and the same grep
# must find the values where they are in the clear (in the export, and in a
# copy of data.mdb with a few appended), so an unencrypted store would fail.
#
# The store holds some identifiers in the clear on purpose (amparo-store(5),
# WHAT THE FILES REVEAL): the catalog of form field ids and choice values,
# account and role names, the audit log's times. A few generated words are
# also parts of those ("health" of health_officer, "country" of
# birth_country), and today's date is every audit entry's: those matches are
# checked to be only that, listed, and set aside.

DV=${DEMO_VALUES:-$(dirname "$AMPARO")/../tests/demo-values}
[ -x "$DV" ] || skip_all "no tests/demo-values (make check builds it)"

T=$TEST_TMP
STORE=$T/store
PEOPLE=10000
SEED=7
AMPARO_TODAY=2026-06-15	# the demo's dates count back from today
export AMPARO_TODAY

# num N: N with thousands separated by commas.
num() {
	echo "$1" | awk '{ n = $1; s = ""
		while (length(n) > 3) {
			s = "," substr(n, length(n) - 2) s
			n = substr(n, 1, length(n) - 3)
		}
		print n s }'
}

# size FILE: its size, for people.
size() {
	wc -c < "$1" | awk '{ if ($1 >= 1048576) printf "%.1f MB", $1 / 1048576
		else if ($1 >= 1024) printf "%.1f kB", $1 / 1024
		else printf "%d bytes", $1 }'
}

# lines FILE: its number of lines.
lines() { wc -l < "$1" | tr -d ' '; }

# hits PATTERNS FILE: the number of lines (newline to newline, the file read
# as bytes) of FILE holding any of the patterns; fails if grep does.
hits() {
	LC_ALL=C grep -a -c -F -f "$1" "$2"
	[ $? -le 1 ]
}

# where PATTERNS FILE: what matched, at which byte offset (for failures).
where() {
	LC_ALL=C grep -a -o -b -F -f "$1" "$2" | head -n 20 |
	    sed 's/^\([0-9]*\):/offset \1: /'
}

START=$(date +%s)

# 1. The store.
run "$AMPARO" demo -d "$STORE" --people "$PEOPLE" --seed "$SEED" \
    --password-file "$PWFILE" --kdf min --no-console
DEMO_S=$(($(date +%s) - START))
status_is 0 && out_has "$PEOPLE fictitious people (seed $SEED)"
judge "amparo demo builds a store of $(num $PEOPLE) people (seed $SEED) in about $DEMO_S s"

# 2. Its plaintext export, as an administrator (the file the grep must
# find values in).
T0=$(date +%s)
run amp "$STORE" admin export
cp "$TEST_TMP/out" "$T/export"
EXPORT_S=$(($(date +%s) - T0))
status_is 0 && [ "$(lines "$T/export")" -eq "$PEOPLE" ]
judge "the export holds the $(num $PEOPLE) cases ($(size "$T/export"), $EXPORT_S s)"

# 3. The values, their lower-case forms, and the whole values alone.
T0=$(date +%s)
"$DV" "$PEOPLE" "$SEED" > "$T/values.all" 2> "$T/values.log"
rc1=$?
"$DV" -l "$PEOPLE" "$SEED" > "$T/lower.all" 2>> "$T/values.log"
rc2=$?
"$DV" -w "$PEOPLE" "$SEED" > "$T/whole.all" 2>> "$T/values.log"
rc3=$?
LC_ALL=C sort -u "$T/values.all" > "$T/values"
LC_ALL=C sort -u "$T/lower.all" > "$T/lower"
LC_ALL=C sort -u "$T/whole.all" > "$T/whole"
VALUES_S=$(($(date +%s) - T0))
NALL=$(lines "$T/values.all")
NV=$(lines "$T/values")
NL=$(lines "$T/lower")
NW=$(lines "$T/whole")
NACC=$(LC_ALL=C grep -c "$(printf '[\200-\377]')" "$T/values")
SHORT=$(sed -n '1s/.*left out: \([0-9]*\) values under.*/\1/p' "$T/values.log")
if [ "$rc1$rc2$rc3" = 000 ] && [ "$NALL" -gt 100000 ] &&
    [ "$NV" -gt 20000 ] && [ "$NL" -gt 20000 ] && [ "$NACC" -gt 1000 ] &&
    grep -q -x -F 'María' "$T/values" && grep -q -x -F 'José' "$T/values" &&
    grep -q -x -F 'maría' "$T/lower" &&
    LC_ALL=C grep -q -x -E '[A-Z]{2}[0-9]{7}' "$T/values" &&
    LC_ALL=C grep -q -x -E '\+507 6555-[0-9]{4}' "$T/values" &&
    LC_ALL=C grep -q -x -E 'persona[0-9]+@example\.org' "$T/values"; then
	ok "demo-values prints $(num "$NALL") values and words for $(num $PEOPLE) people: $(num "$NV") distinct, $(num "$NACC") with accents (María, José); $(num "${SHORT:-?}") values under 4 bytes left out"
else
	fail "demo-values prints over 100,000 plausible values" \
	    "exit statuses $rc1 $rc2 $rc3; $NALL printed, $NV distinct, $NL lower-case, $NACC with accents" \
	    "$(cat "$T/values.log")" "$(head -n 20 "$T/values")"
fi
sed 's/^/# /' "$T/values.log" | head -n 1

# 4. They are this store's people: every whole value is an answer in the
# export (a JSON string there: quoted, so no value matches inside another).
sed 's/.*/"&"/' "$T/whole" > "$T/whole.quoted"
LC_ALL=C grep -o -h -F -f "$T/whole.quoted" "$T/export" | LC_ALL=C sort -u \
    > "$T/whole.found"
NF=$(lines "$T/whole.found")
if [ "$NF" -eq "$NW" ] && [ "$NW" -gt 10000 ]; then
	ok "all $(num "$NW") distinct whole values are answers in the export: demo-values regenerates the store's people"
else
	fail "all $(num "$NW") distinct whole values are answers in the export" \
	    "$NF found; some missing:" \
	    "$(LC_ALL=C comm -23 "$T/whole.quoted" "$T/whole.found" | head)"
fi

# 5. What matches in the store's files at all: identifiers the store holds
# in the clear on purpose, and today's date in audit times; nothing else.
cat "$T/values" "$T/lower" > "$T/both"
find "$STORE" -type f | LC_ALL=C sort > "$T/files"
while read -r f; do
	LC_ALL=C grep -a -o -F -f "$T/both" "$f"
done < "$T/files" | LC_ALL=C sort | uniq -c > "$T/matched"
find "$AMPARO_FORMS" -type f -exec cat {} + |
    LC_ALL=C grep -o -E '[a-z0-9_]+' | LC_ALL=C sort -u > "$T/vocabulary"
: > "$T/public"
: > "$T/leaked"
while read -r n m; do
	if [ "$m" = "$AMPARO_TODAY" ]; then
		all=0 audit=0
		while read -r f; do
			a=$(LC_ALL=C grep -a -o -F -e "$m" "$f" | wc -l)
			b=$(LC_ALL=C grep -a -o -F -e "time: ${m}T" "$f" | wc -l)
			all=$((all + a)) audit=$((audit + b))
		done < "$T/files"
		if [ "$all" -eq "$audit" ]; then
			echo "$m" >> "$T/public"
			echo "# set aside: $m, $n times, each an audit entry's time"
			continue
		fi
	elif printf '%s\n' "$m" | LC_ALL=C grep -q -x -E '[a-z0-9_]+' &&
	    LC_ALL=C grep -q -F -e "$m" "$T/vocabulary"; then
		echo "$m" >> "$T/public"
		echo "# set aside: \"$m\", $n times, part of form identifiers:" \
		    $(LC_ALL=C grep -m 3 -F -e "$m" "$T/vocabulary")
		continue
	fi
	echo "$m" >> "$T/leaked"
done < "$T/matched"
NP=$(LC_ALL=C grep -c -v -x -F -e "$AMPARO_TODAY" "$T/public")
if [ ! -s "$T/leaked" ]; then
	ok "the only generated values in the store's files are $NP words of form identifiers and today's date in audit times (set aside)"
else
	fail "the only generated values in the store's files are words of form identifiers and today's date in audit times" \
	    "generated values in the clear:" "$(cat "$T/leaked")" \
	    "$(while read -r f; do
		where "$T/leaked" "$f" | sed "s|^|${f##*/} |"
	    done < "$T/files")"
fi

# The patterns of every check below: the values and lower-case forms, less
# those set aside.
LC_ALL=C grep -v -x -F -f "$T/public" "$T/values" > "$T/values.check"
LC_ALL=C grep -v -x -F -f "$T/public" "$T/lower" > "$T/lower.check"
NVC=$(lines "$T/values.check")
NLC=$(lines "$T/lower.check")

# 6. The same grep finds them in the export, which is in the clear.
EV=$(hits "$T/values.check" "$T/export")
EL=$(hits "$T/lower.check" "$T/export")
# (At least one a person: the demo's households and protocols add records
# that repeat generated names.)
if [ "${EV:-0}" -ge "$PEOPLE" ] && [ "${EL:-0}" -gt 0 ]; then
	ok "the grep finds generated values in all $(num "$EV") cases of the export, lower-case forms in $(num "$EL")"
else
	fail "the grep finds generated values in every case of the export" \
	    "values in ${EV:-?} cases, lower-case forms in ${EL:-?}"
fi

# 7. And in a copy of data.mdb with four appended, between NULs: a value
# with an accent, a document number, an e-mail address, a lower-case form.
P1=$(LC_ALL=C grep -m 1 "$(printf '[\200-\377]')" "$T/values.check")
P2=$(LC_ALL=C grep -m 1 -x -E '[A-Z]{2}[0-9]{7}' "$T/values.check")
P3=$(LC_ALL=C grep -m 1 -x -E 'persona[0-9]+@example\.org' "$T/values.check")
P4=$(LC_ALL=C grep -m 1 "$(printf '[\200-\377]')" "$T/lower.check")
cp "$STORE/data.mdb" "$T/control.mdb"
printf '\0%s\0%s\0%s\0%s\0' "$P1" "$P2" "$P3" "$P4" >> "$T/control.mdb"
CV=$(hits "$T/values.check" "$T/control.mdb")
CL=$(hits "$T/lower.check" "$T/control.mdb")
LC_ALL=C grep -a -o -F -f "$T/values.check" "$T/control.mdb" > "$T/control.v"
LC_ALL=C grep -a -o -F -f "$T/lower.check" "$T/control.mdb" > "$T/control.l"
if [ "${CV:-0}" -gt 0 ] && [ "${CL:-0}" -gt 0 ] &&
    grep -q -x -F -e "$P1" "$T/control.v" &&
    grep -q -x -F -e "$P2" "$T/control.v" &&
    grep -q -x -F -e "$P3" "$T/control.v" &&
    grep -q -x -F -e "$P4" "$T/control.l"; then
	ok "the grep finds values appended to a copy of data.mdb ($P1, $P2, $P3; lower-case $P4)"
else
	fail "the grep finds values appended to a copy of data.mdb" \
	    "appended: $P1 $P2 $P3 $P4" "found: $(cat "$T/control.v")" \
	    "lower-case found: $(cat "$T/control.l")"
fi

# 8. Every file of the store: no value, no lower-case form.
T0=$(date +%s)
while read -r f; do
	name=$(basename "$f")
	for form in values lower; do
		if [ $form = values ]; then
			desc="none of $(num "$NVC") generated values appears in $name ($(size "$f"))"
		else
			desc="nor any of their $(num "$NLC") lower-case forms"
		fi
		if n=$(hits "$T/$form.check" "$f") && [ "$n" -eq 0 ]; then
			ok "$desc"
		else
			fail "$desc" "${n:-grep failed} lines match:" \
			    "$(where "$T/$form.check" "$f")"
		fi
	done
done < "$T/files"
GREP_S=$(($(date +%s) - T0))

echo "# seconds: demo $DEMO_S, export $EXPORT_S, demo-values $VALUES_S, store greps $GREP_S, all $(($(date +%s) - START))"
plan "$TAP_N"
done_testing
