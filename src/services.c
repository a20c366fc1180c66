/* services.c: using the directory of services: finding one, who it fits, and routing a referral to it. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "amparo.h"

const struct service *
service_find(const struct formset *fs, const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < fs->nservices; i++) {
		if (strcmp(fs->services[i].id, id) == 0)
			return (&fs->services[i]);
	}
	return (NULL);
}

const struct service_cat *
service_cat_find(const struct formset *fs, const char *id)
{
	size_t	i;

	for (i = 0; id != NULL && i < fs->ncats; i++) {
		if (strcmp(fs->cats[i].id, id) == 0)
			return (&fs->cats[i]);
	}
	return (NULL);
}

/* A shared choice list of the set, or NULL. */
const struct choice_list *
formset_list(const struct formset *fs, const char *id)
{
	size_t	i;

	for (i = 0; i < fs->nlists; i++) {
		if (strcmp(fs->lists[i]->id, id) == 0)
			return (fs->lists[i]);
	}
	return (NULL);
}

/* Where a service is, "district, province" in the interface language. */
char *
service_place(const struct formset *fs, const struct service *sv)
{
	const struct choice	*p, *d;

	p = choice_find(formset_list(fs, PROVINCES_LIST),
	    sv->ref[SR_PROVINCE]);
	d = choice_find(formset_list(fs, DISTRICTS_LIST),
	    sv->ref[SR_DISTRICT]);
	if (d != NULL && p != NULL)
		return (xsprintf("%s, %s", i18n_get(&d->label),
		    i18n_get(&p->label)));
	return (xstrdup(p != NULL ? i18n_get(&p->label) :
	    sv->ref[SR_PROVINCE] != NULL ? sv->ref[SR_PROVINCE] : ""));
}

/*
 * Whether a service fits the person whose record r is: offered (not
 * retired), and its eligibility expression true on the record. A record
 * of another form than the one the expression reads cannot be judged by
 * it: then only the eligibility in words applies, and the service is
 * listed.
 */
int
service_fits(const struct service *sv, const struct record *r)
{
	if (sv->retired)
		return (0);
	if (sv->eligible.e == NULL || sv->form == NULL || r->form == NULL ||
	    strcmp(sv->form, r->form) != 0)
		return (1);
	return (form_condition(&sv->eligible, &r->data));
}

/*
 * A referral's service from the directory: when its answers name one
 * (SERVICE_FIELD), the receiving institution is the service's (*to, if
 * not given) and must be (if given), and its category is recorded
 * (SERVICE_CAT_FIELD).
 */
int
service_route(const struct formset *fs, struct rmap *data, const char **to,
    struct amp_err *err)
{
	const struct service	*sv;
	const char		*id = rmap_get(data, SERVICE_FIELD);

	if (id == NULL || *id == '\0')
		return (AMP_OK);
	if ((sv = service_find(fs, id)) == NULL)
		return (err_set(err, AMP_EINVAL,
		    _("sending the referral failed: there is no service \"%s\" in the directory (amparo services lists them)"),
		    id));
	if (sv->retired)
		return (err_set(err, AMP_EINVAL,
		    _("sending the referral failed: the service \"%s\" is no longer offered"),
		    id));
	if (*to == NULL)
		*to = sv->ref[SR_INSTITUTION];
	else if (strcmp(*to, sv->ref[SR_INSTITUTION]) != 0)
		return (err_set(err, AMP_EUSAGE,
		    _("sending the referral failed: the service \"%s\" is offered by \"%s\", not \"%s\""),
		    id, sv->ref[SR_INSTITUTION], *to));
	rmap_set(data, SERVICE_CAT_FIELD, sv->ref[SR_CATEGORY]);
	return (AMP_OK);
}

/*
 * The services that fit the person of a case the official sees (or of the
 * case a record is linked to), of one category (or all, with NULL), in the
 * directory's order. *out points into
 * the form set; free it alone.
 */
int
services_for_case(struct session *s, uint64_t case_id, const char *category,
    const struct service ***out, size_t *n, struct amp_err *err)
{
	const struct formset	*fs = s->forms;
	const struct service	*sv;
	struct record		 r;
	size_t			 i;
	int			 rc;

	*out = NULL;
	*n = 0;
	if ((rc = case_get(s, case_id, &r, err)) != AMP_OK)
		return (rc);
	/* A record linked to a case (a referral): the case's person. */
	if (r.parent != 0 && fs->nservices > 0 && fs->services[0].form !=
	    NULL && strcmp(r.form, fs->services[0].form) != 0) {
		case_id = r.parent;
		record_free(&r);
		if ((rc = case_get(s, case_id, &r, err)) != AMP_OK)
			return (rc);
	}
	*out = xcalloc(fs->nservices + 1, sizeof **out);
	for (i = 0; i < fs->nservices; i++) {
		sv = &fs->services[i];
		if (category != NULL &&
		    strcmp(sv->ref[SR_CATEGORY], category) != 0)
			continue;
		if (service_fits(sv, &r))
			(*out)[(*n)++] = sv;
	}
	record_free(&r);
	return (AMP_OK);
}
