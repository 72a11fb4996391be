#ifndef BPFKIT_PROBES_UGC_H
#define BPFKIT_PROBES_UGC_H

/* Which pair of probes a collection was seen by: its description's form. */
enum ugc_kind { UGC_JAVA_POOL, UGC_JAVA_GC, UGC_NODE, UGC_PYTHON, UGC_RUBY_MARK, UGC_RUBY_SWEEP };

struct ugc_event {
	__u64 elapsed_ns;
	__u64 field1, field2, field3, field4;
	__u32 kind;
	__u32 pad;
	char string1[32], string2[32];
};

#endif
