/* cmd.c: the table of subcommands, and help and usage messages generated from it. */

#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

const struct cmd_entry cmd_table[] = {
	{ "init", "init -d DIR [--admin NAME] [--password-file FILE] [--kdf LEVEL]",
	  N_("create a store and its first administrator"),
	  N_("  -d, --store DIR       the store to create (made if missing)\n"
	     "  --admin NAME          the administrator's account (default: your Unix user name)\n"
	     "  --password-file FILE  read the password from FILE's first line, not the terminal\n"
	     "  --kdf LEVEL           password hashing cost: interactive (default), moderate, min (tests only)\n"),
	  cmd_init },
	{ "demo", "demo [-d DIR] [--people N] [--seed S] [--password-file FILE] [--no-console] [--kdf LEVEL]",
	  N_("build a sandbox store of fictitious people and open the console on it"),
	  N_("  -d, --store DIR       the sandbox (default: demo under the XDG data directory)\n"
	     "  --people N            how many fictitious people (default 500)\n"
	     "  --seed S              the same seed gives the same people (default 1)\n"
	     "  --password-file FILE  give every demo account the password in FILE\n"
	     "  --no-console          build the store and stop\n"
	     "  --kdf LEVEL           password hashing cost, as for init\n"),
	  cmd_demo },
	{ "case", "case add|show|find|edit|transition|queue [-d DIR] [-u USER] [--password-file FILE] ...",
	  N_("add, show, find, edit and move cases from scripts"),
	  N_("  case add --form FORM --set FIELD=VALUE ...   save a new case, print its number\n"
	     "  case show CASE [--format text|fields] [--version N]\n"
	     "                                              print a case\n"
	     "  case find QUERY                             print matching cases, one per line\n"
	     "  case edit CASE --set FIELD=VALUE ... [--base N]\n"
	     "                                              save a new version of a case\n"
	     "  case transition CASE TRANSITION [--set FIELD=VALUE ...]\n"
	     "                                              move a case along its workflow;\n"
	     "                                              the sets fill the transition's form\n"
	     "  case queue [WORKFLOW [STATE]]               print the work queues (workflow,\n"
	     "                                              state, count, overdue), or a queue\n"
	     "  CASE is a case number, a document number, or a name that finds one case.\n"
	     "  FIELD is a field id; in a repeat group, GROUP.N.FIELD (N from 1).\n"
	     "  An empty VALUE clears the field.\n"
	     "  -d, --store DIR       the store (as for the console)\n"
	     "  -u, --user NAME       the account (default: your Unix user name)\n"
	     "  --password-file FILE  read the password from FILE's first line, not the terminal\n"),
	  cmd_case },
	{ "referral", "referral send|inbox|outbox [-d DIR] [-u USER] [--password-file FILE] ...",
	  N_("send referrals to other institutions, and list your institution's inbox and outbox"),
	  N_("  referral send CASE --to INSTITUTION [--form FORM] --set FIELD=VALUE ...\n"
	     "                        refer a case (the form is referral unless --form says)\n"
	     "  referral send CASE --service SERVICE ...\n"
	     "                        refer it to a service of the directory (amparo services):\n"
	     "                        the institution is the service's\n"
	     "  referral inbox        the referrals sent to your institution, soonest due first\n"
	     "  referral outbox       the referrals your institution sent\n"
	     "  Each line: referral, case, from, to, state, since, next step due (OVERDUE when\n"
	     "  past), summary. Steps on a referral: amparo case transition REFERRAL STEP.\n"),
	  cmd_referral },
	{ "document", "document add|queue [-d DIR] [-u USER] [--password-file FILE] ...",
	  N_("add documents to cases, and list the renewal queue"),
	  N_("  document add CASE --set FIELD=VALUE ...\n"
	     "                        add a document (the document form) to a person's case\n"
	     "  document queue [--days N] [--province P] [--district D] [--csv]\n"
	     "                        current documents expiring within N days (default 30)\n"
	     "                        or overdue, soonest first: expiry, overdue|due,\n"
	     "                        document, case, kind, number, state, province,\n"
	     "                        district, person\n"),
	  cmd_document },
	{ "renewal", "renewal plan|list|roster|record|close [-d DIR] [-u USER] [--password-file FILE] ...",
	  N_("plan renewal sessions, list their rosters, record outcomes, close them"),
	  N_("  renewal plan --set FIELD=VALUE ...   plan a session (the renewal_session form)\n"
	     "  renewal list          the sessions: number, state, date, province, district,\n"
	     "                        place, institutions\n"
	     "  renewal roster SESSION [--csv]\n"
	     "                        the people due: case, document, kind, number, expiry,\n"
	     "                        outcome (- if none), person\n"
	     "  renewal record SESSION CASE --outcome OUTCOME [--document DOC]\n"
	     "                 [--set new_expiry_date=DATE] [--set notes=TEXT]\n"
	     "                        record a person's outcome: renewed, not_present,\n"
	     "                        missing_documents or referred\n"
	     "  renewal close SESSION  record everyone left as not present, close the session\n"),
	  cmd_renewal },
	{ "card", "card issue|show|export|revoke|revocations|keys|key rotate|verify [-d DIR] [-u USER] [--password-file FILE] ...",
	  N_("issue signed cards with QR codes, revoke them, and verify them offline"),
	  N_("  card issue RECORD     sign a card for a document or an active claim certificate\n"
	     "                        (a card issued before for it is revoked), print it\n"
	     "  card show CARD        print a card (or a document's newest card) with its QR code\n"
	     "  card export CARD [-o FILE]\n"
	     "                        the card as a printable SVG page with its QR code\n"
	     "  card revoke CARD      revoke a card\n"
	     "  card revocations [-o FILE]\n"
	     "                        the signed list of revoked cards, for verifiers\n"
	     "  card keys [-o FILE]   the published card keys (no password needed)\n"
	     "  card key rotate       a new signing key from today (key managers)\n"
	     "  card verify [--keys FILE] [--revocations FILE] PAYLOAD|-\n"
	     "                        check a card's code, with no store and no password:\n"
	     "                        valid, expired, revoked, not issued by a known key,\n"
	     "                        altered or unreadable (exit 0, 13, 14, 15, 16)\n"),
	  cmd_card },
	{ "services", "services [-d DIR] [-u USER] [--password-file FILE] [--case CASE] [--category CATEGORY] [--csv]",
	  N_("list the directory of services, or those that fit a person"),
	  N_("  --case CASE           only the services whose eligibility fits the case's person\n"
	     "                        (logs in: the case must be one you may see)\n"
	     "  --category CATEGORY   only the services of this category\n"
	     "  --csv                 comma-separated values with a header line, not text\n"),
	  cmd_services },
	{ "user", "user add|list|show|lock|unlock|passwd|role|assign|cost [-d DIR] [-u USER] [--password-file FILE] ...",
	  N_("manage officials' accounts and assign cases to them"),
	  N_("  user add NAME --role ROLE [--team TEAM]... [--new-password-file FILE]\n"
	     "                                  add an account (administrators)\n"
	     "  user list                       every account: name, role, institution, teams, status, failed logins\n"
	     "  user show [NAME]                one account (your own by default)\n"
	     "  user lock NAME, user unlock NAME\n"
	     "                                  lock an account, or unlock it and clear its failed logins\n"
	     "  user passwd [NAME] [--new-password-file FILE]\n"
	     "                                  change your password, or (administrators) anyone's\n"
	     "  user role NAME ROLE [--team TEAM]...\n"
	     "                                  give an account another role (and teams)\n"
	     "  user assign USER|@TEAM CASE...  assign cases to an official or a team\n"
	     "  user assign --queue CASE...     put cases back in their institution's queue\n"
	     "  user cost LEVEL                 raise the password cost (interactive, moderate):\n"
	     "                                  each password is hashed again at its next login\n"
	     "  -d, --store DIR       the store (as for the console)\n"
	     "  -u, --user NAME       your account (default: your Unix user name)\n"
	     "  --password-file FILE  read your password from FILE's first line, not the terminal\n"),
	  cmd_user_main },
	{ "export", "export [-d DIR] [-u USER] [--password-file FILE] [--form FORM] [-o FILE] [--pseudonymous]",
	  N_("export the cases you may export, one JSON object a line"),
	  N_("  --form FORM           only the cases of this form\n"
	     "  -o, --output FILE     write to FILE, made readable by you only (it must not exist)\n"
	     "  --pseudonymous        a keyed pseudonym instead of each case number\n"
	     "  Answers sealed to a class you do not hold are exported as \"(sealed: CLASS)\".\n"),
	  cmd_export },
	{ "report", "report [REPORT [--csv]] [--check|--rebuild] [-d DIR] [-u USER] [--password-file FILE]",
	  N_("list the reports your role may run, or run one"),
	  N_("  report                the reports your role may run\n"
	     "  report REPORT         your institution's figures, as a table\n"
	     "  report REPORT --csv   the same as CSV (RFC 4180)\n"
	     "  report --check        recount from the records and compare (auditors)\n"
	     "  report --rebuild      build the counters again (administrators)\n"),
	  cmd_report },
	{ "forms", "forms check [-d DIR] [FILE|DIR...]",
	  N_("check form files and report every error as file:line:column"),
	  N_("  with no FILE or DIR, checks the installed forms (or $AMPARO_FORMS)\n"
	     "  -d, --store DIR  also check that no change loses data the store's records hold\n"),
	  cmd_forms },
	{ "audit", "audit verify|pubkey|checkpoint|log [-d DIR] ...",
	  N_("verify the audit log, export its key and checkpoints, list its entries"),
	  N_("  audit verify [--pubkey FILE] [--checkpoint FILE]\n"
	     "                        check every entry and signature; no password\n"
	     "  audit pubkey [-o FILE]\n"
	     "                        print the public key to keep off the server; no password\n"
	     "  audit checkpoint [-u USER] [--password-file FILE] [-o FILE]\n"
	     "                        sign the last entry and print the checkpoint\n"
	     "  audit log [-u USER] [--password-file FILE] [--account NAME]\n"
	     "            [--record CASE] [--action ACTION] [--since DATE] [--until DATE]\n"
	     "                        list entries, one per line: metadata only\n"
	     "  -d, --store DIR       the store (as for the console)\n"
	     "  -u, --user NAME       the account (default: your Unix user name)\n"
	     "  --password-file FILE  read the password from FILE's first line, not the terminal\n"
	     "  -o, --output FILE     write to FILE instead of the standard output\n"),
	  cmd_audit },
	{ "key", "key rotate|status [-d DIR] [-u USER] [--password-file FILE] ...",
	  N_("rotate confidentiality class keys and show who holds them"),
	  N_("  key rotate CLASS [--batch N]\n"
	     "                        seal every answer of CLASS again under a new key,\n"
	     "                        N answers a transaction (default 200); run it again\n"
	     "                        to finish a rotation that was interrupted\n"
	     "  key status            each class: its generation, who holds it, pending\n"
	     "                        grants, a rotation under way; no secret is shown\n"
	     "  Both need a role that manages keys.\n"
	     "  -d, --store DIR       the store (as for the console)\n"
	     "  -u, --user NAME       the account (default: your Unix user name)\n"
	     "  --password-file FILE  read the password from FILE's first line, not the terminal\n"),
	  cmd_key },
	{ "bench", "bench [-d DIR] [--people N] [--seed S]",
	  N_("build a store of fictitious people and measure its speed and memory"),
	  N_("  -d, --store DIR  where to build it (default: a temporary directory, removed after);\n"
	     "                   its accounts' password is bench-password: for measuring only\n"
	     "  --people N       how many people (default 100000)\n"
	     "  --seed S         the same seed gives the same people (default 1)\n"
	     "  It prints bulk import throughput, store size, the time to open the store,\n"
	     "  percentiles of lookups, name searches, saves, reports and cards, and\n"
	     "  private memory.\n"),
	  cmd_bench },
	{ "help", "help [COMMAND]",
	  N_("show the commands, or one command's options"),
	  "", cmd_help },
};
const size_t cmd_count = nitems(cmd_table);

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t	i;

	for (i = 0; i < cmd_count; i++) {
		if (strcmp(cmd_table[i].name, name) == 0)
			return (&cmd_table[i]);
	}
	return (NULL);
}

void
cmd_print_version(void)
{
	printf("amparo %s\n", PACKAGE_VERSION);
}

/* A usage error: the message, the command's synopsis, status 2. */
int
cmd_usage_error(const char *name, const char *fmt, ...)
{
	const struct cmd_entry	*e = name != NULL ? cmd_find(name) : NULL;
	va_list			 ap;

	va_start(ap, fmt);
	vwarnx_amp(fmt, ap);
	va_end(ap);
	if (e != NULL)
		fprintf(stderr, _("usage: amparo %s\n"), e->usage);
	else
		fprintf(stderr, _("usage: amparo [-d DIR] [-u USER] [--lang en|es] | amparo COMMAND ... (see amparo help)\n"));
	return (AMP_EUSAGE);
}

/*
 * A getopt failure (option strings start with ':', and opterr is off) as a
 * usage error naming the option: unknown, or missing its value.
 */
int
cmd_bad_option(const char *name, int c, char **argv)
{
	const char	*opt = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return (cmd_usage_error(name, _("the option %s needs a value"),
		    opt));
	return (cmd_usage_error(name, _("unknown option \"%s\""), opt));
}

int
cmd_help(int argc, char **argv)
{
	const struct cmd_entry	*e;
	size_t			 i;

	if (argc > 2)
		return (cmd_usage_error("help", _("too many arguments")));
	if (argc == 2) {
		if ((e = cmd_find(argv[1])) == NULL)
			return (cmd_usage_error("help",
			    _("unknown command \"%s\""), argv[1]));
		printf(_("usage: amparo %s\n\n%s.\n\n%s"), e->usage,
		    _(e->summary), _(e->help));
		return (AMP_OK);
	}
	printf(_("usage: amparo [-d DIR] [-u USER] [--lang en|es]   open the console\n"
	    "       amparo COMMAND [OPTIONS]\n\ncommands:\n"));
	for (i = 0; i < cmd_count; i++)
		printf("  %-7s %s\n", cmd_table[i].name, _(cmd_table[i].summary));
	printf(_("\nSee amparo help COMMAND, and the manual: man amparo.\n"));
	return (AMP_OK);
}
