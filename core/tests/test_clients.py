import pytest
from django.test import RequestFactory

from core.clients import client_address, client_identity


@pytest.fixture
def make_request():
    def make(remote="203.0.113.9", forwarded=None):
        extra = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            extra["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **extra)

    return make


def test_forwarded_for_is_ignored_without_trusted_proxies(settings, make_request):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(make_request(forwarded="198.51.100.1")) == "203.0.113.9"


def test_one_trusted_proxy_means_the_last_forwarded_address_is_the_client(settings, make_request):
    settings.TRUSTED_PROXY_COUNT = 1

    request = make_request(remote="10.0.0.2", forwarded="1.2.3.4, 198.51.100.7")

    assert client_address(request) == "198.51.100.7"


def test_two_trusted_proxies_skip_the_address_the_second_proxy_added(settings, make_request):
    settings.TRUSTED_PROXY_COUNT = 2

    request = make_request(remote="10.0.0.2", forwarded="6.6.6.6, 198.51.100.7, 10.0.0.1")

    assert client_address(request) == "198.51.100.7"


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_socket(settings, make_request):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(make_request(remote="10.0.0.2", forwarded="not-an-ip")) == "10.0.0.2"


def test_ipv6_clients_are_counted_by_their_64_network(settings, make_request):
    settings.TRUSTED_PROXY_COUNT = 0

    first = client_identity(make_request(remote="2001:db8:1:2::1"))
    second = client_identity(make_request(remote="2001:db8:1:2:ffff::9"))

    assert first == second == "2001:db8:1:2::/64"
