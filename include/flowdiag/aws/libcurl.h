/*
 * libcurl, loaded the first time flowdiag talks to AWS rather than when it
 * starts: with the 27 libraries it brings, loading it was two thirds of
 * the start-up of a check that only reads files.
 */
#ifndef FLOWDIAG_LIBCURL_H
#define FLOWDIAG_LIBCURL_H

/* CURLOPT_PROTOCOLS, the option libcurl before 7.85 knows, is marked
 * deprecated by later headers; it is asked for only when the library
 * loaded refuses its successor. */
#define CURL_DISABLE_DEPRECATION 1
#include <curl/curl.h>

#include "flowdiag/util/errinfo.h"

/* The library loaded may be older or newer than the headers: an option
 * newer than the headers is asked for by its number, which is part of
 * the ABI (CURLOPTTYPE_STRINGPOINT + 318, libcurl 7.85). */
#if LIBCURL_VERSION_NUM < 0x075500
#define CURLOPT_PROTOCOLS_STR ((CURLoption)(CURLOPTTYPE_STRINGPOINT + 318))
#endif

/* The functions used, as curl.h declares them. */
struct libcurl {
	CURLcode (*global_init)(long flags);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
	CURLcode (*easy_perform)(CURL *curl);
	CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
	void (*easy_cleanup)(CURL *curl);
	const char *(*easy_strerror)(CURLcode code);
	struct curl_slist *(
	    *slist_append)(struct curl_slist *list, const char *s);
	void (*slist_free_all)(struct curl_slist *list);
	CURLU *(*url)(void);
	CURLUcode (*url_set)(CURLU *u, CURLUPart part, const char *content,
	    unsigned int flags);
	CURLUcode (*url_get)(const CURLU *u, CURLUPart part, char **content,
	    unsigned int flags);
	void (*url_cleanup)(CURLU *u);
	void (*free)(void *p);
};

/* Loads libcurl and sets it up, once, whichever thread comes first; the
 * functions, or NULL with ei set (EC_UNAVAILABLE) when it cannot be
 * loaded.  FLOWDIAG_LIBCURL names another file to load, for tests. */
const struct libcurl *libcurl(struct errinfo *ei);

/* Lets the handle h speak HTTP and HTTPS only, with CURLOPT_PROTOCOLS_STR,
 * or with CURLOPT_PROTOCOLS when the library loaded is older than 7.85;
 * -1 when neither is taken. */
int libcurl_http_only(const struct libcurl *cu, CURL *h);

#endif
