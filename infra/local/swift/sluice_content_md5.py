"""WSGI filter: adds the Content-MD5 header that Swift's s3api demands on DeleteObjects.

AWS SDKs now send a CRC32 checksum instead of Content-MD5 on `POST /bucket?delete`, and Swift 2.30's
s3api refuses such a request. The header is not part of the SigV4 signature, so adding it here is safe.
"""

import base64
import hashlib
import io
from urllib.parse import parse_qs


class ContentMD5(object):
    def __init__(self, app):
        self.app = app

    def __call__(self, env, start_response):
        if (env.get('REQUEST_METHOD') == 'POST' and 'HTTP_CONTENT_MD5' not in env
                and 'delete' in parse_qs(env.get('QUERY_STRING', ''), keep_blank_values=True)):
            length = int(env.get('CONTENT_LENGTH') or 0)
            body = env['wsgi.input'].read(length) if length > 0 else b''
            env['wsgi.input'] = io.BytesIO(body)
            env['HTTP_CONTENT_MD5'] = base64.b64encode(hashlib.md5(body).digest()).decode('ascii')
        return self.app(env, start_response)


def filter_factory(global_conf, **local_conf):
    return ContentMD5
