"""Build the Cython kernels in cext/ (pyproject.toml holds all other metadata)."""
from Cython.Build import cythonize
from setuptools import Extension, setup

KERNELS = ["power_balance", "settlement", "clearing", "thermal", "core_day", "ev_charging"]

extensions = [
    Extension(f"cext.{name}", [f"cext/{name}.pyx"], extra_compile_args=["-O3"])
    for name in KERNELS
]

setup(
    ext_modules=cythonize(
        extensions,
        compiler_directives={
            "language_level": "3",
            "boundscheck": False,
            "wraparound": False,
            "cdivision": True,
            "initializedcheck": False,
        },
    )
)
