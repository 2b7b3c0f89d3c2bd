"""Cluster metadata: typed records, the immutable image, deltas, and the controller channel
brokers use (KRaft's metadata module)."""
