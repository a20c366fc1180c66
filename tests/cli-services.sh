#!/bin/sh
# cli-services.sh: the directory of services: amparo services lists it (by category, as CSV), filters it by a person's eligibility (checked against ages and sexes computed here from the directory's own expressions), referral send --service routes to the service's institution, and broken or shrunk directories are refused.
. "$top_srcdir/tests/lib.sh"

need_python_yaml

plan 20

T=$TEST_TMP
S=$T/store
DIR=$AMPARO_FORMS/services/directory.yaml
export AMPARO_TODAY=2026-06-15
make_store "$S" 0 1 || echo "# make_store failed"

# expect [--category C] [--sex S --born YYYY-MM-DD]: the ids of the services
# that should be listed, computed from the directory file alone: its
# "eligible" expressions (ages, sex, and, or, comparisons) turned into
# Python and evaluated on the person, as of AMPARO_TODAY.
expect() {
	"$py" - "$DIR" "$AMPARO_TODAY" "$@" <<'EOF'
import re, sys, datetime, yaml
path, today = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])
args = dict(zip(sys.argv[3::2], sys.argv[4::2]))
doc = yaml.safe_load(open(path, encoding="utf-8"))
def age(born):
    b = datetime.date.fromisoformat(born)
    return today.year - b.year - ((today.month, today.day) < (b.month, b.day))
for s in doc["services"]:
    if s.get("retired"):
        continue
    if "--category" in args and s["category"] != args["--category"]:
        continue
    e = s.get("eligible")
    if e is not None and "--born" in args:
        e = re.sub(r"age\(\$\{birth_date\}\)", str(age(args["--born"])), e)
        e = e.replace("${sex}", repr(args["--sex"]))
        e = re.sub(r"(?<![<>!=])=(?!=)", "==", e)
        if not eval(e, {}):
            continue
    print(s["id"])
EOF
}

# ids FILE: the ids of a text listing (the first word of each heading line).
ids() { awk -F'\t' '/^[a-z]/ { print $1 }' "$1"; }

run "$AMPARO" services
ids "$T/out" > "$T/got"
expect > "$T/want"
status_is 0 && [ -s "$T/want" ] && cmp -s "$T/got" "$T/want"
judge "amparo services lists every service of the directory, retired ones left out"

out_has "Kind: " && out_has "Institution: " && out_has "Place: " &&
    out_has "When: " && out_has "Who: " && out_has "Contact: "
judge "each service shows its kind, institution, place, schedule, eligibility and contact"

cat=$("$py" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["services"][-1]["category"])' "$DIR")
run "$AMPARO" services --category "$cat"
ids "$T/out" > "$T/got"
expect --category "$cat" > "$T/want"
status_is 0 && [ -s "$T/want" ] && cmp -s "$T/got" "$T/want"
judge "--category $cat lists only the services of that category"

run "$AMPARO" services --category no_such_category
status_is 2 && err_has 'no category "no_such_category"'
judge "an unknown category: exit 2, named"

run "$AMPARO" services --csv
n=$(expect | wc -l)
status_is 0 && head -n 1 "$T/out" | grep -q '^id,institution,category,name,' &&
    [ "$(wc -l < "$T/out")" -eq $((n + 1)) ] &&
    [ "$(tail -n +2 "$T/out" | cut -d, -f1)" = "$(expect)" ]
judge "--csv: a header, then one line a service"

# People of different ages and sexes, as of AMPARO_TODAY.
# add_person GIVEN SEX YYYY-MM-DD [SET...]: prints the case number.
add_person() {
	n=$1 x=$2 d=$3
	shift 3
	amp "$S" officer case add --form intake --set given_names="$n" \
	    --set family_names=Servicios --set sex="$x" \
	    --set birth_date="${d#*-*-}/$(echo "$d" | cut -d- -f2)/${d%%-*}" \
	    --set nationality=VEN --set language=spa "$@" 2> "$T/add-err"
}
child="--set unaccompanied_child=no"	# asked of minors only
for p in "Ana female 1990-03-01" "Beto male 2015-07-20 $child" \
    "Carla female 1960-01-01" "Dora female 2010-06-16 $child" \
    "Eva female 2008-06-15" "Fidel male 1950-12-31"; do
	set -- $p
	c=$(add_person "$@")
	if [ -z "$c" ]; then
		fail "services --case: $1 ($2, born $3)" "$(cat "$T/add-err")"
		continue
	fi
	run amp "$S" officer services --case "$c"
	ids "$T/out" > "$T/got"
	expect --sex "$2" --born "$3" > "$T/want"
	if status_is 0 && cmp -s "$T/got" "$T/want"; then
		ok "services --case: $1 ($2, born $3) gets the services that fit"
	else
		fail "services --case: $1 ($2, born $3) gets the services that fit" \
		    "$(diff "$T/want" "$T/got")" "$(outputs)"
	fi
	eval "CASE_$1=\$c"
done

run amp "$S" officer services --case 2026-999999
status_is 7
judge "--case naming no case: exit 7"

# A referral picks its service: the institution is the service's.
svc=$(expect --sex female --born 1990-03-01 | tail -n 1)
inst=$("$py" -c 'import sys, yaml
for s in yaml.safe_load(open(sys.argv[1]))["services"]:
    if s["id"] == sys.argv[2]: print(s["institution"])' "$DIR" "$svc")
SEND="--set urgency=routine --set reason=Referred --set consent_reference=CF-9"
# shellcheck disable=SC2086
run amp "$S" officer referral send "$CASE_Ana" --service "$svc" $SEND
R=$(cat "$T/out")
status_is 0 && amp "$S" officer referral outbox | grep -q "^$R	$CASE_Ana	onpar	$inst	sent	" &&
    amp "$S" officer case show "$R" --format fields |
    grep -qx "service_id=$svc"
judge "referral send --service $svc goes to $inst, the service's institution, and records the service"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$CASE_Ana" --service "$svc" --to womens_institute $SEND
status_is 2 && err_has "offered by \"$inst\", not \"womens_institute\""
judge "--service with another institution's --to: exit 2, both named"

# shellcheck disable=SC2086
run amp "$S" officer referral send "$CASE_Ana" --service no_such_service $SEND
status_is 5 && err_has 'no service "no_such_service"'
judge "an unknown service: exit 5, named"

# The receiving institution records its own result: for a placement test,
# the education ministry's form, offered by the referral's category only.
esvc=$(expect --category education --sex male --born 2015-07-20 | head -n 1)
# shellcheck disable=SC2086
run amp "$S" officer referral send "$CASE_Beto" --service "$esvc" $SEND
E=$(cat "$T/out")
amp "$S" education_officer case transition "$E" acknowledge > /dev/null &&
    amp "$S" education_officer case transition "$E" accept > /dev/null
run amp "$S" education_officer case transition "$E" record_account \
    --set account_outcome=opened --set opened_on=01/06/2026
status_is 9 && err_has "not open"
judge "a bank's result step is not open on an education referral (its guard)"

run amp "$S" education_officer case transition "$E" record_placement \
    --set test_date=10/06/2026 --set grade_placed=g4 --set school=Escuela_Demo
status_is 0 && out_has "state in_care linked" &&
    amp "$S" officer case show "$CASE_Beto" > /dev/null &&
    amp "$S" officer case show "$(sed -n 's/.* linked \([0-9-]*\)$/\1/p' "$T/out")" --format fields |
    grep -qx "grade_placed=g4"
judge "the education officer records the placement test; the referring office reads the grade"

# A broken directory entry stops the program, with the place of the mistake.
cp -R "$AMPARO_FORMS" "$T/forms"
sed "s/^    institution: $inst\$/    institution: ${inst}x/" "$DIR" > "$T/forms/services/directory.yaml"
run env AMPARO_FORMS="$T/forms" "$AMPARO" services
status_is 6 && grep -q "services/directory.yaml:[0-9]*:[0-9]*: service \"[a-z_]*\": unknown institution \"${inst}x\".*did you mean \"$inst\"" "$T/err"
judge "a directory entry naming an unknown institution: exit 6, file:line:column and the closest name"

# The store holds a referral naming $svc: retiring it is accepted, deleting
# it is not (forms check -d).
"$py" - "$DIR" "$svc" retire > "$T/forms/services/directory.yaml" <<'EOF'
import sys
lines, out, cur = open(sys.argv[1], encoding="utf-8").read().split("\n"), [], None
for l in lines:
    if l.startswith("  - id: "):
        cur = l[8:]
    out.append(l)
    if cur == sys.argv[2] and l.startswith("  - id: ") and sys.argv[3] == "retire":
        out.append("    retired: true")
print("\n".join(out), end="")
EOF
run "$AMPARO" forms check -d "$S" "$T/forms"
status_is 0
judge "the store's referral names $svc: marking it retired passes forms check -d"

awk -v id="$svc" '/^  - id: / { skip = ($3 == id) } !skip' "$DIR" > "$T/forms/services/directory.yaml"
run "$AMPARO" forms check -d "$S" "$T/forms"
status_is 6 && err_has "choice \"$svc\" of field \"service_id\"" && err_has "retired: true"
judge "deleting $svc from the directory is refused: records may hold it"

done_testing
