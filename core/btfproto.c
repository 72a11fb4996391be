#include "core/btfproto.h"

#include <errno.h>
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

/* A struct or union, through typedefs and qualifiers: a trampoline cannot
 * pass one by value in the kernels before 6.8. */
static bool by_value_aggregate(const struct btf *btf, __u32 id)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	while (t && (btf_is_typedef(t) || btf_is_mod(t)))
		t = btf__type_by_id(btf, t->type);
	return t && (btf_is_struct(t) || btf_is_union(t));
}

int btf_function_nargs(const char *func, unsigned char sizes[], int max)
{
	const struct btf *btf = kernel_btf();
	int id = btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -1;
	const struct btf_type *fn = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_type *proto = fn ? btf__type_by_id(btf, fn->type) : NULL;
	if (!proto || !btf_is_func_proto(proto))
		return -ENOENT;
	const struct btf_param *p = btf_params(proto);
	for (int i = 0; i < btf_vlen(proto) && i < max; i++) {
		long sz = p[i].type ? btf__resolve_size(btf, p[i].type) : 8;
		sizes[i] = sz > 0 && sz < 8 ? sz : 8;
	}
	return btf_vlen(proto);
}

bool btf_function_trampolinable(const char *func)
{
	const struct btf *btf = kernel_btf();
	int id = btf ? btf__find_by_name_kind(btf, func, BTF_KIND_FUNC) : -1;
	const struct btf_type *fn = id > 0 ? btf__type_by_id(btf, id) : NULL;
	const struct btf_type *proto = fn ? btf__type_by_id(btf, fn->type) : NULL;
	if (!proto || !btf_is_func_proto(proto) || btf_vlen(proto) > 6)
		return false;
	const struct btf_param *p = btf_params(proto);
	for (int i = 0; i < btf_vlen(proto); i++)
		if (!p[i].type || by_value_aggregate(btf, p[i].type)) /* 0: varargs */
			return false;
	return !by_value_aggregate(btf, proto->type);
}
