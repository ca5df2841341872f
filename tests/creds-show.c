/*
 * creds-show: resolves AWS credentials with creds_resolve() and prints
 * where they came from, for tests/cli/creds.sh.  Never prints the secret
 * key or the session token, only whether there is a token:
 *
 *   source: EC2 instance role 'test-role'
 *   access_key: ASIAIMDSEXAMPLE
 *   session_token: yes
 *   expires: 2030-01-01T00:00:00Z        (or "never")
 *   region: eu-west-1                    (with -R)
 *
 * Usage: creds-show [-p profile] [-r region] [-R]
 *   -p  the --profile value        -r  the --region value
 *   -R  resolve and print the region too
 * On failure prints "creds-show: MESSAGE" on standard error and exits with
 * errinfo_exit_status() of the error.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sysexits.h>
#include <unistd.h>

#include "flowdiag/aws/creds.h"
#include "flowdiag/util/errinfo.h"
#include "flowdiag/util/when.h"

#define USAGE "usage: creds-show [-p profile] [-r region] [-R]\n"

int
main(int argc, char **argv)
{
	struct aws_creds c = { 0 };
	struct errinfo ei;
	const char *profile = NULL, *flag = NULL;
	char *region = NULL, when[32];
	int ch, want_region = 0, status = 0;

	while ((ch = getopt(argc, argv, "p:r:R")) != -1) {
		switch (ch) {
		case 'p':
			profile = optarg;
			break;
		case 'r':
			flag = optarg;
			break;
		case 'R':
			want_region = 1;
			break;
		default:
			fputs(USAGE, stderr);
			return EX_USAGE;
		}
	}
	if (optind != argc) {
		fputs(USAGE, stderr);
		return EX_USAGE;
	}
	errinfo_clear(&ei);
	if (creds_resolve(profile, &c, &ei) == -1 ||
	    (want_region &&
		region_resolve(flag, profile, &region, &ei) == -1)) {
		fprintf(stderr, "creds-show: %s\n", ei.msg);
		status = errinfo_exit_status(ei.code);
		goto out;
	}
	printf("source: %s\n", c.source);
	printf("access_key: %s\n", c.access_key);
	printf("session_token: %s\n", c.session_token != NULL ? "yes" : "no");
	printf("expires: %s\n",
	    c.expires != 0 ? when_format(c.expires, when, sizeof(when))
			   : "never");
	if (region != NULL)
		printf("region: %s\n", region);
out:
	creds_release(&c);
	free(region);
	return status;
}
