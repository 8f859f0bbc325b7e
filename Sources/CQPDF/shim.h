// libqpdf's C API: the one C header coprint reads PDFs through after Cairo has written them.
#include <qpdf/qpdf-c.h>
