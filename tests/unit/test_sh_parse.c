/* unit-sources: user/sh/parse.c user/sh/expand.c user/sh/vars.c user/sh/test.c user/sh/arith.c */
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
#include <stdio.h>
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
arith_lookup(const char *name, void *ctx)
{
	if (strcmp(name, "i") == 0 || strcmp(name, "1") == 0) {
		return "7";
	}
	if (strcmp(name, "s") == 0) {
		return "abc";
	}
	if (strcmp(name, "e") == 0) {
		return "";
	}
	return NULL;
}

static long long
arith_ok(const char *expr)
{
	long long v = -12345;

	assert_int_equal(sh_arith(expr, &v, arith_lookup, NULL, err, sizeof(err)), 0);
	return v;
}

static void
test_arith(void **state)
{
	char buf[64];

	assert_int_equal(arith_ok("1 + 2 * 3"), 7);
	assert_int_equal(arith_ok("(1 + 2) * 3"), 9);
	assert_int_equal(arith_ok("i - 1"), 6);
	assert_int_equal(arith_ok("$i % 4 + $1"), 10);
	assert_int_equal(arith_ok("-i / 2"), -3);
	assert_int_equal(arith_ok("unset + e"), 0);
	assert_int_equal(arith_ok("i < 8 && i >= 7 && i != 6 && !(i == 6)"), 1);
	assert_int_equal(arith_ok("i <= 6 || 0 > 1"), 0);
	assert_int_equal(arith_ok("9223372036854775807 + 1"), -9223372036854775807LL - 1);
	assert_int_equal(sh_arith("1 / 0", &(long long){ 0 }, arith_lookup, NULL, err, sizeof(err)),
	    -1);
	assert_int_equal(sh_arith("s + 1", &(long long){ 0 }, arith_lookup, NULL, err, sizeof(err)),
	    -1);
	assert_int_equal(sh_arith("1 +", &(long long){ 0 }, arith_lookup, NULL, err, sizeof(err)),
	    -1);
	assert_int_equal(sh_arith("1 = 2", &(long long){ 0 }, arith_lookup, NULL, err, sizeof(err)),
	    -1);
	assert_int_equal(sh_arith("((((((((((((((((((((((((((((((((((1)))))))))))))))))))))))))))))"
	                          ")))))",
	                     &(long long){ 0 }, arith_lookup, NULL, err, sizeof(err)),
	    -1);
	/* In words: blanks inside stay one word; quoted too. */
	struct sh_prog *p = parse_ok("echo $(( i + 1 ))x \"$((2*3))\"");
	assert_int_equal(p->pr_cmds[0].c_argc, 3);
	assert_int_equal(sh_expand(p->pr_cmds[0].c_argv[1], buf, sizeof(buf), arith_lookup, NULL),
	    2);
	assert_string_equal(buf, "8x");
	sh_expand(p->pr_cmds[0].c_argv[2], buf, sizeof(buf), arith_lookup, NULL);
	assert_string_equal(buf, "6");
	assert_int_equal(sh_expand("$((1/0))", buf, sizeof(buf), arith_lookup, NULL), SH_E_ARITH);
	parse_bad("echo $((1 + 2", "unterminated quote or $((");
}

/* Random expressions and words with $((: never a crash; an error always
 * has a message. */
static void
test_random_arith(void **state)
{
	static const char alphabet[] = "0129 +-*/%()<>=!&|$ise\"";
	char text[80], out[64];
	unsigned seed = 4242;

	for (int round = 0; round < 100000; round++) {
		size_t n = (size_t)(round % 40);
		long long v;

		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			text[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		text[n] = '\0';
		err[0] = '\0';
		if (sh_arith(text, &v, arith_lookup, NULL, err, sizeof(err)) != 0) {
			assert_true(err[0] != '\0');
		}
		memmove(text + 3, text, n + 1);
		memcpy(text, "$((", 3);
		if (sh_parse(text, &prog, err, sizeof(err)) == 0) {
			for (int c = 0; c < prog.pr_ncmds; c++) {
				for (int w = 0; w < prog.pr_cmds[c].c_argc; w++) {
					sh_expand(prog.pr_cmds[c].c_argv[w], out, sizeof(out),
					    arith_lookup, NULL);
				}
			}
		}
	}
}

static int
parse_more(const char *text)
{
	return sh_parse(text, &prog, err, sizeof(err));
}

static void
test_compound(void **state)
{
	struct sh_prog *p = parse_ok("if a; then b; elif c\nthen d; else e; fi; f");
	struct sh_node *n, *e;
	struct sh_pipe *pp;

	assert_int_equal(p->pr_nnodes, 2);
	pp = &p->pr_pipes[p->pr_head];
	assert_int_equal(pp->p_node, 0);
	n = &p->pr_nodes[0];
	assert_int_equal(n->n_kind, SH_N_IF);
	assert_string_equal(p->pr_cmds[p->pr_pipes[n->n_cond].p_first].c_argv[0], "a");
	assert_string_equal(p->pr_cmds[p->pr_pipes[n->n_body].p_first].c_argv[0], "b");
	/* elif: an else list of one nested if. */
	assert_int_equal(p->pr_pipes[n->n_else].p_next, -1);
	e = &p->pr_nodes[p->pr_pipes[n->n_else].p_node];
	assert_int_equal(e->n_kind, SH_N_IF);
	assert_string_equal(p->pr_cmds[p->pr_pipes[e->n_else].p_first].c_argv[0], "e");
	/* f follows the if at the top. */
	assert_string_equal(p->pr_cmds[p->pr_pipes[pp->p_next].p_first].c_argv[0], "f");

	p = parse_ok("for x in a 'b c' *; do echo $x; done");
	n = &p->pr_nodes[0];
	assert_int_equal(n->n_kind, SH_N_FOR);
	assert_string_equal(n->n_var, "x");
	assert_int_equal(p->pr_cmds[n->n_words].c_argc, 3);
	assert_string_equal(p->pr_cmds[n->n_words].c_argv[1], "'b c'");
	p = parse_ok("for x\ndo\n echo $x\ndone");
	assert_int_equal(p->pr_nodes[0].n_words, -1);
	p = parse_ok("for x; do :; done");
	assert_int_equal(p->pr_nodes[0].n_words, -1);

	/* Nesting, comments and blank lines inside, && into a loop. */
	p = parse_ok(
	    "while a # c\n\ndo\n  until b; do for i in 1; do if c; then break 2; fi; done; "
	    "done\ndone && echo ok");
	assert_int_equal(p->pr_nnodes, 4);
	assert_int_equal(p->pr_nodes[0].n_kind, SH_N_WHILE);
	assert_int_equal(p->pr_nodes[1].n_kind, SH_N_UNTIL);
	assert_int_equal(p->pr_pipes[p->pr_head].p_join, SH_AND);
	/* Reserved words count only where a command starts. */
	p = parse_ok("echo if then fi done");
	assert_int_equal(p->pr_nnodes, 0);
	assert_int_equal(p->pr_cmds[0].c_argc, 5);
	p = parse_ok("a |\n b &&\n c");
	assert_int_equal(p->pr_pipes[p->pr_head].p_count, 2);
}

static void
test_compound_errors(void **state)
{
	/* Unfinished: more lines may finish them. */
	assert_int_equal(parse_more("if a; then b"), SH_P_MORE);
	assert_string_equal(err, "unexpected end of input ('fi' missing)");
	assert_int_equal(parse_more("while a"), SH_P_MORE);
	assert_int_equal(parse_more("while a; do"), SH_P_MORE);
	assert_int_equal(parse_more("for i in a b"), SH_P_MORE);
	assert_int_equal(parse_more("for i"), SH_P_MORE);
	assert_int_equal(parse_more("if a; then for i in 1; do b; done"), SH_P_MORE);
	assert_int_equal(parse_more("if a\nthen\n"), SH_P_MORE);
	/* Wrong: errors with the line they are on. */
	parse_bad("if a; fi", "syntax error near 'fi'");
	parse_bad("if; then a; fi", "syntax error near ';'");
	parse_bad("if a; then fi", "syntax error near 'fi'");
	parse_bad("while a; do done", "syntax error near 'done'");
	parse_bad("echo a\nfi", "syntax error near 'fi'");
	assert_int_equal(prog.pr_errline, 2);
	parse_bad("for 1x in a; do b; done", "'for' needs a variable name");
	parse_bad("for x in a | b; do c; done", "syntax error near '|'");
	parse_bad("if a; then b; fi | c",
	    "pipes and redirections of if/while/for are not supported");
	parse_bad("if a; then b; fi > f",
	    "pipes and redirections of if/while/for are not supported");
	parse_bad("if a; then b; else c; elif d; then e; fi", "syntax error near 'elif'");
	parse_bad("done", "syntax error near 'done'");
	parse_bad("a\n\n\nif a &&\nthen b; fi", "syntax error near 'then'");
	assert_int_equal(prog.pr_errline, 5);
	parse_bad("if a; then b; fi fi",
	    "pipes and redirections of if/while/for are not supported");
}

static void
test_compound_limits(void **state)
{
	char *text = malloc(SH_NEST * 40 + 64);

	text[0] = '\0';
	for (int i = 0; i < SH_NEST; i++) {
		strcat(text, "while a; do ");
	}
	strcat(text, "b; ");
	for (int i = 0; i < SH_NEST; i++) {
		strcat(text, "done; ");
	}
	parse_ok(text);
	text[0] = '\0';
	for (int i = 0; i <= SH_NEST; i++) {
		strcat(text, "if a; then ");
	}
	parse_bad(text, "if/while/for nested too deeply");
	free(text);
}

/* Random texts of reserved words and operators: never a crash, an error
 * always has a message. */
static void
test_random_compound(void **state)
{
	static const char *const toks[] = { "if", "then", "elif", "else", "fi", "while", "until",
		"for", "in", "do", "done", "x", "a b", ";", "\n", "&&", "||", "|", ">f", "#c\n",
		"'q", "break 2", "[", "]" };
	char text[512];
	unsigned seed = 777;

	for (int round = 0; round < 100000; round++) {
		int n = round % 40;

		text[0] = '\0';
		for (int i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			strcat(text, toks[(seed >> 16) % (sizeof(toks) / sizeof(toks[0]))]);
			strcat(text, " ");
		}
		if (sh_parse(text, &prog, err, sizeof(err)) != 0) {
			assert_true(err[0] != '\0');
			continue;
		}
		/* Every list link stays inside the tables. */
		for (int i = 0; i < prog.pr_npipes; i++) {
			assert_true(prog.pr_pipes[i].p_next < prog.pr_npipes);
			assert_true(prog.pr_pipes[i].p_node < prog.pr_nnodes);
		}
	}
}

static int
eval_test(const char *words)
{
	char buf[256], *argv[32];
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", words);
	for (char *w = strtok(buf, " "); w != NULL && argc < 31; w = strtok(NULL, " ")) {
		argv[argc++] = strcmp(w, "''") == 0 ? "" : w;
	}
	argv[argc] = NULL;
	return sh_test(argc, argv);
}

static void
test_test_builtin(void **state)
{
	assert_int_equal(eval_test("test"), 1);
	assert_int_equal(eval_test("test abc"), 0);
	assert_int_equal(eval_test("test ''"), 1);
	assert_int_equal(eval_test("[ a = a ]"), 0);
	assert_int_equal(eval_test("[ a != a ]"), 1);
	assert_int_equal(eval_test("[ -z '' ]"), 0);
	assert_int_equal(eval_test("[ -n '' ]"), 1);
	assert_int_equal(eval_test("[ 3 -lt 10 ]"), 0);
	assert_int_equal(eval_test("[ 10 -le 3 ]"), 1);
	assert_int_equal(eval_test("[ -2 -ge -2 ]"), 0);
	assert_int_equal(eval_test("[ 4 -gt 5 ]"), 1);
	assert_int_equal(eval_test("[ 4 -ne 5 ]"), 0);
	assert_int_equal(eval_test("[ 4 -eq 4 ]"), 0);
	assert_int_equal(eval_test("[ ! 4 -eq 4 ]"), 1);
	assert_int_equal(eval_test("[ a = b -o 1 -eq 1 ]"), 0);
	assert_int_equal(eval_test("[ a = a -a 1 -eq 2 ]"), 1);
	assert_int_equal(eval_test("[ ( a = b -o a = a ) -a x ]"), 0);
	assert_int_equal(eval_test("[ -d / ]"), 0);
	assert_int_equal(eval_test("[ -f / ]"), 1);
	assert_int_equal(eval_test("[ -e /no/such/file ]"), 1);
	assert_int_equal(eval_test("[ -r / -a -x / ]"), 0);
	assert_int_equal(eval_test("[ -L / ]"), 1);
	/* Bad expressions: 2. */
	assert_int_equal(eval_test("[ a = a"), 2);
	assert_int_equal(eval_test("[ x -lt 3 ]"), 2);
	assert_int_equal(eval_test("[ 1 -lt ]"), 2);
	assert_int_equal(eval_test("[ ( a ]"), 2);
	assert_int_equal(eval_test("[ a b c d ]"), 2);
	assert_int_equal(eval_test("test a -a"), 2);
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
		cmocka_unit_test(test_compound),
		cmocka_unit_test(test_compound_errors),
		cmocka_unit_test(test_compound_limits),
		cmocka_unit_test(test_random_compound),
		cmocka_unit_test(test_test_builtin),
		cmocka_unit_test(test_arith),
		cmocka_unit_test(test_random_arith),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
