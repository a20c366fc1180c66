/* export.c: walking the cases an official may see, for exports and reports. */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "amparo.h"

/*
 * Call fn for every case (not the records linked to cases' steps, which
 * come with their case) that the official sees and whose form the role
 * grants perm on, in case number order, each as case_get gives it. One
 * read transaction: the walk sees one moment of the store.
 */
int
case_each_visible(struct session *s, const char *form, unsigned perm,
    int (*fn)(struct session *, const struct record *, void *), void *arg,
    struct amp_err *err)
{
	const struct form	*f;
	struct stxn		*t;
	struct scur		*c;
	struct sval		 k, v;
	struct record		 r;
	int			 rc;

	if ((rc = store_read(s->store, &t, err)) != AMP_OK)
		return (rc);
	if ((rc = scur_open(t, DB_RECORDS, &c, err)) != AMP_OK) {
		stxn_end(t);
		return (rc);
	}
	for (rc = scur_get(c, SC_FIRST, &k, &v, err); rc == AMP_OK;
	    rc = scur_get(c, SC_NEXT, &k, &v, err)) {
		if (k.n != 8)
			continue;
		if ((rc = sealed_get(t, s, DB_RECORDS, k.p, k.n, &r, err)) !=
		    AMP_OK)
			break;
		if (r.parent != 0 || (form != NULL &&
		    strcmp(r.form, form) != 0) || !access_sees_record(s, &r) ||
		    (role_form_perms(s->rp, r.form) & perm) != perm) {
			record_free(&r);
			continue;
		}
		if ((f = formset_find(s->forms, r.form)) != NULL &&
		    r.form_version <= f->version) {
			form_upgrade(f, &r);
			form_calculate(f, &r.data);
		}
		rc = fn(s, &r, arg);
		record_free(&r);
		if (rc != AMP_OK)
			break;
	}
	scur_close(c);
	stxn_end(t);
	return (rc == AMP_ENOTFOUND ? AMP_OK : rc);
}

/* A pseudonym for a case in an export: a keyed hash of its number. */
void
export_pseudonym(const struct session *s, uint64_t id, char *out, size_t n)
{
	unsigned char	in[8], h[16];
	size_t		i;

	be64_put(in, id);
	keyed_hash(h, sizeof h, in, sizeof in, s->keys->export);
	for (i = 0; i < 8 && 2 * i + 2 < n; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
}
