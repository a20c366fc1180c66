#!/bin/sh
# style.sh: the mechanical part of the house style (style(9) as tmux): purpose comments, tabs, widths.
# TAP, one check per rule over src/ and tests/ C files. Lines holding a string literal may pass
# 80 columns (translatable messages are kept whole for translators and grep).
: "${top_srcdir:=.}"
cd "$top_srcdir" || exit 99
files=$(ls src/*.c src/*.h tests/*.c tests/unit/*.c tests/unit/*.h tests/fuzz/*.c 2>/dev/null | grep -v fold-table.h)
n=0 failed=0
report() {	# report DESCRIPTION OFFENDERS
	n=$((n + 1))
	if [ -z "$2" ]; then
		echo "ok $n - $1"
	else
		failed=$((failed + 1))
		echo "not ok $n - $1"
		printf '%s\n' "$2" | head -n 20 | sed 's/^/# /'
	fi
}
echo "1..5"
out=$(for f in $files; do head -n 1 "$f" | grep -q '^/\* [a-z0-9./-]*: .*\*/$' || echo "$f"; done)
report "every C file starts with a one-line comment naming itself and its job" "$out"
out=$(grep -n '[[:space:]]$' $files)
report "no trailing white space" "$out"
out=$(grep -n '^        ' $files | grep -v '^[^:]*:[0-9]*:        *\*')
report "indentation is by tabs" "$out"
out=$(for f in $files; do
	awk -v f="$f" 'NR > 1 && !/"/ {
		line = $0; w = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (c == "\t") w = w + 8 - w % 8; else w++
		}
		if (w > 80) print f ":" NR ": " w " columns"
	}' "$f"
done)
report "lines fit in 80 columns (except those with string literals)" "$out"
out=$(grep -n 'malloc(\|calloc(\|realloc(\|strdup(\|asprintf(' src/*.c | grep -v '^src/xmalloc.c:' | grep -v 'x[a-z]*alloc\|xstrdup\|xstrndup\|sodium_malloc\|xreallocarray')
report "allocation goes through the x* helpers (xmalloc.c) or sodium_malloc" "$out"
[ "$failed" -eq 0 ]
