/* ndisdma: <wpprecorder.h>, the spelling some trees use (the Windows file
 * system ignores case; Linux does not). */
#include "WppRecorder.h"
