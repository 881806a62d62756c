/*
 * Running lists and compound commands (if, while, until, for): each list
 * entry in turn, skipped per && and || by the last status.  break and
 * continue leave counts that the loops use up; a command killed by SIGINT
 * stops every loop, since the shell itself cannot catch Ctrl-C (XINIM has
 * no signal handlers) between commands.
 */
#include <stdio.h>
#include <string.h>
#include "sh.h"

int sh_breaks, sh_continues, sh_loops;
bool sh_interrupted;

static int run_list(const struct sh_prog *p, int head);

/* Whether a loop or list must stop now: exit, a pending break or
 * continue, or a command ended by Ctrl-C. */
static bool
stopping(void)
{
	return sh_exiting || sh_breaks > 0 || sh_continues > 0 || sh_interrupted;
}

/* After one pass of a loop's body: whether the loop goes on (a pending
 * continue for this loop is used up; break and outer continues end it). */
static bool
loop_goes_on(void)
{
	if (sh_breaks > 0) {
		sh_breaks--;
		return false;
	}
	if (sh_continues > 0) {
		return --sh_continues == 0;
	}
	return !sh_exiting && !sh_interrupted;
}

/* for NAME in WORDS (expanded and globbed; none: "$@"): the body once per
 * word with NAME set to it. */
static int
run_for(const struct sh_prog *p, const struct sh_node *n)
{
	struct sh_argv words;
	int status = 0;

	memset(&words, 0, sizeof(words));
	if (n->n_words < 0) {
		if (sh_add_fields(&words, "\"$@\"") != 0) {
			sh_argv_free(&words);
			return 1;
		}
	} else {
		const struct sh_cmd *c = &p->pr_cmds[n->n_words];

		for (int i = 0; i < c->c_argc; i++) {
			if (sh_add_fields(&words, c->c_argv[i]) != 0) {
				sh_argv_free(&words);
				return 1;
			}
		}
	}
	sh_loops++;
	for (int i = 0; i < words.a_n; i++) {
		if (sh_var_set(n->n_var, words.a_v[i], false) != 0) {
			fprintf(stderr, "sh: for: cannot set %s\n", n->n_var);
			status = 1;
			break;
		}
		status = run_list(p, n->n_body);
		if (!loop_goes_on()) {
			break;
		}
	}
	sh_loops--;
	sh_argv_free(&words);
	return status;
}

/* while/until: the condition, then the body while it holds (while) or
 * fails (until); the status is the body's last, 0 when it never ran. */
static int
run_loop(const struct sh_prog *p, const struct sh_node *n)
{
	int status = 0;

	sh_loops++;
	for (;;) {
		int cond = run_list(p, n->n_cond);

		if (stopping()) {
			/* break or continue in the condition act on this loop. */
			if (!loop_goes_on()) {
				break;
			}
			continue;
		}
		if ((cond == 0) != (n->n_kind == SH_N_WHILE)) {
			break;
		}
		status = run_list(p, n->n_body);
		if (!loop_goes_on()) {
			break;
		}
	}
	sh_loops--;
	return status;
}

/* A compound command; its status. */
static int
run_node(const struct sh_prog *p, const struct sh_node *n)
{
	switch (n->n_kind) {
	case SH_N_IF:
		if (run_list(p, n->n_cond) == 0) {
			return stopping() ? sh_status : run_list(p, n->n_body);
		}
		if (stopping()) {
			return sh_status;
		}
		return n->n_else >= 0 ? run_list(p, n->n_else) : 0;
	case SH_N_FOR:
		return run_for(p, n);
	default:
		return run_loop(p, n);
	}
}

/* Runs a list's pipelines in order, skipping per && and || and stopping
 * after exit, break, continue or Ctrl-C.  Its status: the last one's. */
static int
run_list(const struct sh_prog *p, int head)
{
	bool skip = false;

	for (int i = head; i >= 0 && !stopping(); i = p->pr_pipes[i].p_next) {
		const struct sh_pipe *pp = &p->pr_pipes[i];

		if (!skip) {
			if (pp->p_node >= 0) {
				sh_status = run_node(p, &p->pr_nodes[pp->p_node]);
			} else {
				sh_status = sh_run_pipeline(p, pp);
			}
		}
		/* A skipped pipeline leaves $? as it was, which decides the
		 * next: `false && a || b` runs b. */
		skip = (pp->p_join == SH_AND && sh_status != 0) ||
		    (pp->p_join == SH_OR && sh_status == 0);
	}
	return sh_status;
}

/* Runs a parsed text; a Ctrl-C seen by its loops is forgotten after. */
int
sh_run(struct sh_prog *p)
{
	sh_breaks = sh_continues = 0;
	sh_interrupted = false;
	run_list(p, p->pr_head);
	sh_breaks = sh_continues = 0;
	sh_interrupted = false;
	return sh_status;
}
