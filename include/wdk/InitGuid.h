/* ndisdma: <InitGuid.h>, the spelling some Windows trees use (the Windows
 * file system ignores case; Linux does not). */
#include "initguid.h"
