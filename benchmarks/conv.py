"""Convolution forward + backward at the notebook's size: x (100, 3, 31, 31), 25 3x3 filters,
stride 2, pad 1 (output 16x16).

Two rows, each measured in one run. The first: baseline the fast (strided
im2col + one GEMM) layer, against the naive four-loop version and the fancy-
index im2col version; the naive one takes seconds, so it is timed once.
Target: naive at least 30x slower than fast. The second: baseline PyTorch's
``torch.nn.functional.conv2d`` on the CPU (float64, forward and autograd
backward), against the fast layer. Target: the fast layer within 3x of
PyTorch. Quick mode: 10 examples.
"""

import numpy as np

from benchmarks.core import benchmark


def _problem(quick: bool):
    rng = np.random.default_rng(0)
    N = 10 if quick else 100
    x, w, b = rng.standard_normal((N, 3, 31, 31)), rng.standard_normal((25, 3, 3, 3)), \
        rng.standard_normal(25)
    dout = rng.standard_normal((N, 25, 16, 16))
    return x, w, b, {"stride": 2, "pad": 1}, dout


def _fwd_bwd(forward, backward, x, w, b, param, dout):
    def run():
        _, cache = forward(x, w, b, param)
        return backward(dout, cache)

    return run


@benchmark("conv fwd+bwd 100x3x31x31, 25 3x3 filters (quick: 10)", baseline="fast (strides)")
def conv_naive_vs_fast(quick):
    from cs231n import fast_layers
    from cs231n.layers import conv_backward_naive, conv_forward_naive

    x, w, b, param, dout = _problem(quick)
    return {
        "fast (strides)": _fwd_bwd(fast_layers.conv_forward_fast, fast_layers.conv_backward_fast,
                                   x, w, b, param, dout),
        "im2col (indices)": _fwd_bwd(fast_layers.conv_forward_im2col,
                                     fast_layers.conv_backward_im2col, x, w, b, param, dout),
        "naive (4 loops)": (_fwd_bwd(conv_forward_naive, conv_backward_naive, x, w, b, param,
                                     dout), 1),
    }


@benchmark("conv fwd+bwd vs PyTorch CPU, float64 (quick: 10)", baseline="torch conv2d")
def conv_fast_vs_torch(quick):
    import torch

    from cs231n import fast_layers

    x, w, b, param, dout = _problem(quick)
    tx, tw, tb = (torch.from_numpy(a).requires_grad_() for a in (x, w, b))
    tdout = torch.from_numpy(dout)

    def torch_run():
        for t in (tx, tw, tb):
            t.grad = None
        out = torch.nn.functional.conv2d(tx, tw, tb, stride=2, padding=1)
        out.backward(tdout)

    return {
        "torch conv2d": torch_run,
        "fast (strides)": _fwd_bwd(fast_layers.conv_forward_fast, fast_layers.conv_backward_fast,
                                   x, w, b, param, dout),
    }
