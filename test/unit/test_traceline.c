/* cmd/traceline.c: trace_pipe lines from several kernels (and the variants
 * of its options) into BCC's trace_fields, read from
 * test/unit/data/trace_pipe/lines.txt. */
#include "cmd/traceline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

static void fields(const char *line, char *out, size_t len)
{
	struct traceline l;
	switch (traceline_parse(line, strlen(line), &l)) {
	case TRACELINE_LOST: snprintf(out, len, "lost"); return;
	case TRACELINE_OTHER: snprintf(out, len, "other"); return;
	case TRACELINE_EVENT: break;
	}
	snprintf(out, len, "%.*s|%d|%d|%d|%.*s|%.6f|%.*s", (int)l.task_len, l.task, l.pid, l.tgid, l.cpu,
		 l.flags_len ? (int)l.flags_len : 1, l.flags_len ? l.flags : "-", l.ts, (int)l.msg_len, l.msg);
}

int main(void)
{
	FILE *f = fopen(TEST_SOURCE_DIR "/unit/data/trace_pipe/lines.txt", "r");
	CHECK(f, "cannot open lines.txt");
	if (!f)
		return 1;
	char line[1024], input[1024] = "", got[1024];
	int n = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		if (line[0] == '<')
			snprintf(input, sizeof(input), "%s", line[1] ? line + 2 : "");
		if (line[0] != '>')
			continue;
		fields(input, got, sizeof(got));
		CHECK(!strcmp(got, line + 2), "'%s'\n  gave   '%s'\n  wanted '%s'", input, got, line + 2);
		n++;
	}
	fclose(f);
	CHECK(n >= 20, "only %d cases in lines.txt", n);
	/* A line cut anywhere is refused or split, never read beyond. */
	const char *full = "        printker-130     (    130) [000] ...21     9.751291: bpf_trace_printk: bpfkit-tp 130";
	for (size_t cut = 0; cut < strlen(full); cut++) {
		/* Exactly cut bytes: the san tier's ASan sees a read past them. */
		char *part = malloc(cut + !cut);
		memcpy(part, full, cut);
		struct traceline l;
		if (traceline_parse(part, cut, &l) == TRACELINE_EVENT)
			CHECK(l.msg + l.msg_len <= part + cut, "cut at %zu: message beyond the line", cut);
		free(part);
	}
	printf("traceline: %d lines\n", n);
	return failures != 0;
}
