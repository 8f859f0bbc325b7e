// The C library's memory allocator settings (mallopt): how much freed memory it keeps.
#include <malloc.h>
