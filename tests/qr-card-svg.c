/* qr-card-svg.c: a sample card's SVG for a payload, for the QR round trip test (tests/qr-roundtrip.sh). */

/*
 * Usage: qr-card-svg [-v MAX_VERSION] PAYLOAD
 *
 * Encodes PAYLOAD with qr_make (no version limit unless -v says one) and
 * writes card_svg's page for it to standard output, with a fictitious
 * holder whose name has accents and an ampersand and particulars that need
 * escaping, so that the round trip goes through the escaping too. The QR
 * code's version and width go to standard error. Exits 1 if the payload
 * cannot be encoded, 2 on a usage error.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "amparo.h"

static void
usage(void)
{
	fprintf(stderr, "usage: qr-card-svg [-v MAX_VERSION] PAYLOAD\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	struct amp_err		 err = { 0, "" };
	struct card_print	 p;
	struct qr		 q;
	char			*svg;
	int			 ch, max = 0;

	while ((ch = getopt(argc, argv, "v:")) != -1) {
		switch (ch) {
		case 'v':
			max = atoi(optarg);
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 1)
		usage();
	if (qr_make(argv[optind], max, &q, &err) != AMP_OK) {
		fprintf(stderr, "qr-card-svg: %s\n", err.msg);
		return (1);
	}
	memset(&p, 0, sizeof p);
	p.title = "Asylum-seeker card <test>";
	p.holder = "María José Núñez & Peña O'Brien";
	p.lines[0] = "Number: ASC-2026-000042";
	p.lines[1] = "Nationality: \"Ñandutí\" <fictitious>";
	p.lines[2] = "Expires: 2027-06-30";
	p.lines[3] = "Office: Oficina Nacional & Co.";
	p.payload = argv[optind];
	svg = card_svg(&q, &p);
	fputs(svg, stdout);
	fprintf(stderr, "qr-card-svg: version %d, %d modules a side\n",
	    q.version, q.width);
	free(svg);
	qr_free(&q);
	return (ferror(stdout) || fflush(stdout) != 0 ? 1 : 0);
}
