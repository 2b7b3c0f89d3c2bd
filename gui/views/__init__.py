"""Dock contents: the cluster view, event log, throughput plots and load generator."""
