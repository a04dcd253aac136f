"""Hidden checks of Generative_Adversarial_Networks: fresh sizes, logits and weights.

Left out of the student release. The grader draws each seed at grading time
and runs the reference solution with it for the reference values.
"""

import numpy as np

from grading.checks.generative_adversarial_networks import _np, _t, count, filled_output
from grading.checks.generative_adversarial_networks import optimizer_step as _optimizer_step
from grading.core import AtLeast, AtMost, Close, Equal, check

Q = "Generative_Adversarial_Networks"

# One hidden check per function: a failed hidden check withholds the public
# points of the same function only (grading.grader.gate).


def _scores(rng, pairs=2):
    """``pairs`` arrays of N scores, shaped (N, 1) or (N,), on a random scale."""
    n, scale = int(rng.randint(2, 40)), float(rng.uniform(0.5, 4))
    shape = (n, 1) if rng.rand() < 0.5 else (n,)
    return [scale * rng.randn(*shape) for _ in range(pairs)]


@check(Q, points=1, targets=["gan_pytorch.sample_noise"],
       compare=[Equal("shape"), AtLeast("min", -1.0), AtMost("max", 1.0),
                AtLeast("frac_negative", 0.4), AtLeast("frac_positive", 0.4)],
       hidden=True, timeout=20)
def hidden_sample_noise(cs, rng):
    """sample_noise with fresh sizes and no seed."""
    n, d = int(rng.randint(50, 300)), int(rng.randint(5, 40))
    z = _np(cs.gan_pytorch.sample_noise(n, d))
    return {"shape": np.array(z.shape), "min": z.min(), "max": z.max(),
            "frac_negative": np.mean(z < 0), "frac_positive": np.mean(z > 0)}


@check(Q, points=1, targets=["gan_pytorch.discriminator"],
       compare=[Equal("params"), Close("out", 1e-7)], hidden=True, timeout=30)
def hidden_discriminator(cs, rng):
    """discriminator on fresh weights and images."""
    D = cs.gan_pytorch.discriminator()
    return {"params": count(D),
            "out": filled_output(D, rng, rng.rand(int(rng.randint(2, 9)), 1, 28, 28))}


@check(Q, points=1, targets=["gan_pytorch.generator"],
       compare=[Equal("params"), Close("out", 1e-7)], hidden=True, timeout=30)
def hidden_generator(cs, rng):
    """generator with a fresh noise size, weights and noise."""
    dim = int(rng.randint(2, 40))
    G = cs.gan_pytorch.generator(dim)
    z = rng.uniform(-1, 1, size=(int(rng.randint(2, 9)), dim))
    return {"params": count(G), "out": filled_output(G, rng, z, scale=0.05)}


@check(Q, points=1, targets=["gan_pytorch.discriminator_loss"], compare=[Close("d_loss", 1e-7)],
       hidden=True, timeout=20)
def hidden_discriminator_loss(cs, rng):
    """discriminator_loss on fresh logits."""
    real, fake = _scores(rng)
    return {"d_loss": _np(cs.gan_pytorch.discriminator_loss(_t(real), _t(fake)))}


@check(Q, points=1, targets=["gan_pytorch.generator_loss"], compare=[Close("g_loss", 1e-7)],
       hidden=True, timeout=20)
def hidden_generator_loss(cs, rng):
    """generator_loss on fresh logits."""
    (fake,) = _scores(rng, 1)
    return {"g_loss": _np(cs.gan_pytorch.generator_loss(_t(fake)))}


@check(Q, points=1, targets=["gan_pytorch.get_optimizer"],
       compare=[Equal("kind"), Close("hyper", 1e-12), Close("params", 1e-10)],
       hidden=True, timeout=20)
def hidden_get_optimizer(cs, rng):
    """get_optimizer: two steps on fresh weights and gradients."""
    return _optimizer_step(cs, rng)


@check(Q, points=1, targets=["gan_pytorch.ls_discriminator_loss"],
       compare=[Close("d_loss", 1e-7)], hidden=True, timeout=20)
def hidden_ls_discriminator_loss(cs, rng):
    """ls_discriminator_loss on fresh scores."""
    real, fake = _scores(rng)
    return {"d_loss": _np(cs.gan_pytorch.ls_discriminator_loss(_t(real), _t(fake)))}


@check(Q, points=1, targets=["gan_pytorch.ls_generator_loss"], compare=[Close("g_loss", 1e-7)],
       hidden=True, timeout=20)
def hidden_ls_generator_loss(cs, rng):
    """ls_generator_loss on fresh scores."""
    (fake,) = _scores(rng, 1)
    return {"g_loss": _np(cs.gan_pytorch.ls_generator_loss(_t(fake)))}


@check(Q, points=1, targets=["gan_pytorch.build_dc_classifier"],
       compare=[Equal("params"), Close("out", 1e-7)], hidden=True, timeout=30)
def hidden_build_dc_classifier(cs, rng):
    """build_dc_classifier on fresh weights and images."""
    D = cs.gan_pytorch.build_dc_classifier(128)
    x = rng.rand(int(rng.randint(2, 6)), 1, 28, 28)
    return {"params": count(D), "out": filled_output(D, rng, x, scale=0.05)}


@check(Q, points=1, targets=["gan_pytorch.build_dc_generator"],
       compare=[Equal("params"), Close("out", 1e-7)], hidden=True, timeout=30)
def hidden_build_dc_generator(cs, rng):
    """build_dc_generator with a fresh noise size, weights and noise."""
    dim = int(rng.randint(2, 40))
    G = cs.gan_pytorch.build_dc_generator(dim)
    z = rng.uniform(-1, 1, size=(int(rng.randint(3, 7)), dim))
    return {"params": count(G), "out": filled_output(G, rng, z, scale=0.05)}
