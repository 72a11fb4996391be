#ifndef BPFKIT_PROBES_BASHREADLINE_H
#define BPFKIT_PROBES_BASHREADLINE_H

#define BASHREADLINE_LINE_LEN 80 /* BCC's */

struct readline_event {
	__u32 pid;
	char comm[16];
	char line[BASHREADLINE_LINE_LEN];
};

#endif
