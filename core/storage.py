"""The media bucket, kept private (no public-read policy, no public ACL on any object).

``url()`` names the app's media route (``MEDIA_URL`` + name), as FileSystemStorage does for MEDIA_ROOT, so every
link to a stored file (``FieldFile.url`` in templates, the API, the admin) goes through the media view's access
check (core.object_media). Only that view hands out ``signed_url()``: a presigned URL of the bucket itself,
valid for the seconds it is given (django-storages' ``querystring_auth``).
"""

from urllib.parse import urljoin

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class CheckedS3Storage(S3Storage):
    querystring_auth = True
    custom_domain = None  # a CDN serves public media only: the media view decides (STORAGES["media_cdn"])

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))

    def signed_url(self, name, *, expire, parameters=None):
        """A presigned GET URL of ``name`` in the bucket, valid for ``expire`` seconds."""
        return super().url(name, parameters=parameters, expire=expire)
