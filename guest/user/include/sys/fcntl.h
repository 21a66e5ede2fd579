/* sys/fcntl.h — see fcntl.h. */
#include <fcntl.h>
