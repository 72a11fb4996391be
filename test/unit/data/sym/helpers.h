int twist(int n);
