#include "core/softirqnames.h"

/* Stable for years; a vector a newer kernel adds is NULL (its number). */
const char *softirq_name(int vec)
{
	static const char *const names[] = { "hi",	"timer",   "net_tx", "net_rx", "block",
					     "irq_poll", "tasklet", "sched",  "hrtimer", "rcu" };
	return vec >= 0 && vec < (int)(sizeof(names) / sizeof(names[0])) ? names[vec] : 0;
}
