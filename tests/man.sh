#!/bin/sh
# tests/man.sh: the manual pages are lint-clean and agree with the code: every
# key binding, subcommand, exit status and environment variable is documented,
# as is every form keyword, field type, expression function and role, and every
# action the audit log records (in amparo-security.7), and the search index's
# prefix lengths are the ones the code uses.
# TAP; needs only top_srcdir (and MANDOC for the lint, skipped if "no" or empty).

set -u
: "${top_srcdir:=.}"
MANDOC=${MANDOC:-}

src=$top_srcdir/src
page1=$top_srcdir/man/amparo.1
page5=$top_srcdir/man/amparo-store.5
pagef=$top_srcdir/man/amparo-forms.5
pages=$top_srcdir/man/amparo-security.7
pagec=$top_srcdir/man/amparo-cards.5

n=0
failed=0

ok() {			# ok DESCRIPTION
	n=$((n + 1))
	echo "ok $n - $*"
}

fail() {		# fail DESCRIPTION [DETAILS...]: details become TAP comments
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}

skip() {		# skip DESCRIPTION REASON
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# section PAGE NAME: the lines of a page between ".Sh NAME" and the next ".Sh".
section() {
	awk -v want="$2" '
		/^\.Sh[ \t]/ {
			name = $0
			sub(/^\.Sh[ \t]+/, "", name)
			gsub(/"/, "", name)
			on = (name == want)
			next
		}
		on
	' "$1" 2>/dev/null
}

# has_item TOKEN: whether an ".It" line on stdin holds TOKEN as a word.
has_item() {
	awk -v want="$1" '
		/^\.It[ \t]/ { for (i = 2; i <= NF; i++) if ($i == want) found = 1 }
		END { exit !found }
	'
}

# has_command NAME: whether a list item on stdin is headed by the command
# NAME, as ".It Cm NAME ..." or as ".It Xo" then ".Cm NAME ...".
has_command() {
	awk -v want="$1" '
		/^\.It[ \t]/ && $2 == "Cm" && $3 == want { found = 1 }
		prev ~ /^\.It[ \t]+Xo[ \t]*$/ && $1 == ".Cm" && $2 == want { found = 1 }
		{ prev = $0 }
		END { exit !found }
	'
}

# What the code defines.

# The key names of key_table in tui-keys.c; an entry may span lines.
keys=$(awk '
	/key_table\[\][ \t]*=[ \t]*\{/ { table = 1; next }
	table && /^\};/ { table = 0 }
	!table { next }
	/\{[ \t]*ACT_/ { entry = ""; inside = 1 }
	inside {
		entry = entry " " $0
		if (entry ~ /\}/) {
			inside = 0
			if (match(entry, /"[^"]*"/)) {
				name = substr(entry, RSTART + 1, RLENGTH - 2)
				if (!(name in seen)) { seen[name] = 1; print name }
			}
		}
	}
' "$src/tui-keys.c" 2>/dev/null)

# The subcommands of cmd_table in cmd.c: the first string of each entry.
commands=$(awk '
	/cmd_table\[\][ \t]*=[ \t]*\{/ { table = 1; next }
	table && /^\};/ { table = 0 }
	table && /^[ \t]*\{[ \t]*"/ {
		if (match($0, /"[^"]*"/))
			print substr($0, RSTART + 1, RLENGTH - 2)
	}
' "$src/cmd.c" 2>/dev/null)

# The exit statuses of enum amp_status in amparo.h, but the internal 99.
statuses=$(awk '
	/^enum[ \t]+amp_status[ \t]*\{/ { body = 1; next }
	body && /\};/ { body = 0 }
	body && match($0, /AMP_[A-Z0-9_]+[ \t]*=[ \t]*[0-9]+/) {
		v = substr($0, RSTART, RLENGTH)
		sub(/.*=[ \t]*/, "", v)
		if (v != 99)
			print v
	}
' "$src/amparo.h" 2>/dev/null)

# The variables read with getenv("NAME"), and those i18n.c reads through
# getenv() from its vars[] table.
envvars=$( {
	cat "$src"/*.c 2>/dev/null | awk '
		{
			s = $0
			while (match(s, /getenv[ \t]*\([ \t]*"[A-Za-z0-9_]+"/)) {
				v = substr(s, RSTART, RLENGTH)
				sub(/^[^"]*"/, "", v)
				sub(/"$/, "", v)
				print v
				s = substr(s, RSTART + RLENGTH)
			}
		}
	'
	awk '
		/vars\[\][ \t]*=[ \t]*\{/ { table = 1 }
		table {
			s = $0
			while (match(s, /"[A-Za-z0-9_]+"/)) {
				print substr(s, RSTART + 1, RLENGTH - 2)
				s = substr(s, RSTART + RLENGTH)
			}
		}
		table && /\};/ { table = 0 }
	' "$src/i18n.c" 2>/dev/null
} | awk '!seen[$0]++')

# The actions written to the audit log: the first string given to
# audit_note(), session_note() or the helpers that wrap them (key_audit,
# rot_audit), and the strings assigned to an event's .action (not a
# record's, which is xstrdup'ed).
actions=$(cat "$src"/*.c 2>/dev/null | awk '
	/(audit_note|session_note|key_audit|rot_audit)[ \t]*\(/ {
		if (match($0, /"[a-z][a-z-]*"/))
			print substr($0, RSTART + 1, RLENGTH - 2)
	}
	/\.action[ \t]*=/ && !/xstrdup/ {
		s = $0
		while (match(s, /"[a-z][a-z-]*"/)) {
			print substr(s, RSTART + 1, RLENGTH - 2)
			s = substr(s, RSTART + RLENGTH)
		}
	}
' | awk '!seen[$0]++')

# table_names FILE TABLE: the first string of each entry of the C table
# TABLE ("name[] = {" or "name[N] = {" up to "};"), one entry a line.
table_names() {
	awk -v want="$2" '
		index($0, want "[") && /\][ \t]*=[ \t]*\{/ {
			s = $0
			sub(/\[.*/, "", s)
			n = split(s, w, /[ \t*]+/)
			if (w[n] == want) { table = 1; next }
		}
		table && /^\};/ { table = 0 }
		table && /^[ \t]*\{[ \t]*"/ {
			if (match($0, /"[^"]*"/))
				print substr($0, RSTART + 1, RLENGTH - 2)
		}
	' "$1" 2>/dev/null
}

# What the form language has, and the section of amparo-forms.5 that must
# hold an item for each: "SECTION|FILE|TABLE".
form_tables="FORMS|form-load.c|form_kw
FORMS|form-load.c|section_kw
FIELD KEYWORDS|form-load.c|field_kw
CHOICE LISTS|form-load.c|list_kw
FIELD TYPES|form.c|ftype_table
EXPRESSIONS|expr.c|fn_table
WORKFLOWS|workflow-load.c|workflow_kw
WORKFLOWS|workflow-load.c|state_kw
WORKFLOWS|workflow-load.c|transition_kw
ROLES FILE|policy-load.c|policy_kw
ROLES FILE|policy-load.c|settings_kw
ROLES FILE|policy-load.c|inst_kw
ROLES FILE|policy-load.c|role_kw
ROLES FILE|report.c|report_table
SERVICES|services-load.c|directory_kw
SERVICES|services-load.c|category_kw
SERVICES|services-load.c|service_kw"
nform_tables=$(printf '%s\n' "$form_tables" | wc -l | tr -d ' ')
nform_names=0
while IFS='|' read -r fsec ffile ftab; do
	c=$(table_names "$src/$ffile" "$ftab" | wc -l | tr -d ' ')
	nform_names=$((nform_names + c))
done <<EOT
$form_tables
EOT

# The lengths of the name prefixes the search index keeps.
prefix_min=$(awk '/^#define[ \t]+PREFIX_MIN[ \t]/ { print $3 }' "$src/amparo.h" 2>/dev/null)
prefix_max=$(awk '/^#define[ \t]+PREFIX_MAX[ \t]/ { print $3 }' "$src/amparo.h" 2>/dev/null)

count() {
	if [ -z "$1" ]; then echo 0; else printf '%s\n' "$1" | wc -l | tr -d ' '; fi
}
nkeys=$(count "$keys")
ncommands=$(count "$commands")
nstatuses=$(count "$statuses")
nenv=$(count "$envvars")
nactions=$(count "$actions")

set -f		# key names such as "^G" are words, never patterns
echo "1..$((5 + 5 + nkeys + ncommands + nstatuses + nenv + 2 + \
    nform_tables + nform_names + nactions))"

# (a) lint.
for page in "$page1" "$page5" "$pagef" "$pages" "$pagec"; do
	name=${page##*/}
	if [ -z "$MANDOC" ] || [ "$MANDOC" = no ]; then
		skip "mandoc -Tlint -Wwarning $name" "mandoc not found"
		continue
	fi
	if [ ! -f "$page" ]; then
		fail "mandoc -Tlint -Wwarning $name" "$page is missing"
		continue
	fi
	out=$("$MANDOC" -Tlint -Wwarning "$page" 2>&1)
	rc=$?
	if [ $rc -eq 0 ] && [ -z "$out" ]; then
		ok "mandoc -Tlint -Wwarning $name"
	else
		fail "mandoc -Tlint -Wwarning $name" "status $rc" "$out"
	fi
done

# The lists must not be empty: a parser that finds nothing proves nothing.
for what in "key names in src/tui-keys.c:$nkeys" \
    "subcommands in src/cmd.c:$ncommands" \
    "exit statuses in src/amparo.h:$nstatuses" \
    "environment variables in src/*.c:$nenv" \
    "audit log actions in src/*.c:$nactions"; do
	if [ "${what##*:}" -gt 0 ]; then
		ok "found ${what##*:} ${what%:*}"
	else
		fail "found no ${what%:*}" "has the code's layout changed? update tests/man.sh"
	fi
done

# (b) every key in KEYS.
sec=$(section "$page1" KEYS)
for k in $keys; do
	if printf '%s\n' "$sec" | has_item "$k"; then
		ok "key $k is in amparo.1 KEYS"
	else
		fail "key $k is in amparo.1 KEYS" "add an .It line naming $k"
	fi
done

# (c) every subcommand in COMMANDS.
sec=$(section "$page1" COMMANDS)
for c in $commands; do
	if printf '%s\n' "$sec" | has_command "$c"; then
		ok "command $c is in amparo.1 COMMANDS"
	else
		fail "command $c is in amparo.1 COMMANDS" "add an item headed .Cm $c"
	fi
done

# (d) every exit status in EXIT STATUS.
sec=$(section "$page1" "EXIT STATUS")
for s in $statuses; do
	if printf '%s\n' "$sec" | has_item "$s"; then
		ok "exit status $s is in amparo.1 EXIT STATUS"
	else
		fail "exit status $s is in amparo.1 EXIT STATUS" "add .It $s"
	fi
done

# (e) every environment variable in ENVIRONMENT.
sec=$(section "$page1" ENVIRONMENT)
for v in $envvars; do
	if printf '%s\n' "$sec" | has_item "$v"; then
		ok "environment variable $v is in amparo.1 ENVIRONMENT"
	else
		fail "environment variable $v is in amparo.1 ENVIRONMENT" \
		    "add .It Ev $v"
	fi
done

# (f) the search rules state the prefix lengths of src/amparo.h.
flat() { tr '\n' ' ' < "$1" 2>/dev/null; }
want="prefixes of $prefix_min to $prefix_max characters"
if [ -n "$prefix_min" ] && flat "$page5" | grep -F -q "$want"; then
	ok "amparo-store.5 says \"$want\""
else
	fail "amparo-store.5 states PREFIX_MIN and PREFIX_MAX" \
	    "expected \"$want\" (src/amparo.h)"
fi
want="A word of $prefix_min letters or more"
if [ -n "$prefix_min" ] && flat "$page1" | grep -F -q "$want"; then
	ok "amparo.1 says \"$want\""
else
	fail "amparo.1 states PREFIX_MIN" "expected \"$want\" (src/amparo.h)"
fi

# (g) every form keyword, field type, function and role in amparo-forms.5,
# as the head of an item (".It Cm required", ".It Fn age date").
while IFS='|' read -r fsec ffile ftab; do
	names=$(table_names "$src/$ffile" "$ftab")
	if [ -n "$names" ]; then
		ok "found $(count "$names") names in $ftab of src/$ffile"
	else
		fail "found no names in $ftab of src/$ffile" \
		    "has the code's layout changed? update tests/man.sh"
		continue
	fi
	sec=$(section "$pagef" "$fsec")
	for w in $names; do
		if printf '%s\n' "$sec" | has_item "$w"; then
			ok "$ftab $w is in amparo-forms.5 $fsec"
		else
			fail "$ftab $w is in amparo-forms.5 $fsec" \
			    "add an .It line naming $w"
		fi
	done
done <<EOT
$form_tables
EOT

# (h) every action the audit log records in amparo-security.7 AUDIT LOG.
sec=$(section "$pages" "AUDIT LOG")
for a in $actions; do
	if printf '%s\n' "$sec" | has_item "$a"; then
		ok "audit action $a is in amparo-security.7 AUDIT LOG"
	else
		fail "audit action $a is in amparo-security.7 AUDIT LOG" \
		    "add an .It line naming $a"
	fi
done

[ "$failed" -eq 0 ]
