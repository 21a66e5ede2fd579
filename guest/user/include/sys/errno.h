/* sys/errno.h — see errno.h. */
#include <errno.h>
