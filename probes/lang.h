#ifndef BPFKIT_PROBES_LANG_H
#define BPFKIT_PROBES_LANG_H

/* BCC's 80 bytes for a class (or file) and a method name. */
#define LANG_NAME_LEN 80

/* A method as the language tools key and print it: CLASS.METHOD. */
struct lang_method {
	char clazz[LANG_NAME_LEN];
	char method[LANG_NAME_LEN];
};

#endif
