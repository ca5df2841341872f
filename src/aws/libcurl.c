#include "config.h"

#include "flowdiag/aws/libcurl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	size_t off;
} symbols[] = {
	{ "curl_global_init", offsetof(struct libcurl, global_init) },
	{ "curl_easy_init", offsetof(struct libcurl, easy_init) },
	{ "curl_easy_setopt", offsetof(struct libcurl, easy_setopt) },
	{ "curl_easy_perform", offsetof(struct libcurl, easy_perform) },
	{ "curl_easy_getinfo", offsetof(struct libcurl, easy_getinfo) },
	{ "curl_easy_cleanup", offsetof(struct libcurl, easy_cleanup) },
	{ "curl_easy_strerror", offsetof(struct libcurl, easy_strerror) },
	{ "curl_slist_append", offsetof(struct libcurl, slist_append) },
	{ "curl_slist_free_all", offsetof(struct libcurl, slist_free_all) },
	{ "curl_url", offsetof(struct libcurl, url) },
	{ "curl_url_set", offsetof(struct libcurl, url_set) },
	{ "curl_url_get", offsetof(struct libcurl, url_get) },
	{ "curl_url_cleanup", offsetof(struct libcurl, url_cleanup) },
	{ "curl_free", offsetof(struct libcurl, free) },
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct libcurl api;
static bool loaded;
static char why[ERRINFO_MSGLEN];

static void
load(void)
{
	const char *file = getenv("FLOWDIAG_LIBCURL");
	const char *err;
	void *h, *f;
	size_t i;

	if (file == NULL || *file == '\0')
		file = LIBCURL_FILE;
	if ((h = dlopen(file, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		err = dlerror();
		snprintf(why, sizeof(why), "%s", err != NULL ? err : file);
		return;
	}
	for (i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++) {
		if ((f = dlsym(h, symbols[i].name)) == NULL) {
			snprintf(why, sizeof(why), "%s: no %s", file,
			    symbols[i].name);
			return;
		}
		/* POSIX makes a function pointer the size of a void *. */
		memcpy((char *)&api + symbols[i].off, &f, sizeof(f));
	}
	/* curl_global_init() is not thread-safe: here, once. */
	if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(why, sizeof(why), "%s: curl_global_init failed", file);
		return;
	}
	loaded = true;
}

const struct libcurl *
libcurl(struct errinfo *ei)
{
	pthread_once(&once, load);
	if (loaded)
		return &api;
	errinfo_set(ei, EC_UNAVAILABLE,
	    "cannot load libcurl, needed to reach AWS (%s): install it "
	    "(apt-get install libcurl4)",
	    why);
	return NULL;
}

int
libcurl_http_only(const struct libcurl *cu, CURL *h)
{
	if (cu->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK)
		return 0;
	if (cu->easy_setopt(h, CURLOPT_PROTOCOLS,
		(long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) == CURLE_OK)
		return 0;
	return -1;
}
