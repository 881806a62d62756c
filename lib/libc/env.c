/*
 * The environment: environ is a NULL-terminated array of "NAME=value"
 * strings.  The start code points it at the strings on the stack; the
 * first setenv() or unsetenv() copies the array to the heap (the strings
 * it adds are the heap's too; replaced ones are not freed, since they may
 * be the stack's).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *no_env[1];
char **environ = no_env;
static char **owned; /* environ, when it is our heap copy */

/* The index of name in environ, or -1. */
static int
env_find(const char *name, size_t len)
{
	for (int i = 0; environ != NULL && environ[i] != NULL; i++) {
		if (strncmp(environ[i], name, len) == 0 && environ[i][len] == '=') {
			return i;
		}
	}
	return -1;
}

static int
env_count(void)
{
	int n = 0;

	while (environ != NULL && environ[n] != NULL) {
		n++;
	}
	return n;
}

static int
name_ok(const char *name)
{
	return name != NULL && name[0] != '\0' && strchr(name, '=') == NULL;
}

char *
getenv(const char *name)
{
	int i;

	if (!name_ok(name)) {
		return NULL;
	}
	i = env_find(name, strlen(name));
	return i < 0 ? NULL : environ[i] + strlen(name) + 1;
}

/* Makes environ our own array with room for extra more entries. */
static int
env_own(int extra)
{
	int n = env_count();
	char **copy = malloc(((size_t)n + (size_t)extra + 1) * sizeof(char *));

	if (copy == NULL) {
		return -1;
	}
	for (int i = 0; i < n; i++) {
		copy[i] = environ[i];
	}
	copy[n] = NULL;
	free(owned);
	owned = copy;
	environ = copy;
	return 0;
}

int
setenv(const char *name, const char *value, int overwrite)
{
	size_t nl, vl;
	char *entry;
	int i;

	if (!name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	nl = strlen(name);
	i = env_find(name, nl);
	if (i >= 0 && !overwrite) {
		return 0;
	}
	vl = strlen(value);
	entry = malloc(nl + vl + 2);
	if (entry == NULL || env_own(1) != 0) {
		free(entry);
		errno = ENOMEM;
		return -1;
	}
	memcpy(entry, name, nl);
	entry[nl] = '=';
	memcpy(entry + nl + 1, value, vl + 1);
	if (i >= 0) {
		environ[i] = entry;
	} else {
		int n = env_count();

		environ[n] = entry;
		environ[n + 1] = NULL;
	}
	return 0;
}

int
unsetenv(const char *name)
{
	size_t nl;
	int i;

	if (!name_ok(name)) {
		errno = EINVAL;
		return -1;
	}
	nl = strlen(name);
	while ((i = env_find(name, nl)) >= 0) {
		if (environ != owned && env_own(0) != 0) {
			errno = ENOMEM;
			return -1;
		}
		for (; environ[i] != NULL; i++) {
			environ[i] = environ[i + 1];
		}
	}
	return 0;
}
