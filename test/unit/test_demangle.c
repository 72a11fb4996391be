/* symbolize/demangle.c on real names: Rust's two manglings as rustc 1.95
 * emitted them (taken with nm from test/unit/data/rust/names.rs and a
 * program calling into std), each expected as Rust's own backtraces print
 * it; C++ exactly as GCC's __cxa_demangle prints it, including a name that
 * libiberty's newer C++ demangler prints differently; and the cache, whose
 * names must stay valid until demangler_release(). */
#include "symbolize/demangle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test/unit/check.h"

static const struct {
	const char *mangled, *plain;
} cases[] = {
	/* Rust legacy: the hash is dropped, $-escapes decoded. */
	{ "_ZN5names6shapes4deep11count_words17h8a35d07640738873E", "names::shapes::deep::count_words" },
	{ "_ZN5names14Point$LT$T$GT$3sum17h8632a564b70b06b0E", "names::Point<T>::sum" },
	{ "_ZN61_$LT$names..shapes..Circle$u20$as$u20$names..shapes..Area$GT$4area17hd2cc89cbe32f90ecE",
	  "<names::shapes::Circle as names::shapes::Area>::area" },
	{ "_ZN60_$LT$names..Point$LT$T$GT$$u20$as$u20$core..fmt..Display$GT$3fmt17ha2e73b2927f9b18dE",
	  "<names::Point<T> as core::fmt::Display>::fmt" },
	{ "_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17ha86af84d9cc65291E",
	  "std::rt::lang_start::{{closure}}" },
	/* LLVM's suffix on a local copy. */
	{ "_ZN1r11count_words17ha9acf19e138f6cedE.llvm.12345", "r::count_words" },
	/* Rust v0: generic arguments kept, crate disambiguators dropped. */
	{ "_RNvNtNtCs4T4zK9Otvt5_5names6shapes4deep11count_words", "names::shapes::deep::count_words" },
	{ "_RNvMCs4T4zK9Otvt5_5namesINtB2_5PointmE3sumB2_", "<names::Point<u32>>::sum" },
	{ "_RNvXNtCs4T4zK9Otvt5_5names6shapesNtB2_6CircleNtB2_4Area4area",
	  "<names::shapes::Circle as names::shapes::Area>::area" },
	{ "_RINvCs4T4zK9Otvt5_5names7largestyEB2_", "names::largest::<u64>" },
	{ "_RINvCs4T4zK9Otvt5_5names5applyNCNvB2_4main0EB2_", "names::apply::<names::main::{closure#0}>" },
	{ "_RNvXs_Cs4T4zK9Otvt5_5namesINtB4_5PointlENtNtCsgEmfK2I1SDS_4core3fmt7Display3fmtB4_",
	  "<names::Point<i32> as core::fmt::Display>::fmt" },
	{ "_RNSNvYNCINvNtCsjrHSEGnQ3l9_3std2rt10lang_startuE0INtNtNtCsgEmfK2I1SDS_4core3ops8function6FnOnceuE9"
	  "call_once6vtableCs6GmmlP4bgsG_1r",
	  "<std::rt::lang_start<()>::{closure#0} as core::ops::function::FnOnce<()>>::call_once::{shim:vtable#0}" },
	{ "_RNCNCNCNvNtCsjrHSEGnQ3l9_3std2rt19lang_start_internal00s_0B9_",
	  "std::rt::lang_start_internal::{closure#0}::{closure#0}::{closure#1}" },
	/* C++, as before: __cxa_demangle's text. */
	{ "_ZN2bk4overEd", "bk::over(double)" },
	{ "_ZN3foo3barE", "foo::bar" },
	{ "_ZNSt6vectorIiSaIiEE9push_backERKi", "std::vector<int, std::allocator<int> >::push_back(int const&)" },
	/* libiberty 20230104 prints "(std::declval<llvm::BasicBlock&>)()". */
	{ "_ZN4llvm17make_filter_rangeIRNS_10BasicBlockESt8functionIFbRNS_11InstructionEEEEENS_14iterator_"
	  "rangeINS_20filter_iterator_implIDTclsr3stdE5beginclsr3stdE7declvalIRT_EEEET0_NS_6detail15fwd_or_"
	  "bidi_tagISC_E4typeEEEEEOSA_SD_",
	  "llvm::iterator_range<llvm::filter_iterator_impl<decltype (std::begin(std::declval<llvm::BasicBlock&>()"
	  ")), std::function<bool (llvm::Instruction&)>, llvm::detail::fwd_or_bidi_tag<decltype (std::begin("
	  "std::declval<llvm::BasicBlock&>()))>::type> > llvm::make_filter_range<llvm::BasicBlock&, std::"
	  "function<bool (llvm::Instruction&)> >(llvm::BasicBlock&, std::function<bool (llvm::Instruction&)>)" },
};

/* Names that are not mangled, or not validly: returned as given. */
static const char *const verbatim[] = {
	"main", "vfs_read", "_start", "_R", "_RNvgarbage", "_Z", "_ZN3foo", "__libc_start_main",
};

int main(void)
{
	struct demangler *d = demangler_new();
	CHECK(d, "demangler_new");
	if (!d)
		return 1;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *got = demangle(d, cases[i].mangled);
		CHECK(!strcmp(got, cases[i].plain), "%s\n  got  %s\n  want %s", cases[i].mangled, got,
		      cases[i].plain);
		/* The second ask is the cache's: the same string. */
		CHECK(demangle(d, cases[i].mangled) == got, "%s: not answered from the cache", cases[i].mangled);
	}
	for (size_t i = 0; i < sizeof(verbatim) / sizeof(*verbatim); i++)
		CHECK(demangle(d, verbatim[i]) == verbatim[i], "%s changed to %s", verbatim[i],
		      demangle(d, verbatim[i]));

	/* 100,000 other names through 4,096 slots replace every entry many
	 * times over; what was handed out before stays readable. */
	const char *rust = demangle(d, cases[1].mangled), *cxx = demangle(d, "_ZN2bk4overEd");
	char name[64], want[64];
	for (unsigned i = 0; i < 100000 && failures < 20; i++) {
		snprintf(name, sizeof(name), "_ZN6f%05uE", i);
		snprintf(want, sizeof(want), "f%05u", i);
		const char *p = demangle(d, name);
		CHECK(!strcmp(p, want), "%s -> %s", name, p);
	}
	CHECK(!strcmp(rust, "names::Point<T>::sum") && !strcmp(cxx, "bk::over(double)"),
	      "names handed out before the cache turned over changed: '%s', '%s'", rust, cxx);
	demangler_release(d);
	CHECK(!strcmp(demangle(d, cases[1].mangled), "names::Point<T>::sum"), "after release");
	demangler_free(d);
	printf("%zu names demangled, %zu left alone, %d failures\n", sizeof(cases) / sizeof(*cases),
	       sizeof(verbatim) / sizeof(*verbatim), failures);
	return failures != 0;
}
