#ifndef FLAMINGO_SHIM_H
#define FLAMINGO_SHIM_H


#include <blkid/blkid.h>
#include <libmount/libmount.h>
#include <libfdisk/libfdisk.h>
#include <yaml.h>
#include <zlib.h>
#include <crypt.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/mount.h>
#include <sys/ioctl.h>
#include <linux/blkpg.h>
#include <linux/fs.h>
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
static const unsigned long long flamingo_RESOLVE_NO_SYMLINKS = RESOLVE_NO_SYMLINKS;
static const unsigned long long flamingo_RESOLVE_NO_XDEV = RESOLVE_NO_XDEV;

/* Tells the kernel a partition's new extent on a disk that is in use (what `partx -u` does), or
 * adds a partition node (`partx -a`): BLKPG with the byte offsets. ioctl() is variadic. */
static inline int flamingo_blkpg(int disk_fd, int op, int partno, long long start, long long length) {
    struct blkpg_partition part = { .start = start, .length = length, .pno = partno };
    struct blkpg_ioctl_arg arg = { .op = op, .flags = 0, .datalen = sizeof(part), .data = &part };
    return ioctl(disk_fd, BLKPG, &arg);
}
static const int flamingo_BLKPG_RESIZE_PARTITION = BLKPG_RESIZE_PARTITION;
static const int flamingo_BLKPG_ADD_PARTITION = BLKPG_ADD_PARTITION;
static const int flamingo_BLKPG_DEL_PARTITION = BLKPG_DEL_PARTITION;

/* gnu_dev_major()/minor() are macros Swift cannot call. */
#include <sys/sysmacros.h>
/* syncfs() is declared only under _GNU_SOURCE, which Swift's Glibc module does not define. */
static inline int flamingo_syncfs(int fd) { return (int)syscall(SYS_syncfs, fd); }

static inline unsigned int flamingo_major(dev_t dev) { return major(dev); }
static inline unsigned int flamingo_minor(dev_t dev) { return minor(dev); }

/* A block device's size in bytes, and a request to re-read its partition table. */
static inline int flamingo_block_size(int fd, unsigned long long *bytes) { return ioctl(fd, BLKGETSIZE64, bytes); }
static inline int flamingo_reread_partitions(int fd) { return ioctl(fd, BLKRRPART, 0); }

/* mount(2) flags: glibc declares them as an enum whose constants Swift imports with varying types. */
static const unsigned long flamingo_MS_RDONLY = MS_RDONLY;
static const unsigned long flamingo_MS_NOSUID = MS_NOSUID;
static const unsigned long flamingo_MS_NODEV = MS_NODEV;
static const unsigned long flamingo_MS_NOEXEC = MS_NOEXEC;
static const unsigned long flamingo_MS_REMOUNT = MS_REMOUNT;
static const unsigned long flamingo_MS_NOATIME = MS_NOATIME;
static const unsigned long flamingo_MS_NODIRATIME = MS_NODIRATIME;
static const unsigned long flamingo_MS_BIND = MS_BIND;
static const unsigned long flamingo_MS_RELATIME = MS_RELATIME;

#endif
