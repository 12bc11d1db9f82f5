"""Runs a one-node OpenStack Swift with the S3 API (s3api + tempauth) in ONE process, for sluice.

Started by infra/local/swift.ts; not meant to be run by hand (but `python3 sluice_swift.py --root DIR`
works). It binds the proxy, account, container and object servers to 127.0.0.1 on free ports, builds
one-replica rings for them, starts memcached (tempauth needs it), and serves every server in green
threads of this process, so the Swift code is imported once. When ready it prints one JSON line on
stdout: {"event": "ready", "port": <S3 port>}. SIGTERM/SIGINT or the death of the parent stop it.
Logs (warnings and errors) go to stderr.
"""

import argparse
import ctypes
import json
import logging
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SERVERS = ('proxy', 'account', 'container', 'object')
children = []
scratch = []  # directories to remove on exit (the state of an --ephemeral server)


def die_with_parent(sig=signal.SIGTERM):
    """Ask Linux to signal us when the process that started us exits (no-op elsewhere)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, int(sig))  # PR_SET_PDEATHSIG
    except Exception:
        pass


def stop(*_, code=0):
    # Plain kill(2), no wait: this runs as a signal handler, possibly inside eventlet's hub, where a
    # green waitpid cannot switch and the process would live on. The orphan is reaped by init.
    for child in children:
        try:
            os.kill(child.pid, signal.SIGKILL)
        except OSError:
            pass
    for directory in scratch:
        shutil.rmtree(directory, ignore_errors=True)
    os._exit(code)


def free_port():
    with socket.socket() as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


def start_memcached():
    """memcached on a free loopback port; tempauth refuses to work without a cache."""
    args = ['memcached', '-l', '127.0.0.1', '-U', '0', '-m', '32', '-t', '1', '-c', '256']
    if os.geteuid() == 0:
        args += ['-u', 'root']  # memcached refuses to run as root unless told which user to be
    for _ in range(5):
        port = free_port()
        child = subprocess.Popen(args + ['-p', str(port)], stdin=subprocess.DEVNULL,
                                 preexec_fn=die_with_parent)
        deadline = time.time() + 5
        while time.time() < deadline and child.poll() is None:
            try:
                socket.create_connection(('127.0.0.1', port), timeout=0.2).close()
                children.append(child)
                return port
            except OSError:
                time.sleep(0.02)
        child.kill()
    raise SystemExit('sluice-swift: memcached did not start')


def write(path, text):
    with open(path, 'w') as handle:
        handle.write(text)


def build_rings(etc, ports):
    from swift.common.ring import RingBuilder
    for kind in ('account', 'container', 'object'):
        builder = RingBuilder(part_power=6, replicas=1, min_part_hours=1)
        builder.add_dev({'id': 0, 'region': 1, 'zone': 1, 'ip': '127.0.0.1', 'port': ports[kind],
                         'device': 'd1', 'weight': 100.0, 'meta': ''})
        builder.rebalance(seed=1)
        builder.get_ring().save(os.path.join(etc, '%s.ring.gz' % kind))


def server_conf(kind, common, region, memcached_port, access_key_alias):
    if kind != 'proxy':
        return common + (
            '[pipeline:main]\npipeline = %(k)s-server\n\n'
            '[app:%(k)s-server]\nuse = egg:swift#%(k)s\n\n' % {'k': kind})
    return common + '\n'.join([
        '[pipeline:main]',
        'pipeline = catch_errors gatekeeper proxy-logging cache listing_formats sluice_content_md5 '
        'sluice_access_key s3api tempauth copy slo dlo proxy-logging proxy-server',
        '',
        '[app:proxy-server]', 'use = egg:swift#proxy', 'account_autocreate = true', '',
        '[filter:catch_errors]', 'use = egg:swift#catch_errors', '',
        '[filter:gatekeeper]', 'use = egg:swift#gatekeeper', '',
        '[filter:proxy-logging]', 'use = egg:swift#proxy_logging', '',
        '[filter:cache]', 'use = egg:swift#memcache', 'memcache_servers = 127.0.0.1:%d' % memcached_port, '',
        '[filter:listing_formats]', 'use = egg:swift#listing_formats', '',
        '[filter:sluice_content_md5]', 'paste.filter_factory = sluice_content_md5:filter_factory', '',
        '[filter:sluice_access_key]', 'paste.filter_factory = sluice_access_key:filter_factory',
        'alias = %s' % access_key_alias, 'swift_user = test:tester', '',
        '[filter:s3api]', 'use = egg:swift#s3api', 'location = %s' % region, 'multi_delete_concurrency = 8', '',
        '[filter:tempauth]', 'use = egg:swift#tempauth', 'user_test_tester = testing .admin', '',
        '[filter:copy]', 'use = egg:swift#copy', '',
        '[filter:slo]', 'use = egg:swift#slo', '',
        '[filter:dlo]', 'use = egg:swift#dlo', '',
    ])


def xattrs_work(directory):
    probe = os.path.join(directory, '.sluice-xattr-probe')
    try:
        with open(probe, 'wb') as handle:
            os.setxattr(handle.fileno(), 'user.sluice.probe', b'1')
        return True
    except OSError:
        return False
    finally:
        if os.path.exists(probe):
            os.unlink(probe)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--root', required=True, help='state directory (configs, rings, objects)')
    parser.add_argument('--region', default='us-east-1', help='region the S3 clients sign for')
    parser.add_argument('--access-key-alias', default='sluicelocal',
                        help='another access key for user test:tester (same secret)')
    parser.add_argument('--xattr-shim', action='store_true',
                        help='keep object metadata in files even where xattrs work (for testing)')
    parser.add_argument('--ephemeral', action='store_true', help='skip fsync and remove --root on exit')
    args = parser.parse_args()

    die_with_parent()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    root = os.path.abspath(args.root)
    if args.ephemeral:
        scratch.append(root)
    etc, devices = os.path.join(root, 'etc'), os.path.join(root, 'devices')
    for directory in (etc, os.path.join(devices, 'd1')):
        os.makedirs(directory, exist_ok=True)

    # Swift reads swift.conf from a fixed path: point it at ours before its modules read it.
    write(os.path.join(etc, 'swift.conf'),
          '[swift-hash]\nswift_hash_path_suffix = sluice\nswift_hash_path_prefix = sluice\n\n'
          '[storage-policy:0]\nname = Policy-0\ndefault = yes\n')
    import swift.common.utils as utils
    utils.SWIFT_CONF_FILE = os.path.join(etc, 'swift.conf')
    from swift.common import constraints, storage_policy
    constraints.reload_constraints()
    storage_policy.reload_storage_policies()
    utils.validate_hash_conf()
    utils.eventlet_monkey_patch()

    # Swift logs through syslog; send warnings and errors to stderr instead.
    utils.ThreadSafeSysLogHandler = lambda *a, **k: logging.StreamHandler(sys.stderr)

    import eventlet
    import eventlet.hubs
    from swift.common import wsgi
    # run_server() installs a fresh hub each time it is called, which would strand the servers
    # started before it: install the hub once here and keep it (threads of the tpool still get theirs).
    install_hub = eventlet.hubs.use_hub
    install_hub(utils.get_hub())
    eventlet.hubs.use_hub = lambda *a: None if hasattr(eventlet.hubs._threadlocal, 'hub') else install_hub(*a)
    from swift.obj import diskfile
    if args.xattr_shim or not xattrs_work(os.path.join(devices, 'd1')):
        import sluice_xattr_shim
        diskfile.xattr = sluice_xattr_shim.XattrShim(os.path.join(root, 'xattrs'))
        if not args.xattr_shim:
            sys.stderr.write('sluice-swift: %s has no user xattrs; object metadata goes to %s/xattrs\n'
                             % (devices, root))
    if args.ephemeral:
        for name in ('fsync', 'fdatasync', 'fsync_dir'):
            setattr(diskfile, name, lambda *_: None)

    sockets = {kind: eventlet.listen(('127.0.0.1', 0)) for kind in SERVERS}
    ports = {kind: sock.getsockname()[1] for kind, sock in sockets.items()}
    build_rings(etc, ports)
    memcached_port = start_memcached()
    user = pwd.getpwuid(os.geteuid()).pw_name
    common = ('[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = %%d\nswift_dir = %s\ndevices = %s\n'
              'mount_check = false\nuser = %s\nworkers = 0\nlog_level = WARNING\n'
              'disable_fallocate = true\n\n' % (etc, devices, user))

    ready = []

    def on_ready():
        ready.append(True)
        if len(ready) == len(SERVERS):
            sys.stdout.write(json.dumps({'event': 'ready', 'port': ports['proxy']}) + '\n')
            sys.stdout.flush()

    threads = []
    for kind in SERVERS:
        path = os.path.join(etc, '%s-server.conf' % kind)
        write(path, server_conf(kind, common % ports[kind], args.region, memcached_port, args.access_key_alias))
        conf = wsgi.appconfig(path, name='%s-server' % kind)
        logger = utils.get_logger(conf, '%s-server' % kind, log_route='wsgi')
        threads.append(eventlet.spawn(wsgi.run_server, conf, logger, sockets[kind],
                                      global_conf={'log_name': '%s-server' % kind},
                                      ready_callback=on_ready))
    for thread in threads:
        thread.wait()


if __name__ == '__main__':
    sys.path.insert(0, HERE)
    try:
        main()
    except BaseException:
        traceback.print_exc()
        stop(code=1)
    stop()
