/* Debian's static libelf.a/libdw.a (elfutils 0.192, bookworm-backports) call
 * elfutils' internal search-tree wrappers but do not ship the object that
 * defines them (it lives in the unshipped libeu.a), so a static link fails.
 * These are the same thin wrappers over tsearch(3).  Only the tree root, the
 * first member of elfutils' search_tree, is touched: its optional lock is
 * never used because bpfkit reads ELF files from one thread.  Weak, so a
 * libelf.a that does carry them wins. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <search.h>
#include <stdlib.h>

struct eu_search_tree {
	void *root;
};

typedef int (*eu_compare_fn)(const void *, const void *);

__attribute__((weak)) void *eu_tsearch(const void *key, struct eu_search_tree *tree, eu_compare_fn cmp)
{
	return tsearch(key, &tree->root, cmp);
}

__attribute__((weak)) void *eu_tfind(const void *key, struct eu_search_tree *tree, eu_compare_fn cmp)
{
	return tfind(key, &tree->root, cmp);
}

__attribute__((weak)) void *eu_tdelete(const void *key, struct eu_search_tree *tree, eu_compare_fn cmp)
{
	return tdelete(key, &tree->root, cmp);
}

__attribute__((weak)) void eu_tdestroy(struct eu_search_tree *tree, void (*free_node)(void *))
{
	tdestroy(tree->root, free_node);
	tree->root = NULL;
}

__attribute__((weak)) void eu_search_tree_init(struct eu_search_tree *tree)
{
	tree->root = NULL;
}

__attribute__((weak)) void eu_search_tree_fini(struct eu_search_tree *tree)
{
}
