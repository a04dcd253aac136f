"""The BLAS floor: one GEMM, the cost every vectorized workload is compared with."""

import numpy as np

from benchmarks.core import benchmark


@benchmark("GEMM 500x3072 @ 3072x5000 (float64)", baseline="numpy matmul")
def gemm(quick):
    rng = np.random.default_rng(0)
    m, k, n = (100, 3072, 1000) if quick else (500, 3072, 5000)
    a, b = rng.standard_normal((m, k)), rng.standard_normal((k, n))
    impls = {"numpy matmul": lambda: a @ b, "np.dot": lambda: np.dot(a, b)}
    try:
        import torch

        ta, tb = torch.from_numpy(a), torch.from_numpy(b)
        impls["torch.mm (CPU)"] = lambda: torch.mm(ta, tb)
    except ImportError:
        pass
    return impls
