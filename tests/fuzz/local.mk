# libFuzzer harnesses, one per parser of outside bytes
# (tests/fuzz/fuzz_<name>.c), built only in the fuzz build that
# tools/fuzz.sh configures: clang, the library with
# -fsanitize=fuzzer-no-link,address,undefined, the harnesses linked with
# -fsanitize=fuzzer.  make fuzz runs tools/fuzz.sh from any build.

FUZZ_CORE = \
	tests/fuzz/fuzz_athena \
	tests/fuzz/fuzz_creds \
	tests/fuzz/fuzz_cwl \
	tests/fuzz/fuzz_flow \
	tests/fuzz/fuzz_flow_diff \
	tests/fuzz/fuzz_format \
	tests/fuzz/fuzz_gunzip \
	tests/fuzz/fuzz_ini \
	tests/fuzz/fuzz_insights \
	tests/fuzz/fuzz_json_diff \
	tests/fuzz/fuzz_jsonrec \
	tests/fuzz/fuzz_rules \
	tests/fuzz/fuzz_vpc_json \
	tests/fuzz/fuzz_xml
FUZZ_FRONT = tests/fuzz/fuzz_cmd_split
FUZZERS = $(FUZZ_CORE) $(FUZZ_FRONT)
EXTRA_PROGRAMS = $(FUZZERS)
CLEANFILES = $(FUZZERS)

FUZZ_LINK = $(AM_LDFLAGS) -fsanitize=fuzzer
FUZZ_HDRS = tests/fuzz/fuzz.h tests/fuzz/flow-portable.h
tests_fuzz_fuzz_athena_SOURCES = tests/fuzz/fuzz_athena.c $(FUZZ_HDRS)
tests_fuzz_fuzz_creds_SOURCES = tests/fuzz/fuzz_creds.c $(FUZZ_HDRS)
tests_fuzz_fuzz_cwl_SOURCES = tests/fuzz/fuzz_cwl.c $(FUZZ_HDRS)
# The two record harnesses hold flow.c's fast paths to its plain build,
# compiled again beside the library's with its functions renamed.
tests_fuzz_fuzz_flow_SOURCES = tests/fuzz/fuzz_flow.c \
	tests/fuzz/flow-portable.c $(FUZZ_HDRS)
tests_fuzz_fuzz_flow_diff_SOURCES = tests/fuzz/fuzz_flow_diff.c \
	tests/fuzz/flow-portable.c $(FUZZ_HDRS)
tests_fuzz_fuzz_format_SOURCES = tests/fuzz/fuzz_format.c $(FUZZ_HDRS)
tests_fuzz_fuzz_gunzip_SOURCES = tests/fuzz/fuzz_gunzip.c $(FUZZ_HDRS)
tests_fuzz_fuzz_ini_SOURCES = tests/fuzz/fuzz_ini.c $(FUZZ_HDRS)
tests_fuzz_fuzz_insights_SOURCES = tests/fuzz/fuzz_insights.c $(FUZZ_HDRS)
tests_fuzz_fuzz_json_diff_SOURCES = tests/fuzz/fuzz_json_diff.c $(FUZZ_HDRS)
tests_fuzz_fuzz_jsonrec_SOURCES = tests/fuzz/fuzz_jsonrec.c $(FUZZ_HDRS)
tests_fuzz_fuzz_rules_SOURCES = tests/fuzz/fuzz_rules.c $(FUZZ_HDRS)
tests_fuzz_fuzz_vpc_json_SOURCES = tests/fuzz/fuzz_vpc_json.c $(FUZZ_HDRS)
tests_fuzz_fuzz_xml_SOURCES = tests/fuzz/fuzz_xml.c $(FUZZ_HDRS)
tests_fuzz_fuzz_cmd_split_SOURCES = tests/fuzz/fuzz_cmd_split.c $(FUZZ_HDRS)
tests_fuzz_fuzz_athena_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_creds_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_cwl_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_flow_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_flow_diff_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_format_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_gunzip_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_ini_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_insights_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_json_diff_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_jsonrec_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_rules_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_vpc_json_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_xml_LDADD = $(FD_LIBS)
tests_fuzz_fuzz_cmd_split_LDADD = $(FRONT_LIBS)
tests_fuzz_fuzz_athena_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_creds_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_cwl_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_flow_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_flow_diff_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_format_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_gunzip_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_ini_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_insights_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_json_diff_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_jsonrec_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_rules_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_vpc_json_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_xml_LDFLAGS = $(FUZZ_LINK)
tests_fuzz_fuzz_cmd_split_LDFLAGS = $(FUZZ_LINK)
# The splitter is the front ends': readline's flags, as test_cmd.
tests_fuzz_fuzz_cmd_split_CFLAGS = $(FRONT_CFLAGS)

# Built by tools/fuzz.sh in its own build; from any other, make fuzz
# builds that one and runs each harness a short while.
fuzz-programs: $(FUZZERS)
fuzz:
	sh $(srcdir)/tools/fuzz.sh
.PHONY: fuzz fuzz-programs

EXTRA_DIST += tools/fuzz.sh tests/fuzz/corpus tests/fuzz/dict \
	tests/fuzz/make-corpus.sh
