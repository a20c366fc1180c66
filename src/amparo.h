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
size_t	 utf8_width(const char *);

/* text-fold.c: search normalisation (accents and case folded, tokens). */
#define TOKEN_MAX 64
char	*text_fold(const char *);
size_t	 text_next_token(const char **, char *, size_t);
char	*text_docnum(const char *);
size_t	 text_translit(uint32_t, char *);

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
void	 time_format(int64_t, char *, size_t);
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
#define KEY_BYTES	32
#define SALT_BYTES	16
#define SEAL_OVERHEAD	(24 + 16)
#define BLIND_BYTES	16
#define WRAP_BYTES	(KEY_BYTES + SEAL_OVERHEAD)
enum kdf_level { KDF_MIN, KDF_INTERACTIVE, KDF_MODERATE };
struct keyring {
	unsigned char	master[KEY_BYTES];
	unsigned char	record[KEY_BYTES];
	unsigned char	index[KEY_BYTES];
	unsigned char	draft[KEY_BYTES];
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
void	 seal(unsigned char *, const void *, size_t, const void *, size_t,
	    const unsigned char *);
int	 unseal(void *, const unsigned char *, size_t, const void *, size_t,
	    const unsigned char *);
void	 blind_hash(unsigned char *, char, const char *, size_t,
	    const unsigned char *);
void	 wipe(void *, size_t);

/* store.c: the LMDB environment, transactions and cursors. */
#define STORE_FORMAT	1
enum store_db {
	DB_META, DB_ACCOUNTS, DB_RECORDS, DB_HISTORY, DB_INDEX, DB_DRAFTS,
	DB__COUNT
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
void	 store_close(struct store *);
const char *store_dir(const struct store *);
const char *store_db_name(enum store_db);
int	 store_read(struct store *, struct stxn **, struct amp_err *);
int	 store_write(struct store *, int (*)(struct stxn *, void *), void *,
	    struct amp_err *);
void	 stxn_end(struct stxn *);
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
void	 store_stats(struct store *, size_t *, size_t *);

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
};
int		 record_scan(const void *, size_t, struct rscan_head *,
		     void (*)(void *, const struct rscan_head *,
		     const struct rscan_field *), void *);
void		 casenum_format(uint64_t, int64_t, char *, size_t);
int		 casenum_parse(const char *, uint64_t *, int *);

/* form.c and form-load.c: the form model and its YAML loader. */
enum ftype {
	FT_TEXT, FT_INTEGER, FT_DATE, FT_SELECT_ONE, FT_YES_NO, FT_REPEAT,
	FT__COUNT
};
enum findex { FI_NONE, FI_NAME, FI_DOCUMENT };
struct choice {
	char		*value;
	struct i18n	 label;
};
struct choice_list {
	char		*id;
	char		*file;
	int		 line, col;
	struct choice	*v;
	size_t		 n, cap;
	size_t		*by_value;	/* indexes of v sorted by value */
};
struct field {
	char			*id;
	enum ftype		 type;
	struct i18n		 label, hint;
	int			 required;
	enum findex		 index;
	size_t			 max_length;
	int			 has_min, has_max;
	long long		 min, max;
	char			*list_id;
	struct choice_list	*list;
	struct field		*fields;	/* repeat: the item's fields */
	size_t			 nfields, capfields;
	size_t			 min_items, max_items;
	int			 line, col;
};
struct section {
	char		*id;
	struct i18n	 label;
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
};
struct formset {
	char		*dir;
	struct form	**forms;
	size_t		 nforms, cap;
	struct choice_list **lists;	/* shared lists from lists/ */
	size_t		 nlists, caplists;
};
struct ftype_info {
	const char	*name;
	enum ftype	 type;
};
extern const struct ftype_info ftype_table[FT__COUNT];
const char	*ftype_name(enum ftype);
int		 formset_load(const char *, struct formset **, struct diags *);
int		 formset_load_files(const char *, char **, size_t,
		     struct formset **, struct diags *);
void		 formset_free(struct formset *);
const struct form *formset_find(const struct formset *, const char *);
const char	*forms_dir_default(void);
const struct field *form_field(const struct form *, const char *);
const struct field *field_child(const struct field *, const char *);
const struct choice *choice_find(const struct choice_list *, const char *);
const char	*choice_label(const struct field *, const char *);
void		 choice_list_free(struct choice_list *);
void		 choice_list_index(struct choice_list *);
void		 field_free(struct field *);

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
char	*form_summary_of(const struct form *, const char *const *);

/* account.c: official accounts and their wrapped keys. */
#define ACCOUNT_NAME_MAX 64
struct role_info {
	const char	*name;
	const char	*summary;
};
extern const struct role_info role_table[];
extern const size_t role_count;
struct account {
	char			*name;
	char			*role;
	int64_t			 created;
	struct kdf_params	 kdf;
	unsigned char		 salt[SALT_BYTES];
	unsigned char		 wrapped[WRAP_BYTES];
};
const struct role_info *role_find(const char *);
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
};
int	 session_login(struct store *, const struct formset *, const char *,
	    const char *, size_t, struct session **, struct amp_err *);
void	 session_free(struct session *);
int	 store_init(const char *, const char *, const char *, size_t,
	    enum kdf_level, struct amp_err *);
int	 store_add_account(struct store *, const struct keyring *,
	    const char *, const char *, const char *, size_t, enum kdf_level,
	    struct amp_err *);
const char *store_dir_default(void);

/* seal-record.c: records and drafts sealed under the session's keys. */
int	 sealed_put(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, const struct record *, struct amp_err *);
int	 sealed_get(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, struct record *, struct amp_err *);
int	 sealed_open(struct stxn *, const struct session *, enum store_db,
	    const void *, size_t, struct buf *, struct amp_err *);

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
void	 terms_for_doc_query(const struct session *, const char *,
	    struct terms *);
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
int	 demo_build(const struct demo_opts *, const struct formset *,
	    struct demo_account **, size_t *, struct amp_err *);
void	 demo_accounts_free(struct demo_account *, size_t);

#endif /* AMPARO_H */
