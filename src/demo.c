/* demo.c: sandbox stores of fictitious people, the same people for the same seed. */

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amparo.h"

#define DEMO_BATCH	5000

/*
 * Name pools by region. Every person is a random combination of common
 * names, so no record describes a real person; contact details use the
 * example.org domain and "555" numbers that no one is given.
 */
struct region {
	const char *const	*given_f;
	size_t			 nf;
	const char *const	*given_m;
	size_t			 nm;
	const char *const	*family;
	size_t			 nfam;
	const char		*lang;		/* main language */
	const char		*lang2;		/* a frequent second one */
	int			 two_family;	/* uses two family names */
};

#define POOL(a) a, nitems(a)

static const char *const hisp_f[] = {
	"María", "Ana", "Carmen", "Yusleidy", "Dayana", "Andrea", "Gabriela",
	"Daniela", "Valentina", "Luisa", "Paola", "Yolimar", "Rosa", "Marisol",
	"Karina", "Johana", "Leidy", "Fernanda", "María José", "Ana Lucía",
	"Yanelis", "Dayami", "Milagros", "Génesis", "Nathaly", "Ángela",
	"Lucía", "Sofía", "Isabel", "Beatriz", "Mónica", "Yarelis",
};
static const char *const hisp_m[] = {
	"José", "Luis", "Carlos", "Jesús", "Jhon", "Yorman", "Andrés", "Miguel",
	"Jorge", "Juan", "Pedro", "Alejandro", "Daniel", "Wilmer", "Eduardo",
	"Ángel", "Víctor", "Óscar", "José Luis", "Juan Carlos", "Yoandri",
	"Yunior", "Ramón", "Héctor", "Rubén", "Germán", "Iván", "Joel",
	"Efraín", "Nelson", "Darwin", "Kevin",
};
static const char *const hisp_fam[] = {
	"Pérez", "González", "Rodríguez", "Hernández", "García", "Martínez",
	"López", "Díaz", "Ramírez", "Sánchez", "Torres", "Rojas", "Morales",
	"Gutiérrez", "Castillo", "Jiménez", "Muñoz", "Vargas", "Romero",
	"Suárez", "Peña", "Núñez", "Mendoza", "Contreras", "Quintero",
	"Carrillo", "Zambrano", "Acosta", "Márquez", "Salazar", "Ibáñez",
	"Ordóñez", "Cárdenas", "Ávila", "Bermúdez", "Chávez", "Fuentes",
	"Guzmán", "Medina", "Ríos", "Valdés", "Villalobos",
};
static const char *const hti_f[] = {
	"Marie", "Fabiola", "Nadège", "Rose-Marie", "Guerline", "Widline",
	"Mirlande", "Sandra", "Jessica", "Esther", "Judeline", "Mélissa",
};
static const char *const hti_m[] = {
	"Jean", "Wilner", "Jean-Baptiste", "Frantz", "Ricardo", "Jean-Claude",
	"Pierre", "Wisly", "Stevenson", "Jacques", "Wilson", "Évens",
};
static const char *const hti_fam[] = {
	"Joseph", "Pierre", "Jean-Louis", "Dorvil", "Charles", "Baptiste",
	"Saint-Fleur", "Louis", "Étienne", "Désir", "Alexis", "François",
	"Augustin", "Célestin", "Théodore", "Lafontant",
};
static const char *const waf_f[] = {
	"Aminata", "Fatou", "Mariama", "Awa", "Kadiatou", "Aïssatou", "Grace",
	"Blessing", "Ndèye", "Hawa",
};
static const char *const waf_m[] = {
	"Mamadou", "Moussa", "Ibrahima", "Abdoulaye", "Ousmane", "Cheikh",
	"Emmanuel", "Samuel", "Lamine", "Souleymane",
};
static const char *const waf_fam[] = {
	"Diallo", "Bah", "Sow", "Traoré", "Diop", "Ndiaye", "Camara", "Keïta",
	"Mensah", "Okafor", "Tchoua", "Fofana", "Ngono", "Mbarga",
};
static const char *const sas_f[] = {
	"Priya", "Sunita", "Fatima", "Ayesha", "Sita", "Nasrin", "Shabnam",
	"Roya",
};
static const char *const sas_m[] = {
	"Raj", "Arjun", "Ahmad", "Mohammad", "Bikram", "Rahim", "Hamid",
	"Sanjay", "Farid", "Karim",
};
static const char *const sas_fam[] = {
	"Sharma", "Thapa", "Gurung", "Khan", "Ahmadi", "Rahman", "Hossain",
	"Singh", "Karimi", "Hussain", "Rai", "Popal",
};
static const char *const chn_f[] = { "Fang", "Li", "Jing", "Mei", "Xiu", "Yan" };
static const char *const chn_m[] = { "Wei", "Lei", "Min", "Jun", "Hao", "Qiang" };
static const char *const chn_fam[] = { "Wang", "Li", "Zhang", "Liu", "Chen", "Wu", "Huang", "Zhou" };

enum { R_HISP, R_HTI, R_WAF, R_SAS, R_CHN };
static const struct region regions[] = {
	[R_HISP] = { POOL(hisp_f), POOL(hisp_m), POOL(hisp_fam), "spa", "eng", 1 },
	[R_HTI] = { POOL(hti_f), POOL(hti_m), POOL(hti_fam), "hat", "fra", 0 },
	[R_WAF] = { POOL(waf_f), POOL(waf_m), POOL(waf_fam), "fra", "wol", 0 },
	[R_SAS] = { POOL(sas_f), POOL(sas_m), POOL(sas_fam), "hin", "eng", 0 },
	[R_CHN] = { POOL(chn_f), POOL(chn_m), POOL(chn_fam), "cmn", "eng", 0 },
};

/*
 * Nationalities by weight (about the mix of claims and crossings in the plan).
 */
static const struct {
	const char	*code;
	int		 region;
	unsigned	 weight;
	const char	*lang;		/* instead of the region's */
} nats[] = {
	{ "VEN", R_HISP, 300, NULL }, { "COL", R_HISP, 150, NULL },
	{ "CUB", R_HISP, 100, NULL }, { "NIC", R_HISP, 80, NULL },
	{ "HTI", R_HTI, 100, NULL }, { "SLV", R_HISP, 40, NULL },
	{ "HND", R_HISP, 30, NULL }, { "ECU", R_HISP, 60, NULL },
	{ "PER", R_HISP, 10, NULL }, { "DOM", R_HISP, 10, NULL },
	{ "CHN", R_CHN, 30, NULL }, { "IND", R_SAS, 20, NULL },
	{ "AFG", R_SAS, 20, "prs" }, { "NPL", R_SAS, 10, "nep" },
	{ "BGD", R_SAS, 10, "ben" }, { "CMR", R_WAF, 10, NULL },
	{ "SEN", R_WAF, 10, "wol" }, { "GIN", R_WAF, 10, NULL },
	{ "GHA", R_WAF, 5, "eng" }, { "XXA", R_HISP, 5, NULL },
};

static const char *const streets[] = {
	"Calle 50", "Vía España", "Avenida Perú", "Calle 17 Norte",
	"Vía Transístmica", "Avenida Central", "Calle 12 de Octubre",
	"Vía Domingo Díaz", "Calle Uruguay", "Avenida Justo Arosemena",
};
static const char *const places[] = {
	"Bella Vista", "Calidonia", "San Miguelito", "Juan Díaz", "Pueblo Nuevo",
	"Arraiján", "La Chorrera", "Tocumen", "Pedregal", "Colón",
};
static const char *const notes[] = {
	"Travelling with young children; asked for information on schools.",
	"Reports threats in country of origin; interview to be scheduled.",
	"Needs medical follow-up; referred to the health centre.",
	"Lost documents while crossing; wants to report it.",
	"Family separated during the journey; looking for a sibling.",
};

/* One generated person: what the field generators agree on. */
struct person {
	int		 nat;
	int		 female;
	int		 age;
	int64_t		 birth;		/* days since 1970 */
	int64_t		 arrival;
	char		*family;
	int		 entry;		/* 0 land, 1 air, 2 sea */
	int		 child;
};

static const char *
pick(struct rng *r, const char *const *v, size_t n)
{
	return (v[rng_below(r, (uint32_t)n)]);
}

static int
pick_nat(struct rng *r)
{
	unsigned	total = 0, x;
	size_t		i;

	for (i = 0; i < nitems(nats); i++)
		total += nats[i].weight;
	x = rng_below(r, total);
	for (i = 0; i < nitems(nats); i++) {
		if (x < nats[i].weight)
			return ((int)i);
		x -= nats[i].weight;
	}
	return (0);
}

static char *
date_str(int64_t days)
{
	int	y, m, d;

	date_from_days(days, &y, &m, &d);
	return (xsprintf("%04d-%02d-%02d", y, m, d));
}

static char *
family_name(struct rng *r, const struct region *g)
{
	if (g->two_family)
		return (xsprintf("%s %s", pick(r, g->family, g->nfam),
		    pick(r, g->family, g->nfam)));
	return (xstrdup(pick(r, g->family, g->nfam)));
}

static const char *
given_name(struct rng *r, const struct region *g, int female)
{
	return (female ? pick(r, g->given_f, g->nf) :
	    pick(r, g->given_m, g->nm));
}

static void
set_if(struct rmap *m, const struct form *f, const char *id, const char *v)
{
	if (form_field(f, id) != NULL)
		rmap_set(m, id, v);
}

static void
set_owned(struct rmap *m, const struct form *f, const char *id, char *v)
{
	set_if(m, f, id, v);
	free(v);
}

/* A district of the chosen province, as the cascading list offers them. */
static void
pick_district(const struct form *f, struct rng *r, struct rmap *m)
{
	const struct field	*df = form_field(f, "district");
	const char		*prov = rmap_get(m, "province"), *a;
	size_t			 i, n = 0, k;

	if (df == NULL || df->list == NULL || prov == NULL)
		return;
	for (i = 0; i < df->list->n; i++) {
		a = choice_attr(&df->list->v[i], "province");
		n += a != NULL && strcmp(a, prov) == 0 &&
		    !df->list->v[i].retired;
	}
	if (n == 0)
		return;
	k = rng_below(r, (uint32_t)n);
	for (i = 0; i < df->list->n; i++) {
		a = choice_attr(&df->list->v[i], "province");
		if (a == NULL || strcmp(a, prov) != 0 || df->list->v[i].retired)
			continue;
		if (k-- == 0) {
			rmap_set(m, "district", df->list->v[i].value);
			return;
		}
	}
}

static void
fill_household(const struct form *f, struct rng *r, struct person *p,
    struct rmap *m)
{
	const struct field	*hf = form_field(f, "household");
	const struct region	*g = &regions[nats[p->nat].region];
	struct rfield		*grp;
	struct rmap		*it;
	int64_t			 today = date_today_days(), born;
	unsigned		 n, i, kind;
	char			*fam, count[16];
	int			 female;

	if (hf == NULL || hf->type != FT_REPEAT || p->child)
		return;
	n = rng_chance(r, 45) ? 0 : 1 + rng_below(r, 4);
	snprintf(count, sizeof count, "%u", n);
	set_if(m, f, "household_count", count);
	if (n == 0)
		return;
	grp = rmap_group(m, "household");
	for (i = 0; i < n && i < hf->max_items; i++) {
		it = rgroup_add(grp);
		female = rng_chance(r, 50);
		kind = i == 0 && p->age > 20 && rng_chance(r, 70) ? 0 :
		    p->age > 22 ? 1 : 2;
		rmap_set(it, "given_names", given_name(r, g, female));
		if (kind == 0) {
			fam = family_name(r, g);
			rmap_set(it, "family_names", fam);
			free(fam);
		} else
			rmap_set(it, "family_names", p->family);
		rmap_set(it, "relationship", kind == 0 ? "spouse" :
		    kind == 1 ? "child" : "sibling");
		rmap_set(it, "sex", female ? "female" : "male");
		if (kind == 0)
			born = p->birth + (int64_t)rng_below(r, 3650) - 1825;
		else if (kind == 1)
			born = today - 365 - (int64_t)rng_below(r,
			    365 * (unsigned)(p->age - 19));
		else
			born = p->birth + (int64_t)rng_below(r, 2000) - 1000;
		fam = date_str(born);
		rmap_set(it, "birth_date", fam);
		free(fam);
		rmap_set(it, "nationality", nats[p->nat].code);
		rmap_set(it, "accompanying", rng_chance(r, 85) ? "yes" : "no");
	}
}

/*
 * Fill an intake record for one fictitious person. Field ids the form does
 * not have are skipped, so the generator keeps working as the form changes.
 */
int
demo_fill_person(const struct form *f, struct rng *r, struct rmap *m)
{
	static const char *const entry_types[] = { "land_border", "airport", "sea" };
	static const char *const land_posts[] = {
		"paso_canoas", "guabito", "rio_sereno", "jaque", "la_palma",
		"yaviza", "san_vicente", "lajas_blancas", "bajo_chiquito",
		"canaan_membrillo",
	};
	static const char *const air_posts[] = {
		"tocumen", "panama_pacifico", "enrique_malek", "scarlett_martinez",
	};
	static const char *const sea_posts[] = {
		"balboa", "cristobal", "bocas_del_toro", "puerto_obaldia",
	};
	static const char *const provinces[] = {
		"PA-8", "PA-8", "PA-8", "PA-8", "PA-10", "PA-10", "PA-3", "PA-4",
		"PA-5", "PA-1", "PA-2", "PA-9",
	};
	static const char *const doctypes[] = {
		"passport", "passport", "passport", "national_id", "national_id",
		"birth_certificate", "other", "none",
	};
	struct person		 p;
	const struct region	*g;
	const char		*doc, *lang;
	int64_t			 today = date_today_days();
	char			 num[32];
	unsigned		 k;

	memset(&p, 0, sizeof p);
	p.nat = pick_nat(r);
	g = &regions[nats[p.nat].region];
	p.female = rng_chance(r, 48);
	k = rng_below(r, 100);
	p.age = k < 8 ? (int)rng_below(r, 18) : k < 85 ? 18 +
	    (int)rng_below(r, 30) : 48 + (int)rng_below(r, 35);
	p.child = p.age < 18;
	p.birth = today - (int64_t)p.age * 365 - (int64_t)rng_below(r, 365);
	p.arrival = today - 1 - (int64_t)rng_below(r, 3 * 365);
	if (p.arrival < p.birth)	/* born here, or on the way */
		p.arrival = p.birth;
	p.family = family_name(r, g);
	k = rng_below(r, 100);
	p.entry = k < 60 ? 0 : k < 95 ? 1 : 2;

	set_if(m, f, "given_names", given_name(r, g, p.female));
	set_if(m, f, "family_names", p.family);
	if (rng_chance(r, 6))
		set_if(m, f, "other_names", given_name(r, g, p.female));
	set_if(m, f, "sex", p.female ? "female" : "male");
	set_owned(m, f, "birth_date", date_str(p.birth));
	set_if(m, f, "nationality", nats[p.nat].code);
	set_if(m, f, "birth_country", strcmp(nats[p.nat].code, "XXA") == 0 ?
	    "VEN" : nats[p.nat].code);
	if (rng_chance(r, 3))
		set_if(m, f, "second_nationality", "COL");
	lang = nats[p.nat].lang != NULL ? nats[p.nat].lang : g->lang;
	set_if(m, f, "language", lang);
	if (rng_chance(r, 30))
		set_if(m, f, "other_languages", strcmp(g->lang2, lang) == 0 ?
		    "eng" : g->lang2);
	set_if(m, f, "needs_interpreter", strcmp(lang, "spa") == 0 ? "no" :
	    rng_chance(r, 70) ? "yes" : "no");

	if (rng_chance(r, 80)) {
		snprintf(num, sizeof num, "+507 6555-%04u", rng_below(r, 10000));
		set_if(m, f, "phone", num);
	}
	if (rng_chance(r, 25)) {
		snprintf(num, sizeof num, "persona%u@example.org",
		    rng_below(r, 1000000));
		set_if(m, f, "email", num);
	}
	if (rng_chance(r, 70))
		set_owned(m, f, "address", xsprintf("%s, %s",
		    pick(r, streets, nitems(streets)),
		    pick(r, places, nitems(places))));
	set_if(m, f, "province", pick(r, provinces, nitems(provinces)));
	pick_district(f, r, m);

	set_owned(m, f, "arrival_date", date_str(p.arrival));
	set_if(m, f, "entry_type", entry_types[p.entry]);
	set_if(m, f, "entry_point", p.entry == 0 ?
	    pick(r, land_posts, nitems(land_posts)) : p.entry == 1 ?
	    pick(r, air_posts, nitems(air_posts)) :
	    pick(r, sea_posts, nitems(sea_posts)));

	doc = pick(r, doctypes, nitems(doctypes));
	if (p.child && strcmp(doc, "passport") != 0)
		doc = "birth_certificate";
	set_if(m, f, "document_type", doc);
	if (strcmp(doc, "none") != 0) {
		snprintf(num, sizeof num, "%c%c%07u", 'A' + rng_below(r, 26),
		    'A' + rng_below(r, 26), rng_below(r, 10000000));
		set_if(m, f, "document_number", num);
		set_if(m, f, "document_country", strcmp(nats[p.nat].code,
		    "XXA") == 0 ? "VEN" : nats[p.nat].code);
		if (strcmp(doc, "passport") == 0)
			set_owned(m, f, "document_expiry", date_str(p.arrival -
			    3650 + (int64_t)rng_below(r, 3650 * 2)));
	}
	if (rng_chance(r, 60)) {
		snprintf(num, sizeof num, "BIO-%08u", rng_below(r, 100000000));
		set_if(m, f, "biometric_ref", num);
		set_owned(m, f, "biometric_date", date_str(p.arrival +
		    (int64_t)rng_below(r, 20)));
	}
	fill_household(f, r, &p, m);

	set_if(m, f, "unaccompanied_child", p.child && rng_chance(r, 30) ?
	    "yes" : "no");
	if (p.female && p.age >= 18 && p.age < 42 && rng_chance(r, 10))
		set_if(m, f, "pregnant", "yes");
	if (rng_chance(r, 5))
		set_if(m, f, "disability", "yes");
	if (rng_chance(r, 6))
		set_if(m, f, "serious_illness", "yes");
	if (p.age > 64 && rng_chance(r, 30))
		set_if(m, f, "older_person_alone", "yes");
	if (rng_chance(r, 12))
		set_if(m, f, "violence_survivor", "yes");
	set_if(m, f, "stateless_risk", strcmp(nats[p.nat].code, "XXA") == 0 ?
	    "yes" : "no");
	if (rng_chance(r, 8))
		set_if(m, f, "urgent_protection", "yes");
	if (rng_chance(r, 15))
		set_if(m, f, "protection_notes", pick(r, notes, nitems(notes)));
	free(p.family);
	return (0);
}

/* A password that reads out well in a classroom: three groups of four. */
static char *
demo_password(void)
{
	static const char	 alpha[] = "abcdefghjkmnpqrstuvwxyz23456789";
	unsigned char		 raw[12];
	char			 out[15];
	size_t			 i, o = 0;

	random_fill(raw, sizeof raw);
	for (i = 0; i < sizeof raw; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = alpha[raw[i] % (sizeof alpha - 1)];
	}
	out[o] = '\0';
	return (xstrdup(out));
}

struct meta_put {
	const char	*key;
	const void	*val;
	size_t		 n;
	struct amp_err	*err;
};

static int
meta_put_txn(struct stxn *t, void *arg)
{
	struct meta_put	*mp = arg;

	return (stxn_put(t, DB_META, mp->key, strlen(mp->key), mp->val, mp->n,
	    0, mp->err));
}

/* Whether dir holds a store, and whether it is a demo store. */
static int
demo_existing(const char *dir, int *is_demo, struct amp_err *err)
{
	struct store	*st;
	struct stxn	*t;
	struct sval	 v;
	char		*path;
	int		 rc, exists;

	*is_demo = 0;
	path = xsprintf("%s/data.mdb", dir);
	exists = access(path, F_OK) == 0;
	free(path);
	if (!exists)
		return (0);
	if ((rc = store_open(dir, &st, err)) != AMP_OK)
		return (-1);
	if ((rc = store_read(st, &t, err)) == AMP_OK) {
		*is_demo = stxn_get(t, DB_META, "demo", 4, &v, err) == AMP_OK;
		stxn_end(t);
	}
	store_close(st);
	return (rc == AMP_OK ? 1 : -1);
}

static int
demo_remove(const char *dir, struct amp_err *err)
{
	static const char *const files[] = { "data.mdb", "lock.mdb" };
	char	*path;
	size_t	 i;

	for (i = 0; i < nitems(files); i++) {
		path = xsprintf("%s/%s", dir, files[i]);
		if (unlink(path) != 0 && errno != ENOENT) {
			err_set(err, AMP_ESTORE,
			    _("resetting the demo store failed: %s: %s"), path,
			    strerror(errno));
			free(path);
			return (err->code);
		}
		free(path);
	}
	return (AMP_OK);
}

/*
 * The day a demo case was registered: within a month of arrival, before today.
 */
static int64_t
demo_registered(const struct rmap *m, struct rng *r, int64_t today)
{
	const char	*arr = rmap_get(m, "arrival_date");
	int64_t		 days = today - 1 - (int64_t)rng_below(r, 3 * 365);
	int		 y, mo, d;

	if (arr != NULL && date_parse(arr, &y, &mo, &d) == 0)
		days = date_days(y, mo, d) + (int64_t)rng_below(r, 30);
	return (days < today ? days : today - 1);
}

/* Of n demo accounts, how many register the demo's people: the first three. */
size_t
demo_authors(size_t n)
{
	return (n < 3 ? n : 3);
}

/*
 * The next person of a demo's sequence into rec: the answers, and the time
 * of registration (some days after arrival, in office hours). Returns which
 * of the first nauthors demo accounts registered them. The sequence is
 * the generator's: the same seed gives the same people, so tests can
 * regenerate what a demo store holds.
 */
size_t
demo_person(const struct form *f, struct rng *r, int64_t today,
    size_t nauthors, struct record *rec)
{
	int64_t	days;

	demo_fill_person(f, r, &rec->data);
	days = demo_registered(&rec->data, r, today);
	rec->created = days * 86400 + 13 * 3600 + (int64_t)rng_below(r,
	    8 * 3600);
	return (nauthors > 0 ? rng_below(r, (uint32_t)nauthors) : 0);
}

/*
 * The demo accounts: "admin", "officer" and "supervisor" for the roles
 * trainers and tests know by those names (the eligibility officer's in a
 * roles file that has one), then one named as each other role.
 */
struct demo_account *
demo_account_list(const struct policy *p, const char *password, size_t *n)
{
	static const char *const known[][3] = {	/* name, role, or role */
		{ "admin", "admin", "admin" },
		{ "officer", "eligibility_officer", "officer" },
		{ "supervisor", "supervisor", "supervisor" },
	};
	struct demo_account	*a;
	const char		*role;
	size_t			 i, j;

	a = xcalloc(nitems(known) + p->nroles, sizeof *a);
	*n = 0;
	for (i = 0; i < nitems(known); i++) {
		role = policy_role(p, known[i][1]) != NULL ? known[i][1] :
		    known[i][2];
		if (policy_role(p, role) == NULL)
			continue;
		a[*n].name = xstrdup(known[i][0]);
		a[(*n)++].role = xstrdup(role);
	}
	for (i = 0; i < p->nroles; i++) {
		for (j = 0; j < *n; j++) {
			if (strcmp(a[j].role, p->roles[i].id) == 0 ||
			    strcmp(a[j].name, p->roles[i].id) == 0)
				break;
		}
		if (j < *n)
			continue;
		a[*n].name = xstrdup(p->roles[i].id);
		a[(*n)++].role = xstrdup(p->roles[i].id);
	}
	for (i = 0; i < *n; i++)
		a[i].password = password != NULL ? xstrdup(password) :
		    demo_password();
	return (a);
}

/*
 * Build a sandbox store: the demo accounts and opts->people fictitious
 * people, in the first account's institution's queue. A demo store already
 * in dir is reset; any other store is left alone and is an error.
 */
int
demo_build(const struct demo_opts *opts, const struct formset *fs,
    struct demo_account **accts, size_t *naccts, struct amp_err *err)
{
	const struct form	*f;
	struct demo_account	*a;
	struct session		*s = NULL;
	struct store		*st = NULL;
	struct record		*batch;
	struct meta_put		 mp;
	struct rng		 r;
	unsigned char		 seedbuf[8];
	size_t			 i, n, done, na, author;
	int			 rc, is_demo;
	int64_t			 today = date_today_days();

	*accts = NULL;
	*naccts = 0;
	if ((f = formset_find(fs, "intake")) == NULL)
		return (err_set(err, AMP_EFORMS,
		    _("building the demo failed: there is no intake form")));
	rc = demo_existing(opts->dir, &is_demo, err);
	if (rc < 0)
		return (err->code);
	if (rc > 0 && !is_demo)
		return (err_set(err, AMP_ESTORE,
		    _("building the demo failed: %s holds a store that is not a demo store; choose another directory"),
		    opts->dir));
	if (rc > 0 && demo_remove(opts->dir, err) != AMP_OK)
		return (err->code);

	a = demo_account_list(fs->policy, opts->password, &na);
	*accts = a;
	*naccts = na;
	if (na == 0 || strcmp(a[0].name, "admin") != 0)
		return (err_set(err, AMP_EFORMS,
		    _("building the demo failed: the roles file %s has no role \"admin\""),
		    fs->policy->file));
	if ((rc = store_init(opts->dir, a[0].name, a[0].role, a[0].password,
	    strlen(a[0].password), opts->kdf, err)) != AMP_OK)
		return (rc);
	if ((rc = store_open(opts->dir, &st, err)) != AMP_OK)
		return (rc);
	if ((rc = session_login(st, fs, a[0].name, a[0].password,
	    strlen(a[0].password), &s, err)) != AMP_OK)
		goto out;
	for (i = 1; i < na; i++) {
		if ((rc = store_add_account(st, s->keys, a[i].name, a[i].role,
		    a[i].password, strlen(a[i].password), opts->kdf, err)) !=
		    AMP_OK || (rc = class_sync_user(s, a[i].name, err)) !=
		    AMP_OK)
			goto out;
	}
	be64_put(seedbuf, opts->seed);
	mp.key = "demo";
	mp.val = seedbuf;
	mp.n = sizeof seedbuf;
	mp.err = err;
	if ((rc = store_write(st, meta_put_txn, &mp, err)) != AMP_OK)
		goto out;

	rng_seed(&r, opts->seed);
	for (done = 0; done < opts->people; done += n) {
		n = opts->people - done < DEMO_BATCH ? opts->people - done :
		    DEMO_BATCH;
		batch = xcalloc(n, sizeof *batch);
		for (i = 0; i < n; i++) {
			batch[i].form = xstrdup(f->id);
			author = demo_person(f, &r, today, demo_authors(na),
			    &batch[i]);
			batch[i].created_by = xstrdup(a[author].name);
		}
		rc = case_bulk_add(s, batch, n, err);
		for (i = 0; i < n; i++)
			record_free(&batch[i]);
		free(batch);
		if (rc != AMP_OK)
			goto out;
	}
	rc = demo_referrals(s, st, fs, a, na, opts->people, err);
	if (rc == AMP_OK)
		rc = demo_protocols(s, st, fs, a, na, opts->people, err);
	if (rc == AMP_OK)
		rc = demo_services(s, st, fs, a, na, opts->people, err);
	if (rc == AMP_OK)
		rc = demo_documents(s, opts->people, err);
	if (rc == AMP_OK)
		rc = demo_gbv(s, st, fs, a, na, opts->people, err);
out:
	session_free(s);
	store_close(st);
	return (rc);
}

void
demo_accounts_free(struct demo_account *v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].role);
		if (v[i].password != NULL)
			wipe(v[i].password, strlen(v[i].password));
		free(v[i].password);
	}
	free(v);
}
