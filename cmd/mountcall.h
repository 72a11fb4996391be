/* A mount or umount call as BCC's mountsnoop prints it: the strings quoted
 * with C's escapes, the flags by name, the errno by name. */
#ifndef BPFKIT_CMD_MOUNTCALL_H
#define BPFKIT_CMD_MOUNTCALL_H
#include <linux/types.h>
#include <stddef.h>

#include "probes/mountsnoop.h"

void mountcall_text(const struct mount_event *e, char *text, size_t len);

#endif
