#!/usr/bin/env python3
"""Writes one image layer as an uncompressed, reproducible tar: sorted entries, fixed times, explicit owners.

Usage: layer.py OUT.tar ENTRY...
An ENTRY is one of
  dir:PATH:MODE:UID:GID              a directory in the image
  file:SRC:PATH:MODE:UID:GID         a file copied from the host
  tree:SRC:PATH:UID:GID              a host directory copied recursively (modes kept, owner as given)
  rootfs:SRC                         a whole root filesystem, owners and modes kept (a base image)
Same input, same bytes: so a layer's digest changes only when its content does.
"""
import os
import stat
import sys
import tarfile

EPOCH = 0


def info(name, kind, mode, uid, gid, size=0):
    ti = tarfile.TarInfo(name.lstrip("/") or ".")
    ti.type = kind
    ti.mode = mode
    ti.uid, ti.gid = uid, gid
    ti.uname = ti.gname = ""
    ti.mtime = EPOCH
    ti.size = size
    return ti


def add_parents(tar, seen, path):
    parts = path.strip("/").split("/")[:-1]
    for i in range(1, len(parts) + 1):
        d = "/".join(parts[:i])
        if d not in seen:
            seen.add(d)
            tar.addfile(info(d, tarfile.DIRTYPE, 0o755, 0, 0))


def add_file(tar, seen, src, dest, mode, uid, gid):
    add_parents(tar, seen, dest)
    with open(src, "rb") as f:
        tar.addfile(info(dest, tarfile.REGTYPE, mode, uid, gid, os.path.getsize(src)), f)
    seen.add(dest.strip("/"))


def add_tree(tar, seen, src, dest, uid, gid, keep_owner=False):
    for root, dirs, files in os.walk(src):
        dirs.sort()
        rel = os.path.relpath(root, src)
        base = dest.rstrip("/") + ("" if rel == "." else "/" + rel)
        st = os.lstat(root)
        o_uid, o_gid = (st.st_uid, st.st_gid) if keep_owner else (uid, gid)
        if base.strip("/") and base.strip("/") not in seen:
            add_parents(tar, seen, base)
            tar.addfile(info(base, tarfile.DIRTYPE, stat.S_IMODE(st.st_mode), o_uid, o_gid))
            seen.add(base.strip("/"))
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(root, d))]):
            path = os.path.join(root, name)
            target = base.rstrip("/") + "/" + name
            st = os.lstat(path)
            f_uid, f_gid = (st.st_uid, st.st_gid) if keep_owner else (uid, gid)
            mode = stat.S_IMODE(st.st_mode)
            if stat.S_ISLNK(st.st_mode):
                ti = info(target, tarfile.SYMTYPE, 0o777, f_uid, f_gid)
                ti.linkname = os.readlink(path)
                tar.addfile(ti)
            elif stat.S_ISREG(st.st_mode):
                with open(path, "rb") as f:
                    tar.addfile(info(target, tarfile.REGTYPE, mode, f_uid, f_gid, st.st_size), f)
            elif stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode) or stat.S_ISFIFO(st.st_mode):
                # Device nodes belong to the runtime, which mounts /dev itself.
                continue
            seen.add(target.strip("/"))
        # Symlinked directories were added as links above; do not descend into them.
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(root, d))]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out = argv[1]
    seen = set()
    with tarfile.open(out + ".tmp", "w", format=tarfile.PAX_FORMAT) as tar:
        for entry in argv[2:]:
            kind, _, rest = entry.partition(":")
            f = rest.split(":")
            if kind == "dir":
                path, mode, uid, gid = f[0], int(f[1], 8), int(f[2]), int(f[3])
                add_parents(tar, seen, path)
                tar.addfile(info(path, tarfile.DIRTYPE, mode, uid, gid))
                seen.add(path.strip("/"))
            elif kind == "file":
                add_file(tar, seen, f[0], f[1], int(f[2], 8), int(f[3]), int(f[4]))
            elif kind == "tree":
                add_tree(tar, seen, f[0], f[1], int(f[2]), int(f[3]))
            elif kind == "rootfs":
                add_tree(tar, seen, f[0], "/", 0, 0, keep_owner=True)
            else:
                sys.exit("unknown entry kind: " + entry)
    os.replace(out + ".tmp", out)


if __name__ == "__main__":
    main(sys.argv)
