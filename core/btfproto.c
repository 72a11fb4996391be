#include "core/btfproto.h"

#include <bpf/btf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct btf *vmlinux;

static void free_vmlinux(void)
{
	btf__free(vmlinux);
}

const struct btf *kernel_btf(void)
{
	static bool tried;
	if (!tried) {
		tried = true;
		vmlinux = btf__load_vmlinux_btf();
		if (vmlinux)
			atexit(free_vmlinux);
	}
	return vmlinux;
}

const struct btf_type *btf_tracepoint_proto(const char *event)
{
	const struct btf *btf = kernel_btf();
	char tname[128];
	if (!btf)
		return NULL;
	snprintf(tname, sizeof(tname), "btf_trace_%s", event);
	int id = btf__find_by_name_kind(btf, tname, BTF_KIND_TYPEDEF);
	const struct btf_type *ty = id > 0 ? btf__type_by_id(btf, id) : NULL;
	/* typedef -> pointer -> (void *data, first, ...) */
	if (ty && (ty = btf__type_by_id(btf, ty->type)) && btf_is_ptr(ty) && (ty = btf__type_by_id(btf, ty->type)) &&
	    btf_is_func_proto(ty))
		return ty;
	return NULL;
}

bool btf_tracepoint_takes(const char *event, const char *name)
{
	const struct btf *btf = kernel_btf();
	const struct btf_type *proto = btf_tracepoint_proto(event);
	if (!proto || btf_vlen(proto) < 2)
		return false;
	const struct btf_type *arg = btf__type_by_id(btf, btf_params(proto)[1].type);
	return arg && btf_is_ptr(arg) && (arg = btf__type_by_id(btf, arg->type)) && btf_is_struct(arg) &&
	       !strcmp(btf__name_by_offset(btf, arg->name_off), name);
}
