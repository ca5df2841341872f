#include "config.h"

#include "flowdiag/aws/ini.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "flowdiag/util/xmalloc.h"

void
ini_release(struct ini_section *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->kv[i].key);
		explicit_bzero(s->kv[i].value, strlen(s->kv[i].value));
		free(s->kv[i].value);
	}
	free(s->kv);
	memset(s, 0, sizeof(*s));
}

const char *
ini_get(const struct ini_section *s, const char *key)
{
	size_t i;

	for (i = s->n; i > 0; i--)
		if (strcmp(s->kv[i - 1].key, key) == 0)
			return *s->kv[i - 1].value != '\0' ? s->kv[i - 1].value
							   : NULL;
	return NULL;
}

/* Whether the section named name (trimmed) holds profile: "[NAME]" in the
 * credentials file, "[profile NAME]" or "[default]" in the config file. */
static bool
section_is(const char *name, bool config, const char *profile)
{
	if (!config)
		return strcmp(name, profile) == 0;
	if (strcmp(name, "default") == 0)
		return strcmp(profile, "default") == 0;
	if (strncmp(name, "profile", 7) != 0 ||
	    (name[7] != ' ' && name[7] != '\t'))
		return false;
	name += 7 + strspn(name + 7, " \t");
	return strcmp(name, profile) == 0;
}

/* Cuts the spaces and tabs off the end of s[0..len). */
static size_t
rtrim(const char *s, size_t len)
{
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len;
}

int
ini_open_regular(const char *path, const char *var, long max, bool *absent,
    struct errinfo *ei)
{
	struct stat st;
	int fd, flags;

	*absent = false;
	/* O_NONBLOCK: opening a FIFO without a writer would wait forever. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		*absent = errno == ENOENT || errno == ENOTDIR;
		return errinfo_errno(ei, errno, "cannot open '%s' (%s)", path,
		    var);
	}
	/* A FIFO or /dev/zero would never end: regular files of sane size
	 * only. */
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		errinfo_set(ei, EC_CREDENTIALS,
		    "'%s' (%s) is not a regular file: point %s at one", path,
		    var, var);
		close(fd);
		return -1;
	}
	if (st.st_size > max) {
		errinfo_set(ei, EC_CREDENTIALS,
		    "'%s' (%s) is larger than %ld bytes", path, var, max);
		close(fd);
		return -1;
	}
	if ((flags = fcntl(fd, F_GETFL)) != -1)
		fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	return fd;
}

int
ini_read(const char *path, const char *var, bool config, const char *profile,
    struct ini_section *s, struct errinfo *ei)
{
	FILE *fp = NULL;
	char *line = NULL, *p, *sep, *name;
	size_t cap = 0, len, indent, key_indent = 0, klen, i;
	ssize_t n;
	int fd, lineno = 0, ret = -1;
	bool in = false, sections = false, have_key = false, absent;

	if ((fd = ini_open_regular(path, var, INI_FILE_MAX, &absent, ei)) ==
	    -1) {
		if (!absent)
			return -1;
		errinfo_clear(ei); /* a missing file is an empty one */
		return 0;
	}
	if ((fp = fdopen(fd, "r")) == NULL) {
		errinfo_errno(ei, errno, "cannot read '%s'", path);
		close(fd);
		return -1;
	}
	while ((n = getline(&line, &cap, fp)) != -1) {
		lineno++;
		if (strlen(line) != (size_t)n) {
			errinfo_set(ei, EC_DATA, "%s:%d: NUL byte in the line",
			    path, lineno);
			goto out;
		}
		p = line;
		if (lineno == 1 && strncmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		len = strlen(p);
		while (len > 0 && isspace((unsigned char)p[len - 1]))
			p[--len] = '\0';
		indent = strspn(p, " \t");
		p += indent;
		if (*p == '\0' || *p == '#' || *p == ';')
			continue;
		if (have_key && indent > key_indent)
			continue; /* a continuation line: a nested setting */
		if (*p == '[') {
			if ((sep = strchr(p, ']')) == NULL) {
				errinfo_set(ei, EC_DATA,
				    "%s:%d: section name lacks its ']'", path,
				    lineno);
				goto out;
			}
			name = p + 1 + strspn(p + 1, " \t");
			*sep = '\0';
			name[rtrim(name, strlen(name))] = '\0';
			in = section_is(name, config, profile);
			if (in)
				s->found = true;
			sections = true;
			have_key = false;
			continue;
		}
		sep = p + strcspn(p, "=:");
		klen = rtrim(p, (size_t)(sep - p));
		if (*sep == '\0' || klen == 0 || !sections) {
			errinfo_set(ei, EC_DATA, "%s:%d: %s", path, lineno,
			    sections ? "expected 'key = value'"
				     : "expected '[section]'");
			goto out;
		}
		have_key = true;
		key_indent = indent;
		if (!in)
			continue;
		s->kv = xreallocarray(s->kv, s->n + 1, sizeof(*s->kv));
		s->kv[s->n].key = xstrndup(p, klen);
		for (i = 0; i < klen; i++)
			s->kv[s->n].key[i] =
			    (char)tolower((unsigned char)s->kv[s->n].key[i]);
		s->kv[s->n].value = xstrdup(sep + 1 + strspn(sep + 1, " \t"));
		s->n++;
	}
	if (ferror(fp)) {
		errinfo_errno(ei, errno, "cannot read '%s'", path);
		goto out;
	}
	ret = 0;
out:
	if (line != NULL)
		explicit_bzero(line, cap);
	free(line);
	fclose(fp);
	return ret;
}
