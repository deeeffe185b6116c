import uuid

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.home.factories import make_site_home
from tests.podcast.factories import PodcastPageFactory

S3_CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


@pytest.fixture
def show(db):
    return PodcastPageFactory(parent=make_site_home())


@pytest.fixture(scope="session")
def moto_endpoint():
    """A real S3 endpoint over HTTP on a free local port (moto's server, not a patched boto3)."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


def s3_storage_options(endpoint, bucket, **extra):
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "querystring_auth": False,
            "default_acl": "public-read",
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
            **S3_CREDENTIALS,
            **extra,
        },
    }


@pytest.fixture
def s3_bucket(moto_endpoint, settings):
    """Points podcast audio at a fresh bucket on the moto server; yields (client, bucket)."""
    bucket = f"cpme-audio-{uuid.uuid4().hex[:12]}"
    client = s3_client(moto_endpoint)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "podcast_audio": s3_storage_options(moto_endpoint, bucket),
    }
    return client, bucket


def bucket_keys(client, bucket):
    return [item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])]
