"""Demo data and benchmarks, apart from the portal's production code.

`seed_demo` loads the West Azarbaijan demo (province.py, circulars.py, channels.py) or, with
`--scale national`, a national-sized data set for benchmarks (national.py); `bench` and
`bench_import` measure pages and imports. The "floor" page the benchmark compares pages
with is routed only in the benchmark's own URLconf (demo/urls.py), never in production.
"""
