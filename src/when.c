/* when.c: calendar dates (days since 1970-01-01) and timestamps. */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "amparo.h"

static int
is_leap(int y)
{
	return ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0);
}

int
date_valid(int y, int m, int d)
{
	static const int	mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (y < 1850 || y > 2200 || m < 1 || m > 12 || d < 1)
		return (0);
	if (m == 2 && is_leap(y))
		return (d <= 29);
	return (d <= mdays[m - 1]);
}

static int
parse_num(const char **p, int digits_min, int digits_max, int *out)
{
	int	n = 0, v = 0;

	while (**p >= '0' && **p <= '9' && n < digits_max) {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	if (n < digits_min || (**p >= '0' && **p <= '9'))
		return (-1);
	*out = v;
	return (0);
}

/*
 * Parse a date as officials type it: ISO "2026-03-07", or day first as
 * written in Panama, "7/3/2026", "07-03-2026" or "07.03.2026". Returns 0
 * and a valid calendar date, or -1.
 */
int
date_parse(const char *s, int *y, int *m, int *d)
{
	const char	*p = s;
	int		 a, b, c;
	char		 sep;

	while (*p == ' ')
		p++;
	if (parse_num(&p, 1, 4, &a) != 0)
		return (-1);
	sep = *p;
	if (sep != '-' && sep != '/' && sep != '.')
		return (-1);
	p++;
	if (parse_num(&p, 1, 2, &b) != 0 || *p != sep)
		return (-1);
	p++;
	if (parse_num(&p, 1, 4, &c) != 0)
		return (-1);
	while (*p == ' ')
		p++;
	if (*p != '\0')
		return (-1);
	if (a >= 1000) {
		*y = a;
		*m = b;
		*d = c;
	} else if (c >= 1000) {
		*y = c;
		*m = b;
		*d = a;
	} else
		return (-1);
	return (date_valid(*y, *m, *d) ? 0 : -1);
}

/*
 * Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * method).
 */
int64_t
date_days(int y, int m, int d)
{
	int64_t		yy = y - (m <= 2);
	int64_t		era = (yy >= 0 ? yy : yy - 399) / 400;
	unsigned	yoe = (unsigned)(yy - era * 400);
	unsigned	doy = (unsigned)((153 * (m + (m > 2 ? -3 : 9)) + 2) /
			    5 + d - 1);
	unsigned	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (era * 146097 + (int64_t)doe - 719468);
}

void
date_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t		era, yy;
	unsigned	doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

/*
 * Today, in the local time zone. AMPARO_TODAY=YYYY-MM-DD fixes it, so that
 * tests and classroom demos give the same ages and deadlines every day.
 */
int64_t
date_today_days(void)
{
	static time_t	 last = -1;	/* localtime_r is slow: once a second */
	static int64_t	 last_days;
	const char	*fixed = getenv("AMPARO_TODAY");
	struct tm	 tm;
	time_t		 t;
	int		 y, m, d;

	if (fixed != NULL && date_parse(fixed, &y, &m, &d) == 0)
		return (date_days(y, m, d));
	if ((t = time(NULL)) == last)
		return (last_days);
	if (localtime_r(&t, &tm) == NULL)
		return (t / 86400);
	last = t;
	last_days = date_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return (last_days);
}

/*
 * Now. With AMPARO_TODAY set, the time of day now on that day, so that what
 * is saved in a classroom demo dates from the day its deadlines count from.
 */
int64_t
time_now(void)
{
	const char	*fixed = getenv("AMPARO_TODAY");
	struct tm	 tm;
	time_t		 t = time(NULL), f;
	int		 y, m, d;

	if (fixed == NULL || date_parse(fixed, &y, &m, &d) != 0 ||
	    localtime_r(&t, &tm) == NULL)
		return ((int64_t)t);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	if ((f = mktime(&tm)) == (time_t)-1)
		return ((int64_t)t);
	return ((int64_t)f);
}

/* The local date of a time, as days since 1970-01-01. */
int64_t
time_days(int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return (t / 86400);
	return (date_days(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday));
}

/* A day number as "2026-03-07". */
void
date_format_days(int64_t days, char *out, size_t size)
{
	int	y, m, d;

	date_from_days(days, &y, &m, &d);
	snprintf(out, size, "%04d-%02d-%02d", y, m, d);
}

/* "2026-03-07 14:05" in local time. */
void
time_format(int64_t t, char *out, size_t size)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, size, "%lld", (long long)t);
}

/* "2026-03-07T19:05:42Z": a time in UTC to the second, as ISO 8601 writes it. */
void
time_format_utc(int64_t t, char *out, size_t size)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(out, size, "%lld", (long long)t);
}

/*
 * The year of a time in UTC: case numbers must not depend on a session's time
 * zone.
 */
int
time_year(int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;

	if (gmtime_r(&tt, &tm) == NULL)
		return (1970);
	return (tm.tm_year + 1900);
}
