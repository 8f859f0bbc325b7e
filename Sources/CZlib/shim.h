// zlib's C API: the finishing step compresses the page content it rewrites.
#include <zlib.h>
