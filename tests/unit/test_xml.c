#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "flowdiag/aws/xml.h"

/* An EC2 answer as moto writes it: nested sets of <item>, and a
 * privateIpAddress inside a set before the interface's own. */
static const char interfaces[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<DescribeNetworkInterfacesResponse "
    "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15\">"
    "<networkInterfaceSet>\n"
    "  <item><description/><groupSet><item><groupId>sg-1</groupId>"
    "</item></groupSet>"
    "<privateIpAddressesSet><item><privateIpAddress>10.0.1.99"
    "</privateIpAddress></item></privateIpAddressesSet>"
    "<networkInterfaceId>eni-1</networkInterfaceId>"
    "<privateIpAddress>10.0.1.10</privateIpAddress>"
    "<subnetId>subnet-1</subnetId><vpcId>vpc-1</vpcId></item>\n"
    "  <item><networkInterfaceId>eni-2</networkInterfaceId></item>\n"
    "</networkInterfaceSet><requestId>r-1</requestId>"
    "</DescribeNetworkInterfacesResponse>\n";

/* Parses a copy of s[0..n) in a buffer of exactly n bytes, so that ASan
 * sees any read past the end; walks the whole tree when it parses. */
static int parse_exact(const char *s, size_t n);

static void
walk(const struct xml_elem *e, int depth)
{
	struct xml_elem c, f;
	size_t pos = 0;

	free(xml_text(e));
	(void)xml_find(e, "item", &f);
	while (xml_next(e, &pos, &c)) {
		assert_true(depth < XML_DEPTH_MAX + 2);
		walk(&c, depth + 1);
	}
}

static int
parse_exact(const char *s, size_t n)
{
	struct xml_elem root;
	char *copy = malloc(n > 0 ? n : 1);
	int ret;

	assert_non_null(copy);
	memcpy(copy, s, n);
	if ((ret = xml_root(copy, n, &root)) == 0)
		walk(&root, 0);
	free(copy);
	return ret;
}

static void
test_xml_ec2_answer(void **state)
{
	struct xml_elem root, set, item;
	const char *ids[2] = { "eni-1", "eni-2" };
	size_t pos = 0, n = 0;
	char *t;

	(void)state;
	assert_int_equal(xml_root(interfaces, strlen(interfaces), &root), 0);
	assert_true(xml_is(&root, "DescribeNetworkInterfacesResponse"));
	assert_true(xml_child(&root, "networkInterfaceSet", &set));
	assert_false(xml_child(&root, "flowLogSet", &item));
	while (xml_next(&set, &pos, &item)) {
		assert_true(xml_is(&item, "item"));
		assert_true(n < 2);
		t = xml_child_text(&item, "networkInterfaceId");
		assert_string_equal(t, ids[n]);
		free(t);
		if (n == 0) {
			t = xml_child_text(&item, "privateIpAddress");
			assert_string_equal(t, "10.0.1.10");
			free(t);
			t = xml_child_text(&item, "description");
			assert_string_equal(t, "");
			free(t);
			/* an element with children has no text */
			assert_null(xml_child_text(&item, "groupSet"));
		}
		n++;
	}
	assert_int_equal(n, 2);
	assert_null(xml_child_text(&root, "nextToken"));
	t = xml_child_text(&root, "requestId");
	assert_string_equal(t, "r-1");
	free(t);
}

static void
test_xml_error_answer(void **state)
{
	static const char doc[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors>"
	    "<Error><Code>UnauthorizedOperation</Code><Message>You are not "
	    "authorized to perform this operation.</Message></Error>"
	    "</Errors><RequestID>req-1</RequestID></Response>";
	struct xml_elem root, err;
	char *t;

	(void)state;
	assert_int_equal(xml_root(doc, strlen(doc), &root), 0);
	assert_true(xml_find(&root, "Error", &err));
	t = xml_child_text(&err, "Code");
	assert_string_equal(t, "UnauthorizedOperation");
	free(t);
	t = xml_child_text(&err, "Message");
	assert_string_equal(t,
	    "You are not authorized to perform this "
	    "operation.");
	free(t);
	assert_false(xml_find(&root, "Code2", &err));
}

static void
test_xml_entities(void **state)
{
	static const struct {
		const char *doc, *text;
	} good[] = {
		{ "<a>&amp;&lt;&gt;&quot;&apos;</a>", "&<>\"'" },
		{ "<a>${x} &#65;&#x42;&#x263A;&#x1F600;</a>",
		    "${x} AB\xe2\x98\xba\xf0\x9f\x98\x80" },
		{ "<a>x<![CDATA[<&>]]>y<!-- c -->z</a>", "x<&>yz" },
		{ "<a>  spaced  </a>", "  spaced  " },
		{ "<a/>", "" },
	};
	static const char *const bad[] = {
		"<a>&bogus;</a>",
		"<a>&#0;</a>",
		"<a>&#xD800;</a>",
		"<a>&#x110000;</a>",
		"<a>&#;</a>",
		"<a>&#x;</a>",
		"<a>&#12a;</a>",
		"<a>a & b</a>",
		"<a>&amp</a>",
		"<a>&#X41;</a>",
		"<a><b/></a>",
	};
	struct xml_elem root;
	size_t i;
	char *t;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(xml_root(good[i].doc, strlen(good[i].doc),
				     &root),
		    0);
		t = xml_text(&root);
		assert_non_null(t);
		assert_string_equal(t, good[i].text);
		free(t);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(xml_root(bad[i], strlen(bad[i]), &root), 0);
		t = xml_text(&root);
		if (t != NULL)
			fail_msg("'%s' decoded to '%s'", bad[i], t);
	}
}

static void
test_xml_prolog_and_namespaces(void **state)
{
	static const char doc[] =
	    "\xef\xbb\xbf<?xml version='1.0'?>\n"
	    "<!DOCTYPE r [<!ENTITY x '>'>]><!-- > -->\n"
	    "<ns:r xmlns:ns='u' a=\"/>\"><ns:a k='v'>1</ns:a><b/>"
	    "<?pi </ns:r> ?></ns:r >\n";
	struct xml_elem root, c;
	char *t;

	(void)state;
	assert_int_equal(xml_root(doc, strlen(doc), &root), 0);
	assert_true(xml_is(&root, "r"));
	assert_false(xml_is(&root, "ns"));
	t = xml_child_text(&root, "a");
	assert_string_equal(t, "1");
	free(t);
	assert_true(xml_child(&root, "b", &c));
	assert_int_equal(c.body_len, 0);
}

static void
test_xml_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"   ",
		"text",
		"<",
		"<a",
		"<a>",
		"<a/",
		"</a>",
		"<>",
		"<a></b>",
		"<a><b></a></b>",
		"<a b=\"x></a>",
		"<a><b c='1'></a>",
		"<a><!-- x</a>",
		"<!-- x",
		"<a><![CDATA[x</a>",
		"<a>< b/></a>",
		"<a></a",
		"<a><b/ ></a>",
		"<?xml",
		"<!DOCTYPE r [",
	};
	char deep[4 * (XML_DEPTH_MAX + 2) * 2 + 1];
	size_t i, len = 0;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_exact(bad[i], strlen(bad[i])) != -1)
			fail_msg("'%s' parsed", bad[i]);
	}
	/* As deep as allowed, then one deeper. */
	for (i = 0; i < XML_DEPTH_MAX; i++)
		len += (size_t)sprintf(deep + len, "<a>");
	for (i = 0; i < XML_DEPTH_MAX; i++)
		len += (size_t)sprintf(deep + len, "</a>");
	assert_int_equal(parse_exact(deep, len), 0);
	len = 0;
	for (i = 0; i <= XML_DEPTH_MAX; i++)
		len += (size_t)sprintf(deep + len, "<a>");
	for (i = 0; i <= XML_DEPTH_MAX; i++)
		len += (size_t)sprintf(deep + len, "</a>");
	assert_int_equal(parse_exact(deep, len), -1);
}

static void
test_xml_truncated(void **state)
{
	size_t n, end = strlen(interfaces);

	(void)state;
	/* Only the whole document (up to its trailing newline) parses. */
	while (interfaces[end - 1] == '\n')
		end--;
	for (n = 0; n < end; n++) {
		if (parse_exact(interfaces, n) != -1)
			fail_msg("a prefix of %zu bytes parsed", n);
	}
	assert_int_equal(parse_exact(interfaces, end), 0);
}

static void
test_xml_garbage(void **state)
{
	static const char alphabet[] = "<>/&;#x'\"=!?-[]ab \n";
	char doc[256];
	uint32_t seed = 12345;
	size_t i, j, n;

	(void)state;
	/* Random runs of XML's own characters, and the real answer with
	 * random bytes changed: nothing may crash or read past the end. */
	for (i = 0; i < 20000; i++) {
		n = i % sizeof(doc);
		for (j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			doc[j] =
			    alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		(void)parse_exact(doc, n);
	}
	for (i = 0; i < 5000; i++) {
		char copy[sizeof(interfaces)];

		memcpy(copy, interfaces, sizeof(copy));
		for (j = 0; j < 3; j++) {
			seed = seed * 1103515245 + 12345;
			n = (seed >> 8) % (sizeof(copy) - 1);
			seed = seed * 1103515245 + 12345;
			copy[n] =
			    alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		(void)parse_exact(copy, sizeof(copy) - 1);
	}
}

/* The first element of a name in document order, at any depth: one deep
 * in an earlier sibling's subtree before a shallower one after it; never
 * one inside a comment or CDATA, nor one whose name only starts so. */
static void
test_xml_find_deep(void **state)
{
	static const char doc[] =
	    "<Response><ErrorList><Errors2/></ErrorList>"
	    "<!-- <Error><Code>comment</Code></Error> -->"
	    "<a><![CDATA[<Error><Code>cdata</Code></Error>]]>"
	    "<b><c><d><e><ns:Error><Code>deep</Code></ns:Error></e></d>"
	    "</c></b></a><Error><Code>shallow</Code></Error></Response>";
	struct xml_elem root, err, c;
	char *t;

	(void)state;
	assert_int_equal(xml_root(doc, strlen(doc), &root), 0);
	assert_true(xml_find(&root, "Error", &err));
	t = xml_child_text(&err, "Code");
	assert_string_equal(t, "deep");
	free(t);
	assert_true(xml_find(&root, "e", &c));
	assert_int_equal(c.body_len,
	    strlen("<ns:Error><Code>deep</Code>"
		   "</ns:Error>"));
	assert_true(xml_find(&root, "Errors2", &c));
	assert_int_equal(c.body_len, 0);
	assert_false(xml_find(&root, "Err", &c));
	assert_false(xml_find(&err, "Error", &c));
}

/* CPU seconds that xml_root() and xml_find() of "Error" take on doc. */
static double
find_seconds(const char *doc, size_t len, const char *want)
{
	struct xml_elem root, err;
	clock_t t0 = clock();
	char *code;

	assert_int_equal(xml_root(doc, len, &root), 0);
	assert_true(xml_find(&root, "Error", &err));
	code = xml_child_text(&err, "Code");
	assert_string_equal(code, want);
	free(code);
	return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

/* An error answer of 15 MB of empty elements, nested 60 deep with the
 * Error at the bottom, is read in time linear in its size: no slower
 * than a flat document of the same size and tags, give or take.  Each
 * level re-read its subtree before, 30 times the flat one's work. */
static void
test_xml_find_deep_linear(void **state)
{
	static const char tail[] =
	    "<Error><Code>Deep</Code><Message>m</Message></Error>";
	const size_t size = 15 * 1024 * 1024, depth = 60;
	size_t per = size / depth / 4, i, j;
	char *doc = malloc(size + 1024), *p;
	double deep, flat;

	(void)state;
	assert_non_null(doc);
	p = doc + sprintf(doc, "<Response>");
	for (i = 0; i < depth; i++) {
		p += sprintf(p, "<x>");
		for (j = 0; j < per; j++)
			p += sprintf(p, "<b/>");
	}
	p += sprintf(p, "%s", tail);
	for (i = 0; i < depth; i++)
		p += sprintf(p, "</x>");
	p += sprintf(p, "</Response>");
	deep = find_seconds(doc, (size_t)(p - doc), "Deep");

	p = doc + sprintf(doc, "<Response>");
	for (i = 0; i < depth; i++) {
		p += sprintf(p, "<x>");
		for (j = 0; j < per; j++)
			p += sprintf(p, "<b/>");
		p += sprintf(p, "</x>");
	}
	p += sprintf(p, "%s</Response>", tail);
	flat = find_seconds(doc, (size_t)(p - doc), "Deep");
	free(doc);
	print_message("# 15 MB, 60 deep: %.3f s; flat: %.3f s\n", deep, flat);
	assert_true(deep < 3 * flat + 0.25);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_ec2_answer),
		cmocka_unit_test(test_xml_error_answer),
		cmocka_unit_test(test_xml_find_deep),
		cmocka_unit_test(test_xml_find_deep_linear),
		cmocka_unit_test(test_xml_entities),
		cmocka_unit_test(test_xml_prolog_and_namespaces),
		cmocka_unit_test(test_xml_malformed),
		cmocka_unit_test(test_xml_truncated),
		cmocka_unit_test(test_xml_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
