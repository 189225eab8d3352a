#ifndef FLAMINGO_SHIM_H
#define FLAMINGO_SHIM_H


#include <blkid/blkid.h>
#include <libmount/libmount.h>
#include <yaml.h>
#include <zlib.h>
#include <crypt.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <unistd.h>

/* glibc 2.36 has no openat2() wrapper; Swift cannot call the variadic syscall(). */
static inline int flamingo_openat2(int dirfd, const char *path, int flags, unsigned int mode,
                                   unsigned long long resolve) {
#ifdef SYS_openat2
    struct open_how how = { .flags = (unsigned long long)flags, .mode = mode, .resolve = resolve };
    return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
#else
    errno = ENOSYS;
    return -1;
#endif
}

/* open(2) flags Swift does not import: O_PATH needs _GNU_SOURCE, which this module cannot define
 * without clashing with Swift's Glibc module; glibc defines the __O_* spellings unconditionally. */
static const int flamingo_O_PATH = __O_PATH;
static const int flamingo_O_DIRECTORY = __O_DIRECTORY;
static const int flamingo_O_NOFOLLOW = __O_NOFOLLOW;
static const unsigned long long flamingo_RESOLVE_IN_ROOT = RESOLVE_IN_ROOT;
static const unsigned long long flamingo_RESOLVE_NO_MAGICLINKS = RESOLVE_NO_MAGICLINKS;
static const unsigned long long flamingo_RESOLVE_NO_XDEV = RESOLVE_NO_XDEV;

#endif
