/* ndisdma: <DriverSpecs.h>, the spelling many Windows driver trees use
 * (the Windows file system ignores case; Linux does not). */
#include "driverspecs.h"
