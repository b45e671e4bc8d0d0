"""Tests of parity.resources (a package so its module names cannot clash with other tests')."""
