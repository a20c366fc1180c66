/* cmd-card.c: amparo card: issue, show, export and revoke cards; the published keys, revocation list, and offline verification. */

#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define KEYS_FILE_MAX	(256 * 1024)
#define REVS_FILE_MAX	(64 * 1024 * 1024)
#define QR_QUIET	2		/* modules of margin on a terminal */

enum {
	OPT_KEYS = 600, OPT_REVOCATIONS, OPT_OUTPUT
};

struct card_args {
	struct cmd_opts	 o;
	const char	*sub;
	const char	*keys, *revs, *output;
};

/* The subcommands and the arguments each takes. */
static const struct {
	const char	*sub;
	int		 nargs;
} card_subs[] = {
	{ "issue", 1 },
	{ "show", 1 },
	{ "export", 1 },
	{ "revoke", 1 },
	{ "revocations", 0 },
	{ "keys", 0 },
	{ "key", 1 },
	{ "verify", 1 },
};

static int
card_parse_args(int argc, char **argv, struct card_args *a)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "password-file", required_argument, NULL, OPT_PASSWORD_FILE },
		{ "keys", required_argument, NULL, OPT_KEYS },
		{ "revocations", required_argument, NULL, OPT_REVOCATIONS },
		{ "output", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 }
	};
	int	c, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, ":d:u:o:", longopts, NULL)) !=
	    -1) {
		if ((r = cmd_common_opt(c, optarg, &a->o, "card")) < 0)
			return (-1);
		if (r > 0)
			continue;
		switch (c) {
		case OPT_KEYS:
			a->keys = optarg;
			break;
		case OPT_REVOCATIONS:
			a->revs = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		default:
			return (cmd_bad_option("card", c, argv), -1);
		}
	}
	return (optind);
}

/*
 * The card a record number names: the card itself, or the newest card of
 * a document or certificate.
 */
static int
card_named(struct session *s, const char *arg, struct record *card)
{
	struct amp_err	err;
	uint64_t	id;
	int		rc;

	err_clear(&err);
	if ((rc = cmd_record_arg("card", _("the card or document"), arg,
	    &id)) != AMP_OK)
		return (rc);
	if (case_get(s, id, card, &err) != AMP_OK)
		return (cmd_fail(&err));
	if (strcmp(card->form, CARD_FORM) == 0)
		return (AMP_OK);
	record_free(card);
	if (card_current(s, id, card, &err) != AMP_OK)
		return (cmd_fail(&err));
	return (AMP_OK);
}

/* A card as text: what it says, its state, its payload and QR code. */
static int
card_print_text(struct session *s, const struct record *card)
{
	const struct workflow	*w = workflow_for(s->forms, CARD_FORM);
	struct card_print	 p;
	struct amp_err		 err;
	struct record		 dr;
	struct qr		 q;
	char			*own[CARD_PRINT_OWN], num[32], doc[32], *qt;
	const char		*d;
	uint64_t		 did = 0;
	size_t			 i;

	err_clear(&err);
	if (card_print_of(s, card, &p, own, &err) != AMP_OK)
		return (cmd_fail(&err));
	casenum_format(card->id, card->created, num, sizeof num);
	/* The document's number, with the year it was made in. */
	if ((d = rmap_get(&card->data, "document")) != NULL)
		did = strtoull(d, NULL, 10);
	if (case_get(s, did, &dr, &err) == AMP_OK) {
		casenum_format(dr.id, dr.created, doc, sizeof doc);
		record_free(&dr);
	} else {
		err_clear(&err);
		casenum_format(did, card->created, doc, sizeof doc);
	}
	printf(_("card %s (%s), of record %s\n"), num,
	    w != NULL ? workflow_state_label(w, record_state(w, card)) :
	    card->state, doc);
	printf("%s\n%s\n", p.title, p.holder);
	for (i = 0; p.lines[i] != NULL; i++)
		printf("  %s\n", p.lines[i]);
	if (card_outdated(s, card))
		printf(_("  outdated: the document says otherwise now (renewed, or its number corrected); card issue makes a card that says what it says\n"));
	printf("%s\n", p.payload != NULL ? p.payload : "");
	if (p.payload != NULL && qr_make(p.payload, 0, &q, &err) == AMP_OK) {
		qt = qr_text(&q, QR_QUIET, locale_utf8() ? QR_TEXT_UTF8 : 0);
		fputs(qt, stdout);
		free(qt);
		qr_free(&q);
	}
	card_print_free(own);
	return (err.code != AMP_OK ? cmd_fail(&err) : AMP_OK);
}

static int
card_export_cmd(struct session *s, const char *output,
    const struct record *card)
{
	struct card_print	 p;
	struct amp_err		 err;
	struct qr		 q;
	char			*own[CARD_PRINT_OWN], *svg;
	int			 rc;

	err_clear(&err);
	if (card_print_of(s, card, &p, own, &err) != AMP_OK)
		return (cmd_fail(&err));
	if (p.payload == NULL || qr_make(p.payload, 0, &q, &err) != AMP_OK) {
		card_print_free(own);
		if (err.code == AMP_OK)
			err_set(&err, AMP_ESTORE,
			    _("the card has no payload: it is damaged"));
		return (cmd_fail(&err));
	}
	svg = card_svg(&q, &p);
	qr_free(&q);
	card_print_free(own);
	rc = cmd_write_out(output, svg, &err);
	free(svg);
	return (rc == AMP_OK ? AMP_OK : cmd_fail(&err));
}

static int
card_run(struct session *s, struct card_args *a, char **args)
{
	struct record	 card;
	struct amp_err	 err;
	uint64_t	 id;
	char		 kid[CARD_KID_LEN + 1], num[32], *text;
	int		 rc;

	err_clear(&err);
	if (strcmp(a->sub, "issue") == 0) {
		if ((rc = cmd_record_arg("card", _("the document"), args[0],
		    &id)) != AMP_OK)
			return (rc);
		if (card_issue(s, id, &card, &err) != AMP_OK)
			return (cmd_fail(&err));
		rc = card_print_text(s, &card);
		record_free(&card);
		return (rc);
	}
	if (strcmp(a->sub, "revocations") == 0) {
		if (card_revocations_text(s, &text, &err) != AMP_OK)
			return (cmd_fail(&err));
		rc = cmd_write_out(a->output, text, &err);
		free(text);
		return (rc == AMP_OK ? AMP_OK : cmd_fail(&err));
	}
	if (strcmp(a->sub, "key") == 0) {
		if (strcmp(args[0], "rotate") != 0)
			return (cmd_usage_error("card",
			    _("unknown card key command \"%s\" (rotate)"),
			    args[0]));
		if (card_key_rotate(s, kid, &err) != AMP_OK)
			return (cmd_fail(&err));
		printf(_("card key %s signs from today; publish the new key set (amparo card keys)\n"),
		    kid);
		return (AMP_OK);
	}
	if ((rc = card_named(s, args[0], &card)) != AMP_OK)
		return (rc);
	if (strcmp(a->sub, "show") == 0)
		rc = card_print_text(s, &card);
	else if (strcmp(a->sub, "export") == 0)
		rc = card_export_cmd(s, a->output, &card);
	else {
		casenum_format(card.id, card.created, num, sizeof num);
		if (card_revoke(s, card.id, &err) != AMP_OK)
			rc = cmd_fail(&err);
		else
			printf(_("card %s revoked\n"), num);
	}
	record_free(&card);
	return (rc);
}

/* The published keys: from --keys, else from the store without a password. */
static int
verify_keys(struct card_args *a, struct card_keyset *ks,
    struct card_revlist *rl, int *from_store)
{
	struct amp_err	 err;
	struct store	*st;
	struct stxn	*t;
	char		*text;
	size_t		 len;
	int		 rc;

	err_clear(&err);
	*from_store = 0;
	if (a->keys != NULL) {
		if (cmd_read_file(a->keys, KEYS_FILE_MAX, &text, &len, &err) !=
		    AMP_OK)
			return (cmd_fail(&err));
		rc = card_keyset_parse(text, len, ks, &err);
		free(text);
		return (rc == AMP_OK ? AMP_OK : cmd_fail(&err));
	}
	if (store_open_readonly(cmd_store_dir(&a->o), &st, &err) != AMP_OK) {
		cmd_fail(&err);
		return (cmd_usage_error("card",
		    _("card verify needs the published keys: give --keys FILE (from amparo card keys), or a store with -d")));
	}
	if ((rc = card_keys_public(st, ks, &err)) == AMP_OK &&
	    a->revs == NULL && (rc = store_read(st, &t, &err)) == AMP_OK) {
		rc = card_revocations_stored(t, rl, &err);
		stxn_end(t);
		*from_store = rc == AMP_OK;
	}
	store_close(st);
	return (rc == AMP_OK ? AMP_OK : cmd_fail(&err));
}

static void
verdict_print(const struct card_verdict *v, const struct card_revlist *rl,
    int checked_revs, int from_store)
{
	char	*says[CARD_SAYS], when[32];
	size_t	 i;

	if (v->why[0] != '\0')
		printf("%s: %s\n", card_answer_word(v->answer), v->why);
	else
		printf("%s\n", card_answer_word(v->answer));
	if (v->answer == CARD_UNREADABLE)
		return;
	card_says(&v->f, says);
	printf(_("  card:     %s\n"), says[0]);
	printf(_("  holder:   %s\n"), says[1]);
	printf(_("  issued:   %s\n"), says[2]);
	printf(_("  expires:  %s\n"), says[3]);
	for (i = 0; i < CARD_SAYS; i++)
		free(says[i]);
	if (v->answer == CARD_ALTERED || v->answer == CARD_UNKNOWN_KEY)
		printf(_("  (what it says above cannot be trusted)\n"));
	else if (!checked_revs)
		printf(_("  revocations: not checked: give --revocations FILE (from amparo card revocations)\n"));
	else if (from_store)
		printf(_("  revocations: checked against the %zu recorded in the store\n"),
		    rl->n);
	else if (v->answer != CARD_REVOKED) {
		time_format_utc(rl->signed_at, when, sizeof when);
		printf(_("  revocations: not among the %zu in the list signed %s\n"),
		    rl->n, when);
	}
}

/* The exit status for each answer (amparo(1), EXIT STATUS). */
static int
verdict_status(enum card_answer a)
{
	switch (a) {
	case CARD_VALID:
		return (0);
	case CARD_EXPIRED:
		return (13);
	case CARD_REVOKED:
		return (14);
	case CARD_UNKNOWN_KEY:
		return (15);
	case CARD_ALTERED:
	case CARD_UNREADABLE:
		break;
	}
	return (16);
}

/*
 * amparo card verify: with no store and no password, check a payload
 * (or "-": the first line of the standard input, as a scanner gives it).
 */
static int
card_verify_cmd(struct card_args *a, const char *arg)
{
	struct card_keyset	 ks = { 0 };
	struct card_revlist	 rl = { 0 };
	struct card_verdict	 v;
	struct amp_err		 err;
	char			 line[CARD_TEXT_MAX * 4], *text;
	size_t			 len;
	int			 rc, from_store = 0;

	err_clear(&err);
	if (strcmp(arg, "-") == 0) {
		if (fgets(line, sizeof line, stdin) == NULL)
			line[0] = '\0';
		arg = line;
	}
	if ((rc = verify_keys(a, &ks, &rl, &from_store)) != AMP_OK)
		return (rc);
	if (a->revs != NULL) {
		if (cmd_read_file(a->revs, REVS_FILE_MAX, &text, &len, &err) ==
		    AMP_OK) {
			rc = card_revlist_parse(text, len, &ks, &rl, &err);
			free(text);
		}
		if (err.code != AMP_OK) {
			card_keyset_free(&ks);
			return (cmd_fail(&err));
		}
	}
	card_verify(arg, strlen(arg), &ks, &rl, date_today_days(), &v);
	verdict_print(&v, &rl, a->revs != NULL || from_store, from_store);
	card_keyset_free(&ks);
	card_revlist_free(&rl);
	return (verdict_status(v.answer));
}

/* amparo card keys: the published key set, read without a password. */
static int
card_keys_cmd(struct card_args *a)
{
	struct card_keyset	 ks;
	struct amp_err		 err;
	struct store		*st;
	char			*text;
	int			 rc;

	err_clear(&err);
	if (store_open_readonly(cmd_store_dir(&a->o), &st, &err) != AMP_OK)
		return (cmd_fail(&err));
	rc = card_keys_public(st, &ks, &err);
	store_close(st);
	if (rc != AMP_OK)
		return (cmd_fail(&err));
	text = card_keyset_text(&ks);
	card_keyset_free(&ks);
	rc = cmd_write_out(a->output, text, &err);
	free(text);
	return (rc == AMP_OK ? AMP_OK : cmd_fail(&err));
}

int
cmd_card(int argc, char **argv)
{
	struct card_args	 a;
	struct formset		*fs = NULL;
	struct store		*st = NULL;
	struct session		*s = NULL;
	size_t			 i;
	int			 first, rc;

	memset(&a, 0, sizeof a);
	if (argc < 2)
		return (cmd_usage_error("card", _("say which %s command"), "card"));
	for (i = 0; i < nitems(card_subs); i++)
		if (strcmp(card_subs[i].sub, argv[1]) == 0)
			break;
	if (i == nitems(card_subs))
		return (cmd_usage_error("card",
		    _("unknown %s command \"%s\""), "card", argv[1]));
	a.sub = argv[1];
	if ((first = card_parse_args(argc - 1, argv + 1, &a)) < 0)
		return (AMP_EUSAGE);
	if (argc - 1 - first != card_subs[i].nargs)
		return (cmd_usage_error("card",
		    _("wrong number of arguments to %s %s"), "card", a.sub));
	if (strcmp(a.sub, "verify") == 0)
		return (card_verify_cmd(&a, argv[1 + first]));
	if (strcmp(a.sub, "keys") == 0)
		return (card_keys_cmd(&a));
	if ((rc = cmd_load_forms(&fs)) != AMP_OK)
		return (rc);
	if ((rc = cmd_login(&a.o, fs, &st, &s)) == AMP_OK)
		rc = card_run(s, &a, argv + 1 + first);
	session_free(s);
	store_close(st);
	formset_free(fs);
	return (rc);
}
