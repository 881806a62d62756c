/*
 * The small rest of stdlib.h: abs, labs, atol, the long long parsers
 * (long is 64 bits already), rand and srand (a linear congruential
 * generator, not for secrets).
 */
#include <stdlib.h>

int
abs(int v)
{
	return v < 0 ? -v : v;
}

long
labs(long v)
{
	return v < 0 ? -v : v;
}

long
atol(const char *s)
{
	return strtol(s, NULL, 10);
}

long long
strtoll(const char *s, char **end, int base)
{
	return strtol(s, end, base);
}

unsigned long long
strtoull(const char *s, char **end, int base)
{
	return strtoul(s, end, base);
}

static unsigned long rand_state = 1;

int
rand(void)
{
	rand_state = rand_state * 6364136223846793005UL + 1442695040888963407UL;
	return (int)((rand_state >> 33) & RAND_MAX);
}

void
srand(unsigned seed)
{
	rand_state = seed;
}
