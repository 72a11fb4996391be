// C++ names: namespaces, templates, overloads, for demangling.
#include <cstdio>
#include <vector>

namespace bk {
template <typename T> struct Acc {
	T total{};
	__attribute__((noinline)) void add(T v) { total += v * 2; }
};

__attribute__((noinline)) int over(int v) { return v + 1; }
__attribute__((noinline)) double over(double v) { return v * 1.5; }
}

int main(int argc, char **)
{
	bk::Acc<long> a;
	std::vector<int> v(argc + 3, 2);
	for (int x : v)
		a.add(bk::over(x));
	std::printf("%ld %f\n", a.total, bk::over(2.0));
	return 0;
}
