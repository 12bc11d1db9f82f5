"""Stand-in for the `xattr` module when the storage filesystem has no user xattrs (old tmpfs, some
overlay setups). Swift keeps object metadata in xattrs; this keeps it in small files named after the
object file's inode, which survives the rename Swift does when it commits an object. Used only as a
fallback: the sidecar files of deleted objects are not reclaimed.
"""

import errno
import os
import shutil


class XattrShim(object):
    def __init__(self, root):
        self.root = root
        os.makedirs(root, exist_ok=True)

    def _dir(self, target):
        info = os.fstat(target) if isinstance(target, int) else (
            os.stat(target) if isinstance(target, (str, bytes)) else os.fstat(target.fileno()))
        return os.path.join(self.root, '%d-%d' % (info.st_dev, info.st_ino))

    def getxattr(self, target, key):
        path = os.path.join(self._dir(target), key.hex() if isinstance(key, bytes) else key.encode().hex())
        try:
            with open(path, 'rb') as handle:
                return handle.read()
        except FileNotFoundError:
            raise OSError(errno.ENODATA, 'No data available')

    def setxattr(self, target, key, value):
        directory = self._dir(target)
        key = key if isinstance(key, bytes) else key.encode()
        if key == b'user.swift.metadata':
            # The first chunk starts a new set: drop what an earlier file with this inode left.
            shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, key.hex()), 'wb') as handle:
            handle.write(value)
