/*
 * chardriver_main(): a plain character driver is libdriver's loop with
 * libchardriver serving its requests.  The driver's own driver_ops is
 * copied with request and reply_type replaced; its request() still gets
 * what libchardriver does not serve, through chardriver_request().
 */
#include "chardriver_int.h"

static const struct chardriver_ops *cdm_ops;
static struct driver_ops cdm_driver;

static int
cdm_request(const struct message *m, struct message *reply)
{
	return chardriver_request(cdm_ops, m, reply);
}

void
chardriver_main(const struct chardriver_ops *ops, int argc, char **argv)
{
	cdm_ops = ops;
	cdm_driver = ops->driver;
	cdm_driver.request = cdm_request;
	cdm_driver.reply_type = CHR_REPLY;
	driver_main(&cdm_driver, argc, argv);
}
