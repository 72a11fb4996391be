/* A tracepoint's format file in tracefs (events/CAT/EVENT/format): its ID
 * and its fields, each with its declaration as the kernel wrote it
 * ("char prev_comm[16]"), split into type and name the way BCC's tools
 * show them: the name is the declaration's last word, the type the words
 * before it ("__data_loc char[]", "const char *"). */
#ifndef BPFKIT_CORE_TPFORMAT_H
#define BPFKIT_CORE_TPFORMAT_H
#include <stdbool.h>

struct tp_field {
	char *type, *name; /* "char", "prev_comm[16]" */
	int offset, size;
	bool is_signed;
	bool common; /* common_type, common_pid, ...: every event's header */
};

struct tp_format {
	int id;
	int nfields;
	struct tp_field *fields;
};

/* Reads tfs/events/category/event/format: 0, or -errno (-ENOENT: no such
 * tracepoint, -EINVAL: a field line it cannot read, -ENOMEM).  After 0,
 * tp_format_free() it. */
int tp_format_read(const char *tfs, const char *category, const char *event, struct tp_format *f);
void tp_format_free(struct tp_format *f);

#endif
