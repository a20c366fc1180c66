#!/usr/bin/env python3
# security-matrix.py: the permission matrix: every role of the roles file against every protected
# action, each row run as the real command on a demo store. Prints TAP; run by tests/security-matrix.sh.
"""Usage: security-matrix.py AMPARO FORMS STORE PASSWORD-FILE [SRCDIR]

AMPARO is the program, FORMS the forms directory (AMPARO_FORMS), STORE a
demo store built with the password in PASSWORD-FILE for every account (one
account for each role), SRCDIR the top of the source tree (for the Spanish
catalog's "(sealed: CLASS)").

What each role may do is read here, with Python's YAML reader, from
FORMS/access/roles.yaml and FORMS/workflows/*.yaml as amparo-forms(5),
ROLES FILE and WORKFLOWS, describe them, never through amparo's loader.
Then, for every role and every protected action, the real command runs as
that role's account and must be allowed exactly when the files say:

  create       case add --form FORM, for each form a case can be opened with
               (a workflow's form); the other forms through the transitions
  view         case show: a case assigned to the role's account, a case in
               the admin's institution's queue, one assigned to another
               official, one in another institution's queue; the records
               that workflow steps made (one per step form), assigned to it
  find         case find: each of those cases listed exactly when visible
  edit         case edit: the case assigned to it, the one assigned to
               another official, the step records
  class        case show (and export) of an answer of each confidentiality
               class: the value iff the role holds the class, else the
               "(sealed: CLASS)" text and never the value
  export       export --form FORM for every form, and export of every form
  report       report REPORT for every report
  transition   case transition for every step of every workflow, on a case
               in one of its from states assigned to the role's account (and,
               for the step's roles, on one assigned to another official):
               allowed iff the role is among the step's roles and the case is
               visible to it
  manage       user list (accounts or audit), user add (accounts), user
               assign (assign, on a case it sees), audit log and audit
               checkpoint (audit), key status (keys)

Allowed: exit status 0 (and what the command prints checked). Refused: exit
status 9 (AMP_EPERM) with a message holding "not allowed" or "may not" (for
a workflow step, amparo(1)'s "... is not open: ..." too), and nothing of the
case printed. Adding a role, a form, a report, a step or a class to the
files adds its rows. Last, a self-check: every kind of action has at least
one allowed and one refused row, so the matrix cannot pass vacuously.

Guards are not evaluated here: the cases hold the answers of SAMPLE (an
adult, so the withdraw step's guard holds); a guard those answers do not
meet shows as a failed allowed row, and SAMPLE needs the answers then.
"""
import collections
import glob
import json
import os
import re
import shlex
import subprocess
import sys

try:
    import yaml
except ImportError as e:
    print("1..0 # SKIP needs python3-yaml (%s)" % e)
    sys.exit(0)

AMPARO, FORMS, STORE, PWFILE = sys.argv[1:5]
SRCDIR = sys.argv[5] if len(sys.argv) > 5 else ""

REFUSED = 9                      # AMP_EPERM, src/amparo.h
REFUSAL_WORDS = ("not allowed", "may not")
STEP_REFUSAL_WORDS = REFUSAL_WORDS + ("is not open",)

# The reports amparo-forms(5), ROLES FILE, lists; a roles file may name others.
KNOWN_REPORTS = ["cases_by_form", "cases_by_state", "claims_backlog",
                 "referrals_overdue", "counter_referrals",
                 "documents_expiring", "renewal_sessions", "caseload"]
# The answer saved in each confidential field, looked for in every output.
SECRET = "Relato confidencial Plughxyzzy"

# Answers that pass each form's checks (its required fields), by form id;
# EDIT_FIELD a plain field each form lets an edit change. A new form that
# cases or steps use needs its entry here (the matrix says so if missing).
SAMPLE = {
    "intake": [("sex", "female"), ("birth_date", "1990-02-01"),
               ("nationality", "VEN"), ("language", "spa")],
    "asylum_interview": [("interview_language", "spa"),
                         ("consent_read", "yes"), ("grounds", "race"),
                         ("interviewer_notes", "Relato de prueba.")],
    "claim_decision": [("reasons", "Fundamentos de prueba.")],
    "interview_schedule": [("interview_at", "09:00"),
                           ("interview_place", "onpar_panama"),
                           ("notified", "yes")],
    "border_screening": [("border_post", "paso_canoas"),
                         ("nationality", "VEN"), ("group_size", "2"),
                         ("fear_of_return", "yes"), ("threats", "no"),
                         ("asks_asylum", "no"),
                         ("unaccompanied_child", "no"), ("gbv_risk", "no"),
                         ("medical_need", "no")],
    "referral": [("urgency", "routine"), ("reason", "Motivo de prueba."),
                 ("consent_reference", "CF-1")],
    "protection_referral": [("urgency", "routine"),
                            ("border_post", "paso_canoas"),
                            ("given_names", "Ana"), ("family_names", "Prueba"),
                            ("nationality", "VEN"), ("group_size", "2"),
                            ("needs", "asks_asylum"), ("whereabouts", "Lugar"),
                            ("consent_reference", "CF-1")],
    "child_referral": [("urgency", "routine"), ("situation", "separated"),
                       ("child_given_names", "Ana"),
                       ("child_family_names", "Prueba"),
                       ("child_sex", "female"),
                       ("child_birth_date", "2015-01-01"),
                       ("nationality", "VEN"), ("language", "spa"),
                       ("caregiver_present", "no"), ("in_school", "no"),
                       ("whereabouts", "Lugar"), ("reason", "Motivo."),
                       ("consent_reference", "CF-1")],
    "birth_registration": [("child_given_names", "Ana"),
                           ("child_family_names", "Prueba"),
                           ("child_sex", "female"),
                           ("birth_date", "2025-01-01"),
                           ("birth_place", "Lugar"),
                           ("birth_attended", "in_transit"),
                           ("mother_name", "Madre"),
                           ("mother_nationality", "VEN"),
                           ("registration_post", "la_palma"),
                           ("consent_reference", "CF-1")],
    "statelessness_referral": [("urgency", "routine"),
                               ("service", "nationality_proof"),
                               ("given_names", "Ana"),
                               ("family_names", "Prueba"),
                               ("risk_factors", "born_in_transit"),
                               ("reason", "Motivo."),
                               ("consent_reference", "CF-1")],
    "licence_certification": [("licence_type", "light")],
    "gbv_consent": [("purpose", "referral"),
                    ("institution", "womens_institute"),
                    ("how_given", "written"), ("given_on", "2024-03-01"),
                    ("given_by", "person")],
    "gbv_consent_withdrawal": [("withdrawn_on", "2024-03-02"),
                               ("withdrawal_reason", "Motivo de prueba.")],
    "renewal_session": [("province", "PA-5"), ("session_date", "2026-12-01"),
                        ("institutions", "onpar")],
}
NAME_FIELDS = {"intake": ("given_names", "family_names"),
               "border_screening": ("given_names", "family_names"),
               "renewal_session": ("notes", "place")}
EDIT_FIELD = {"intake": "other_names", "asylum_interview": "interviewer_notes",
              "claim_decision": "reasons", "interview_schedule": "schedule_notes",
              "border_screening": "screening_notes",
              "renewal_session": "contact",
              "gbv_consent_withdrawal": "withdrawal_reason"}
# Forms whose records are always linked to a person's case by a command of
# their own (amparo document add, amparo card issue): never a case;
# tests/cli-documents.sh and tests/cli-card.sh check who may add them.
LINKED_ONLY = {"document", "card"}


# --- The files, read independently -------------------------------------------

def ids(v):
    """An ids value: one id or a list of them (amparo-forms(5))."""
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)


class Role:
    def __init__(self, y):
        self.id = y["id"]
        self.institution = y["institution"]
        forms = y.get("forms") or {}
        self.forms = {f: set(ids(p)) for f, p in forms.items()}
        self.all_forms = set(ids(y.get("all_forms")))
        self.classes = set(ids(y.get("classes")))
        self.scope = y.get("cases", "assigned")
        self.reports = set(ids(y.get("reports")))
        self.manage = set(ids(y.get("manage")))

    def perms(self, form):
        return self.forms.get(form, set()) | self.all_forms

    def may(self, perm, form):
        return perm in self.perms(form)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


POLICY = load(os.path.join(FORMS, "access", "roles.yaml"))
ROLES = [Role(r) for r in POLICY["roles"]]
ROLE = {r.id: r for r in ROLES}
REPORTS = sorted(set(KNOWN_REPORTS) | {n for r in ROLES for n in r.reports})

FORM_DOCS = {}
for p in sorted(glob.glob(os.path.join(FORMS, "*.yaml"))):
    if not os.path.basename(p).startswith("."):
        d = load(p)
        if isinstance(d, dict) and "form" in d:
            FORM_DOCS[d["form"]] = d
FORM_IDS = sorted(FORM_DOCS)

ALL_WORKFLOWS = []
for p in sorted(glob.glob(os.path.join(FORMS, "workflows", "*.yaml"))):
    if not os.path.basename(p).startswith("."):
        ALL_WORKFLOWS.append(load(p))


def is_referral(w):
    """A workflow with sender or receiver steps moves referrals: its records
    are sent from a case (amparo referral send), never saved on their own;
    tests/cli-referral.sh walks their steps side by side."""
    return any(t.get("side") in ("sender", "receiver")
               for t in w.get("transitions") or [])


def fields_of(node):
    """Every field of a form, repeat groups' included, in order."""
    for sec in node.get("sections") or []:
        for f in sec.get("fields") or []:
            yield f
            for g in f.get("fields") or []:
                yield g


def field_class(form, field):
    """The confidentiality class of a top-level field: its own, its
    section's or its form's (amparo-forms(5)); None if it has none."""
    doc = FORM_DOCS.get(form, {})
    for sec in doc.get("sections") or []:
        for f in sec.get("fields") or []:
            if f.get("id") == field:
                return (f.get("confidential") or sec.get("confidential") or
                        doc.get("confidential"))
    return None


def names_people(form):
    """A form whose records are people's cases (found by name), not
    records linked to a case, such as a consent (amparo case add --link);
    those are judged by their workflow's steps only."""
    return any(f.get("index") == "name"
               for f in fields_of(FORM_DOCS.get(form, {})))


WORKFLOWS = [w for w in ALL_WORKFLOWS
             if not is_referral(w) and w["form"] not in LINKED_ONLY]
REFERRAL_FORMS = sorted({w["form"] for w in ALL_WORKFLOWS if is_referral(w)})
CASE_FORMS = sorted({w["form"] for w in WORKFLOWS
                     if names_people(w["form"]) or
                     w["form"] in NAME_FIELDS}) or ["intake"]


def confidential_fields():
    """(form, field, class, [(field, value) making it asked]) of case forms."""
    out = []
    for form in CASE_FORMS:
        doc = FORM_DOCS.get(form, {})
        for f in fields_of(doc):
            if "confidential" not in f:
                continue
            pre = []
            # A relevance of the form ${x} = 'v' [and ...] is answered.
            for m in re.finditer(r"\$\{(\w+)\}\s*=\s*'([^']*)'",
                                 str(f.get("relevant", ""))):
                pre.append((m.group(1), m.group(2)))
            out.append((form, f["id"], f["confidential"], pre))
    return out


def sealed_texts(cls):
    """The "(sealed: CLASS)" text in English, and in Spanish if translated."""
    texts = ["(sealed: %s)" % cls]
    po = os.path.join(SRCDIR, "po", "es.po") if SRCDIR else ""
    if po and os.path.exists(po):
        with open(po, encoding="utf-8") as f:
            entries = f.read().split("\n\n")
        for e in entries:
            if 'msgid "(sealed: %s)"' in e and "fuzzy" not in e:
                m = re.search(r'msgstr "(.+)"', e)
                if m:
                    texts.append(m.group(1).replace("%s", cls))
    return texts


# --- Running amparo ----------------------------------------------------------

class Result:
    def __init__(self, argv, p):
        self.argv = argv
        self.rc = p.returncode
        self.out = p.stdout
        self.err = p.stderr

    def details(self):
        lines = ["$ " + shlex.join(self.argv), "exit status %d" % self.rc]
        for name, text in (("stdout", self.out), ("stderr", self.err)):
            t = text.splitlines()
            lines.append("--- %s%s" % (name, "" if t else " (empty)"))
            lines += t[:12] + (["..."] if len(t) > 12 else [])
        return lines


def amparo(user, *args):
    argv = [AMPARO] + list(args) + ["-d", STORE, "-u", user,
                                    "--password-file", PWFILE]
    p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                       text=True, errors="replace")
    return Result(argv[:1] + list(args) + ["-u", user], p)


def sets(pairs):
    out = []
    for k, v in pairs:
        out += ["--set", "%s=%s" % (k, v)]
    return out


CASENUM = re.compile(r"\b(\d{4}-\d{6})\b")


def refused(res, words=REFUSAL_WORDS):
    """A refusal: status 9 and a message saying so. The same for a case
    the account may not see: the matrix asks for the refusal (9), not for
    "no such case" (7)."""
    return res.rc == REFUSED and any(w in res.err for w in words)


# --- TAP ---------------------------------------------------------------------

N = 0
FAILED = 0
KINDS = collections.OrderedDict()      # kind: [allowed rows, refused rows]


def tap(passed, desc, details=()):
    global N, FAILED
    N += 1
    if not passed:
        FAILED += 1
    print("%s %d - %s" % ("ok" if passed else "not ok", N, desc))
    if not passed:
        for line in details:
            print("# " + line)
    sys.stdout.flush()


def row(kind, role, what, allowed, why, passed, details=(), words=None):
    """One row of the matrix: role, action and object, expected outcome."""
    if kind is not None:
        KINDS.setdefault(kind, [0, 0])[0 if allowed else 1] += 1
    verdict = words[0 if allowed else 1] if words else \
        ("allowed" if allowed else "refused")
    tap(passed, "%s: %s: %s (%s)" % (role.id, what, verdict, why), details)


def judge(kind, role, what, allowed, why, res, ok_check=None,
          words=REFUSAL_WORDS, leak=None, notes=()):
    """Run-result judgement: allowed means status 0 and ok_check(res);
    refused means status 9, a refusal message and no leak in the output."""
    if allowed:
        passed = res.rc == 0 and (ok_check is None or ok_check(res))
    else:
        passed = refused(res, words) and (
            leak is None or (leak not in res.out and leak not in res.err))
    row(kind, role, what, allowed, why, passed, list(notes) + res.details())


# --- The store's accounts ----------------------------------------------------

ADMIN = "admin"
ACCT = {}                                 # role id: account name
res = amparo(ADMIN, "user", "list")
for line in res.out.splitlines():
    f = line.split("\t")
    if len(f) >= 2 and f[1] in ROLE:
        # The account named as the role if there is one, else the first.
        if f[1] not in ACCT or f[0] == f[1]:
            ACCT[f[1]] = f[0]
if res.rc != 0 or ADMIN not in ACCT.values():
    print("Bail out! cannot list the demo store's accounts as admin: "
          + " | ".join(res.details()))
    sys.exit(1)
ADMIN_ROLE = ROLE[[r for r, a in ACCT.items() if a == ADMIN][0]]

# Another official, to whom cases are assigned that are not the role's: an
# account of a role that holds no class (no key to grant).
BYSTANDER = "matrix_bystander"
plain = [r for r in ROLES if not r.classes and not r.manage] or ROLES
res = amparo(ADMIN, "user", "add", BYSTANDER, "--role", plain[0].id,
             "--new-password-file", PWFILE)
if res.rc != 0:
    print("# setup: adding the account %s failed:" % BYSTANDER)
    for line in res.details():
        print("# " + line)


# --- Cases, and what each role sees of them ----------------------------------

class Case:
    def __init__(self, num, form, institution, assignee, label, given=None):
        self.num, self.form = num, form
        self.institution, self.assignee = institution, assignee
        self.label, self.given = label, given
        self.state = None


def sees(role, c):
    """(visible, why): amparo-forms(5), ROLES FILE, cases and permissions."""
    acct = ACCT.get(role.id)
    if not role.may("view", c.form):
        return False, "no view on %s" % c.form
    if role.scope == "all":
        return True, "view on %s, cases: all" % c.form
    if c.assignee is not None and c.assignee == acct:
        return True, "view on %s, assigned to it" % c.form
    if c.institution != role.institution:
        return False, "cases: %s, another institution's case (%s)" % (
            role.scope, c.institution)
    if c.assignee is None:
        return True, "view on %s, its institution's queue" % c.form
    if role.scope == "institution":
        return True, "view on %s, cases: institution" % c.form
    return False, "cases: %s, assigned to %s" % (role.scope, c.assignee)


def setup_fail(what, res):
    print("# setup: %s failed:" % what)
    for line in res.details():
        print("# " + line)


NEWCASES = 0


def new_case(user, form, family, label, extra=()):
    """A case saved by user; None (and the reason printed) if it fails."""
    global NEWCASES
    NEWCASES += 1
    given = "Matriz%d" % NEWCASES
    pairs = []
    if form in NAME_FIELDS:
        pairs = [(NAME_FIELDS[form][0], given), (NAME_FIELDS[form][1], family)]
    res = amparo(user, "case", "add", "--form", form,
                 *sets(pairs + SAMPLE.get(form, []) + list(extra)))
    m = CASENUM.search(res.out)
    if res.rc != 0 or not m:
        setup_fail("saving a %s case as %s" % (form, user), res)
        return None
    r = ROLE[[k for k, a in ACCT.items() if a == user][0]]
    return Case(m.group(1), form, r.institution,
                user if r.scope == "assigned" else None, label, given)


def assign(c, to):
    """Assign (to None: the queue) as admin; False if it failed."""
    res = amparo(ADMIN, "user", "assign", *(["--queue"] if to is None
                                             else [to]), c.num)
    if res.rc != 0:
        setup_fail("assigning %s to %s" % (c.num, to or "the queue"), res)
        return False
    c.assignee = to
    return True


CONF = confidential_fields()
SEAL_FAILED = {}                        # (case, field): why it was not saved

# Per role, a case of each case form assigned to its account, with an answer
# of each confidentiality class; one in the admin's institution's queue; one
# assigned to another official; one in another institution's queue.
FAMILY = "Matrizvista"
MINE = {}
VIEWCASES = []
for form in CASE_FORMS:
    for r in ROLES:
        if r.id not in ACCT:
            continue
        c = new_case(ADMIN, form, FAMILY, "assigned to %s" % ACCT[r.id])
        if c is not None and assign(c, ACCT[r.id]):
            MINE[(r.id, form)] = c
            VIEWCASES.append(c)
    # The answers of each class, saved by the administrator.
    for cf, field, cls, pre in CONF:
        if cf != form:
            continue
        for c in [MINE[k] for k in MINE if k[1] == form]:
            res = amparo(ADMIN, "case", "edit", c.num,
                         *sets(pre + [(field, SECRET)]))
            if res.rc != 0:
                SEAL_FAILED[(c.num, field)] = res.details()

OTHERS = {}                             # form: [Case]
for form in CASE_FORMS:
    lst = []
    c = new_case(ADMIN, form, FAMILY, "in %s's queue" %
                 ADMIN_ROLE.institution)
    if c is not None:
        lst.append(c)
    c = new_case(ADMIN, form, FAMILY, "assigned to %s" % BYSTANDER)
    if c is not None and assign(c, BYSTANDER):
        lst.append(c)
    # Another institution's queue: saved by an official of it, put back in
    # the queue.
    for r in ROLES:
        if r.institution != ADMIN_ROLE.institution and \
                r.may("create", form) and r.id in ACCT:
            c = new_case(ACCT[r.id], form, FAMILY, "in %s's queue" %
                         r.institution)
            if c is not None and assign(c, None):
                lst.append(c)
            break
    else:
        print("# no role of another institution may create %s: no case of "
              "another institution's queue" % form)
    OTHERS[form] = lst
    VIEWCASES += lst


# --- Rows for each role: create, view, find, class, edit, export, report,
# manage ----------------------------------------------------------------------

def seal_note(c, field):
    """Why a class row cannot pass: the answer could not be saved."""
    if (c.num, field) not in SEAL_FAILED:
        return []
    return ["setup: the administrator could not save the answer:"] + \
        SEAL_FAILED[(c.num, field)]


def may_edit(r, c):
    """(allowed, why): edit on the form, and the case visible."""
    vis, why = sees(r, c)
    if r.may("edit", c.form):
        return vis, "edit on %s; %s" % (c.form, why)
    return False, "no edit on %s" % c.form + ("" if vis else "; " + why)


def has_num(c):
    return lambda res: c.num in res.out and (c.given is None or
                                              c.given in res.out)


for ri, r in enumerate(ROLES):
    acct = ACCT.get(r.id)
    if acct is None:
        tap(False, "%s: has an account in the demo store" % r.id,
            ["amparo demo made no account with the role %s" % r.id])
        continue

    for form in CASE_FORMS:
        ok = r.may("create", form)
        res = amparo(acct, "case", "add", "--form", form,
                     *sets([(NAME_FIELDS[form][0], "Creada"),
                            (NAME_FIELDS[form][1], "Matrizcreada")]
                           if form in NAME_FIELDS else []),
                     *sets(SAMPLE.get(form, [])))
        judge("create", r, "create %s" % form, ok, "roles file: %screate "
              "on %s" % ("" if ok else "no ", form), res,
              lambda res: CASENUM.search(res.out) is not None)

    for form in CASE_FORMS:
        mine = MINE.get((r.id, form))
        objs = ([mine] if mine else []) + OTHERS.get(form, [])
        shows = {}
        for c in objs:
            vis, why = sees(r, c)
            res = amparo(acct, "case", "show", c.num)
            shows[c.num] = res
            judge("view", r, "view %s %s (%s)" % (form, c.num, c.label), vis,
                  why, res, has_num(c), leak=c.given)

        # Confidentiality classes, on the case assigned to the role.
        for cf, field, cls, pre in CONF:
            if cf != form or mine is None:
                continue
            res = shows[mine.num]
            vis, why = sees(r, mine)
            holds = cls in r.classes
            sealed = sealed_texts(cls)
            what = "read the %s answer %s of %s %s" % (cls, field, form,
                                                      mine.num)
            details = seal_note(mine, field) + res.details()
            if not vis:
                passed = SECRET not in res.out and SECRET not in res.err
                row("class", r, what, False, why + ": nothing shown", passed,
                    details, ("shown", "not shown"))
            elif holds:
                row("class", r, what, True, "roles file: classes has %s" % cls,
                    res.rc == 0 and SECRET in res.out, details,
                    ("value shown", "sealed"))
            else:
                row("class", r, what, False,
                    "roles file: no %s in classes" % cls,
                    res.rc == 0 and SECRET not in res.out and
                    SECRET not in res.err and
                    any(s in res.out for s in sealed), details,
                    ("value shown", "sealed"))

        # Search: each case listed exactly when it is visible.
        res = amparo(acct, "case", "find", FAMILY)
        listed = set(CASENUM.findall(res.out))
        for c in objs:
            vis, why = sees(r, c)
            row("find", r, "case find %s: %s (%s)" % (FAMILY, c.num, c.label),
                vis, why, res.rc in (0, 7) and (c.num in listed) == vis,
                res.details(), ("listed", "not listed"))
        want = {c.num for c in VIEWCASES if c.form == form and sees(r, c)[0]}
        extra = listed - {c.num for c in VIEWCASES if c.form != form} - want
        tap(res.rc in (0, 7) and not extra and want <= listed,
            "%s: case find %s: lists the %d %s cases it sees, no other" %
            (r.id, FAMILY, len(want), form),
            ["not listed: %s" % " ".join(sorted(want - listed)),
             "listed but not visible: %s" % " ".join(sorted(extra))] +
            res.details())

        # Edits: the case assigned to it, the one assigned to another.
        for c in objs[:1] + [o for o in objs if o.assignee == BYSTANDER]:
            ok, why = may_edit(r, c)
            res = amparo(acct, "case", "edit", c.num, "--set",
                         "%s=Editado %d" % (EDIT_FIELD[form], ri))
            judge("edit", r, "edit %s %s (%s)" % (form, c.num, c.label), ok,
                  why, res, lambda res, c=c: res.out.startswith(c.num),
                  leak=c.given)

    # Export: each form, then every form; the cases seen, classes sealed.
    for form in FORM_IDS:
        ok = r.may("export", form)
        res = amparo(acct, "export", "--form", form)
        why = "roles file: %sexport on %s" % ("" if ok else "no ", form)
        lines = []
        for line in res.out.splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                lines.append({"unparsed": line})
        got = {j.get("case"): j for j in lines}
        objs = [o for o in VIEWCASES if o.form == form]
        bad = []
        for o in objs:
            if (o.num in got) != sees(r, o)[0]:
                bad.append("%s (%s): %s" % (o.num, o.label, "exported" if
                                            o.num in got else "missing"))
        judge("export", r, "export --form %s" % form, ok, why, res,
              lambda res: all(j.get("form") == form for j in lines) and
              not bad, notes=["need-to-know: " + b for b in bad])
        mine = MINE.get((r.id, form))
        for cf, field, cls, pre in CONF:
            if cf != form or not ok or mine is None or mine.num not in got:
                continue
            v = str(got[mine.num].get("fields", {}).get(field))
            holds = cls in r.classes
            row("class", r, "export the %s answer %s of %s %s" % (
                cls, field, form, mine.num),
                holds, "roles file: %s%s in classes" % ("" if holds else
                                                        "no ", cls),
                (v == SECRET) if holds else (SECRET not in res.out and v in
                                             sealed_texts(cls)),
                seal_note(mine, field) + ["%s is %r" % (field, v)] +
                res.details(),
                ("value exported", "sealed"))
    ok = any(r.may("export", f) for f in FORM_IDS)
    res = amparo(acct, "export")
    judge("export", r, "export (every form)", ok, "roles file: %s" % (
        "export on some form" if ok else "export on no form"), res)

    for rep in REPORTS:
        ok = rep in r.reports
        res = amparo(acct, "report", rep)
        judge("report", r, "report %s" % rep, ok, "roles file: %s%s in "
              "reports" % ("" if ok else "no ", rep), res)

    # Manage powers.
    def power(kind, what, need, argv, check=None, extra_ok=True, why=None):
        has = sorted(r.manage & set(need))
        ok = bool(has) and extra_ok
        res = amparo(acct, *argv)
        if why is None:
            why = "roles file: manage has %s" % (
                "/".join(has) if has else "none of " + "/".join(need))
        judge(kind, r, what, ok, why, res, check)

    power("user list", "user list", ["accounts", "audit"], ["user", "list"],
          lambda res: ADMIN in res.out)
    power("user add", "user add", ["accounts"],
          ["user", "add", "mx_added_%d" % ri, "--role", plain[0].id,
           "--new-password-file", PWFILE])
    mine = MINE.get((r.id, CASE_FORMS[0]))
    if mine is not None:
        vis, why = sees(r, mine)
        has = "assign" in r.manage
        power("user assign", "user assign %s %s" % (acct, mine.num),
              ["assign"], ["user", "assign", acct, mine.num], None, vis,
              "roles file: %s; %s" % ("manage has assign" if has else
                                      "no assign in manage", why))
    power("audit log", "audit log", ["audit"], ["audit", "log"])
    power("audit checkpoint", "audit checkpoint", ["audit"],
          ["audit", "checkpoint"])
    power("key status", "key status", ["keys"], ["key", "status"])


# --- Referrals: sending one is creating a record of a referral form ----------

if REFERRAL_FORMS and CASE_FORMS:
    BASE = new_case(ADMIN, CASE_FORMS[0], "Matrizreferida",
                    "in %s's queue" % ADMIN_ROLE.institution)
    INSTITUTIONS = [i["id"] for i in POLICY["institutions"]]
    for form in REFERRAL_FORMS:
        # A form that needs consent (amparo-forms(5), CONSENT): a role
        # allowed to send it gets past every permission check and is then
        # refused for want of the person's consent, which the case has not;
        # tests/cli-gbv.sh sends it with one.
        consent = FORM_DOCS.get(form, {}).get("consent")
        for r in ROLES:
            acct = ACCT.get(r.id)
            if acct is None or BASE is None:
                continue
            to = [i for i in INSTITUTIONS if i != r.institution][0]
            vis, why = sees(r, BASE)
            ok = r.may("create", form) and vis
            why = "%s on %s; %s" % ("create" if r.may("create", form) else
                                   "no create", form, why)
            res = amparo(acct, "referral", "send", BASE.num, "--to", to,
                         "--form", form, *sets(SAMPLE.get(form, [])))
            if consent and ok:
                row("create", r, "send %s of %s to %s" % (form, BASE.num,
                    to), True, why + "; refused only for want of consent",
                    res.rc == REFUSED and "no consent in force" in res.err,
                    res.details())
                continue
            judge("create", r, "send %s of %s to %s" % (form, BASE.num, to),
                  ok, why, res,
                  lambda res: CASENUM.search(res.out) is not None)


# --- Workflow steps ----------------------------------------------------------

LINKED = collections.defaultdict(list)  # form: [case numbers]


def step_roles(t):
    return ids(t.get("roles"))


def path_to(wf, targets):
    """The shortest list of steps from the initial state to one of targets."""
    start = wf["initial"]
    prev = {start: None}
    queue = [start]
    while queue:
        s = queue.pop(0)
        if s in targets:
            out = []
            while prev[s] is not None:
                t, s = prev[s]
                out.append(t)
            return out[::-1]
        for t in wf["transitions"]:
            if s in ids(t["from"]) and t["to"] not in prev:
                prev[t["to"]] = (t, s)
                queue.append(t["to"])
    return None


def take(c, t, user):
    res = amparo(user, "case", "transition", c.num, t["id"],
                 *sets(SAMPLE.get(t.get("form"), [])))
    if res.rc == 0:
        c.state = t["to"]
        m = re.search(r"linked (\d{4}-\d{6})", res.out)
        if m and t.get("form"):
            LINKED[t["form"]].append(m.group(1))
    return res


def prepare(wf, t, assignee):
    """A new case in one of t's from states, assigned to assignee."""
    form = wf["form"]
    c = new_case(ADMIN, form, "Matrizflujo", "")
    if c is None:
        return None
    c.state = wf["initial"]
    for step in path_to(wf, set(ids(t["from"]))) or []:
        takers = [ROLE[x] for x in step_roles(step) if x in ACCT and x in
                  ROLE and ROLE[x].may("view", form)]
        if not takers:
            print("# setup: no account may take the step %s" % step["id"])
            return None
        user = ACCT[takers[0].id]
        if not sees(takers[0], c)[0] and not assign(c, user):
            return None
        res = take(c, step, user)
        if res.rc != 0:
            setup_fail("taking the step %s as %s" % (step["id"], user), res)
            return None
    if c.state not in ids(t["from"]):
        print("# setup: no path to %s" % "/".join(ids(t["from"])))
        return None
    if c.assignee != assignee and not assign(c, assignee):
        return None
    return c


for wf in WORKFLOWS:
    form = wf["form"]
    for t in wf["transitions"]:
        names = step_roles(t)
        # On a case assigned to each role's account; then, for the roles
        # that may take the step, on one assigned to another official.
        for variant in ("own", "other"):
            cur = None
            for r in ROLES:
                acct = ACCT.get(r.id)
                if acct is None or (variant == "other" and r.id not in names):
                    continue
                to = acct if variant == "own" else BYSTANDER
                if cur is None:
                    cur = prepare(wf, t, to)
                elif cur.assignee != to and not assign(cur, to):
                    cur = None
                what = "transition %s %s (%s -> %s) on a case assigned to %s" \
                    % (wf["workflow"], t["id"], "/".join(ids(t["from"])),
                       t["to"], to)
                if cur is None:
                    tap(False, "%s: %s: could not make the case" % (r.id,
                                                                    what))
                    continue
                vis, why = sees(r, cur)
                ok = r.id in names and vis
                if r.id not in names:
                    why = "not in the step's roles (%s)%s" % (
                        ", ".join(names), "" if vis else "; " + why)
                else:
                    why = "in the step's roles; " + why
                res = take(cur, t, acct)
                judge("transition", r, what, ok, why, res,
                      lambda res: ("state %s" % t["to"]) in res.out,
                      words=STEP_REFUSAL_WORDS,
                      notes=["no answers for the form %s in SAMPLE" %
                             t["form"]] if t.get("form") and
                      t["form"] not in SAMPLE else [])
                if res.rc == 0:
                    cur = None              # moved on: the next needs another


# --- The records that steps made: view and edit ------------------------------

for form in sorted(LINKED):
    num = LINKED[form][0]
    c = Case(num, form, ADMIN_ROLE.institution, None, "a step's record")
    for ri, r in enumerate(ROLES):
        acct = ACCT.get(r.id)
        if acct is None or not assign(c, acct):
            continue
        c.label = "a step's record, assigned to %s" % acct
        vis, why = sees(r, c)
        res = amparo(acct, "case", "show", num)
        judge("view", r, "view %s %s (%s)" % (form, num, c.label), vis, why,
              res, has_num(c))
        ok, why2 = may_edit(r, c)
        if form not in EDIT_FIELD:
            tap(False, "%s: edit %s: no field to edit" % (r.id, form),
                ["add the form to EDIT_FIELD in security-matrix.py"])
            continue
        # An answer sealed to a class the role does not hold cannot be
        # changed by it (amparo-security(7)), whatever its edit permission.
        cls = field_class(form, EDIT_FIELD[form])
        if ok and cls is not None and cls not in r.classes:
            ok, why2 = False, why2 + "; no %s in classes, and the answer " \
                "is sealed to it" % cls
        res = amparo(acct, "case", "edit", num, "--set",
                     "%s=Editado %d" % (EDIT_FIELD[form], ri))
        judge("edit", r, "edit %s %s (%s)" % (form, num, c.label), ok, why2,
              res, lambda res: res.out.startswith(num))
for wf in WORKFLOWS:
    for t in wf["transitions"]:
        if t.get("form") and t["form"] not in LINKED:
            tap(False, "a record of %s made by a step, to view and edit" %
                t["form"], ["no step with the form %s could be taken" %
                            t["form"]])


# --- Self-check: no kind of action passes vacuously --------------------------

rows = 0
for kind, (a, f) in KINDS.items():
    rows += a + f
    tap(a > 0 and f > 0, "self-check: %s: %d allowed and %d refused rows" %
        (kind, a, f), ["each kind needs both, or the matrix proves nothing"])
for kind in ("create", "view", "find", "edit", "class", "export", "report",
             "transition", "user list", "user add", "user assign",
             "audit log", "audit checkpoint", "key status"):
    if kind not in KINDS:
        tap(False, "self-check: %s: no rows at all" % kind)
print("# %d matrix rows: %d allowed, %d refused, over %d roles" % (
    rows, sum(a for a, f in KINDS.values()),
    sum(f for a, f in KINDS.values()), len(ROLES)))
print("1..%d" % N)
sys.exit(1 if FAILED else 0)
