"""WSGI filter: lets S3 clients sign with an access key that DynamoDB Local accepts too.

Tools read one AWS_ACCESS_KEY_ID for every service. DynamoDB Local refuses keys with anything but
letters and digits, while tempauth names its S3 users `account:user`. Placed before s3api, this
filter renames the access key `alias` to `user` in the Authorization header. The access key is not
part of what SigV4 (or SigV2) signs, so the signature is still checked against the user's secret.
"""

import re


class AccessKeyAlias(object):
    def __init__(self, app, alias, user):
        self.app = app
        self.alias = alias
        self.user = user
        self.v4 = re.compile(r'Credential=%s/' % re.escape(alias))

    def __call__(self, env, start_response):
        auth = env.get('HTTP_AUTHORIZATION', '')
        if self.alias in auth:
            auth = self.v4.sub('Credential=%s/' % self.user, auth, count=1)
            if auth.startswith('AWS %s:' % self.alias):
                auth = 'AWS %s:%s' % (self.user, auth[len('AWS %s:' % self.alias):])
            env['HTTP_AUTHORIZATION'] = auth
        return self.app(env, start_response)


def filter_factory(global_conf, **local_conf):
    def factory(app):
        return AccessKeyAlias(app, local_conf['alias'], local_conf['swift_user'])
    return factory
