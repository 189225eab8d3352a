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

/* Sockets and interfaces for the metadata services (System/Socket.swift, System/NetworkLink.swift):
 * struct ifreq and struct rtentry are unions Swift reads awkwardly, and ioctl()/setsockopt() with
 * them are variadic or untyped; each call is one function here. Addresses are in network order. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <net/if.h>
#include <net/route.h>
#include <poll.h>
#include <string.h>

static inline int flamingo_socket_bind_to_device(int fd, const char *name) {
    return setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, (socklen_t)strlen(name) + 1);
}
static inline int flamingo_socket_set_flag(int fd, int option) {
    int on = 1;
    return setsockopt(fd, SOL_SOCKET, option, &on, sizeof(on));
}
static const int flamingo_SO_REUSEADDR = SO_REUSEADDR;
static const int flamingo_SO_BROADCAST = SO_BROADCAST;
static inline int flamingo_socket_error(int fd) {
    int error = 0; socklen_t length = sizeof(error);
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) return errno;
    return error;
}
static inline int flamingo_connect_ipv4(int fd, uint32_t address, uint16_t port) {
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = { address } };
    return connect(fd, (struct sockaddr *)&to, sizeof(to));
}
static inline int flamingo_bind_ipv4(int fd, uint32_t address, uint16_t port) {
    struct sockaddr_in at = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = { address } };
    return bind(fd, (struct sockaddr *)&at, sizeof(at));
}
static inline long flamingo_send_to_ipv4(int fd, const void *bytes, unsigned long count, uint32_t address, uint16_t port) {
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr = { address } };
    return (long)sendto(fd, bytes, count, 0, (struct sockaddr *)&to, sizeof(to));
}
static inline int flamingo_poll_one(int fd, short events, int milliseconds) {
    struct pollfd one = { .fd = fd, .events = events };
    int ready = poll(&one, 1, milliseconds);
    return ready > 0 ? one.revents : ready;
}
static const short flamingo_POLLIN = POLLIN;
static const short flamingo_POLLOUT = POLLOUT;

static inline int flamingo_interface_flags(int fd, const char *name, short *flags) {
    struct ifreq request; memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    if (ioctl(fd, SIOCGIFFLAGS, &request) != 0) return -1;
    *flags = request.ifr_flags;
    return 0;
}
static inline int flamingo_interface_set_flags(int fd, const char *name, short flags) {
    struct ifreq request; memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_flags = flags;
    return ioctl(fd, SIOCSIFFLAGS, &request);
}
static const short flamingo_IFF_UP = IFF_UP;
static inline int flamingo_interface_ipv4_request(int fd, const char *name, unsigned long call, uint32_t address) {
    struct ifreq request; memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    struct sockaddr_in *in = (struct sockaddr_in *)&request.ifr_addr;
    in->sin_family = AF_INET;
    in->sin_addr.s_addr = address;
    return ioctl(fd, call, &request);
}
/* The interface's (first) IPv4 address; -1 with EADDRNOTAVAIL when it has none. */
static inline int flamingo_interface_address(int fd, const char *name, uint32_t *address) {
    struct ifreq request; memset(&request, 0, sizeof(request));
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_addr.sa_family = AF_INET;
    if (ioctl(fd, SIOCGIFADDR, &request) != 0) return -1;
    *address = ((struct sockaddr_in *)&request.ifr_addr)->sin_addr.s_addr;
    return 0;
}
/* An address and its netmask (and the broadcast address they imply); address 0 removes the address. */
static inline int flamingo_interface_set_address(int fd, const char *name, uint32_t address, uint32_t netmask) {
    if (flamingo_interface_ipv4_request(fd, name, SIOCSIFADDR, address) != 0) return -1;
    if (address == 0) return 0;
    if (flamingo_interface_ipv4_request(fd, name, SIOCSIFNETMASK, netmask) != 0) return -1;
    if (netmask != 0xffffffffu && flamingo_interface_ipv4_request(fd, name, SIOCSIFBRDADDR, address | ~netmask) != 0) return -1;
    return 0;
}
/* A route through the interface: to destination/netmask, through gateway (0: on the link). */
static inline int flamingo_route_add(int fd, const char *name, uint32_t destination, uint32_t netmask, uint32_t gateway) {
    struct rtentry route; memset(&route, 0, sizeof(route));
    struct sockaddr_in *dst = (struct sockaddr_in *)&route.rt_dst, *mask = (struct sockaddr_in *)&route.rt_genmask,
                       *gw = (struct sockaddr_in *)&route.rt_gateway;
    dst->sin_family = mask->sin_family = gw->sin_family = AF_INET;
    dst->sin_addr.s_addr = destination; mask->sin_addr.s_addr = netmask; gw->sin_addr.s_addr = gateway;
    route.rt_flags = RTF_UP | (gateway ? RTF_GATEWAY : 0) | (netmask == 0xffffffffu ? RTF_HOST : 0);
    route.rt_dev = (char *)name;
    return ioctl(fd, SIOCADDRT, &route);
}

#endif
