/* amparo.h: the internal interface of every layer below the console, grouped by file. */

#ifndef AMPARO_H
#define AMPARO_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(a, b, n) ((n) == 1 ? (a) : (b))
#endif
#define N_(s) (s)

#define AMP_DEAD __attribute__((__noreturn__))
#define AMP_PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))
#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Status codes. Every fallible function returns one of these; a command
 * exits with the same number, so scripts can tell failures apart
 * (amparo(1), EXIT STATUS).
 */
enum amp_status {
	AMP_OK = 0,
	AMP_EFAIL = 1,     /* anything not listed below */
	AMP_EUSAGE = 2,    /* bad command line */
	AMP_ESTORE = 3,    /* store missing, not a store, damaged, disk full */
	AMP_EAUTH = 4,     /* wrong user name or password */
	AMP_EINVAL = 5,    /* data that does not pass the form's checks */
	AMP_EFORMS = 6,    /* a broken form file */
	AMP_ENOTFOUND = 7, /* no such case, draft or account */
	AMP_ECONFLICT = 8, /* someone else saved the same field meanwhile */
	AMP_EPERM = 9,     /* the account may not do this */
	AMP_EHANGUP = 10,  /* the terminal went away */
	AMP_EALTERED = 11, /* the audit log was altered (audit verify) */
	AMP_ELOCKED = 12,  /* the account is locked */
	AMP_ERETRY = 99    /* internal: the map grew, run it again */
};

/* An error: a status code and one sentence for the official. */
struct amp_err {
	int  code;
	char msg[512];
};

/* Languages of the interface and of form labels. */
enum lang { LANG_EN, LANG_ES, LANG__COUNT };

/* A text in each language; missing ones fall back to the other. */
struct i18n {
	char *s[LANG__COUNT];
};

/* xmalloc.c */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xsprintf(const char *, ...) AMP_PRINTF(1, 2);
char	*xvsprintf(const char *, va_list) AMP_PRINTF(1, 0);
#define XGROW(v, n, cap) do {						\
	if ((n) >= (cap)) {						\
		(cap) = (cap) ? (cap) * 2 : 8;				\
		(v) = xreallocarray((v), (cap), sizeof *(v));		\
	}								\
} while (0)

/* log.c */
void	 log_set_cleanup(void (*)(void));
void	 log_open_debug(const char *);
void	 log_debug(const char *, ...) AMP_PRINTF(1, 2);
void	 warnx_amp(const char *, ...) AMP_PRINTF(1, 2);
void	 vwarnx_amp(const char *, va_list) AMP_PRINTF(1, 0);
AMP_DEAD void fatal(const char *, ...) AMP_PRINTF(1, 2);
AMP_DEAD void fatalx(const char *, ...) AMP_PRINTF(1, 2);
int	 err_set(struct amp_err *, int, const char *, ...) AMP_PRINTF(3, 4);
void	 err_clear(struct amp_err *);
void	 err_print(const struct amp_err *);

/* diag.c: file:line:column messages, collected so that all are reported. */
struct diag {
	char	*file;
	int	 line, col;
	size_t	 seq;		/* keeps the order of equal positions */
	char	*msg;
};
struct diags {
	struct diag	*v;
	size_t		 n, cap;
};
void	 diags_add(struct diags *, const char *, int, int, const char *, ...)
	    AMP_PRINTF(5, 6);
void	 diags_print(struct diags *, FILE *);
void	 diags_free(struct diags *);

/* i18n.c: choosing and switching the interface language. */
void		 i18n_init(const char *);
enum lang	 lang_current(void);
void		 lang_set(enum lang);
const char	*lang_code(enum lang);
int		 lang_parse(const char *, enum lang *);
int		 locale_utf8(void);
const char	*i18n_get(const struct i18n *);
const char	*i18n_get_lang(const struct i18n *, enum lang);
void		 i18n_free(struct i18n *);
void		 i18n_copy(struct i18n *, const struct i18n *);

/* utf8.c */
size_t	 utf8_decode(const char *, size_t, uint32_t *);
size_t	 utf8_encode(uint32_t, char *);
int	 utf8_valid(const char *, size_t);
char	*utf8_clean(const char *, size_t);
int	 utf8_unwanted(uint32_t);
size_t	 utf8_prev(const char *, size_t);
int	 utf8_cpwidth(uint32_t);
size_t	 utf8_chars(const char *, size_t);
size_t	 utf8_width(const char *);

/* text-fold.c: search normalisation (accents and case folded, tokens). */
#define TOKEN_MAX 64
char	*text_fold(const char *);
size_t	 text_next_token(const char **, char *, size_t);
char	*text_docnum(const char *);
size_t	 text_translit(uint32_t, char *);
#define EDIT_DISTANCE_MAX 64	/* longer words are never "close" */
size_t	 edit_distance(const char *, const char *);

/* buf.c: growable byte buffers and bounded readers for binary encodings. */
struct buf {
	unsigned char	*p;
	size_t		 n, cap;
};
struct rd {
	const unsigned char	*p;
	size_t			 n, off;
	int			 bad;
};
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_add_u8(struct buf *, uint8_t);
void	 buf_add_varint(struct buf *, uint64_t);
void	 buf_add_bytes(struct buf *, const void *, size_t);
void	 buf_add_str(struct buf *, const char *);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);
void	 rd_init(struct rd *, const void *, size_t);
uint8_t	 rd_u8(struct rd *);
uint64_t rd_varint(struct rd *);
const void *rd_bytes(struct rd *, size_t *);
const void *rd_fixed(struct rd *, size_t);
char	*rd_str(struct rd *);
void	 be64_put(unsigned char *, uint64_t);
uint64_t be64_get(const unsigned char *);

/* rng.c: a seeded generator for reproducible demo data (not for keys). */
struct rng {
	uint64_t s[4];
};
void	 rng_seed(struct rng *, uint64_t);
uint64_t rng_next(struct rng *);
uint32_t rng_below(struct rng *, uint32_t);
int	 rng_chance(struct rng *, unsigned);

/* when.c: dates and times. */
int	 date_parse(const char *, int *, int *, int *);
int	 date_valid(int, int, int);
int64_t	 date_days(int, int, int);
void	 date_from_days(int64_t, int *, int *, int *);
int64_t	 date_today_days(void);
int64_t	 time_now(void);
int64_t	 time_days(int64_t);
void	 date_format_days(int64_t, char *, size_t);
void	 time_format(int64_t, char *, size_t);
void	 time_format_utc(int64_t, char *, size_t);
int	 time_year(int64_t);

/* password.c: reading a password from the terminal or from a file. */
#define PASSWORD_MAX 1024
#define PASSWORD_MIN 8		/* characters, not bytes */
size_t	 password_chars(const char *, size_t);
int	 password_read_tty(const char *, char *, size_t, struct amp_err *);
int	 password_read_file(const char *, char *, size_t, struct amp_err *);
int	 password_get(const char *, const char *, int, char *, size_t,
	    struct amp_err *);

/* crypto.c: process hardening, keys, sealing and blind index hashes. */
#define ID_MAX		64	/* characters of a field, form or list id */
#define KEY_BYTES	32
#define SALT_BYTES	16
#define SEAL_OVERHEAD	(24 + 16)
#define BLIND_BYTES	16
#define WRAP_BYTES	(KEY_BYTES + SEAL_OVERHEAD)
#define BOX_KEY_BYTES	32	/* X25519 public and secret keys */
#define CLASS_KEYS_MAX	16	/* class keys held (two in a rotation) */
enum kdf_level { KDF_MIN, KDF_INTERACTIVE, KDF_MODERATE };
struct keyring {
	unsigned char	master[KEY_BYTES];
	unsigned char	record[KEY_BYTES];
	unsigned char	index[KEY_BYTES];
	unsigned char	draft[KEY_BYTES];
	unsigned char	audit[KEY_BYTES];	/* seals the audit key */
	unsigned char	export[KEY_BYTES];	/* pseudonyms in exports */
	unsigned char	box_pk[BOX_KEY_BYTES];	/* the account's X25519 pair */
	unsigned char	box_sk[BOX_KEY_BYTES];
	struct class_key {			/* confidentiality class keys */
		char		class[ID_MAX + 1];
		uint32_t	gen;
		unsigned char	pk[BOX_KEY_BYTES];
		unsigned char	sk[BOX_KEY_BYTES];
	}		classes[CLASS_KEYS_MAX];
	size_t		nclasses;
};
struct kdf_params {
	uint64_t	ops;
	uint64_t	mem;
};
int	 crypto_setup(struct amp_err *);
struct keyring *keyring_new(void);
void	 keyring_derive(struct keyring *);
void	 keyring_free(struct keyring *);
void	 kdf_params_for(enum kdf_level, struct kdf_params *);
int	 kdf_parse_level(const char *, enum kdf_level *);
int	 kek_derive(unsigned char *, const char *, size_t,
	    const unsigned char *, const struct kdf_params *, struct amp_err *);
void	 random_fill(void *, size_t);
void	 keyed_hash(unsigned char *, size_t, const void *, size_t,
	    const unsigned char *);
void	 seal(unsigned char *, const void *, size_t, const void *, size_t,
	    const unsigned char *);
int	 unseal(void *, const unsigned char *, size_t, const void *, size_t,
	    const unsigned char *);
void	 blind_hash(unsigned char *, char, const char *, size_t,
	    const unsigned char *);
void	 wipe(void *, size_t);

/* store.c: the LMDB environment, transactions and cursors. */
#define STORE_FORMAT	3
enum store_db {
	DB_META, DB_ACCOUNTS, DB_RECORDS, DB_HISTORY, DB_INDEX, DB_DRAFTS,
	DB_AUDIT, DB_COUNTERS, DB__COUNT
};
#define STORE_NOOVERWRITE	0x1
#define STORE_APPEND		0x2
enum scur_op {
	SC_FIRST, SC_LAST, SC_NEXT, SC_PREV, SC_SET_RANGE, SC_SET,
	SC_GET_BOTH_RANGE, SC_NEXT_DUP, SC_NEXT_NODUP, SC_FIRST_DUP
};
struct sval {
	const void	*p;
	size_t		 n;
};
struct store;
struct stxn;
struct scur;
int	 store_create(const char *, struct store **, struct amp_err *);
int	 store_open(const char *, struct store **, struct amp_err *);
int	 store_open_readonly(const char *, struct store **, struct amp_err *);
void	 store_close(struct store *);
const char *store_dir(const struct store *);
const char *store_db_name(enum store_db);
int	 store_read(struct store *, struct stxn **, struct amp_err *);
int	 store_write(struct store *, int (*)(struct stxn *, void *), void *,
	    struct amp_err *);
void	 stxn_end(struct stxn *);
void	 stxn_set_hook(struct stxn *, int (*)(struct stxn *, void *,
	    struct amp_err *), void (*)(void *), void *);
void	*stxn_hook_arg(struct stxn *);
int	 stxn_writing(const struct stxn *);
int	 stxn_get(struct stxn *, enum store_db, const void *, size_t,
	    struct sval *, struct amp_err *);
int	 stxn_put(struct stxn *, enum store_db, const void *, size_t,
	    const void *, size_t, unsigned, struct amp_err *);
int	 stxn_del(struct stxn *, enum store_db, const void *, size_t,
	    const void *, size_t, struct amp_err *);
int	 stxn_next_id(struct stxn *, const char *, uint64_t *,
	    struct amp_err *);
int	 scur_open(struct stxn *, enum store_db, struct scur **,
	    struct amp_err *);
int	 scur_get(struct scur *, enum scur_op, struct sval *, struct sval *,
	    struct amp_err *);
int	 scur_count(struct scur *, size_t *, struct amp_err *);
void	 scur_close(struct scur *);
int	 stxn_prefix_each(struct stxn *, enum store_db, const void *, size_t,
	    int (*)(const struct sval *, const struct sval *, void *,
	    struct amp_err *), void *, struct amp_err *);
void	 store_stats(struct store *, size_t *, size_t *);
int	 store_last_txn(struct store *, uint64_t *, struct amp_err *);
int	 store_versions(struct store *, uint64_t *, struct amp_err *);

/* record.c: the record model (field id to value, repeat groups) and codec. */
enum rfield_kind { RF_STR, RF_GROUP };
struct rmap;
struct rfield {
	char		*id;
	enum rfield_kind kind;
	char		*str;
	struct rmap	*items;
	size_t		 nitems;
};
struct rmap {
	struct rfield	*v;
	size_t		 n, cap;
};
struct record {
	uint64_t	 id;
	uint64_t	 version;
	char		*form;
	uint32_t	 form_version;
	int64_t		 created, updated;
	char		*created_by, *updated_by;
	uint64_t	 parent;	/* the case a linked record is of */
	char		*state;		/* its workflow state, or NULL */
	int64_t		 state_since;
	char		*action;	/* what made this version */
	char		*institution;	/* whose queue it is in, or NULL */
	char		*assignee;	/* an account, "@team", or NULL */
	char		*origin;	/* a referral's sending institution */
	uint64_t	 consent;	/* the consent a referral rests on */
	uint64_t	 household;	/* a dependant's principal case */
	char		*relation;	/* a dependant's relation to it */
	struct rmap	 data;
};
#define RECORD_MAX_DEPTH	4
#define RECORD_MAX_ITEMS	1000
const char	*rmap_get(const struct rmap *, const char *);
void		 rmap_set(struct rmap *, const char *, const char *);
struct rfield	*rmap_field(const struct rmap *, const char *);
struct rfield	*rmap_group(struct rmap *, const char *);
struct rmap	*rgroup_add(struct rfield *);
void		 rgroup_remove(struct rfield *, size_t);
void		 rmap_unset(struct rmap *, const char *);
int		 rmap_rename(struct rmap *, const char *, const char *);
void		 rmap_copy(struct rmap *, const struct rmap *);
int		 rfield_equal(const struct rfield *, const struct rfield *);
int		 rmap_same(const struct rmap *, const struct rmap *);
void		 rmap_free(struct rmap *);
void		 record_init(struct record *);
void		 record_free(struct record *);
void		 record_copy(struct record *, const struct record *);
void		 record_encode(const struct record *, struct buf *);
int		 record_decode(const void *, size_t, struct record *);
/* One text field met while scanning an encoded record (nothing is copied). */
struct rscan_field {
	const char	*group;		/* the repeat group, or NULL */
	size_t		 glen;
	size_t		 item;
	const char	*id;
	size_t		 idlen;
	const char	*val;
	size_t		 vlen;
};
struct rscan_head {
	uint64_t	 id, version;
	const char	*form;
	size_t		 formlen;
	int64_t		 created, updated;
	uint64_t	 parent;
	const char	*state;
	size_t		 statelen;
	const char	*institution, *assignee;	/* need-to-know */
	size_t		 instlen, assigneelen;
	const char	*origin;
	size_t		 originlen;
};
int		 record_scan(const void *, size_t, struct rscan_head *,
		     void (*)(void *, const struct rscan_head *,
		     const struct rscan_field *), void *);
void		 casenum_format(uint64_t, int64_t, char *, size_t);
int64_t		 record_day(const struct record *, const char *);
int		 casenum_parse(const char *, uint64_t *, int *);

/*
 * expr.c: the expression language of forms (XLSForm-like): parsed and
 * type-checked once when forms load, evaluated many times.
 *
 * Values are empty (unanswered), booleans, numbers (double), strings and
 * dates (days since 1970-01-01). A select_many answer is a string of values
 * separated by single spaces, as in XLSForm; yes_no answers are the strings
 * "yes" and "no"; time ("HH:MM") and date-time ("YYYY-MM-DD HH:MM") answers
 * are strings, which compare in time order.
 *
 * The rule for unanswered fields: a reference to one is empty. Arithmetic
 * and functions of an empty value are empty (string-length, count-selected
 * and count give 0, coalesce skips it, selected gives false). = and != treat
 * empty as the empty string, so ${x} = '' tests for no answer; <, <=, >, >=
 * with an empty side are empty. and/or/not/if take empty as false. Where a
 * result is used: relevant, required and workflow guards take empty as
 * false; a constraint that comes out empty passes (it cannot be judged
 * yet); a calculation that comes out empty leaves the field unanswered.
 */
enum vtype { VT_EMPTY, VT_BOOL, VT_NUM, VT_STR, VT_DATE, VT_GROUP };
struct value {
	enum vtype	 t;
	int		 b;
	double		 n;
	int64_t		 d;		/* VT_DATE: days since 1970-01-01 */
	const char	*s;		/* VT_STR, NUL-terminated: expr_eval */
	size_t		 slen;
};
#define EXPR_MAX_LEN	4096	/* characters of one expression */
#define EXPR_MAX_NODES	1024
#define EXPR_MAX_DEPTH	64
struct expr;
struct expr_err {
	size_t	 offset;		/* byte offset in the expression text */
	char	 msg[256];
};
/* How an expression's ${id} references find their fields (at check time). */
struct expr_scope {
	/*
	 * The field named id as seen from where the expression is: a sibling
	 * in the current repeat item first, then a top-level field. NULL if
	 * there is none; *type is what the reference yields (VT_GROUP for a
	 * repeat, usable only in count()).
	 */
	const void	*(*resolve)(void *, const char *, enum vtype *);
	void		*arg;
	enum vtype	 self;		/* the type of '.', VT_EMPTY if none */
	/* A choice_filter: bare names are the choice's attributes (strings). */
	int		 choice_attrs;
};
/* What an evaluation reads: the answers of the record, today. */
struct expr_env {
	/* The answer of a resolved field, NULL if unanswered. */
	const char	*(*value)(void *, const void *);
	/* The number of items of a resolved repeat group. */
	size_t		 (*count)(void *, const void *);
	/* A choice attribute by name, for choice_filter; NULL if absent. */
	const char	*(*attr)(void *, const char *);
	void		*arg;
	const char	*self;		/* the value of '.', or NULL */
	enum vtype	 self_type;
	int64_t		 today;		/* date_today_days() */
};
/*
 * expr_parse and expr_check return NULL and -1 on error, with the first
 * problem in the struct expr_err. expr_eval returns -1 only for an
 * expression that has not passed expr_check; a VT_STR result stays valid
 * until the next expr_eval of the same expression or its expr_free.
 */
struct expr	*expr_parse(const char *, struct expr_err *);
int		 expr_check(struct expr *, const struct expr_scope *,
		     enum vtype *, struct expr_err *);
int		 expr_eval(const struct expr *, const struct expr_env *,
		     struct value *);
int		 expr_true(const struct expr *, const struct expr_env *);
char		*expr_format(const struct value *);
void		 expr_refs(const struct expr *,
		     void (*)(void *, const void *), void *);
const char	*expr_text(const struct expr *);
void		 expr_free(struct expr *);
/*
 * The checked tree, shared by expr.c (parser, checker) and expr-eval.c
 * (evaluation) and by nothing else. Nodes live in one array; children are
 * listed through first and next. A run of one operator level (a + b - c,
 * a and b and c) is one node, so long sums stay shallow.
 */
enum expr_kind {
	EK_NUM, EK_STR, EK_BOOL, EK_REF, EK_SELF, EK_ATTR, EK_OR, EK_AND,
	EK_NOT, EK_CMP, EK_ARITH, EK_NEG, EK_CALL
};
enum expr_op {
	EO_NONE, EO_EQ, EO_NE, EO_LT, EO_LE, EO_GT, EO_GE, EO_ADD, EO_SUB,
	EO_MUL, EO_DIV, EO_MOD
};
enum expr_fn {
	EF_IF, EF_COALESCE, EF_TODAY, EF_AGE, EF_DATE, EF_SELECTED,
	EF_COUNT_SELECTED, EF_STRING_LENGTH, EF_REGEX, EF_COUNT, EF_CONCAT,
	EF_INT, EF_ROUND, EF_NUMBER
};
struct expr_node {
	enum expr_kind	 kind;
	enum expr_op	 op;		/* EK_CMP; EK_ARITH: none */
	enum expr_op	 join;		/* EK_ARITH child: operator before */
	enum expr_fn	 fn;		/* EK_CALL */
	enum vtype	 type;		/* set by expr_check */
	int		 first, next;	/* child, next sibling; -1: none */
	int		 nkids, depth;
	size_t		 off;		/* where the node's text starts */
	size_t		 opoff;		/* EK_CMP: its operator; EK_CALL: "(" */
	size_t		 joinoff;	/* where join is */
	double		 n;		/* EK_NUM */
	int		 b;		/* EK_BOOL */
	char		*s;		/* EK_STR, EK_REF, EK_ATTR: text */
	size_t		 slen;
	int		 as_date;	/* EK_STR: a date literal, in d */
	int64_t		 d;
	int		 adopted;	/* EK_STR '': an empty value */
	const void	*ref;		/* EK_REF: the resolved field */
	void		*re;		/* EF_REGEX: the compiled regex_t */
};
struct expr {
	char		*text;
	struct expr_node *nodes;
	int		 nnodes, cap, root;
	int		 checked;
	struct buf	*result;	/* a VT_STR result of expr_eval */
};
int		 expr_number(const char *, size_t, int, double *);

/* yaml-load.c: what loaders share beyond libyaml (see yaml-load.h). */
int		 id_valid(const char *);
void		 strv_free(char **, size_t);

/* form.c and form-load.c: the form model and its YAML loader. */
enum ftype {
	FT_TEXT, FT_MULTILINE, FT_INTEGER, FT_DECIMAL, FT_DATE, FT_TIME,
	FT_DATETIME, FT_SELECT_ONE, FT_SELECT_MANY, FT_YES_NO, FT_PHONE,
	FT_EMAIL, FT_DOCUMENT, FT_CALCULATE, FT_NOTE, FT_REPEAT,
	FT__COUNT
};
enum findex { FI_NONE, FI_NAME, FI_DOCUMENT, FI_MONTH };
/* An expression of a form file and where it was written, for messages. */
struct fexpr {
	struct expr	*e;
	int		 line, col;	/* of its first character */
	int		 oneline;	/* columns within it are file columns */
};
struct choice_attr {
	char	*name;
	char	*value;
};
struct choice {
	char			*value;
	struct i18n		 label;
	struct choice_attr	*attrs;		/* for choice_filter */
	size_t			 nattrs;
	int			 retired;	/* kept for old records only */
};
struct choice_list {
	char		*id;
	char		*file;
	int		 line, col;
	struct choice	*v;
	size_t		 n, cap;
	size_t		*by_value;	/* indexes of v sorted by value */
};
/* A document number's pattern for one value of its document type field. */
struct doc_pattern {
	char	*type;
	char	*pattern;		/* POSIX extended regular expression */
	void	*re;			/* its regex_t, compiled at load */
};
struct section;
struct field {
	char			*id;
	enum ftype		 type;
	struct i18n		 label, hint;
	int			 required;	/* always */
	struct fexpr		 required_if;	/* or when this is true */
	struct fexpr		 relevant;
	struct fexpr		 constraint;
	struct i18n		 constraint_message;
	struct fexpr		 calculate;
	char			*default_value;	/* static */
	struct fexpr		 default_expr;	/* or "=expression" */
	int			 read_only;
	char			*confidential;	/* own, or inherited at link */
	char			**renamed_from;
	size_t			 nrenamed;
	enum findex		 index;
	size_t			 max_length;
	int			 has_min, has_max;
	double			 min, max;
	char			*list_id;
	struct choice_list	*list;
	struct fexpr		 choice_filter;
	char			*doc_type;	/* document: its type's field */
	const struct field	*doc_type_field;
	struct doc_pattern	*patterns;
	size_t			 npatterns;
	struct field		*fields;	/* repeat: the item's fields */
	size_t			 nfields, capfields;
	size_t			 min_items, max_items;
	struct fexpr		 count;		/* repeat: items from a field */
	char			*register_field; /* repeat: members as cases */
	char			*relation_field; /* their relation */
	char			**inherit;	/* from the principal */
	size_t			 ninherit;
	const struct field	*group;		/* its repeat, if any */
	const struct section	*section;
	enum vtype		 vtype;		/* what ${id} yields */
	int			 line, col;
};
struct section {
	char		*id;
	struct i18n	 label;
	struct fexpr	 relevant;
	char		*confidential;	/* the class its fields inherit */
	struct field	*fields;
	size_t		 nfields, cap;
	int		 line, col;
};
/* A field reached through its repeat group (NULL at the top level). */
struct field_ref {
	const struct field	*group;
	const struct field	*field;
};
struct form {
	char		*id;
	uint32_t	 version;
	struct i18n	 title;
	char		*file;
	struct section	*sections;
	size_t		 nsections, cap;
	char		**summary;
	int		 *summary_line, *summary_col;
	size_t		 nsummary;
	struct choice_list **lists;	/* lists defined inside the form */
	size_t		 nlists, caplists;
	const struct field **summary_fields;	/* resolved at load */
	struct field_ref *names;	/* fields with "index: name" */
	size_t		 nnames;
	char		**removed;	/* fields dropped on purpose */
	size_t		 nremoved;
	char		*confidential;	/* the class its fields inherit */
	char		*consent;	/* the purpose its sending needs */
	int		 records_consent;	/* its records are consents */
	int		 consent_line, consent_col;	/* of each keyword */
	int		 records_line, records_col;
};
/* workflow-load.c, workflow.c: a form's records' states and moves. */
struct wf_state {
	char		*id;
	struct i18n	 label;
	int		 terminal;
	int		 line, col;
};
struct wf_transition {
	char			*id;
	struct i18n		 label;
	char			**from;		/* state ids */
	size_t			 nfrom;
	char			*to;
	char			**roles;
	size_t			 nroles;
	int			(*role_at)[2];	/* line, column of each */
	char			*form_id;	/* a form to fill, or NULL */
	const struct form	*form;
	struct fexpr		 guard;
	int			 deadline_days;	/* from entering "from"; 0: none */
	enum wf_side {
		SIDE_ANY,	/* either institution */
		SIDE_SENDER,	/* a referral's sending institution */
		SIDE_RECEIVER	/* the institution it is sent to */
	}			 side;
	int			 case_active;	/* only while the case's is */
	int			 line, col;
};
struct workflow {
	char			*id;
	uint32_t		 version;
	struct i18n		 title;
	char			*file;
	char			*form_id;	/* the records it moves */
	const struct form	*form;
	char			*initial;
	struct wf_state		*states;
	size_t			 nstates, capstates;
	struct wf_transition	*transitions;
	size_t			 ntransitions, captransitions;
};
enum wf_why {
	WF_OPEN,	/* may be taken now */
	WF_STATE,	/* the record is not in a "from" state */
	WF_ROLE,	/* not for this official's role */
	WF_GUARD,	/* the guard is not true */
	WF_SIDE		/* for the other institution of a referral */
};
struct formset {
	char		*dir;
	struct form	**forms;
	size_t		 nforms, cap;
	struct choice_list **lists;	/* shared lists from lists/ */
	size_t		 nlists, caplists;
	size_t		 nborrowed;	/* first lists are another set's */
	size_t		 ndirlists;	/* of those, from the dir's lists/ */
	struct workflow	**workflows;	/* from workflows/ */
	size_t		 nworkflows, capworkflows;
	int		 partial;	/* files picked from a forms dir */
	struct policy	*policy;	/* access/roles.yaml, or the default */
	struct service	*services;	/* services/: the directory */
	size_t		 nservices, capservices;
	struct service_cat *cats;
	size_t		 ncats, capcats;
	int		 explicit_services;	/* a services file was given */
};
/* A form file held in memory (formset_load_mem). */
struct formtext {
	const char	*name;		/* in diagnostics */
	const char	*text;
	size_t		 len;
};
struct ftype_info {
	const char	*name;
	enum ftype	 type;
	enum vtype	 vtype;		/* what a reference yields */
	int		 input;		/* typed or chosen by the official */
};
extern const struct ftype_info ftype_table[FT__COUNT];
const char	*ftype_name(enum ftype);
int		 formset_load(const char *, struct formset **, struct diags *);
int		 formset_load_files(const char *, char **, size_t,
		     struct formset **, struct diags *);
int		 formset_load_mem(const struct formset *,
		     const struct formtext *, size_t, struct formset **,
		     struct diags *);
void		 formset_free(struct formset *);
const struct form *formset_find(const struct formset *, const char *);
int		 form_check_expr(struct diags *, const char *,
		     const struct formset *, const struct form *,
		     struct fexpr *, enum vtype, const char *);
int		 workflow_link(struct diags *, struct workflow *,
		     const struct formset *);
void		 workflow_free(struct workflow *);
const char	*forms_dir_default(void);
const struct field *form_field(const struct form *, const char *);
const struct field *field_child(const struct field *, const char *);
const struct choice *choice_find(const struct choice_list *, const char *);
const char	*choice_retired_in(const struct choice_list *, const char *,
		    const char *);
const char	*choice_label(const struct field *, const char *);
char		*field_display(const struct field *, const char *);
void		 choice_free(struct choice *);
void		 choice_list_free(struct choice_list *);
void		 choice_list_index(struct choice_list *);
void		 fexpr_free(struct fexpr *);
void		 field_free(struct field *);
void		 section_free(struct section *);
const char	*choice_attr(const struct choice *, const char *);

/* workflow.c: the workflow runtime. */
const struct workflow	*workflow_for(const struct formset *, const char *);
int		 workflow_has_sides(const struct workflow *);
const struct wf_state	*workflow_state(const struct workflow *, const char *);
const char	*workflow_state_label(const struct workflow *, const char *);
const char	*workflow_action_label(const struct workflow *, const char *);
const struct wf_transition *workflow_transition(const struct workflow *,
		    const char *);
enum wf_why	 wf_check(const struct workflow *, const struct wf_transition *,
		    const struct record *, const char *, const char *);
const char	*record_state(const struct workflow *, const struct record *);
int64_t		 wf_due(const struct wf_transition *, const struct record *);
int64_t		 wf_days_in_state(const struct record *);
char		*wf_time_in_state(const struct record *);
char		*wf_why_text(const struct wf_transition *,
		    const struct workflow *, const struct record *,
		    enum wf_why);

/* form-eval.c: a form's expressions evaluated on a record. */
int	 form_condition(const struct fexpr *, const struct rmap *);
int	 section_relevant(const struct section *, const struct rmap *);
int	 field_relevant(const struct field *, const struct rmap *,
	    const struct rmap *);
int	 field_required(const struct field *, const struct rmap *,
	    const struct rmap *);
int	 field_constraint_ok(const struct field *, const struct rmap *,
	    const struct rmap *, const char *);
int	 choice_offered(const struct field *, const struct choice *,
	    const struct rmap *, const struct rmap *);
int	 choice_fits(const struct field *, const char *, const struct rmap *,
	    const struct rmap *);
char	*constraint_message(const struct field *);
char	*default_value_of(const struct field *, const struct rmap *,
	    const struct rmap *);
int	 entry_untouched(const struct field *, const struct rmap *,
	    const struct rmap *);
long	 repeat_count(const struct field *, const struct rmap *);
void	 form_calculate(const struct form *, struct rmap *);
void	 fields_defaults(const struct field *, size_t, struct rmap *,
	    const struct rmap *, const struct rmap *);
void	 form_defaults(const struct form *, struct rmap *);
void	 form_clear_irrelevant(const struct form *, struct rmap *);

/* form-version.c: old records under newer forms; the store's catalog. */
void	 form_upgrade(const struct form *, struct record *);
void	 form_catalog(const struct form *, struct buf *);
int	 form_catalog_note(struct stxn *, const struct formset *,
	    const struct form *,
	    struct amp_err *);
int	 forms_check_store(struct store *, const struct formset *,
	    struct diags *, struct amp_err *);
int	 forms_fit_store(struct store *, const struct formset *,
	    struct amp_err *);

/* form-check.c: checking and normalising values exactly as typed. */
struct verr {
	char	*path;
	char	*msg;
};
struct verrs {
	struct verr	*v;
	size_t		 n, cap;
};
int	 field_normalize(const struct field *, const char *, char **, char **);
int	 form_validate(const struct form *, const struct rmap *,
	    struct verrs *);
void	 verrs_add(struct verrs *, const char *, const char *);
void	 verrs_free(struct verrs *);
char	*form_summary(const struct form *, const struct rmap *);
const char *form_class(const struct form *);
char	*form_summary_of(const struct form *, const char *const *);

/* policy-load.c, policy.c: institutions, roles and what each role may do. */
#define PF_VIEW		0x1	/* open and read records of the form */
#define PF_CREATE	0x2	/* save new records of the form */
#define PF_EDIT		0x4	/* save new versions of its records */
#define PF_EXPORT	0x8	/* export its records */
#define PA_ACCOUNTS	0x1	/* add and change accounts */
#define PA_KEYS		0x2	/* rotate confidentiality keys */
#define PA_AUDIT	0x4	/* read the audit log, sign checkpoints */
#define PA_ASSIGN	0x8	/* assign cases to officials and teams */
enum case_scope {
	SCOPE_ASSIGNED,		/* cases assigned to the official or a team */
	SCOPE_INSTITUTION,	/* and every case of the institution */
	SCOPE_ALL		/* every case */
};
struct institution {
	char		*id;
	struct i18n	 name;
};
struct role_form {
	char		*form;		/* a form id */
	unsigned	 perms;		/* PF_* */
	int		 line, col;	/* where, for checks made at link */
};
struct role {
	char		*id;
	struct i18n	 label;
	char		*institution;
	struct role_form *forms;
	size_t		 nforms;
	unsigned	 all_forms;	/* PF_* on every form */
	char		**classes;	/* confidentiality classes held */
	size_t		 nclasses;
	char		**reports;
	size_t		 nreports;
	enum case_scope	 cases;
	unsigned	 admin;		/* PA_* */
	int		 line, col;
};
struct policy {
	char		*file;
	struct institution *inst;
	size_t		 ninst;
	struct role	*roles;
	size_t		 nroles;
	unsigned	 idle_lock;	/* seconds; 0 never */
	unsigned	 lockout;	/* failed logins that lock an account */
	char		*role_names;	/* "a, b, c", for messages */
};
#define POLICY_IDLE_LOCK	600	/* seconds, unless the file says */
#define POLICY_LOCKOUT		5	/* failed logins, unless it says */
const struct role *policy_role(const struct policy *, const char *);
const char	*policy_role_names(const struct policy *);
const struct institution *policy_institution(const struct policy *,
	    const char *);
unsigned	 role_form_perms(const struct role *, const char *);
int		 role_has_class(const struct role *, const char *);
int		 role_has_report(const struct role *, const char *);
void		 policy_free(struct policy *);
struct policy	*policy_default(void);
int		 policy_link(struct diags *, const struct policy *,
		     const struct formset *);

/*
 * services-load.c, services.c: the directory of services the institutions
 * offer (forms/services/), each with its place, schedule, contact and
 * who may use it, in words and as an expression on the person's record.
 * The directory is also the choice lists "services" and "service_categories"
 * of the form set, so that a referral picks its service from it.
 */
#define SERVICES_LIST		"services"
#define SERVICE_CATS_LIST	"service_categories"
#define SERVICE_FIELD		"service_id"	/* a referral form's fields */
#define SERVICE_CAT_FIELD	"service_category"
#define PROVINCES_LIST		"panama_provinces"	/* places of services */
#define DISTRICTS_LIST		"panama_districts"
struct session;
enum svc_ref { SR_INSTITUTION, SR_CATEGORY, SR_PROVINCE, SR_DISTRICT,
	SR_FORM, SR__COUNT };
struct service {
	char		*id;
	char		*file;
	char		*form;		/* the form eligible reads */
	char		*ref[SR__COUNT];	/* institution, category... */
	int		 at[SR__COUNT][2];	/* line, column of each */
	struct i18n	 name, description, schedule, eligibility;
	char		*contact;
	struct fexpr	 eligible;	/* on the person's record; or none */
	int		 retired;	/* kept for old referrals only */
	int		 line, col;
};
struct service_cat {
	char		*id;
	struct i18n	 label;
	char		*file;
	int		 line, col;
};
void	 services_free(struct formset *);
int	 services_lists(struct diags *, struct formset *);
int	 services_link(struct diags *, struct formset *);
const struct service *service_find(const struct formset *, const char *);
const struct choice_list *formset_list(const struct formset *, const char *);
char	*service_place(const struct formset *, const struct service *);
const struct service_cat *service_cat_find(const struct formset *,
	    const char *);
int	 service_fits(const struct service *, const struct record *);
int	 service_route(const struct formset *, struct rmap *, const char **,
	    struct amp_err *);
int	 services_for_case(struct session *, uint64_t, const char *,
	    const struct service ***, size_t *, struct amp_err *);

/* export.c: walking the cases an official sees, for exports and reports. */
struct session;
int	 case_each_visible(struct session *, const char *, unsigned,
	    int (*)(struct session *, const struct record *, void *), void *,
	    struct amp_err *);
void	 export_pseudonym(const struct session *, uint64_t, char *, size_t);

/*
 * document.c, renewal.c: documents linked to cases, the renewal queue of
 * current documents due, renewal sessions, their rosters and outcomes.
 */
#define DOCUMENT_FORM		"document"
#define RENEWAL_SESSION_FORM	"renewal_session"
#define RENEWAL_OUTCOME_FORM	"renewal_outcome"
struct doc_row {
	uint64_t	 id, case_id;	/* the document's record, its case */
	char		 number[32], case_number[32];
	char		*doc_type, *doc_number, *state;
	char		*person;	/* the case's summary */
	char		*province, *district;	/* of the case's address */
	int64_t		 expiry;	/* day; 0 for none */
	int64_t		 issued;	/* day; 0 if unknown */
	char		*outcome;	/* at the session, or NULL */
	char		 outcome_number[32];
};
struct doc_area {
	const char	*province;	/* NULL or "" for any */
	const char	*district;
};
int	 document_add(struct session *, uint64_t, struct record *,
	    struct verrs *, struct amp_err *);
int	 document_due(struct session *, struct stxn *, int64_t,
	    const struct doc_area *, int, struct doc_row **, size_t *,
	    struct amp_err *);
int	 document_queue(struct session *, int64_t, const struct doc_area *,
	    struct doc_row **, size_t *, struct amp_err *);
int	 document_current(const struct session *, const struct record *);
int64_t	 document_expiry(const struct record *);
void	 doc_row_fill(struct doc_row *, const struct session *,
	    const struct record *, const struct record *);
void	 doc_rows_free(struct doc_row *, size_t);
struct renewal_info {
	uint64_t	 id;
	char		 number[32];
	char		*state, *place, *province, *district, *institutions;
	char		*owner;		/* the planning institution */
	int64_t		 date, until;	/* the session's day, due up to */
	size_t		 roster, recorded;	/* filled by renewal_roster */
};
int	 renewal_plan(struct session *, struct record *, struct verrs *,
	    struct amp_err *);
int	 renewal_list(struct session *, struct renewal_info **, size_t *,
	    struct amp_err *);
int	 renewal_roster(struct session *, uint64_t, struct renewal_info *,
	    struct doc_row **, size_t *, struct amp_err *);
int	 renewal_record(struct session *, uint64_t, uint64_t, uint64_t,
	    const char *, const char *, const char *, char *, size_t,
	    struct verrs *, struct amp_err *);
int	 renewal_close(struct session *, uint64_t, size_t *, struct amp_err *);
void	 renewal_info_free(struct renewal_info *);
void	 renewal_infos_free(struct renewal_info *, size_t);

/* counter-hist.c: histograms of whole numbers, exact percentiles. */
struct hist_bin {
	int64_t		 value, count;
};
struct hist {
	struct hist_bin	*v;
	size_t		 n, cap;
	int64_t		 total;
	int		 sorted;
};
void	 hist_add(struct hist *, int64_t, int64_t);
void	 hist_sort(struct hist *);
int64_t	 hist_percentile(struct hist *, int);
int64_t	 hist_below(struct hist *, int64_t);
void	 hist_free(struct hist *);

/*
 * counter.c: the report counters, sealed groups of entries (amparo-store(5),
 * counters) changed in the transaction of every record write.
 */
#define COUNTER_FORMAT		1
#define COUNTER_KEY_BYTES	17	/* the kind, then a keyed hash */
#define COUNTER_DOC_FORM	"document"
#define COUNTER_OUTCOME_FORM	"renewal_outcome"
#define COUNTER_CR_STATE	"counter_referred"
#define CK_COUNT	'c'	/* (form, state) of every record */
#define CK_SINCE	's'	/* day entered, by form and state */
#define CK_LOAD		'l'	/* (assignee, form, state) of top-level ones */
#define CK_DOCS		'd'	/* (expiry month, doc_type, state) */
#define CK_RENEW	'r'	/* (session, outcome) of renewal outcomes */
#define CK_CROSS	'x'	/* days to each counter-referral */
struct counter_entry {
	unsigned char	*key;	/* [4-byte number] strings joined by NUL */
	size_t		 n;
	int64_t		 count;
};
struct counter_group {
	char		 kind;
	char		*inst;
	char		*sub;
	size_t		 nsub;
	struct counter_entry *v;
	size_t		 n;
};
struct counter_pending;
struct counter_stats {
	uint64_t	 notes;		/* record writes seen */
	double		 note_us;	/* reading the old version, noting */
	uint64_t	 groups;	/* entries written by flushes */
	double		 flush_us;	/* writing them at commit */
};
void	 counter_stats(struct counter_stats *);
void	 counter_num(unsigned char *, int64_t);
int64_t	 counter_num_get(const unsigned char *);
int	 counter_decode(const unsigned char *, size_t, struct counter_group *);
void	 counter_group_free(struct counter_group *);
struct counter_pending *counter_pending_new(const struct session *);
void	 counter_pending_free(void *);
void	 counter_pending_note(struct counter_pending *, const struct record *,
	    const struct record *);
int	 counter_note(struct stxn *, const struct session *, const void *,
	    size_t, const struct record *, struct amp_err *);
int	 counter_built(struct stxn *, struct amp_err *);
int	 counter_build(struct stxn *, struct counter_pending *,
	    struct amp_err *);
int	 counter_collect(struct stxn *, struct counter_pending *,
	    struct amp_err *);
int	 counter_compare(struct stxn *, struct counter_pending *,
	    void (*)(const struct counter_group *, int64_t, void *), void *,
	    size_t *, struct amp_err *);
int	 counter_get(struct stxn *, const struct session *, char,
	    const char *, const void *, size_t, struct counter_group *,
	    struct amp_err *);
int	 counter_each(struct stxn *, const struct session *, char,
	    int (*)(const struct counter_group *, void *), void *,
	    struct amp_err *);
char	*counter_field(const struct counter_entry *, size_t, size_t);
int	 counters_ready(struct session *, struct amp_err *);
int	 counters_rebuild(struct session *, struct amp_err *);
int	 counters_check(struct session *, void (*)(const struct counter_group *,
	    int64_t, void *), void *, size_t *, struct amp_err *);

/*
 * report.c: reports, served from the counters: tables of text and numbers,
 * an official's institution's rows (every institution's with cases: all).
 */
#define REPORT_COLS_MAX	6
struct report;
struct report_info {
	const char	*id;
	const char	*summary;
	const char	*cols[REPORT_COLS_MAX];	/* headings, N_() */
	unsigned	 num;		/* bit i: column i holds numbers */
	int		 bar;		/* the column drawn as bars */
	int		(*fill)(struct session *, struct stxn *,
			    struct report *, struct amp_err *);
	/*
	 * What each column's ids are, for labels on screen: i an institution,
	 * f a form, s a state (of the row's form, or of form's workflow), c a
	 * choice of form's field; - anything else.
	 */
	const char	*kinds;
	const char	*form, *field;
};
extern const struct report_info report_table[];
extern const size_t report_count;
struct report {
	const struct report_info *info;
	size_t		 ncols;
	char		**cells;	/* n rows of ncols, row by row */
	size_t		 n, cap;
};
const struct report_info *report_find(const char *);
const char *report_cell(const struct report *, size_t, size_t);
const char *report_label(const struct session *, const struct report *,
	    size_t, size_t);
int	 report_run(struct session *, const char *, struct report *,
	    struct amp_err *);
int	 report_compute(struct session *, const char *, struct report *,
	    struct amp_err *);
void	 report_free(struct report *);

/* referral.c: referrals between institutions, inboxes and outboxes. */
struct referral_row {
	uint64_t	 id, case_id;
	char		 number[32], case_number[32];
	char		*form, *state, *from, *to, *summary;
	int64_t		 since;		/* in its state since */
	int64_t		 due;		/* the earliest step's due day, or 0 */
	int64_t		 withdrawn;	/* when its consent was, or 0 */
};
int	 referral_send(struct session *, uint64_t, const char *,
	    struct record *, struct verrs *, struct amp_err *);
int	 referral_box(struct session *, int, struct referral_row **, size_t *,
	    struct amp_err *);
void	 referral_rows_free(struct referral_row *, size_t);

/* queue.c: work queues, one per workflow state, and their counts. */
struct queue_count {
	const struct workflow	*w;
	const char		*state;		/* the workflow's state id */
	size_t			 n, overdue;
	int			 more;		/* n counts the oldest only */
};
int64_t	 queue_due(const struct workflow *, const struct record *);
int	 queue_rows(struct session *, const unsigned char *, int,
	    struct referral_row **, size_t *, int *, struct amp_err *);
int	 queue_list(struct session *, const char *, const char *,
	    struct referral_row **, size_t *, int *, struct amp_err *);
int	 queue_counts(struct session *, const char *, struct queue_count **,
	    size_t *, struct amp_err *);

/* access.c: need-to-know: the cases an official sees, what a role may do. */
int	 access_sees(const struct session *, const char *, size_t,
	    const char *, size_t, const char *, size_t, const char *, size_t);
int	 access_sees_record(const struct session *, const struct record *);
int	 access_form(const struct session *, const char *, unsigned,
	    struct amp_err *);
int	 access_case(const struct session *, const struct record *, unsigned,
	    struct amp_err *);
void	 access_stamp_new(const struct session *, struct record *);

/* consent.c: informed consent enforced on referrals. */
int	 consent_find(struct session *, uint64_t, const char *, const char *,
	    uint64_t *, struct amp_err *);
int	 consent_withdrawn_in(struct stxn *, const struct session *,
	    const struct record *, int64_t *, struct amp_err *);
int64_t	 consent_withdrawn(struct session *, const struct record *);
int	 consent_blocks_in(struct stxn *, const struct session *,
	    const struct record *, struct amp_err *);
int	 consent_blocks(struct session *, const struct record *,
	    struct amp_err *);

/* case-link.c: records linked to a case outside its workflow. */
int	 case_link_create(struct session *, uint64_t, struct record *,
	    struct verrs *, struct amp_err *);

/* household.c: a principal applicant and dependants, as linked cases. */
struct terms;
struct household_row {
	uint64_t	 id;
	char		 number[32];
	int		 principal;	/* the principal applicant */
	char		*relation;	/* a dependant's, as its label */
	char		*relation_value;	/* and as stored */
	char		*state;		/* its workflow state's label, or "" */
	char		*summary;	/* its words separated by spaces */
};
int	 household_dependants(struct session *, const struct form *,
	    const struct record *, struct record **, size_t *,
	    struct verrs *, struct amp_err *);
int	 household_insert(struct session *, const struct form *,
	    struct record *, const struct terms *, struct record *, size_t,
	    struct amp_err *);
void	 household_free(struct record *, size_t);
int	 household_list(struct session *, const struct record *,
	    struct household_row **, size_t *, struct amp_err *);
void	 household_rows_free(struct household_row *, size_t);

/* demo-gbv.c: the GBV protocol and households, in a demo store. */
struct demo_account;
int	 demo_gbv(struct session *, struct store *, const struct formset *,
	    const struct demo_account *, size_t, size_t, struct amp_err *);

/* account.c: official accounts and their wrapped keys. */
#define ACCOUNT_NAME_MAX 64
struct account {
	char			*name;
	char			*role;
	char			**teams;
	size_t			 nteams;
	int64_t			 created;
	int			 locked;	/* by hand, or by failures */
	unsigned		 failures;	/* failed logins in a row */
	int64_t			 failed_at;	/* the last one */
	char			*verifier;	/* crypto_pwhash_str output */
	struct kdf_params	 kdf;
	unsigned char		 salt[SALT_BYTES];
	unsigned char		 wrapped[WRAP_BYTES];	/* the master key */
	unsigned char		 box_pk[BOX_KEY_BYTES];
	unsigned char		 box_sk_wrapped[BOX_KEY_BYTES + SEAL_OVERHEAD];
};
int	 account_name_valid(const char *);
int	 account_make(struct account *, const char *, const char *,
	    const char *, size_t, const struct keyring *, enum kdf_level,
	    struct amp_err *);
int	 account_put(struct stxn *, const struct account *, int,
	    struct amp_err *);
int	 account_get(struct stxn *, const char *, struct account *,
	    struct amp_err *);
int	 account_unlock(const struct account *, const char *, size_t,
	    struct keyring *, struct amp_err *);
int	 account_set_password(struct account *, const char *, size_t,
	    const struct keyring *, int, enum kdf_level, struct amp_err *);
int	 account_needs_rehash(const struct account *, enum kdf_level);
void	 account_take_secrets(struct account *, const struct account *);
void	 account_free(struct account *);
int	 account_list(struct store *, void (*)(const struct account *, void *),
	    void *, struct amp_err *);

/* session.c: an official logged in to a store with a form set. */
struct session {
	struct store		*store;
	const struct formset	*forms;
	struct keyring		*keys;
	char			*user;
	char			*role;
	char			*institution;	/* the role's institution */
	const struct role	*rp;		/* the role, in forms->policy */
	char			**teams;
	size_t			 nteams;
	enum kdf_level		 level;		/* the store's password cost */
	unsigned		 idle_lock;	/* seconds to lock; 0 never */
};
int	 session_login(struct store *, const struct formset *, const char *,
	    const char *, size_t, struct session **, struct amp_err *);
void	 session_free(struct session *);
int	 session_verify_password(struct session *, const char *, size_t,
	    struct amp_err *);
int	 store_init(const char *, const char *, const char *, const char *,
	    size_t, enum kdf_level, struct amp_err *);
int	 store_add_account(struct store *, const struct keyring *,
	    const char *, const char *, const char *, size_t, enum kdf_level,
	    struct amp_err *);
const char *store_dir_default(void);

/* users.c: managing accounts, and assigning cases. */
int	 user_add(struct session *, const char *, const char *, char **,
	    size_t, const char *, size_t, struct amp_err *);
int	 user_lock(struct session *, const char *, int, struct amp_err *);
int	 user_set_role(struct session *, const char *, const char *, char **,
	    size_t, int, struct amp_err *);
int	 user_passwd(struct session *, const char *, const char *, size_t,
	    struct amp_err *);
int	 case_assign(struct session *, uint64_t, const char *,
	    struct record *, struct amp_err *);

/* kdf-slot.c: at most so many password hashings at once. */
unsigned kdf_slots(uint64_t);
int	 kdf_slot_acquire(const char *, uint64_t);
void	 kdf_slot_release(int);

/* login.c: logging in, lockout, the store's password cost. */
int	 store_set_level(struct store *, enum kdf_level, struct amp_err *);
enum kdf_level store_level(struct stxn *);
int	 session_set_level(struct session *, enum kdf_level,
	    struct amp_err *);
int	 session_note(struct session *, const char *, uint64_t, const char *,
	    struct amp_err *);

/* seal-record.c: records and drafts sealed under the session's keys. */
int	 sealed_put(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, const struct record *, struct amp_err *);
int	 sealed_get(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, struct record *, struct amp_err *);
int	 sealed_open(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, struct buf *, struct amp_err *);
int	 sealed_put_raw(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, const struct record *, struct amp_err *);
int	 sealed_put_bytes(struct stxn *, const struct session *,
	    enum store_db, const void *, size_t, const void *, size_t,
	    struct amp_err *);
int	 sealed_get_raw(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, struct record *, struct amp_err *);

/*
 * class-seal.c: answers sealed to a confidentiality class, which anyone may
 * seal and only the class's key holders open. In a record, in memory and
 * stored alike, a sealed answer is a marker: SEALED_MARK, the class, ':' and
 * base64 (amparo-store(5)); no typed value can start so.
 */
#define SEALED_MARK	"\033S"
int		 value_is_sealed(const char *);
int		 sealed_parse(const char *, char *, size_t, uint32_t *);
char		*sealed_display(const char *);
char		*class_seal_value(const char *, uint32_t, const unsigned char *,
		     const char *, size_t);
int		 class_open_with(const char *, const unsigned char *,
		     const unsigned char *, char **);
int		 class_open_value(const struct keyring *, const char *,
		     char **);
const struct class_key *keyring_class(const struct keyring *, const char *,
		     uint32_t);
int		 keyring_holds(const struct keyring *, const char *);
int		 class_seal_rmap(struct stxn *, const struct form *,
		     struct rmap *, struct amp_err *);
int		 class_open_rmap(const struct keyring *, const struct form *,
		     struct rmap *);

/* class-key.c: class key generations, wraps for accounts, grants. */
struct class_gens {
	uint32_t	 gen;		/* the current generation */
	uint32_t	 rotating;	/* 0, or the one a rotation moves to */
	unsigned char	 pk[BOX_KEY_BYTES];
	unsigned char	 rotating_pk[BOX_KEY_BYTES];
};
struct class_info {			/* for amparo key status */
	char		*id;
	uint32_t	 gen;		/* 0: no key yet */
	uint32_t	 rotating;
	int		 stale;		/* the rotation walks once more */
	char		**holders;	/* wrapped every generation in use */
	size_t		 nholders;
	char		**pending;	/* role holds it, a wrap is missing */
	size_t		 npending;
	char		**revoke;	/* wrapped, role does not hold it */
	size_t		 nrevoke;
};
int	 class_gens_get(struct stxn *, const char *, struct class_gens *,
	    struct amp_err *);
int	 class_keys_unlock(struct stxn *, const char *, struct keyring *,
	    struct amp_err *);
int	 class_sync_account(struct stxn *, const struct session *,
	    const struct policy *, const char *, const unsigned char *,
	    const char *, struct amp_err *);
int	 class_account_rekeyed(struct stxn *, const struct session *,
	    const struct policy *, const char *, const unsigned char *,
	    const char *, struct amp_err *);
int	 class_grant_pending(struct store *, const struct session *,
	    struct amp_err *);
int	 class_login(struct session *, struct amp_err *);
int	 class_sync_user(const struct session *, const char *,
	    struct amp_err *);
int	 class_status(struct store *, const struct policy *,
	    struct class_info **, size_t *, struct amp_err *);
void	 class_status_free(struct class_info *, size_t);
int	 keyring_class_add(struct keyring *, const char *, uint32_t,
	    const unsigned char *, const unsigned char *);
void	 keyring_class_drop(struct keyring *, const char *, uint32_t);
char	*class_meta_key(const char *, const char *);
int	 class_meta_gen(struct stxn *, const char *, uint32_t *,
	    struct amp_err *);
int	 class_meta_put_gen(struct stxn *, const char *, uint32_t,
	    struct amp_err *);
int	 class_meta_del(struct stxn *, const char *, struct amp_err *);
int	 class_pk_get(struct stxn *, const char *, uint32_t, unsigned char *,
	    struct amp_err *);
int	 class_pk_del(struct stxn *, const char *, uint32_t, struct amp_err *);
int	 class_note_stale(struct stxn *, const char *, struct amp_err *);
int	 class_wrap_new(struct stxn *, struct session *, const char *,
	    uint32_t, const unsigned char *, const unsigned char *,
	    struct amp_err *);
int	 class_wraps_retire(struct stxn *, const char *, uint32_t,
	    struct amp_err *);

/* class-rotate.c: amparo key rotate. */
struct rotate_opts {
	size_t		 batch;		/* answers a transaction; 0: default */
	size_t		 max_batches;	/* stop after so many; 0: to the end */
};
struct rotate_stats {
	uint32_t	 from, to;	/* generations */
	uint64_t	 values;	/* answers sealed again */
	uint64_t	 records;	/* entries written */
	size_t		 batches, passes;
	int		 done;
};
int	 class_rotate(struct session *, const char *,
	    const struct rotate_opts *, struct rotate_stats *,
	    struct amp_err *);

/* search-index.c: blind index terms of a record, and their upkeep. */
struct terms {
	unsigned char	(*v)[BLIND_BYTES];
	size_t		 n, cap;
};
#define PREFIX_MIN	2
#define PREFIX_MAX	8
void	 terms_for_record(const struct session *, const struct form *,
	    const struct rmap *, struct terms *);
void	 terms_for_name_query(const struct session *, const char *,
	    struct terms *);
void	 terms_add_parent(const struct session *, uint64_t, struct terms *);
void	 terms_for_children(const struct session *, uint64_t,
	    struct terms *);
void	 terms_for_box(const struct session *, const char *, int,
	    struct terms *);
void	 terms_add_state(const struct session *, const char *, const char *,
	    struct terms *);
void	 terms_add_household(const struct session *, uint64_t,
	    struct terms *);
void	 terms_for_doc_query(const struct session *, const char *,
	    struct terms *);
void	 terms_for_month_query(const struct session *, const char *,
	    const char *, int, int, struct terms *);
void	 terms_for_form(const struct session *, const char *, struct terms *);
void	 terms_free(struct terms *);
int	 index_update(struct stxn *, uint64_t, const struct terms *,
	    const struct terms *, struct amp_err *);
#define NAME_QUERY_MAX	16	/* words of a name query that count */
struct name_query {
	char	(*tok)[TOKEN_MAX];
	size_t	  n;
};
void	 name_query_parse(const char *, struct name_query *);
void	 name_query_free(struct name_query *);
uint32_t name_query_match(const struct name_query *, const char *, size_t);

/* case.c: creating, reading, updating and finding cases. */
struct case_hit {
	uint64_t	 id;
	char		 number[32];
	char		*summary;
	char		*sortkey;	/* the summary folded, for ordering */
	int		 via_group;	/* matched through a repeat group */
};
struct conflict {
	char	*path;
	char	*mine;
	char	*theirs;
};
struct conflicts {
	struct conflict	*v;
	size_t		 n, cap;
	uint64_t	 theirs_version;
};
int	 case_create(struct session *, struct record *, struct verrs *,
	    struct amp_err *);
int	 case_update(struct session *, struct record *, uint64_t,
	    struct verrs *, struct conflicts *, struct amp_err *);
int	 case_get(struct session *, uint64_t, struct record *,
	    struct amp_err *);
int	 case_get_version(struct session *, uint64_t, uint64_t,
	    struct record *, struct amp_err *);
int	 case_lookup(struct session *, const char *, uint64_t *,
	    struct amp_err *);
int	 case_find(struct session *, const char *, size_t,
	    struct case_hit **, size_t *, struct amp_err *);
void	 case_hits_free(struct case_hit *, size_t);
void	 conflicts_free(struct conflicts *);
int	 case_bulk_add(struct session *, struct record *, size_t,
	    struct amp_err *);
int	 case_prepare(const struct form *, struct rmap *, struct verrs *);
const struct form *case_form(struct session *, const char *, struct amp_err *);
int	 case_insert(struct session *, const struct form *, struct record *,
	    const struct terms *, const char *, const char *, struct amp_err *);
void	 case_stamp_new(struct session *, const struct form *,
	    struct record *);
int	 case_insert_in(struct stxn *, struct session *, const struct form *,
	    struct record *, const struct terms *, const char *, const char *,
	    struct amp_err *);
int	 case_update_in(struct stxn *, struct session *, const struct form *,
	    struct record *, uint64_t, struct verrs *, struct conflicts *,
	    struct amp_err *);
void	 history_key(unsigned char *, uint64_t, uint64_t);
int	 record_move_in(struct stxn *, struct session *, const struct record *,
	    const char *, const char *, struct record *, struct amp_err *);
int	 case_transition(struct session *, uint64_t, const char *,
	    struct record *, struct record *, struct verrs *,
	    struct amp_err *);
int	 case_children(struct session *, uint64_t, uint64_t **, size_t *,
	    struct amp_err *);
int	 case_children_in(struct stxn *, struct session *, uint64_t,
	    uint64_t **, size_t *, struct amp_err *);
int	 case_invalid(struct verrs *, struct amp_err *);
int	 index_ids(struct stxn *, const unsigned char *, uint64_t *, size_t,
	    size_t *, struct amp_err *);

/* draft.c: unsaved work, saved field by field. */
struct draft_info {
	char		*slot;
	char		*form;
	uint64_t	 case_id;	/* 0 for a new case */
	int64_t		 created;	/* of the case, for its number */
	int64_t		 updated;	/* when the draft was last saved */
	char		*summary;	/* typed so far, tab-separated */
};
int	 draft_save(struct session *, const char *, const struct record *,
	    struct amp_err *);
int	 draft_load(struct session *, const char *, struct record *,
	    struct amp_err *);
int	 draft_delete(struct session *, const char *, struct amp_err *);
int	 draft_list(struct session *, struct draft_info **, size_t *,
	    struct amp_err *);
void	 draft_infos_free(struct draft_info *, size_t);
char	*draft_slot_new(const char *);
char	*draft_slot_case(uint64_t);

/* audit.c: the audit log: hash-chained entries, signed checkpoints, checks. */
#define AUDIT_HASH		32	/* BLAKE2b-256 */
#define AUDIT_FIELD_MAX		128	/* bytes of an entry's text fields */
#define AUDIT_KEY_ID		8	/* bytes of a key id (16 hex digits) */
#define AUDIT_STORE_ID		16	/* bytes of a store id (meta "store-id") */
#define AUDIT_KEEP_EVERY	1024	/* entries between kept checkpoints */
struct audit_event {
	const char	*account;
	const char	*institution;
	const char	*action;	/* create, update, transition, ... */
	uint64_t	 record;	/* the case id, or 0 */
	const char	*detail;	/* a transition, a class, a count */
};
struct audit_entry {
	uint64_t	 seq;
	int64_t		 time;
	uint64_t	 record;
	char		 account[AUDIT_FIELD_MAX + 1];
	char		 institution[AUDIT_FIELD_MAX + 1];
	char		 action[AUDIT_FIELD_MAX + 1];
	char		 detail[AUDIT_FIELD_MAX + 1];
};
struct audit_filter {
	const char	*account;	/* NULL for any */
	const char	*action;	/* NULL for any */
	uint64_t	 record;	/* 0 for any */
	int64_t		 since, until;	/* times, inclusive; 0 for none */
};
/* An exported public key, and a signed checkpoint of the log's head. */
struct audit_key {
	unsigned char	 store[AUDIT_STORE_ID];
	unsigned char	 pk[32];
};
struct audit_ckpt {
	unsigned char	 store[AUDIT_STORE_ID];
	unsigned char	 key_id[AUDIT_KEY_ID];
	uint64_t	 seq;
	unsigned char	 hash[AUDIT_HASH];
	int64_t		 time;
	unsigned char	 sig[64];
};
enum audit_problem {
	AUDIT_INTACT,
	AUDIT_DAMAGED,		/* an entry that cannot be read */
	AUDIT_CHANGED,		/* its contents do not match its hash */
	AUDIT_MISSING,		/* a gap in the numbers */
	AUDIT_INSERTED,		/* an entry put between two others */
	AUDIT_MOVED,		/* an entry under another's number */
	AUDIT_REPLACED,		/* the next entry does not follow it */
	AUDIT_TRUNCATED,	/* the log ends before a checkpoint */
	AUDIT_REWRITTEN,	/* its hash differs from a checkpoint's */
	AUDIT_SIGNATURE,	/* a checkpoint not signed by the key */
	AUDIT_KEY,		/* the key was removed or replaced */
	AUDIT_OTHER_STORE	/* a key or checkpoint of another store */
};
struct audit_report {
	uint64_t	 entries;	/* in the log */
	uint64_t	 verified;	/* from 1, before the first bad one */
	uint64_t	 signed_upto;	/* covered by a valid checkpoint */
	char		 key_id[2 * AUDIT_KEY_ID + 1];	/* "" if none */
	enum audit_problem problem;
	uint64_t	 bad;		/* the first bad entry; 0: all */
	uint64_t	 bad_from;	/* rewritten: the first that may be */
	char		 why[512];	/* what is wrong, one sentence */
};
int	 audit_append(struct stxn *, const struct audit_event *,
	    struct amp_err *);
int	 audit_note(struct stxn *, const struct session *, const char *,
	    uint64_t, const char *, struct amp_err *);
int	 audit_keys_init(struct stxn *, const struct keyring *,
	    struct amp_err *);
int	 audit_keys_ensure(struct store *, const struct keyring *,
	    struct amp_err *);
int	 audit_checkpoint(struct stxn *, const struct keyring *,
	    struct amp_err *);
int	 audit_checkpoint_text(struct store *, char **, struct amp_err *);
int	 audit_sign(struct store *, const struct keyring *, char **,
	    struct amp_err *);
int	 audit_key_text(struct store *, char **, struct amp_err *);
int	 audit_key_parse(const char *, size_t, struct audit_key *,
	    struct amp_err *);
int	 audit_ckpt_parse(const char *, size_t, struct audit_ckpt *,
	    struct amp_err *);
int	 audit_verify(struct store *, const struct audit_key *,
	    const struct audit_ckpt *, struct audit_report *,
	    struct amp_err *);
int	 audit_list(struct store *, const struct audit_filter *,
	    int (*)(const struct audit_entry *, void *), void *,
	    struct amp_err *);

/* demo.c: fictitious people for sandbox stores and benchmarks. */
struct demo_opts {
	const char	*dir;
	size_t		 people;
	uint64_t	 seed;
	const char	*password;	/* one password for all, or NULL */
	enum kdf_level	 kdf;
};
struct demo_account {
	char	*name;
	char	*role;
	char	*password;
};
int	 demo_fill_person(const struct form *, struct rng *, struct rmap *);
size_t	 demo_authors(size_t);
struct demo_account *demo_account_list(const struct policy *, const char *,
	    size_t *);
size_t	 demo_person(const struct form *, struct rng *, int64_t, size_t,
	    struct record *);
int	 demo_build(const struct demo_opts *, const struct formset *,
	    struct demo_account **, size_t *, struct amp_err *);
void	 demo_accounts_free(struct demo_account *, size_t);

/* demo-referral.c: referrals in every state, in a demo store. */
struct demo_answer {		/* a demo answer to a field of a form */
	const char	*form;		/* or NULL: of any form */
	const char	*field;
	const char	*value;		/* as stored */
};
extern const struct demo_answer demo_step_answers[];
extern const size_t demo_step_answers_count;
int	 demo_referrals(struct session *, struct store *,
	    const struct formset *, const struct demo_account *, size_t, size_t,
	    struct amp_err *);
struct session *demo_login(struct store *, const struct formset *,
	    const struct demo_account *, size_t, const char *,
	    struct amp_err *);
void	 demo_fill(const struct form *, const struct demo_answer *, size_t,
	    struct record *);
int	 demo_step(struct session *, const struct workflow *, uint64_t,
	    const char *, const struct demo_answer *, size_t,
	    struct amp_err *);

/* demo-protocols.c: the protocols' records in every state, in a demo store. */
int	 demo_protocols(struct session *, struct store *,
	    const struct formset *, const struct demo_account *, size_t, size_t,
	    struct amp_err *);

/* demo-services.c: referrals to each kind of service, and certifications. */
int	 demo_services(struct session *, struct store *,
	    const struct formset *, const struct demo_account *, size_t, size_t,
	    struct amp_err *);

/* demo-documents.c: documents and renewal sessions in every state. */
int	 demo_documents(struct session *, size_t, struct amp_err *);
int	 demo_card(struct session *, uint64_t, int, struct amp_err *);

/* file-write.c: a text to a file, whole or not at all. */
int	 file_write(const char *, const char *, struct amp_err *);

/* signed-text.c: "name: value" lines, hex and UTC times of signed texts. */
int	 text_next_line(const char **, const char *, char *, size_t);
int	 text_line(const char **, const char *, const char *, char *, size_t);
int	 hex_exact(unsigned char *, size_t, const char *, size_t);
int	 utc_parse(const char *, int64_t *);

/* card-payload.c: the signed card payload: its text, and its checking. */
#define CARD_VERSION	"AC1"		/* the payload's first field */
#define CARD_KID_LEN	4		/* a key id: base32 characters */
#define CARD_NUMBER_MAX	20		/* a card or certificate number */
#define CARD_FP_BYTES	16		/* a payload's fingerprint */
#define CARD_SIG_BYTES	64		/* Ed25519 */
#define CARD_PK_BYTES	32
#define CARD_TEXT_MAX	256		/* a payload, with its signature */
struct card_fields {
	char	 kid[CARD_KID_LEN + 1];	/* the signing key's id */
	char	 type[4];		/* ASC, TRS, PRS, WPD, WPI, DLC */
	char	 number[CARD_NUMBER_MAX + 1];
	unsigned serial;		/* 1 for a document's first card */
	char	 holder[24];		/* the holder's case number */
	char	 status;		/* 'S', 'R' or 'N' */
	int64_t	 issued, expires;	/* days; expires 0: no expiry */
	char	 office[17];		/* the issuing institution */
};
struct card_key_pub {
	char		kid[CARD_KID_LEN + 1];
	unsigned char	pk[CARD_PK_BYTES];
	int64_t		from, until;	/* days it signs cards; until 0: open */
};
struct card_keyset {
	struct card_key_pub	*v;
	size_t			 n;
};
struct card_revocation {
	unsigned char	fp[CARD_FP_BYTES];
	int64_t		day;
	/* Why: lost, superseded, revoked or reissued. */
	char		reason[16];
};
struct card_revlist {
	int64_t			 signed_at;	/* time */
	char			 kid[CARD_KID_LEN + 1];
	char			 office[17];
	struct card_revocation	*v;
	size_t			 n;
};
enum card_answer {
	CARD_VALID, CARD_EXPIRED, CARD_REVOKED, CARD_UNKNOWN_KEY,
	CARD_ALTERED, CARD_UNREADABLE
};
struct card_verdict {
	enum card_answer		 answer;
	struct card_fields		 f;	/* when readable */
	unsigned char			 fp[CARD_FP_BYTES];
	struct card_revocation		 rev;	/* when revoked */
	char				 why[200];	/* what is wrong */
};
size_t	 card_message(const struct card_fields *, char *, size_t);
int	 card_sign_text(const struct card_fields *, const unsigned char *,
	    char *, size_t);
int	 card_sign(const struct card_fields *, const unsigned char *, char *,
	    size_t, unsigned char *);
void	 card_fingerprint(const char *, size_t, unsigned char *);
void	 card_fp_text(const unsigned char *, char *, size_t);
int	 card_fp_parse(const char *, unsigned char *);
int	 card_parse(const char *, size_t, struct card_fields *,
	    unsigned char *, size_t *, char *, size_t);
enum card_answer card_verify(const char *, size_t, const struct card_keyset *,
	    const struct card_revlist *, int64_t, struct card_verdict *);
const char *card_answer_word(enum card_answer);
const char *card_answer_id(enum card_answer);
const char *card_type_label(const char *);
const char *card_type_code(const char *);
const char *card_status_label(char);
void	 card_day_text(int64_t, char *, size_t);
#define CARD_SAYS	4	/* card, holder, issued, expires */
void	 card_says(const struct card_fields *, char **);
void	 card_kid_of(const unsigned char *, char *);
size_t	 card_base32(const unsigned char *, size_t, char *, size_t);
int	 card_unbase32(const char *, size_t, unsigned char *, size_t);
const struct card_key_pub *card_keyset_find(const struct card_keyset *,
	    const char *);
int	 card_keyset_parse(const char *, size_t, struct card_keyset *,
	    struct amp_err *);
char	*card_keyset_text(const struct card_keyset *);
void	 card_keyset_free(struct card_keyset *);
int	 card_revlist_parse(const char *, size_t, const struct card_keyset *,
	    struct card_revlist *, struct amp_err *);
char	*card_revlist_message(const struct card_revlist *);
void	 card_revlist_free(struct card_revlist *);

/* card-qr.c: QR codes of payloads (libqrencode), drawn as text. */
struct qr {
	int		 width;		/* modules a side, no quiet zone */
	int		 version;
	unsigned char	*dark;		/* width * width, 1 for a dark module */
};
int	 qr_make(const char *, int, struct qr *, struct amp_err *);
void	 qr_free(struct qr *);
int	 qr_dark(const struct qr *, int, int);
#define QR_TEXT_UTF8	1	/* half blocks, two module rows a line */
#define QR_TEXT_INVERT	2	/* glyphs for dark modules, not light ones */
char	*qr_text(const struct qr *, int, int);

/* card-svg.c: a card as a printable SVG page. */
struct card_print {
	const char	*title;		/* "Asylum-seeker card" */
	const char	*holder;	/* the holder's name */
	const char	*lines[8];	/* "Number: …", NULL-terminated */
	const char	*payload;
};
char	*card_svg(const struct qr *, const struct card_print *);

/* card-key.c, card.c: the office's card keys; cards issued for documents. */
#define CARD_FORM	"card"
#define CARD_LICENCE_FORM "licence_certificate"
int	 card_keys_public(struct store *, struct card_keyset *,
	    struct amp_err *);
int	 card_keys_ensure(struct session *, struct amp_err *);
int	 card_key_rotate(struct session *, char *, struct amp_err *);
int	 card_revocations_stored(struct stxn *, struct card_revlist *,
	    struct amp_err *);
int	 card_revocations_text(struct session *, char **, struct amp_err *);
int	 card_issue(struct session *, uint64_t, struct record *,
	    struct amp_err *);
int	 card_current(struct session *, uint64_t, struct record *,
	    struct amp_err *);
int	 card_revoke(struct session *, uint64_t, struct amp_err *);
int	 card_outdated(struct session *, const struct record *);
int	 card_follow_in(struct stxn *, struct session *, const struct record *,
	    struct amp_err *);
int	 card_key_signing(struct stxn *, const struct keyring *,
	    struct card_key_pub *, unsigned char **, struct amp_err *);
int	 card_revoked_put(struct stxn *, const unsigned char *, int64_t,
	    const char *, struct amp_err *);
void	 card_office_of(const char *, char *, size_t);
int	 card_check(struct session *, const char *, struct card_verdict *,
	    struct amp_err *);
#define CARD_PRINT_OWN	10
int	 card_keys_in(struct stxn *, struct card_keyset *, struct amp_err *);
int	 card_print_of(struct session *, const struct record *,
	    struct card_print *, char **, struct amp_err *);
void	 card_print_free(char **);
const char *card_field(const struct record *, const char *);

#endif /* AMPARO_H */
