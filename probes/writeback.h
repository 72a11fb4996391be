#ifndef BPFKIT_PROBES_WRITEBACK_H
#define BPFKIT_PROBES_WRITEBACK_H

/* One writeback work, from its writeback_start to its writeback_written. */
struct wb_event {
	char name[32]; /* the backing device, "MAJ:MIN" */
	__u64 pages;   /* written: the work's nr_pages at start less at the end */
	__u64 lat_ns;
	__u32 sb_dev;  /* the file system's device, 0: every one on the device */
	int reason;    /* enum wb_reason */
};

#endif
