/* fs.h — files as the kernel sees them: inodes (one per file, directory or device),
 * directory entries, open files, and the operations each kind provides. The root is an
 * in-memory filesystem (ramfs.c) filled from the initramfs; /dev holds device inodes
 * and /proc is generated on demand (procfs.c). */
#ifndef FS_H
#define FS_H

#include "kernel.h"
#include "list.h"
#include "lock.h"
#include "radix.h"

/* File types and open flags: Linux's values. */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)

#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_DIRECTORY 00200000
#define O_CLOEXEC   02000000

#define AT_FDCWD     (-100)
#define AT_REMOVEDIR 0x200
#define AT_EMPTY_PATH 0x1000

#define DT_FIFO 1
#define DT_CHR  2
#define DT_DIR  4
#define DT_REG  8

struct inode;
struct file;

/* One entry of a directory listing, filled by readdir. */
struct dir_entry {
    uint64_t ino;
    uint8_t type;             /* DT_* */
    char name[NAME_MAX + 1];
};

struct inode_ops {
    /* The child called name, with a reference, or NULL. */
    struct inode *(*lookup)(struct inode *dir, const char *name);
    /* Entry number pos (0 is ".", 1 is ".."): 1 if filled, 0 past the end. */
    int (*readdir)(struct inode *dir, uint64_t pos, struct dir_entry *out);
    /* A new child (regular file or directory by mode), with a reference. */
    int (*create)(struct inode *dir, const char *name, uint32_t mode, struct inode **out);
    int (*unlink)(struct inode *dir, const char *name, bool is_dir);
};

struct file_ops {
    ssize_t (*read)(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos);
    ssize_t (*write)(struct file *f, uint64_t ubuf, size_t n, uint64_t *pos);
    long (*ioctl)(struct file *f, unsigned long cmd, uint64_t arg);
    int (*open)(struct file *f);
    void (*release)(struct file *f);
};

struct inode {
    uint64_t ino;
    uint32_t mode;            /* S_IF* | permission bits */
    uint32_t nlink;           /* names in directories; freed at 0 links, 0 refs */
    int ref;                  /* in-kernel references: open files, cwds, walks (atomic) */
    uint32_t rdev;            /* devices: major << 8 | minor */
    uint64_t size;            /* changed with both lock and pages_lock held */
    uint64_t mtime_ns;
    struct mutex lock;        /* regular files: data and size, for read, write (with
                                 O_APPEND's positioning), truncate (Linux's i_rwsem) */
    struct spinlock pages_lock; /* the page index (and nr_swapped): Linux's xa_lock */
    struct radix_tree pages;  /* regular files: page index -> frame or, once swapped
                                 out, its swap entry (see swap.h): the page cache */
    uint64_t nr_swapped;      /* pages entries that are swap entries (shmem.c) */
    struct list_head swaplist; /* on shmem's list while nr_swapped > 0 */
    struct list_head entries; /* directories: struct dentry, in creation order */
    struct inode *parent;     /* directories: for ".." */
    const struct inode_ops *iops;
    const struct file_ops *fops;
    void *priv;               /* procfs: what the file shows; pipes: the pipe */
    pid_t pid;                /* procfs: whose file it is */
};

struct dentry {
    struct list_head link;
    struct inode *inode;
    char name[];
};

struct file {
    int ref;
    unsigned flags;           /* O_ACCMODE | O_APPEND | O_NONBLOCK */
    uint64_t pos;
    struct inode *inode;
    const struct file_ops *ops;
    void *priv;               /* procfs: the generated text */
    size_t priv_len;
};

/* Linux asm-generic struct stat (riscv64). */
struct kstat {
    uint64_t st_dev, st_ino;
    uint32_t st_mode, st_nlink, st_uid, st_gid;
    uint64_t st_rdev, pad1;
    int64_t st_size;
    int32_t st_blksize, pad2;
    int64_t st_blocks;
    int64_t st_atime_sec, st_atime_nsec, st_mtime_sec, st_mtime_nsec, st_ctime_sec, st_ctime_nsec;
    uint32_t unused4, unused5;
};

extern struct inode *fs_root;

/* ramfs.c */
void ramfs_init(void);
struct inode *inode_alloc(uint32_t mode);
struct inode *inode_get(struct inode *ip);
void inode_put(struct inode *ip);
int ramfs_link_inode(struct inode *dir, const char *name, struct inode *ip);
ssize_t inode_read_kernel(struct inode *ip, void *dst, uint64_t off, size_t n);
ssize_t inode_write_kernel(struct inode *ip, const void *src, uint64_t off, size_t n);
int inode_truncate(struct inode *ip, uint64_t size);
void inode_stat(struct inode *ip, struct kstat *st);
int ramfs_rename(struct inode *odir, const char *oname, struct inode *ndir, const char *nname);
extern const struct inode_ops ramfs_dir_iops;
void ns_lock(void);
void ns_unlock(void);

/* namei.c */
int path_lookup(struct inode *start, const char *path, struct inode **out);
int path_parent(struct inode *start, const char *path, struct inode **dir, char *last);
int path_mkdirs(const char *path, uint32_t mode, struct inode **out);

/* file.c */
struct file *file_alloc(struct inode *ip, unsigned flags);
struct file *file_get(struct file *f);
void file_put(struct file *f);
struct file *fd_file(int fd);
int fd_install(struct file *f, int minfd, bool cloexec);
struct file *fd_close(int fd);
struct file *fd_replace(int fd, struct file *f, bool cloexec);
int fd_cloexec(int fd, int set);
int file_open(struct inode *ip, unsigned flags, struct file **out);
struct task;
void files_close_on_exec(struct task *t);
void fd_release_borrowed(void);

/* A descriptor table; threads made with CLONE_FILES share one, and change it from
 * several harts: lock guards the slots and the close-on-exec bits. */
struct files_struct {
    int count;                /* tasks using it (atomic) */
    struct spinlock lock;
    struct file *fd[NOFILE];
    uint32_t cloexec;         /* bit fd: close on execve */
};

/* The working directory; threads made with CLONE_FS share it (lock: cwd). */
struct fs_struct {
    int count;                /* atomic */
    struct spinlock lock;
    struct inode *cwd;
};

struct files_struct *files_alloc(void);
struct files_struct *files_dup(struct files_struct *old);
void files_put(struct files_struct *fs);
int files_unshare(struct task *t);
struct fs_struct *fs_alloc(struct inode *cwd);
void fs_put(struct fs_struct *fs);
void fs_get(struct fs_struct *fs);
void files_get(struct files_struct *fs);
struct inode *cwd_get(struct task *t);
void set_cwd(struct inode *ip);

/* pipe.c */
int pipe_create(struct file **rf, struct file **wf);

/* devices.c */
void devices_init(void);

/* procfs.c */
struct inode *procfs_init(void);

/* initramfs.c */
int initramfs_unpack(const uint8_t *start, size_t len);

#endif
