"""What resource a configuration value identifies: isolation is decided by identity, not text.

`identify` parses one environment-variable value into the resources it points at (databases,
caches, buckets, keys, projects, channels, domains); two values identify the same resource
exactly when a Resource of each has equal `kind` and `identity`. Pure: no network, no
environment, no clock; secrets appear only as keyed fingerprints.
"""

from parity.resources.dispatch import identify
from parity.resources.hosts import LOOPBACK, PUBLIC_PROVIDER_HOSTS, is_public_provider_host
from parity.resources.keys import is_live_payment_credential, key_provider
from parity.resources.model import KINDS, Fingerprint, Resource

__all__ = [
    "KINDS",
    "LOOPBACK",
    "PUBLIC_PROVIDER_HOSTS",
    "Fingerprint",
    "Resource",
    "identify",
    "is_live_payment_credential",
    "is_public_provider_host",
    "key_provider",
]
