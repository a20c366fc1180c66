#!/usr/bin/env python3
# report-figures.py: every report's figures computed independently from the records, for cli-report.sh.
# Usage: report-figures.py FORMS_DIR TODAY DUMP OUTDIR [INSTITUTION]
# DUMP holds "amparo case show --format fields --version N" of every version
# of every record, each block headed by "@@ NUMBER VERSION". The definitions
# are those of amparo(1), report; one CSV a report is written to OUTDIR
# (RFC 4180, CR LF), with the rows of INSTITUTION only if one is given.
import csv
import datetime
import glob
import os
import sys

try:
    import yaml
except ImportError:
    print("needs python3-yaml", file=sys.stderr)
    sys.exit(77)

forms_dir, today_s, dump, outdir = sys.argv[1:5]
only = sys.argv[5] if len(sys.argv) > 5 else None


def day(s):
    return datetime.date.fromisoformat(s[:10]).toordinal()


TODAY = day(today_s)

# The workflows: per form, its id, initial state, terminal states, sides,
# and each state's shortest deadline.
wf = {}
for path in glob.glob(os.path.join(forms_dir, "workflows", "*.yaml")):
    with open(path, encoding="utf-8") as f:
        y = yaml.safe_load(f)
    term = {s["id"] for s in y["states"] if s.get("terminal")}
    dl = {}
    sided = False
    for t in y.get("transitions", []):
        sided = sided or "side" in t
        d = t.get("deadline_days", 0)
        for s in t["from"]:
            if d > 0 and (s not in dl or d < dl[s]):
                dl[s] = d
    wf[y["form"]] = {"id": y["workflow"], "initial": y["initial"],
                     "terminal": term, "sided": sided, "deadline": dl}

# The records: each version's header and fields.
recs = {}
cur = None
with open(dump, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if line.startswith("@@ "):
            _, num, ver = line.split()
            cur = {"num": num, "version": int(ver), "state": "",
                   "inst": "", "assignee": "", "parent": None, "fields": {}}
            recs.setdefault(num, []).append(cur)
            continue
        w = line.split()
        if line.startswith("# case "):
            cur["form"] = w[6]
        elif line.startswith("# saved "):
            cur["saved"] = day(w[2])
        elif line.startswith("# parent "):
            cur["parent"] = w[2]
        elif line.startswith("# queue "):
            cur["inst"] = "" if w[2] == "-" else w[2]
            cur["assignee"] = "" if w[3] == "-" else w[3]
        elif line.startswith("# state "):
            cur["state"] = w[2]
            cur["since"] = day(w[4])
        elif not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            cur["fields"][k] = v

for num in recs:
    recs[num].sort(key=lambda v: v["version"])


def is_open(form, state):
    w = wf.get(form)
    if w is None:
        return True
    return (state or w["initial"]) not in w["terminal"]


def rank(values, pct):
    """Nearest rank: the smallest value with pct% of them at or below it."""
    v = sorted(values)
    r = max(1, -(-pct * len(v) // 100))
    return v[r - 1]


rows = {}


def add(report, key, n=1):
    rows.setdefault(report, {})
    rows[report][key] = rows[report].get(key, 0) + n


backlog, overdue, cross, sent = {}, {}, {}, {}
for num, versions in recs.items():
    r = versions[-1]
    form, state, inst = r["form"], r["state"], r["inst"]
    add("cases_by_form", (inst, form))
    add("cases_by_state", (inst, form, state))
    w = wf.get(form)
    if w and w["id"] == "asylum_claim" and state and is_open(form, state):
        backlog.setdefault((inst, state), []).append(TODAY - r["since"])
    if w and w["sided"]:
        sent[inst] = sent.get(inst, 0) + 1
        if state and is_open(form, state):
            o = overdue.setdefault(inst, [0, 0])
            o[0] += 1
            d = w["deadline"].get(state, 0)
            if d > 0 and r["since"] + d < TODAY:
                o[1] += 1
    for a, b in zip(versions, versions[1:]):
        if b["state"] == "counter_referred" and a["state"] != b["state"]:
            cross.setdefault(b["inst"], []).append(
                max(0, b["since"] - versions[0]["saved"]))
    if form == "document" and r["fields"].get("expiry_date") and \
            is_open(form, state):
        e = datetime.date.fromisoformat(r["fields"]["expiry_date"])
        t = datetime.date.fromordinal(TODAY)
        m = e.year * 12 + e.month - 1
        c = t.year * 12 + t.month - 1
        if c <= m <= c + 11:
            add("documents_expiring", (inst, "%04d-%02d" % (e.year, e.month),
                                       r["fields"].get("doc_type", "")))
    if form == "renewal_outcome":
        add("renewal_sessions", (inst, r["fields"].get("session", ""),
                                 r["fields"].get("outcome", "")))
    if r["parent"] is None and is_open(form, state):
        add("caseload", (inst, r["assignee"]))

out = {}
for rep in ("cases_by_form", "cases_by_state", "documents_expiring",
            "renewal_sessions", "caseload"):
    out[rep] = [list(k) + [str(n)] for k, n in rows.get(rep, {}).items()
                if n]
out["claims_backlog"] = [[i, s, str(len(v)), str(rank(v, 50)),
                          str(rank(v, 90))] for (i, s), v in backlog.items()]
out["referrals_overdue"] = [[i, str(o[0]), str(o[1])]
                            for i, o in overdue.items()]
out["counter_referrals"] = []
for i in set(sent) | set(cross):
    s, c = sent.get(i, 0), len(cross.get(i, []))
    rate = str((c * 200 + s) // (2 * s)) if s else ""
    med = str(rank(cross[i], 50)) if c else ""
    out["counter_referrals"].append([i, str(s), str(c), rate, med])

HEAD = {
    "cases_by_form": ["institution", "form", "cases"],
    "cases_by_state": ["institution", "form", "state", "cases"],
    "claims_backlog": ["institution", "stage", "claims", "median days",
                       "p90 days"],
    "referrals_overdue": ["institution", "open", "overdue"],
    "counter_referrals": ["institution", "referrals", "counter-referred",
                          "rate %", "median days"],
    "documents_expiring": ["institution", "month", "document type",
                           "documents"],
    "renewal_sessions": ["institution", "session", "outcome", "people"],
    "caseload": ["institution", "assigned to", "open cases"],
}
NUMS = {"claims_backlog": 2, "referrals_overdue": 1, "counter_referrals": 1}
for rep, rs in out.items():
    if only is not None:
        rs = [x for x in rs if x[0] == only]
    ntext = NUMS.get(rep, len(HEAD[rep]) - 1)
    rs.sort(key=lambda x: [c.encode() for c in x[:ntext]])
    with open(os.path.join(outdir, rep + ".csv"), "w", newline="",
              encoding="utf-8") as f:
        wr = csv.writer(f, lineterminator="\r\n")
        wr.writerow(HEAD[rep])
        wr.writerows(rs)
