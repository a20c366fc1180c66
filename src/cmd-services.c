/* cmd-services.c: amparo services: the directory of services, all or those that fit a person, printable or as CSV. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

struct services_args {
	struct cmd_opts	 o;
	const char	*query;		/* --case */
	const char	*category;
	int		 csv;
};

static void
print_csv(const struct formset *fs, const struct service *const *v, size_t n)
{
	const struct institution	*in;
	const struct service_cat	*cat;
	char				*place;
	size_t				 i;

	printf("id,institution,category,name,place,schedule,eligibility,contact,description\n");
	for (i = 0; i < n; i++) {
		in = policy_institution(fs->policy, v[i]->ref[SR_INSTITUTION]);
		cat = service_cat_find(fs, v[i]->ref[SR_CATEGORY]);
		place = service_place(fs, v[i]);
		cmd_csv_field(v[i]->id, ",");
		cmd_csv_field(in != NULL ? i18n_get(&in->name) : "", ",");
		cmd_csv_field(cat != NULL ? i18n_get(&cat->label) : "", ",");
		cmd_csv_field(i18n_get(&v[i]->name), ",");
		cmd_csv_field(place, ",");
		cmd_csv_field(i18n_get(&v[i]->schedule), ",");
		cmd_csv_field(i18n_get(&v[i]->eligibility), ",");
		cmd_csv_field(v[i]->contact, ",");
		cmd_csv_field(i18n_get(&v[i]->description), "\n");
		free(place);
	}
}

/* The printable list: a heading a service, then its details, indented. */
static void
print_text(const struct formset *fs, const struct service *const *v,
    size_t n)
{
	const struct institution	*in;
	const struct service_cat	*cat;
	char				*place;
	size_t				 i;

	for (i = 0; i < n; i++) {
		in = policy_institution(fs->policy, v[i]->ref[SR_INSTITUTION]);
		cat = service_cat_find(fs, v[i]->ref[SR_CATEGORY]);
		place = service_place(fs, v[i]);
		if (i > 0)
			putchar('\n');
		printf("%s\t%s\n", v[i]->id, i18n_get(&v[i]->name));
		printf("  %s: %s\n", _("Kind"),
		    cat != NULL ? i18n_get(&cat->label) : "");
		printf("  %s: %s\n", _("Institution"),
		    in != NULL ? i18n_get(&in->name) : "");
		printf("  %s: %s\n", _("Place"), place);
		printf("  %s: %s\n", _("When"), i18n_get(&v[i]->schedule));
		printf("  %s: %s\n", _("Who"), i18n_get(&v[i]->eligibility));
		printf("  %s: %s\n", _("Contact"), v[i]->contact);
		printf("  %s\n", i18n_get(&v[i]->description));
		free(place);
	}
}

static int
services_parse_args(int argc, char **argv, struct services_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "case", required_argument, NULL, OPT_RECORD },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:", longopts, NULL)) != -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, "services")) < 0)
			return (-1);
		if (r > 0)
			continue;
		switch (c) {
		case OPT_RECORD:
			a->query = optarg;
			break;
		case OPT_CATEGORY:
			a->category = optarg;
			break;
		case OPT_CSV:
			a->csv = 1;
			break;
		default:
			cmd_bad_option("services", c, argv);
			return (-1);
		}
	}
	if (optind != argc) {
		cmd_usage_error("services", _("services takes no arguments"));
		return (-1);
	}
	return (0);
}

/* The services that fit the person of a case, as the official sees it. */
static int
services_of_case(struct services_args *a, const struct formset *fs,
    const struct service ***v, size_t *n)
{
	struct store	*st = NULL;
	struct session	*s = NULL;
	struct amp_err	 err;
	uint64_t	 id;
	int		 rc;

	err_clear(&err);
	if ((rc = cmd_login(&a->o, fs, &st, &s)) == AMP_OK) {
		if ((rc = case_lookup(s, a->query, &id, &err)) == AMP_OK)
			rc = services_for_case(s, id, a->category, v, n, &err);
		if (rc != AMP_OK)
			rc = cmd_fail(&err);
	}
	session_free(s);
	store_close(st);
	return (rc);
}

int
cmd_services(int argc, char **argv)
{
	struct services_args	  a;
	struct formset		 *fs = NULL;
	const struct service	**v = NULL;
	size_t			  n = 0, i;
	int			  rc;

	memset(&a, 0, sizeof a);
	if (services_parse_args(argc, argv, &a) != 0)
		return (AMP_EUSAGE);
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if (a.category != NULL && service_cat_find(fs, a.category) == NULL) {
		rc = cmd_usage_error("services",
		    _("there is no category \"%s\" in the directory of services"),
		    a.category);
		formset_free(fs);
		return (rc);
	}
	if (a.query != NULL)
		rc = services_of_case(&a, fs, &v, &n);
	else {
		v = xcalloc(fs->nservices + 1, sizeof *v);
		for (i = 0; i < fs->nservices; i++) {
			if (fs->services[i].retired || (a.category != NULL &&
			    strcmp(fs->services[i].ref[SR_CATEGORY],
			    a.category) != 0))
				continue;
			v[n++] = &fs->services[i];
		}
	}
	if (rc == AMP_OK && a.csv)
		print_csv(fs, v, n);
	else if (rc == AMP_OK)
		print_text(fs, v, n);
	free(v);
	formset_free(fs);
	return (rc);
}
