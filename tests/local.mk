# Tests: cmocka unit tests (one group per binary, TAP output) and shell
# tests of the command line.  make check runs both; no network is used.

UNIT_TESTS =
if HAVE_CMOCKA
UNIT_TESTS += \
	tests/unit/test_addr \
	tests/unit/test_athena \
	tests/unit/test_buf \
	tests/unit/test_cmd \
	tests/unit/test_creds \
	tests/unit/test_cwl \
	tests/unit/test_ec2_config \
	tests/unit/test_engine \
	tests/unit/test_env \
	tests/unit/test_escape \
	tests/unit/test_evidence \
	tests/unit/test_flow \
	tests/unit/test_flow_narrow \
	tests/unit/test_flow_portable \
	tests/unit/test_format \
	tests/unit/test_iface \
	tests/unit/test_ids \
	tests/unit/test_jsonrec \
	tests/unit/test_libcurl \
	tests/unit/test_near \
	tests/unit/test_paging \
	tests/unit/test_pool \
	tests/unit/test_prefilter \
	tests/unit/test_progress \
	tests/unit/test_redact \
	tests/unit/test_rule \
	tests/unit/test_s3_keys \
	tests/unit/test_scan \
	tests/unit/test_sha256 \
	tests/unit/test_sigv4 \
	tests/unit/test_target \
	tests/unit/test_vpc_eval \
	tests/unit/test_vpc_json \
	tests/unit/test_when \
	tests/unit/test_xml
# What the unit tests share (tests/unit/helpers.h).
check_LIBRARIES = tests/unit/libhelpers.a
endif
check_PROGRAMS = $(UNIT_TESTS) tests/creds-show tests/ec2-config-dump \
	tests/sigv4-sign

UNIT_LDADD = tests/unit/libhelpers.a $(FD_LIBS) $(CMOCKA_LIBS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_libhelpers_a_SOURCES = tests/unit/helpers.c tests/unit/helpers.h
tests_unit_libhelpers_a_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_addr_LDADD = $(UNIT_LDADD)
tests_unit_test_athena_LDADD = $(UNIT_LDADD)
tests_unit_test_buf_LDADD = $(UNIT_LDADD)
# test_buf, as test_creds, looks at what a buffer hands to free().
tests_unit_test_buf_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=free
tests_unit_test_cmd_LDADD = $(FRONT_LIBS) $(CMOCKA_LIBS)
tests_unit_test_creds_LDADD = $(UNIT_LDADD)
tests_unit_test_cwl_LDADD = $(UNIT_LDADD)
tests_unit_test_ec2_config_LDADD = $(UNIT_LDADD)
tests_unit_test_engine_LDADD = $(UNIT_LDADD)
tests_unit_test_env_LDADD = $(UNIT_LDADD)
tests_unit_test_escape_LDADD = $(UNIT_LDADD)
# test_creds looks at what creds.c hands to free().
tests_unit_test_creds_LDFLAGS = $(AM_LDFLAGS) -Wl,--wrap=free
tests_unit_test_evidence_LDADD = $(UNIT_LDADD)
tests_unit_test_ids_LDADD = $(UNIT_LDADD)
tests_unit_test_rule_LDADD = $(UNIT_LDADD)
tests_unit_test_flow_LDADD = $(UNIT_LDADD)
# The same tests of flow.c's plain paths (FLOW_PORTABLE): the line cutter
# of machines without SSE2, numbers a digit at a time, every field by its
# kind; flow.c built again, before the library's.
tests_unit_test_flow_portable_SOURCES = tests/unit/test_flow.c src/record/flow.c
tests_unit_test_flow_portable_CPPFLAGS = $(AM_CPPFLAGS) -DFLOW_PORTABLE
tests_unit_test_flow_portable_LDADD = $(UNIT_LDADD)
# And of the paths the AVX-512 parse of default-format lines takes over
# where the CPU has it (FLOW_NARROW): the SSE2 cutter, numbers a word at a
# time.
tests_unit_test_flow_narrow_SOURCES = tests/unit/test_flow.c src/record/flow.c
tests_unit_test_flow_narrow_CPPFLAGS = $(AM_CPPFLAGS) -DFLOW_NARROW
tests_unit_test_flow_narrow_LDADD = $(UNIT_LDADD)
tests_unit_test_format_LDADD = $(UNIT_LDADD)
tests_unit_test_iface_LDADD = $(UNIT_LDADD)
tests_unit_test_jsonrec_LDADD = $(UNIT_LDADD)
tests_unit_test_libcurl_LDADD = $(UNIT_LDADD)
tests_unit_test_near_LDADD = $(UNIT_LDADD)
tests_unit_test_paging_LDADD = $(UNIT_LDADD)
tests_unit_test_pool_LDADD = $(UNIT_LDADD)
tests_unit_test_prefilter_LDADD = $(UNIT_LDADD)
tests_unit_test_progress_LDADD = $(UNIT_LDADD)
tests_unit_test_redact_LDADD = $(UNIT_LDADD)
tests_unit_test_s3_keys_LDADD = $(UNIT_LDADD)
tests_unit_test_scan_LDADD = $(UNIT_LDADD)
tests_unit_test_sha256_LDADD = $(UNIT_LDADD)
tests_unit_test_sigv4_LDADD = $(UNIT_LDADD)
tests_unit_test_target_LDADD = $(UNIT_LDADD)
tests_unit_test_vpc_eval_LDADD = $(UNIT_LDADD)
tests_unit_test_vpc_json_LDADD = $(UNIT_LDADD)
tests_unit_test_when_LDADD = $(UNIT_LDADD)
tests_unit_test_xml_LDADD = $(UNIT_LDADD)
# The front ends' tests take readline's flags too.
tests_unit_test_addr_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_athena_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_buf_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_env_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_escape_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ids_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_creds_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cwl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ec2_config_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_engine_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_evidence_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_flow_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_flow_narrow_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_flow_portable_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_format_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_iface_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jsonrec_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_libcurl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_near_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_paging_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_pool_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_prefilter_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_progress_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_redact_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_rule_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_s3_keys_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_scan_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sha256_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sigv4_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_target_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vpc_eval_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_vpc_json_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_when_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_xml_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_cmd_CFLAGS = $(UNIT_CFLAGS) $(READLINE_CFLAGS)
tests_creds_show_LDADD = $(FD_LIBS)
tests_ec2_config_dump_LDADD = $(FD_LIBS)
tests_sigv4_sign_LDADD = $(FD_LIBS)

CLI_TESTS = \
	tests/cli/args.sh \
	tests/cli/athena.sh \
	tests/cli/aws-hostile.sh \
	tests/cli/aws-tls.sh \
	tests/cli/check-edges.sh \
	tests/cli/cloudwatch.sh \
	tests/cli/cloudwatch-scenarios.sh \
	tests/cli/completion.sh \
	tests/cli/completion-zsh.sh \
	tests/cli/config-scenarios.sh \
	tests/cli/escape-sinks.sh \
	tests/cli/escapes.sh \
	tests/cli/explain.sh \
	tests/cli/check-errors.sh \
	tests/cli/check-examples.sh \
	tests/cli/check-input.sh \
	tests/cli/check-options.sh \
	tests/cli/creds.sh \
	tests/cli/ec2-config.sh \
	tests/cli/ec2.sh \
	tests/cli/hostile.sh \
	tests/cli/id-injection.sh \
	tests/cli/input-forms.sh \
	tests/cli/install.sh \
	tests/cli/insights.sh \
	tests/cli/json-contract.sh \
	tests/cli/json-schema.sh \
	tests/cli/layers.sh \
	tests/cli/layout.sh \
	tests/cli/libcurl.sh \
	tests/cli/man.sh \
	tests/cli/progress.sh \
	tests/cli/repl.sh \
	tests/cli/repl-athena.sh \
	tests/cli/repl-cloudwatch.sh \
	tests/cli/repl-tty.sh \
	tests/cli/rules.sh \
	tests/cli/s3-auto.sh \
	tests/cli/s3-ec2.sh \
	tests/cli/s3.sh \
	tests/cli/scenarios.sh \
	tests/cli/sigv4-botocore.sh \
	tests/cli/services.sh \
	tests/cli/simd-levels.sh \
	tests/cli/threads.sh

TESTS = $(UNIT_TESTS) $(CLI_TESTS)
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) \
	$(top_srcdir)/build-aux/tap-driver.sh
LOG_COMPILER = $(SHELL) $(top_srcdir)/tests/unit/run.sh
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	FLOWDIAG='$(abs_top_builddir)/flowdiag'; export FLOWDIAG; \
	CREDS_SHOW='$(abs_top_builddir)/tests/creds-show'; export CREDS_SHOW; \
	EC2_CONFIG_DUMP='$(abs_top_builddir)/tests/ec2-config-dump'; export EC2_CONFIG_DUMP; \
	TESTDATA='$(abs_top_srcdir)/tests/data'; export TESTDATA; \
	EXAMPLES='$(abs_top_srcdir)/examples'; export EXAMPLES; \
	MANDOC='$(MANDOC)'; export MANDOC; \
	MANDIR='$(abs_top_srcdir)/man'; export MANDIR; \
	NO_COLOR=1; export NO_COLOR; \
	FLOWDIAG_RULES='$(abs_top_srcdir)/rules'; export FLOWDIAG_RULES; \
	XDG_CONFIG_HOME=/nonexistent; export XDG_CONFIG_HOME; \
	MAKE='$(MAKE)'; export MAKE; \
	BUILDDIR='$(abs_top_builddir)'; export BUILDDIR;

EXTRA_DIST += $(CLI_TESTS) tests/lib.sh tests/unit/run.sh tests/make-examples.py \
	tests/validate-json.py \
	tests/pty-run.py \
	tests/make-scenarios.py \
	tests/athena-rows.py \
	tests/fake-ec2.py \
	tests/fake-insights.py \
	tests/fake-logs.py \
	tests/fake-s3.py \
	tests/fakeaws.py \
	tests/make-s3-objects.py \
	tests/make-vpc.py \
	tests/moto-server.py \
	tests/data/examples-port80.txt \
	tests/data/config \
	tests/make-config-fixtures.sh
