"""Checks of assignment3/Generative_Adversarial_Networks.ipynb (cs231n/gan_pytorch.py).

Networks are checked three ways: the parameter count (Equal, the course's
figures), the output shape, and the output on a small batch after every
parameter has been set, in the order ``model.parameters()`` lists them, to
seeded values in float64. That last one catches a wrong activation, slope or
layer order that the count alone would miss. Losses are checked on seeded
float64 logits against the reference solution's values.
"""

import numpy as np

from grading.core import AtLeast, AtMost, Close, Equal, check

Q = "Generative_Adversarial_Networks"


def _t(x):
    import torch

    return torch.from_numpy(np.asarray(x, dtype=np.float64))


def _np(t):
    if t is None:
        return None
    return t.detach().cpu().numpy().astype(np.float64)


def count(model) -> int:
    return int(sum(p.numel() for p in model.parameters()))


def filled_output(model, rng, x, scale=0.1):
    """Set every parameter of ``model`` to seeded values and return model(x) in float64."""
    import torch

    model = model.double()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(_t(scale * rng.randn(*p.shape)))
        return _np(model(_t(x)))


def optimizer_step(cs, rng):
    """One step of get_optimizer's optimizer on a tiny linear model with a fixed gradient."""
    import torch

    model = torch.nn.Linear(3, 2).double()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(_t(rng.randn(*p.shape)))
    opt = cs.gan_pytorch.get_optimizer(model)
    grads = [_t(rng.randn(*p.shape)) for p in model.parameters()]
    for _ in range(2):
        opt.zero_grad()
        for p, g in zip(model.parameters(), grads):
            p.grad = g.clone()
        opt.step()
    group = opt.param_groups[0]
    return {"params": np.concatenate([_np(p).ravel() for p in model.parameters()]),
            "hyper": np.array([group["lr"], *group["betas"]], dtype=np.float64),
            "kind": np.array(type(opt).__name__ == "Adam")}


@check(Q, points=1, targets=["gan_pytorch.sample_noise"],
       compare=[Equal("shape"), AtLeast("min", -1.0), AtMost("max", 1.0),
                AtLeast("frac_negative", 0.45), AtLeast("frac_positive", 0.45),
                Equal("reproducible")])
def sample_noise(cs, rng):
    """sample_noise(1000, 24): shape, range (-1, 1), both signs, same draw for the same seed."""
    import torch

    z = cs.gan_pytorch.sample_noise(1000, 24, seed=231)
    z2 = cs.gan_pytorch.sample_noise(1000, 24, seed=231)
    zn = _np(z)
    return {"shape": np.array(zn.shape), "min": zn.min(), "max": zn.max(),
            "frac_negative": np.mean(zn < 0), "frac_positive": np.mean(zn > 0),
            "reproducible": np.array(bool(torch.is_tensor(z) and torch.equal(z, z2)))}


@check(Q, points=1, targets=["gan_pytorch.discriminator"],
       compare=[Equal("params"), Equal("shape"), Close("out", 1e-7)])
def discriminator(cs, rng):
    """discriminator(): 267009 parameters, (N, 1, 28, 28) -> (N, 1), output on set weights."""
    D = cs.gan_pytorch.discriminator()
    out = filled_output(D, rng, rng.rand(5, 1, 28, 28))
    return {"params": count(D), "shape": np.array(out.shape), "out": out}


@check(Q, points=1, targets=["gan_pytorch.generator"],
       compare=[Equal("params"), Equal("shape"), Close("out", 1e-7)])
def generator(cs, rng):
    """generator(4): 1858320 parameters, (N, 4) -> (N, 784), output on set weights."""
    G = cs.gan_pytorch.generator(4)
    out = filled_output(G, rng, rng.uniform(-1, 1, size=(5, 4)), scale=0.05)
    return {"params": count(G), "shape": np.array(out.shape), "out": out}


@check(Q, points=2, targets=["gan_pytorch.discriminator_loss"], compare=[Close("d_loss", 1e-7)])
def discriminator_loss(cs, rng):
    """discriminator_loss on seeded (10, 1) float64 logits."""
    real, fake = rng.randn(10, 1), rng.randn(10, 1)
    return {"d_loss": _np(cs.gan_pytorch.discriminator_loss(_t(real), _t(fake)))}


@check(Q, points=2, targets=["gan_pytorch.generator_loss"], compare=[Close("g_loss", 1e-7)])
def generator_loss(cs, rng):
    """generator_loss on seeded (10, 1) float64 logits."""
    return {"g_loss": _np(cs.gan_pytorch.generator_loss(_t(rng.randn(10, 1))))}


@check(Q, points=1, targets=["gan_pytorch.get_optimizer"],
       compare=[Equal("kind"), Close("hyper", 1e-12), Close("params", 1e-10)])
def get_optimizer(cs, rng):
    """get_optimizer: Adam, lr 1e-3, betas (0.5, 0.999); two steps on a tiny model."""
    return optimizer_step(cs, rng)


@check(Q, points=2, targets=["gan_pytorch.ls_discriminator_loss"],
       compare=[Close("d_loss", 1e-7)])
def ls_discriminator_loss(cs, rng):
    """ls_discriminator_loss on seeded (10, 1) float64 scores."""
    real, fake = rng.randn(10, 1), rng.randn(10, 1)
    return {"d_loss": _np(cs.gan_pytorch.ls_discriminator_loss(_t(real), _t(fake)))}


@check(Q, points=2, targets=["gan_pytorch.ls_generator_loss"], compare=[Close("g_loss", 1e-7)])
def ls_generator_loss(cs, rng):
    """ls_generator_loss on seeded (10, 1) float64 scores."""
    return {"g_loss": _np(cs.gan_pytorch.ls_generator_loss(_t(rng.randn(10, 1))))}


@check(Q, points=2, targets=["gan_pytorch.build_dc_classifier"],
       compare=[Equal("params"), Equal("shape"), Close("out", 1e-7)])
def build_dc_classifier(cs, rng):
    """build_dc_classifier(): 1102721 parameters, images -> (N, 1), output on set weights."""
    D = cs.gan_pytorch.build_dc_classifier(4)
    out = filled_output(D, rng, rng.rand(4, 1, 28, 28), scale=0.05)
    return {"params": count(D), "shape": np.array(out.shape), "out": out}


@check(Q, points=2, targets=["gan_pytorch.build_dc_generator"],
       compare=[Equal("params"), Equal("shape"), Close("out", 1e-7)])
def build_dc_generator(cs, rng):
    """build_dc_generator(4): 6580801 parameters, (N, 4) -> (N, 784), output on set weights."""
    G = cs.gan_pytorch.build_dc_generator(4)
    out = filled_output(G, rng, rng.uniform(-1, 1, size=(4, 4)), scale=0.05)
    return {"params": count(G), "shape": np.array(out.shape), "out": out}
