"""Benchmarks: requests, CPU and memory per follower, against the sandbox (`make bench`)."""
