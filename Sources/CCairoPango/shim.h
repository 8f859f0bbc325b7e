// The C libraries coprint draws with: Cairo (PDF and PNG surfaces), Pango (text layout) and
// fontconfig (the private set of bundled fonts).
#ifndef COPRINT_CCAIROPANGO_SHIM_H
#define COPRINT_CCAIROPANGO_SHIM_H

#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <fontconfig/fontconfig.h>

// Pango's PANGO_PIXELS is a function-like macro, which Swift cannot import.
static inline int coprint_pango_pixels(int d) { return PANGO_PIXELS(d); }

#endif
