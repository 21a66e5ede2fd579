/* sys/signal.h — see signal.h. */
#include <signal.h>
