/* cmd-bench.c: amparo bench: build a large store and measure import, lookups, searches, saves and memory. */

#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"

#define BENCH_BATCH	10000

struct samples {
	double	*v;
	size_t	 n, cap;
};

static double
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3);
}

static void
sample_add(struct samples *s, double v)
{
	XGROW(s->v, s->n, s->cap);
	s->v[s->n++] = v;
}

static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
percentile(struct samples *s, double p)
{
	size_t	i;

	if (s->n == 0)
		return (0);
	qsort(s->v, s->n, sizeof *s->v, cmp_double);
	i = (size_t)(p * (double)(s->n - 1) + 0.5);
	return (s->v[i]);
}

static void
report(const char *what, struct samples *s, const char *unit)
{
	printf("%-34s n=%-6zu p50 %9.1f  p99 %9.1f  max %9.1f %s\n", what,
	    s->n, percentile(s, 0.5), percentile(s, 0.99),
	    percentile(s, 1.0), unit);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/*
 * Memory that is this process's own (heap and other anonymous pages). The
 * store's pages are file-backed and clean: the page cache shares them among
 * all console sessions, even when /proc counts them as private because one
 * process alone maps them.
 */
static void
report_memory(void)
{
	FILE	*f;
	char	 line[256];
	long	 kb, anon = 0, rss = 0, dirty = 0;

	if ((f = fopen("/proc/self/smaps_rollup", "r")) == NULL)
		return;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "Anonymous: %ld kB", &kb) == 1)
			anon = kb;
		else if (sscanf(line, "Private_Dirty: %ld kB", &kb) == 1)
			dirty = kb;
		else if (sscanf(line, "Rss: %ld kB", &kb) == 1)
			rss = kb;
	}
	fclose(f);
	printf("%-34s anonymous %ld KiB, private dirty %ld KiB (rss %ld KiB with store pages)\n",
	    "the bench process's own memory", anon, dirty, rss);
}

static long long
file_size(const char *dir, const char *name)
{
	struct stat	 sb;
	char		*p = xsprintf("%s/%s", dir, name);
	long long	 n = stat(p, &sb) == 0 ? (long long)sb.st_size : -1;

	free(p);
	return (n);
}

/*
 * Fill a batch of fictitious people, opened over the last three years and
 * assigned to one of 40 officials or 8 teams, or to no one, so that the
 * report counters hold what a real store's would.
 */
static void
bench_people(const struct form *f, struct rng *r, struct record *v, size_t n)
{
	size_t	i;
	int64_t	now = time_now();

	for (i = 0; i < n; i++) {
		record_init(&v[i]);
		v[i].form = xstrdup(f->id);
		demo_fill_person(f, r, &v[i].data);
		v[i].created = now - (int64_t)rng_below(r, 3 * 365) * 86400 -
		    (int64_t)rng_below(r, 86400);
		switch (rng_below(r, 4)) {
		case 0:
			break;
		case 1:
			v[i].assignee = xsprintf("@team%u", rng_below(r, 8));
			break;
		default:
			v[i].assignee = xsprintf("official%02u",
			    rng_below(r, 40));
			break;
		}
	}
}

/*
 * A document for every third person of a saved batch, expiring from 100
 * days ago to 800 days ahead: what documents_expiring counts.
 */
static int
bench_documents(struct session *s, struct rng *r, const struct record *people,
    size_t n, struct amp_err *err)
{
	static const char *const types[] = {
		"asylum_seeker_card", "temporary_residence",
		"permanent_residence", "work_permit_defined",
	};
	struct record	*v;
	char		 day[16];
	size_t		 i, k = 0;
	int		 rc;

	if (formset_find(s->forms, COUNTER_DOC_FORM) == NULL)
		return (AMP_OK);
	v = xcalloc(n / 3 + 1, sizeof *v);
	for (i = 0; i < n; i += 3, k++) {
		record_init(&v[k]);
		v[k].form = xstrdup(COUNTER_DOC_FORM);
		v[k].parent = people[i].id;
		v[k].created = people[i].created;
		rmap_set(&v[k].data, "doc_type", types[rng_below(r,
		    nitems(types))]);
		snprintf(day, sizeof day, "B%07llu",
		    (unsigned long long)people[i].id);
		rmap_set(&v[k].data, "doc_number", day);
		rmap_set(&v[k].data, "issue_date", "2025-01-01");
		date_format_days(date_today_days() - 100 +
		    (int64_t)rng_below(r, 900), day, sizeof day);
		rmap_set(&v[k].data, "expiry_date", day);
	}
	rc = case_bulk_add(s, v, k, err);
	for (i = 0; i < k; i++)
		record_free(&v[i]);
	free(v);
	return (rc);
}

/* Each report computed from the counters, many times, as an administrator. */
static int
bench_reports(struct store *st, const struct formset *fs, const char *pw,
    struct amp_err *err)
{
	struct session	*s;
	struct report	 rep;
	struct samples	 sm = { 0 };
	char		*what;
	double		 t0;
	size_t		 i, k;
	int		 rc;

	if ((rc = session_login(st, fs, "admin", pw, strlen(pw), &s, err)) !=
	    AMP_OK)
		return (rc);
	for (i = 0; i < report_count; i++) {
		for (k = 0; k < 200; k++) {
			t0 = now_us();
			rc = report_compute(s, report_table[i].id, &rep, err);
			sample_add(&sm, now_us() - t0);
			if (rc != AMP_OK)
				goto out;
			if (k == 0)
				what = xsprintf("report %s (%zu rows)",
				    report_table[i].id, rep.n);
			report_free(&rep);
		}
		report(what, &sm, "us");
		free(what);
	}
out:
	session_free(s);
	return (rc);
}

/*
 * Cards: documents added to random people and a card issued for each
 * (signing and its commit), then their payloads verified offline, checked
 * at the console (with its audit entry) and drawn as QR codes.
 */
static int
bench_cards(struct session *s, struct rng *r, const uint64_t *pid,
    size_t people, struct amp_err *err)
{
	struct samples		 sm = { 0 };
	struct card_keyset	 ks = { 0 };
	struct card_revlist	 rl = { 0 };
	struct card_verdict	 v;
	struct record		 d, c;
	struct verrs		 ve = { 0 };
	struct qr		 q;
	char			*pay[200], num[32];
	const char		*p;
	size_t			 i, n = 0, len = 0;
	int			 rc = AMP_OK, maxv = 0;
	double			 t0;

	if (formset_find(s->forms, CARD_FORM) == NULL || people == 0)
		return (AMP_OK);
	for (i = 0; i < nitems(pay) && rc == AMP_OK; i++) {
		record_init(&d);
		rmap_set(&d.data, "doc_type", "asylum_seeker_card");
		snprintf(num, sizeof num, "BC%06zu", i + 1);
		rmap_set(&d.data, "doc_number", num);
		date_format_days(date_today_days() - 10, num, sizeof num);
		rmap_set(&d.data, "issue_date", num);
		date_format_days(date_today_days() + 700, num, sizeof num);
		rmap_set(&d.data, "expiry_date", num);
		rc = document_add(s, pid[rng_below(r, (uint32_t)people)], &d,
		    &ve, err);
		verrs_free(&ve);
		if (rc == AMP_OK) {
			t0 = now_us();
			rc = card_issue(s, d.id, &c, err);
			if (rc == AMP_OK)
				sample_add(&sm, (now_us() - t0) / 1e3);
			if (rc == AMP_OK &&
			    (p = rmap_get(&c.data, "payload")) != NULL) {
				pay[n++] = xstrdup(p);
				len += strlen(p);
			}
			record_free(&c);
			if (rc == AMP_EPERM) {	/* a claim no longer open */
				err_clear(err);
				rc = AMP_OK;
			}
		}
		record_free(&d);
	}
	if (rc != AMP_OK || n == 0)
		goto out;
	report("issue a card (sign, commit)", &sm, "ms");
	if ((rc = card_keys_public(s->store, &ks, err)) != AMP_OK)
		goto out;
	for (i = 0; i < 20 * n; i++) {
		t0 = now_us();
		card_verify(pay[i % n], strlen(pay[i % n]), &ks, &rl,
		    date_today_days(), &v);
		sample_add(&sm, now_us() - t0);
		if (v.answer != CARD_VALID)
			fatalx("a card just issued does not verify: %s", v.why);
	}
	report("verify a payload offline", &sm, "us");
	for (i = 0; i < n && rc == AMP_OK; i++) {
		t0 = now_us();
		rc = card_check(s, pay[i], &v, err);
		sample_add(&sm, (now_us() - t0) / 1e3);
	}
	if (rc != AMP_OK)
		goto out;
	report("check at the console (audited)", &sm, "ms");
	for (i = 0; i < n && rc == AMP_OK; i++) {
		t0 = now_us();
		rc = qr_make(pay[i], 0, &q, err);
		sample_add(&sm, now_us() - t0);
		if (rc == AMP_OK && q.version > maxv)
			maxv = q.version;
		qr_free(&q);
	}
	if (rc != AMP_OK)
		goto out;
	report("a payload's QR code (libqrencode)", &sm, "us");
	printf("%-34s %.0f characters on average; QR version %d at most\n",
	    "  payloads", (double)len / (double)n, maxv);
out:
	card_keyset_free(&ks);
	for (i = 0; i < n; i++)
		free(pay[i]);
	return (rc);
}

/* A commit of one small value: what the sync to disk alone costs. */
static int
tiny_txn(struct stxn *t, void *arg)
{
	struct amp_err	*err = arg;

	return (stxn_put(t, DB_META, "bench", 5, "x", 1, 0, err));
}

int
cmd_bench(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "people", required_argument, NULL, OPT_PEOPLE },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd_opts		 o = { .kdf = KDF_MIN };
	struct demo_opts	 d;
	struct demo_account	*accts = NULL;
	struct formset		*fs = NULL;
	struct store		*st = NULL;
	struct session		*s = NULL;
	const struct form	*f;
	struct case_hit		*hits;
	struct samples		 sm = { 0 }, csm = { 0 };
	struct counter_stats	 cs;
	struct audit_report	 ar;
	struct amp_err		 err;
	struct record		*batch, r;
	struct rng		 rng;
	char			*tmpl = NULL, *dir, *q;
	char			 num[32];
	const char		*a, *b;
	size_t			 n = 0, people = 100000, done, k, nh, i;
	uint64_t		 seed = 1, id, v, *pid = NULL;
	double			 t0, t1, build_s = 0, slow_us = 0;
	char			*slow_q = NULL;
	int			 c, rc, own_dir = 0;

	err_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:", longopts, NULL)) != -1) {
		if (c == 'd')
			o.dir = optarg;
		else if (c == OPT_PEOPLE || c == OPT_SEED) {
			if (cmd_parse_u64(optarg, c == OPT_PEOPLE ? 100000000 :
			    UINT64_MAX, &v) != 0)
				return (cmd_usage_error("bench",
				    _("--people and --seed take a number, not \"%s\""),
				    optarg));
			if (c == OPT_PEOPLE)
				people = (size_t)v;
			else
				seed = v;
		} else
			return (cmd_bad_option("bench", c, argv));
	}
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if ((f = formset_find(fs, "intake")) == NULL) {
		formset_free(fs);
		err_set(&err, AMP_EFORMS, _("benchmarking failed: there is no intake form"));
		return (cmd_fail(&err));
	}
	if (o.dir == NULL) {
		a = getenv("TMPDIR");
		tmpl = xsprintf("%s/amparo-bench.XXXXXX",
		    a != NULL && *a == '/' ? a : "/tmp");
		if (mkdtemp(tmpl) == NULL)
			fatal("making a directory for the benchmark");
		own_dir = 1;
		dir = tmpl;
	} else
		dir = (char *)(uintptr_t)o.dir;

	/*
	 * An empty demo store (accounts only), then people in big batches,
	 * saved by an administrator, who sees every case however assigned.
	 */
	memset(&d, 0, sizeof d);
	d.dir = dir;
	d.people = 0;
	d.seed = seed;
	d.password = "bench-password";
	d.kdf = KDF_MIN;
	if ((rc = demo_build(&d, fs, &accts, &n, &err)) != AMP_OK ||
	    (rc = store_open(dir, &st, &err)) != AMP_OK ||
	    (rc = session_login(st, fs, "admin", d.password,
	    strlen(d.password), &s, &err)) != AMP_OK)
		goto out;
	printf("amparo bench: %zu fictitious people, seed %llu, store %s\n",
	    people, (unsigned long long)seed, dir);
	rng_seed(&rng, seed);
	pid = xcalloc(people + 1, sizeof *pid);
	for (done = 0; done < people; done += k) {
		k = people - done < BENCH_BATCH ? people - done : BENCH_BATCH;
		batch = xcalloc(k, sizeof *batch);
		t0 = now_us();
		bench_people(f, &rng, batch, k);
		t1 = now_us();
		build_s += (t1 - t0) / 1e6;
		rc = case_bulk_add(s, batch, k, &err);
		for (i = 0; rc == AMP_OK && i < k; i++)
			pid[done + i] = batch[i].id;	/* the people's ids */
		if (rc == AMP_OK)
			rc = bench_documents(s, &rng, batch, k, &err);
		sample_add(&sm, (now_us() - t1) / 1e6);
		for (i = 0; i < k; i++)
			record_free(&batch[i]);
		free(batch);
		if (rc != AMP_OK)
			goto out;
	}
	t0 = 0;
	for (i = 0; i < sm.n; i++)
		t0 += sm.v[i];
	printf("%-34s %.0f people/s (%.2f s; generating them took %.2f s more)\n",
	    "bulk import", people / (t0 > 0 ? t0 : 1), t0, build_s);
	counter_stats(&cs);
	printf("%-34s %.2f s of it, %.1f%% (%llu records, %.1f us each)\n",
	    "  report counters in the import", (cs.note_us + cs.flush_us) / 1e6,
	    t0 > 0 ? (cs.note_us + cs.flush_us) / 1e4 / t0 : 0.0,
	    (unsigned long long)cs.notes, cs.notes > 0 ?
	    (cs.note_us + cs.flush_us) / (double)cs.notes : 0.0);
	free(sm.v);
	memset(&sm, 0, sizeof sm);
	printf("%-34s data.mdb %.1f MiB (%.0f bytes a person)\n", "store size",
	    file_size(dir, "data.mdb") / 1048576.0,
	    people > 0 ? (double)file_size(dir, "data.mdb") / people : 0.0);
	session_free(s);
	s = NULL;
	store_close(st);
	st = NULL;

	/*
	 * Opening the store and the forms: the console's work before its first
	 * screen.
	 */
	for (i = 0; i < 20; i++) {
		struct formset	*fs2 = NULL;
		struct diags	 dg = { 0 };

		t0 = now_us();
		if ((rc = store_open(dir, &st, &err)) != AMP_OK)
			goto out;
		if (formset_load(forms_dir_default(), &fs2, &dg) != AMP_OK)
			fatalx("the forms stopped loading");
		sample_add(&sm, (now_us() - t0) / 1e3);
		formset_free(fs2);
		store_close(st);
		st = NULL;
	}
	report("open store and load forms", &sm, "ms");
	if ((rc = store_open(dir, &st, &err)) != AMP_OK)
		goto out;
	t0 = now_us();
	if ((rc = session_login(st, fs, "admin", d.password,
	    strlen(d.password), &s, &err)) != AMP_OK)
		goto out;
	printf("%-34s %.1f ms (test key derivation; see amparo init --kdf)\n",
	    "login", (now_us() - t0) / 1e3);
	if (people == 0)
		goto out;

	/* Lookups by case number and by document number. */
	rng_seed(&rng, seed ^ 0x5eed);
	for (i = 0; i < 2000; i++) {
		id = pid[rng_below(&rng, (uint32_t)people)];
		if ((rc = case_get(s, id, &r, &err)) != AMP_OK)
			goto out;
		casenum_format(id, r.created, num, sizeof num);
		record_free(&r);
		t0 = now_us();
		rc = case_find(s, num, 20, &hits, &nh, &err);
		sample_add(&sm, now_us() - t0);
		case_hits_free(hits, nh);
		if (rc != AMP_OK || nh != 1)
			fatalx("case %s not found by its number", num);
	}
	report("lookup by case number", &sm, "us");
	for (i = 0; i < 2000; i++) {
		id = pid[rng_below(&rng, (uint32_t)people)];
		if ((rc = case_get(s, id, &r, &err)) != AMP_OK)
			goto out;
		a = rmap_get(&r.data, "document_number");
		q = a != NULL ? xstrdup(a) : NULL;
		record_free(&r);
		if (q == NULL)
			continue;
		t0 = now_us();
		rc = case_find(s, q, 20, &hits, &nh, &err);
		sample_add(&sm, now_us() - t0);
		case_hits_free(hits, nh);
		free(q);
		if (rc != AMP_OK || nh == 0)
			fatalx("a document number was not found");
	}
	report("lookup by document number", &sm, "us");

	/*
	 * Name searches as officials type them: a given name and a family
	 * name's start.
	 */
	for (i = 0; i < 2000; i++) {
		id = pid[rng_below(&rng, (uint32_t)people)];
		if ((rc = case_get(s, id, &r, &err)) != AMP_OK)
			goto out;
		a = rmap_get(&r.data, "given_names");
		b = rmap_get(&r.data, "family_names");
		q = xsprintf("%s %.4s", a != NULL ? a : "", b != NULL ? b : "");
		record_free(&r);
		t0 = now_us();
		rc = case_find(s, q, 20, &hits, &nh, &err);
		t1 = now_us() - t0;
		sample_add(&sm, t1);
		if (t1 > slow_us) {
			slow_us = t1;
			free(slow_q);
			slow_q = xstrdup(q);
		}
		case_hits_free(hits, nh);
		free(q);
		if (rc != AMP_OK || nh == 0)
			fatalx("a name search found nothing");
	}
	report("name search, first 20 results", &sm, "us");
	printf("%-34s \"%s\" (%.0f us)\n", "  the slowest", slow_q, slow_us);
	free(slow_q);
	for (i = 0; i < 500; i++) {
		static const char *const common[] = {
			"maria", "jose", "gonzalez", "perez", "jean", "rodriguez",
		};
		t0 = now_us();
		rc = case_find(s, common[i % nitems(common)], 20, &hits, &nh,
		    &err);
		sample_add(&sm, now_us() - t0);
		case_hits_free(hits, nh);
		if (rc != AMP_OK)
			goto out;
	}
	report("name search, one common word", &sm, "us");

	/*
	 * Saving: a changed phone number, checked, sealed, indexed and
	 * committed.
	 */
	for (i = 0; i < 300; i++) {
		struct verrs		ve = { 0 };
		struct conflicts	cf = { 0 };

		id = pid[rng_below(&rng, (uint32_t)people)];
		if ((rc = case_get(s, id, &r, &err)) != AMP_OK)
			goto out;
		snprintf(num, sizeof num, "+507 6555-%04u", (unsigned)i);
		rmap_set(&r.data, "phone", num);
		counter_stats(&cs);
		t1 = cs.note_us + cs.flush_us;
		t0 = now_us();
		rc = case_update(s, &r, r.version, &ve, &cf, &err);
		sample_add(&sm, (now_us() - t0) / 1e3);
		counter_stats(&cs);
		sample_add(&csm, cs.note_us + cs.flush_us - t1);
		verrs_free(&ve);
		conflicts_free(&cf);
		record_free(&r);
		if (rc != AMP_OK)
			goto out;
	}
	report("save a case (with its commit)", &sm, "ms");
	report("  of it, the report counters", &csm, "us");
	for (i = 0; i < 300; i++) {
		t0 = now_us();
		if ((rc = store_write(st, tiny_txn, &err, &err)) != AMP_OK)
			goto out;
		sample_add(&sm, (now_us() - t0) / 1e3);
	}
	report("a one-value commit (the sync alone)", &sm, "ms");
	t0 = now_us();
	if ((rc = audit_verify(st, NULL, NULL, &ar, &err)) != AMP_OK)
		goto out;
	t1 = now_us() - t0;
	printf("%-34s %llu entries in %.1f ms (%.0f entries/s)%s\n",
	    "audit verify", (unsigned long long)ar.entries, t1 / 1e3,
	    t1 > 0 ? (double)ar.entries / (t1 / 1e6) : 0.0,
	    ar.problem == AUDIT_INTACT ? "" : ": altered");
	if ((rc = bench_reports(st, fs, d.password, &err)) != AMP_OK ||
	    (rc = bench_cards(s, &rng, pid, people, &err)) != AMP_OK)
		goto out;
	report_memory();
out:
	session_free(s);
	store_close(st);
	demo_accounts_free(accts, n);
	formset_free(fs);
	free(pid);
	if (own_dir) {
		char *p;

		p = xsprintf("%s/data.mdb", dir);
		unlink(p);
		free(p);
		p = xsprintf("%s/lock.mdb", dir);
		unlink(p);
		free(p);
		rmdir(dir);
	}
	free(tmpl);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	return (AMP_OK);
}
