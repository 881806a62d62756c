/* false: does nothing, and fails (status 1). */
int
main(void)
{
	return 1;
}
