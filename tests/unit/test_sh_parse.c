/* unit-sources: user/sh/parse.c user/sh/expand.c user/sh/vars.c user/sh/test.c */
/*
 * The shell's pure parts (user/sh): cutting lines into pipelines,
 * commands, words and redirections; syntax errors; word expansion with
 * quotes and variables; the variable table and the environment it makes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "../../user/sh/sh.h"

static struct sh_prog prog;
static char err[128];

static struct sh_prog *
parse_ok(const char *line)
{
	err[0] = '\0';
	assert_int_equal(sh_parse(line, &prog, err, sizeof(err)), 0);
	return &prog;
}

static void
parse_bad(const char *line, const char *want)
{
	assert_int_equal(sh_parse(line, &prog, err, sizeof(err)), -1);
	assert_string_equal(err, want);
}

static void
test_simple(void **state)
{
	struct sh_prog *p = parse_ok("  ls   -l /tmp  ");

	assert_int_equal(p->pr_npipes, 1);
	assert_int_equal(p->pr_ncmds, 1);
	assert_int_equal(p->pr_cmds[0].c_argc, 3);
	assert_string_equal(p->pr_cmds[0].c_argv[0], "ls");
	assert_string_equal(p->pr_cmds[0].c_argv[2], "/tmp");
	assert_null(p->pr_cmds[0].c_argv[3]);
	p = parse_ok("");
	assert_int_equal(p->pr_npipes, 0);
	p = parse_ok("   # just a comment | ; &");
	assert_int_equal(p->pr_npipes, 0);
	p = parse_ok("echo a#b # comment");
	assert_int_equal(p->pr_cmds[0].c_argc, 2);
	assert_string_equal(p->pr_cmds[0].c_argv[1], "a#b");
}

static void
test_lists_and_pipes(void **state)
{
	struct sh_prog *p = parse_ok("a | b|c && d || e ; f;");

	assert_int_equal(p->pr_npipes, 4);
	assert_int_equal(p->pr_pipes[0].p_count, 3);
	assert_int_equal(p->pr_pipes[0].p_join, SH_AND);
	assert_int_equal(p->pr_pipes[1].p_first, 3);
	assert_int_equal(p->pr_pipes[1].p_join, SH_OR);
	assert_int_equal(p->pr_pipes[2].p_join, SH_SEQ);
	assert_int_equal(p->pr_pipes[3].p_join, SH_SEQ);
	assert_string_equal(p->pr_cmds[5].c_argv[0], "f");
}

static void
test_redirections(void **state)
{
	struct sh_prog *p = parse_ok("cmd <in >out 2>err >>app 2>&1 3< x a2>b");
	struct sh_cmd *c = &p->pr_cmds[0];

	assert_int_equal(c->c_nredir, 7);
	assert_int_equal(c->c_redir[0].r_op, SH_R_IN);
	assert_int_equal(c->c_redir[0].r_fd, 0);
	assert_string_equal(c->c_redir[0].r_word, "in");
	assert_int_equal(c->c_redir[1].r_op, SH_R_OUT);
	assert_int_equal(c->c_redir[1].r_fd, 1);
	assert_int_equal(c->c_redir[2].r_fd, 2);
	assert_string_equal(c->c_redir[2].r_word, "err");
	assert_int_equal(c->c_redir[3].r_op, SH_R_APPEND);
	assert_int_equal(c->c_redir[4].r_op, SH_R_DUP);
	assert_int_equal(c->c_redir[4].r_fd, 2);
	assert_int_equal(c->c_redir[4].r_dupfd, 1);
	assert_int_equal(c->c_redir[5].r_fd, 3);
	/* "a2" is a word and ">b" redirects 1: a number must stand alone */
	assert_int_equal(c->c_redir[6].r_fd, 1);
	assert_int_equal(c->c_argc, 2);
	assert_string_equal(c->c_argv[1], "a2");
	p = parse_ok(">only");
	assert_int_equal(p->pr_cmds[0].c_argc, 0);
	assert_int_equal(p->pr_cmds[0].c_nredir, 1);
}

static void
test_quotes_kept(void **state)
{
	struct sh_prog *p = parse_ok("echo 'a | b' \"c;d\" e\\ f g\"h i\"j");
	struct sh_cmd *c = &p->pr_cmds[0];

	assert_int_equal(c->c_argc, 5);
	assert_string_equal(c->c_argv[1], "'a | b'");
	assert_string_equal(c->c_argv[2], "\"c;d\"");
	assert_string_equal(c->c_argv[3], "e\\ f");
	assert_string_equal(c->c_argv[4], "g\"h i\"j");
}

static void
test_syntax_errors(void **state)
{
	parse_bad("echo 'abc", "unterminated quote");
	parse_bad("echo \"abc\\\"", "unterminated quote");
	parse_bad("| ls", "syntax error near '|'");
	parse_bad("ls |", "syntax error near 'end of line'");
	parse_bad("ls && ", "syntax error near 'end of line'");
	parse_bad("a ;; b", "syntax error near ';'");
	parse_bad("ls >", "a redirection needs a file name");
	parse_bad("ls > | x", "a redirection needs a file name");
	parse_bad("sleep 1 &", "background jobs ('&') are not supported");
	parse_bad("ls 2>&x", "'>&' needs a descriptor number (0-9)");
}

static void
test_limits(void **state)
{
	char *line = malloc(SH_LINE_MAX + 2);
	char *words = malloc(3 * SH_ARGS + 8);

	memset(line, 'x', SH_LINE_MAX + 1);
	line[SH_LINE_MAX + 1] = '\0';
	parse_bad(line, "line too long");
	line[SH_LINE_MAX] = '\0';
	parse_ok(line);
	words[0] = '\0';
	for (int i = 0; i <= SH_ARGS; i++) {
		strcat(words, "a ");
	}
	parse_bad(words, "too many words in one command");
	free(line);
	free(words);
}

static const char *
lookup(const char *name, void *ctx)
{
	if (strcmp(name, "HOME") == 0) {
		return "/root";
	}
	if (strcmp(name, "?") == 0) {
		return "1";
	}
	if (strcmp(name, "E") == 0) {
		return "";
	}
	return NULL;
}

static void
expect_expand(const char *w, const char *want)
{
	char out[256];

	assert_int_equal(sh_expand(w, out, sizeof(out), lookup, NULL), strlen(want));
	assert_string_equal(out, want);
}

static void
test_expand(void **state)
{
	char small[4];

	expect_expand("plain", "plain");
	expect_expand("'a $HOME b'", "a $HOME b");
	expect_expand("\"a $HOME b\"", "a /root b");
	expect_expand("$HOME/x", "/root/x");
	expect_expand("${HOME}x", "/rootx");
	expect_expand("$HOMEx", "");
	expect_expand("st=$?", "st=1");
	expect_expand("$UNSET$E.", ".");
	expect_expand("a\\ b\\$HOME", "a b$HOME");
	expect_expand("\"q\\\"\\$\\n\"", "q\"$\\n");
	expect_expand("$ $1 ${ ${bad-x} $", "$  ${ ${bad-x} $");
	expect_expand("''\"\"", "");
	expect_expand("x'y'\"z\"", "xyz");
	assert_int_equal(sh_expand("toolong", small, sizeof(small), lookup, NULL), -1);
}

static void
test_assignment(void **state)
{
	size_t n;

	assert_true(sh_is_assignment("A=1", &n));
	assert_int_equal(n, 1);
	assert_true(sh_is_assignment("_x9=", &n));
	assert_false(sh_is_assignment("=1", &n));
	assert_false(sh_is_assignment("9a=1", &n));
	assert_false(sh_is_assignment("a-b=1", &n));
	assert_false(sh_is_assignment("ab", &n));
}

static void
test_vars(void **state)
{
	char *envp[8];

	assert_int_equal(sh_var_set("A", "1", false), 0);
	assert_int_equal(sh_var_set("B", "two", true), 0);
	assert_int_equal(sh_var_set("bad-name", "x", true), -1);
	assert_string_equal(sh_var_get("A"), "1");
	assert_null(sh_var_get("C"));
	sh_var_environ(envp, 8);
	assert_string_equal(envp[0], "B=two");
	assert_null(envp[1]);
	assert_int_equal(sh_var_export("A"), 0);
	assert_int_equal(sh_var_set("A", "3", false), 0);
	sh_var_environ(envp, 8);
	assert_string_equal(envp[0], "A=3");
	assert_string_equal(envp[1], "B=two");
	sh_var_unset("A");
	assert_null(sh_var_get("A"));
	sh_var_environ(envp, 8);
	assert_string_equal(envp[0], "B=two");
	assert_null(envp[1]);
	sh_var_unset("B");
}

/* Random lines of the bytes that matter: parsing gives a tree or an
 * error, never a crash (ASan watches), and every word expands or says it
 * is too long. */
static void
test_random_lines(void **state)
{
	static const char alphabet[] = "ab $?{}'\"\\|&;<>#2=\t\n01";
	char line[64], out[32];
	unsigned seed = 12345;

	for (int round = 0; round < 50000; round++) {
		size_t n = (size_t)(round % 60);

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			line[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		line[n] = '\0';
		if (sh_parse(line, &prog, err, sizeof(err)) != 0) {
			assert_true(err[0] != '\0');
			continue;
		}
		for (int c = 0; c < prog.pr_ncmds; c++) {
			for (int w = 0; w < prog.pr_cmds[c].c_argc; w++) {
				sh_expand(prog.pr_cmds[c].c_argv[w], out, sizeof(out), lookup,
				    NULL);
			}
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_lists_and_pipes),
		cmocka_unit_test(test_redirections),
		cmocka_unit_test(test_quotes_kept),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_assignment),
		cmocka_unit_test(test_vars),
		cmocka_unit_test(test_random_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
