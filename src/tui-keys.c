/* tui-keys.c: every key of the console, as one table of bindings and one of actions. */

#include "config.h"

#include <curses.h>
#include <string.h>

#include "tui.h"

#define C(x)	((x) & 0x1f)	/* a Ctrl- key */

#define RENEWAL_CTX	(CTX_RENEWALS | CTX_ROSTER)

#define ALL_MOVE	(CTX_LIST | CTX_VIEW | CTX_FORM | CTX_CHOICE | \
			    CTX_DRAFTS | CTX_HELP | CTX_TEXT | CTX_QUEUE | \
			    CTX_SERVICES | RENEWAL_CTX | CTX_REPORT)
#define ALL_EDIT	(CTX_LOGIN | CTX_LIST | CTX_FORM | CTX_CHOICE | \
			    CTX_TEXT | CTX_LOCK | CTX_SCAN)
#define ALL_PAGE	(CTX_LIST | CTX_VIEW | CTX_CHOICE | CTX_HELP | \
			    CTX_QUEUE | CTX_SERVICES | RENEWAL_CTX | CTX_REPORT)
#define ALL_ENTER	(CTX_LOGIN | CTX_LIST | CTX_FORM | CTX_CHOICE | \
			    CTX_DRAFTS | CTX_TEXT | CTX_LOCK | CTX_QUEUE | \
			    CTX_RENEWALS | CTX_REPORT)
#define ALL_BACK	(CTX_VIEW | CTX_FORM | CTX_CHOICE | CTX_DRAFTS | \
			    CTX_HELP | CTX_TEXT | CTX_QUEUE | \
			    CTX_SERVICES | RENEWAL_CTX | CTX_REPORT | \
			    CTX_CARD | CTX_SCAN)

/*
 * The bindings, first match wins. Every action has a Ctrl- or plain key, so
 * a thin terminal without function keys reaches all of them. The help
 * screen and the manual's KEYS section are generated from, or checked
 * against, this table.
 */
const struct key_binding key_table[] = {
	{ ACT_HELP, CTX_ALL, 0, C('g'), "^G" },
	{ ACT_HELP, CTX_ALL, 1, KEY_F(1), "F1" },
	{ ACT_LANG, CTX_ALL, 0, C('t'), "^T" },
	{ ACT_REDRAW, CTX_ALL, 0, C('l'), "^L" },
	{ ACT_HIDE, CTX_ALL, 0, C('k'), "^K" },
	{ ACT_QUIT, CTX_LOGIN | CTX_LIST, 0, C('x'), "^X" },
	{ ACT_BACK, ALL_BACK, 0, C('x'), "^X" },
	{ ACT_BACK, ALL_BACK, 0, 0x1b, "Esc" },
	{ ACT_ENTER, ALL_ENTER, 0, '\r', "Enter" },
	{ ACT_ENTER, ALL_ENTER, 0, '\n', "^J" },
	{ ACT_ENTER, ALL_ENTER, 1, KEY_ENTER, "Enter" },
	{ ACT_CHECK, CTX_SCAN, 0, '\r', "Enter" },
	{ ACT_CHECK, CTX_SCAN, 0, '\n', "^J" },
	{ ACT_CHECK, CTX_SCAN, 1, KEY_ENTER, "Enter" },
	{ ACT_SAVE, CTX_FORM | CTX_TEXT, 0, C('s'), "^S" },
	{ ACT_SAVE, CTX_FORM | CTX_TEXT, 0, C('o'), "^O" },
	{ ACT_NEXT_FIELD, CTX_FORM | CTX_LOGIN, 0, '\t', "Tab" },
	{ ACT_PREV_FIELD, CTX_FORM | CTX_LOGIN, 1, KEY_BTAB, "S-Tab" },
	{ ACT_UP, ALL_MOVE | CTX_LOGIN, 1, KEY_UP, "Up" },
	{ ACT_UP, ALL_MOVE, 0, C('p'), "^P" },
	{ ACT_DOWN, ALL_MOVE | CTX_LOGIN, 1, KEY_DOWN, "Down" },
	{ ACT_DOWN, ALL_MOVE, 0, C('n'), "^N" },
	{ ACT_NEXT_SECTION, CTX_FORM, 0, C('f'), "^F" },
	{ ACT_NEXT_SECTION, CTX_FORM, 1, KEY_NPAGE, "PgDn" },
	{ ACT_PREV_SECTION, CTX_FORM, 0, C('b'), "^B" },
	{ ACT_PREV_SECTION, CTX_FORM, 1, KEY_PPAGE, "PgUp" },
	{ ACT_PGDN, ALL_PAGE, 0, C('f'), "^F" },
	{ ACT_PGDN, ALL_PAGE, 1, KEY_NPAGE, "PgDn" },
	{ ACT_PGUP, ALL_PAGE, 0, C('b'), "^B" },
	{ ACT_PGUP, ALL_PAGE, 1, KEY_PPAGE, "PgUp" },
	{ ACT_NEW, CTX_LIST, 0, C('a'), "^A" },
	{ ACT_ADD_ITEM, CTX_FORM, 0, C('a'), "^A" },
	{ ACT_REMOVE_ITEM, CTX_FORM, 0, C('r'), "^R" },
	{ ACT_DRAFTS, CTX_LIST, 0, C('d'), "^D" },
	{ ACT_NEW_OTHER, CTX_LIST, 0, C('o'), "^O" },
	{ ACT_REPORTS, CTX_LIST, 1, KEY_F(3), "F3" },
	{ ACT_REPORTS, CTX_LIST, 0, C('e'), "^E" },
	{ ACT_DISCARD, CTX_DRAFTS, 0, C('r'), "^R" },
	{ ACT_DISCARD, CTX_DRAFTS, 1, KEY_DC, "Del" },
	{ ACT_EDIT, CTX_VIEW, 0, C('e'), "^E" },
	{ ACT_EDIT, CTX_VIEW, 0, 'e', "e" },
	{ ACT_HISTORY, CTX_VIEW, 0, C('v'), "^V" },
	{ ACT_HISTORY, CTX_VIEW, 0, 'v', "v" },
	{ ACT_NEXT_STEP, CTX_VIEW, 0, C('w'), "^W" },
	{ ACT_NEXT_STEP, CTX_VIEW, 0, 'w', "w" },
	{ ACT_QUEUES, CTX_LIST, 0, C('q'), "^Q" },
	{ ACT_QUEUES, CTX_LIST, 1, KEY_F(2), "F2" },
	{ ACT_REFER, CTX_VIEW | CTX_SERVICES, 0, C('r'), "^R" },
	{ ACT_REFRESH, CTX_LIST | CTX_VIEW | CTX_QUEUE |
	    RENEWAL_CTX | CTX_CARD, 1, KEY_F(5), "F5" },
	{ ACT_SERVICES, CTX_VIEW, 0, C('y'), "^Y" },
	{ ACT_LINK, CTX_VIEW, 0, C('a'), "^A" },
	{ ACT_LINK, CTX_VIEW, 0, 'a', "a" },
	{ ACT_HOUSEHOLD, CTX_VIEW, 0, C('o'), "^O" },
	{ ACT_HOUSEHOLD, CTX_VIEW, 0, 'o', "o" },
	{ ACT_CARD, CTX_VIEW, 0, C('d'), "^D" },
	{ ACT_CARD, CTX_VIEW, 0, 'c', "c" },
	{ ACT_SCAN, CTX_LIST, 0, C('v'), "^V" },
	{ ACT_SCAN, CTX_LIST, 1, KEY_F(6), "F6" },
	{ ACT_EXPORT, CTX_CARD, 0, C('e'), "^E" },
	{ ACT_EXPORT, CTX_CARD, 0, 'e', "e" },
	{ ACT_ISSUE, CTX_CARD, 0, C('r'), "^R" },
	{ ACT_ISSUE, CTX_CARD, 0, 'r', "r" },
	{ ACT_CHOOSE, CTX_FORM | CTX_CHOICE, 0, ' ', "Space" },
	{ ACT_LEFT, ALL_EDIT, 1, KEY_LEFT, "Left" },
	{ ACT_RIGHT, ALL_EDIT, 1, KEY_RIGHT, "Right" },
	{ ACT_HOME, ALL_EDIT | CTX_VIEW | CTX_HELP | CTX_REPORT, 1, KEY_HOME,
	    "Home" },
	{ ACT_END, ALL_EDIT | CTX_VIEW | CTX_HELP | CTX_REPORT, 1, KEY_END,
	    "End" },
	{ ACT_BACKSPACE, ALL_EDIT, 1, KEY_BACKSPACE, "Backspace" },
	{ ACT_BACKSPACE, ALL_EDIT, 0, 0x7f, "Backspace" },
	{ ACT_BACKSPACE, ALL_EDIT, 0, C('h'), "^H" },
	{ ACT_DELETE, ALL_EDIT, 1, KEY_DC, "Del" },
	{ ACT_CLEAR, ALL_EDIT, 0, C('u'), "^U" },
	{ ACT_RENEWALS, CTX_LIST, 0, C('r'), "^R" },
	{ ACT_RENEWALS, CTX_LIST, 1, KEY_F(4), "F4" },
	{ ACT_TOGGLE, CTX_RENEWALS, 0, '\t', "Tab" },
	{ ACT_REFRESH, RENEWAL_CTX, 0, C('r'), "^R" },
	{ ACT_RENEWED, CTX_ROSTER, 0, 'r', "r" },
	{ ACT_MISSING, CTX_ROSTER, 0, 'm', "m" },
	{ ACT_REFERRED, CTX_ROSTER, 0, 'f', "f" },
	{ ACT_ABSENT, CTX_ROSTER, 0, 'n', "n" },
	{ ACT_CLOSE_SESSION, CTX_ROSTER, 0, 'c', "c" },
	{ ACT_OPEN_SESSION, CTX_ROSTER, 0, 'o', "o" },
};
const size_t key_table_count = nitems(key_table);

const struct action_info action_table[ACT__COUNT] = {
	[ACT_HELP] = { N_("Help"), N_("show the keys of this screen"), CTX_ALL },
	[ACT_LANG] = { N_("Language"), N_("switch between Spanish and English"),
	    CTX_ALL },
	[ACT_REDRAW] = { N_("Redraw"), N_("redraw the whole screen"), 0 },
	[ACT_QUIT] = { N_("Quit"), N_("leave Amparo"), CTX_LOGIN | CTX_LIST },
	[ACT_BACK] = { N_("Back"), N_("go back (a form asks first if there is unsaved work; in a text box, ^X keeps the text and Esc drops the changes)"),
	    ALL_BACK },
	[ACT_ENTER] = { N_("Enter"), N_("log in, unlock, search, open, choose, run a report, go to the next field, or start a new line in a text box"),
	    CTX_LOGIN | CTX_LIST | CTX_CHOICE | CTX_DRAFTS | CTX_TEXT |
	    CTX_LOCK | CTX_QUEUE | CTX_REPORT },
	[ACT_UP] = { N_("Up"), N_("move up"), 0 },
	[ACT_DOWN] = { N_("Down"), N_("move down"), 0 },
	[ACT_PGUP] = { N_("Page up"), N_("show the previous page"), 0 },
	[ACT_PGDN] = { N_("Page down"), N_("show the next page"), 0 },
	[ACT_NEXT_FIELD] = { N_("Next"), N_("go to the next field (the value is checked as it is left)"),
	    CTX_FORM },
	[ACT_PREV_FIELD] = { N_("Previous"), N_("go to the previous field"), 0 },
	[ACT_NEXT_SECTION] = { N_("Next section"), N_("go to the next section of the form"),
	    CTX_FORM },
	[ACT_PREV_SECTION] = { N_("Prev. section"), N_("go to the previous section of the form"),
	    0 },
	[ACT_SAVE] = { N_("Save"), N_("save the case (every field is checked first), or keep the text of a text box"),
	    CTX_FORM | CTX_TEXT },
	[ACT_NEW] = { N_("New intake"), N_("start the intake of a new case"),
	    CTX_LIST },
	[ACT_EDIT] = { N_("Edit"), N_("edit this case"), CTX_VIEW },
	[ACT_ADD_ITEM] = { N_("Add member"), N_("add an entry to the repeat group (household member)"),
	    CTX_FORM },
	[ACT_REMOVE_ITEM] = { N_("Remove member"), N_("remove the entry the cursor is in, after asking"),
	    0 },
	[ACT_DRAFTS] = { N_("Drafts"), N_("list your unsaved drafts"), CTX_LIST },
	[ACT_DISCARD] = { N_("Discard"), N_("discard the selected draft, after asking"),
	    CTX_DRAFTS },
	[ACT_CHOOSE] = { N_("Choose"), N_("on a choice or yes/no field: open the list, or switch yes and no; in a list of several choices, pick or drop one"),
	    0 },
	[ACT_LEFT] = { N_("Left"), N_("move the cursor left"), 0 },
	[ACT_RIGHT] = { N_("Right"), N_("move the cursor right"), 0 },
	[ACT_HOME] = { N_("Home"), N_("go to the start"), 0 },
	[ACT_END] = { N_("End"), N_("go to the end"), 0 },
	[ACT_BACKSPACE] = { N_("Backspace"), N_("delete the character before the cursor"), 0 },
	[ACT_DELETE] = { N_("Delete"), N_("delete the character under the cursor"), 0 },
	[ACT_CLEAR] = { N_("Clear"), N_("clear the field"), 0 },
	[ACT_HISTORY] = { N_("Versions"), N_("show earlier versions of this case"),
	    CTX_VIEW },
	[ACT_NEXT_STEP] = { N_("Next step"), N_("move the case along its workflow: choose one of the steps open to you (some ask for a form first)"),
	    CTX_VIEW },
	[ACT_SERVICES] = { N_("Services"), N_("show the services of the directory that fit this person, with their details"),
	    CTX_VIEW },
	[ACT_REPORTS] = { N_("Reports"), N_("the reports your role may run, as tables with bar charts"),
	    0 },
	[ACT_HIDE] = { N_("Hide"), N_("hide the screen at once: it goes blank, and only your password shows it again"),
	    0 },
	[ACT_QUEUES] = { N_("Queues"), N_("show the work queues: your institution's referral inbox and outbox, and the cases in each state of their workflow"),
	    CTX_LIST },
	[ACT_REFER] = { N_("Refer"), N_("refer this case to another institution: choose it, fill in the referral, and ^S sends it (in the services, to the service selected)"),
	    CTX_VIEW | CTX_SERVICES },
	[ACT_LINK] = { N_("Add"), N_("add a record to this case, such as a consent or a risk assessment: choose its form, fill it in, and ^S saves it"),
	    CTX_VIEW },
	[ACT_NEW_OTHER] = { N_("Other form"), N_("open a new case of another form that names a person, such as a border screening: choose the form first"),
	    0 },
	[ACT_HOUSEHOLD] = { N_("Household"), N_("go to another member of this case's household: the principal applicant or a dependant"),
	    CTX_VIEW },
	[ACT_REFRESH] = { N_("Refresh"), N_("read the store again, to show what others saved (the screen also does so by itself while idle)"),
	    CTX_QUEUE | RENEWAL_CTX },
	[ACT_RENEWALS] = { N_("Renewals"), N_("renewal sessions and the renewal queue of documents due"),
	    CTX_LIST },
	[ACT_TOGGLE] = { N_("Sessions/Queue"), N_("switch between the renewal sessions and the renewal queue"),
	    CTX_RENEWALS },
	[ACT_RENEWED] = { N_("Renew"), N_("record the selected person's document as renewed, for its term again from the session (or its old expiry, if later)"),
	    CTX_ROSTER },
	[ACT_MISSING] = { N_("Missing"), N_("record that the selected person lacked documents"),
	    CTX_ROSTER },
	[ACT_REFERRED] = { N_("Refer"), N_("record that the selected person was referred elsewhere"),
	    CTX_ROSTER },
	[ACT_ABSENT] = { N_("Absent"), N_("record that the selected person did not come"),
	    CTX_ROSTER },
	[ACT_CLOSE_SESSION] = { N_("Close"), N_("close the session, after asking: everyone without an outcome is recorded as not present"),
	    0 },
	[ACT_OPEN_SESSION] = { N_("Open"), N_("open a planned session, after asking, so that outcomes can be recorded"),
	    0 },
	[ACT_CARD] = { N_("Card"), N_("show the card of a document or an active claim certificate of this person, with its QR code (a list to choose from if there are several)"),
	    CTX_VIEW },
	[ACT_SCAN] = { N_("Verify card"), N_("check a card: scan its QR code, or type what it says, and the console tells whether it is valid"),
	    CTX_LIST },
	[ACT_EXPORT] = { N_("Export"), N_("write the card as a printable SVG page, named after its number, in the directory of AMPARO_CARD_DIR or the current one"),
	    CTX_CARD },
	[ACT_ISSUE] = { N_("Issue"), N_("issue the card, signed by the office; a card issued before is revoked, after asking"),
	    CTX_CARD },
	[ACT_CHECK] = { N_("Check"), N_("check the code scanned or typed: the answer shows below until the next, and the line is cleared for the next card"),
	    CTX_SCAN },
};

/* The action of a key in a context, or ACT_NONE. */
enum action
key_action(unsigned ctx, const struct tkey *k)
{
	size_t	i;

	for (i = 0; i < key_table_count; i++) {
		if ((key_table[i].ctx & ctx) && key_table[i].fn == k->fn &&
		    key_table[i].ch == k->ch)
			return (key_table[i].act);
	}
	return (ACT_NONE);
}

/*
 * Whether binding i repeats the name of an earlier binding of the same action
 * and context.
 */
static int
key_named_before(size_t i, unsigned ctx)
{
	size_t	j;

	for (j = 0; j < i; j++) {
		if (key_table[j].act == key_table[i].act &&
		    (key_table[j].ctx & ctx) &&
		    strcmp(key_table[j].name, key_table[i].name) == 0)
			return (1);
	}
	return (0);
}

/* The keys of an action in a context, as "^S, ^O"; returns the length. */
size_t
key_names(enum action act, unsigned ctx, char *buf, size_t size)
{
	size_t	i, n = 0;
	int	w;

	buf[0] = '\0';
	for (i = 0; i < key_table_count; i++) {
		if (key_table[i].act != act || !(key_table[i].ctx & ctx) ||
		    key_named_before(i, ctx))
			continue;
		w = snprintf(buf + n, size - n, "%s%s", n > 0 ? ", " : "",
		    key_table[i].name);
		if (w < 0 || (size_t)w >= size - n)
			break;
		n += (size_t)w;
	}
	return (n);
}

/*
 * The key line's label of an action: Enter says what it does here; the language
 * key names the other language.
 */
const char *
action_label(enum action act, unsigned ctx)
{
	if (act == ACT_LANG)
		return (lang_current() == LANG_ES ? "English" : "Español");
	if (act == ACT_ENTER) {
		if (ctx & CTX_LOGIN)
			return (_("Log in"));
		if (ctx & CTX_LIST)
			return (_("Search/Open"));
		if (ctx & CTX_CHOICE)
			return (_("Choose"));
		if (ctx & CTX_DRAFTS)
			return (_("Resume"));
		if (ctx & CTX_TEXT)
			return (_("New line"));
		if (ctx & CTX_LOCK)
			return (_("Unlock"));
		if (ctx & CTX_QUEUE)
			return (_("Open"));
		if (ctx & CTX_RENEWALS)
			return (_("Open"));
		if (ctx & CTX_REPORT)
			return (_("Run"));
	}
	return (_(action_table[act].label));
}
