"""Build the Cython kernels in cext/ (pyproject.toml holds all other metadata)."""
from Cython.Build import cythonize
from setuptools import Extension, setup

KERNELS = ["power_balance", "settlement", "clearing", "thermal", "core_day", "ev_charging", "totals", "noise", "episodes",
           "homes", "home_cycles", "market_book"]

# No fused multiply-add contraction: the kernels repeat numpy's operations in numpy's order to
# give the same bits (GCC on ARM64 and clang would otherwise fuse a*b + c).
extensions = [
    Extension(f"enernet.cext.{name}", [f"cext/{name}.pyx"], extra_compile_args=["-O3", "-ffp-contract=off"])
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
