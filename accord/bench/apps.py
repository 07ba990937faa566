from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "accord.bench"
    label = "bench"
    verbose_name = "Benchmarks"
