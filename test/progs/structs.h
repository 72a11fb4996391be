/* The structs of test/progs/structs.c, shared with test/unit/test_ctypes.c,
 * which holds the program's DWARF layout against the compiler's offsetof. */
#ifndef BPFKIT_TEST_PROGS_STRUCTS_H
#define BPFKIT_TEST_PROGS_STRUCTS_H

struct inner {
	int id;
	char name[16];
	unsigned flags : 3;
	unsigned mode : 5;
};

struct outer {
	long pad;
	struct inner *in;
	struct inner embedded;
	int values[4];
};

#endif
