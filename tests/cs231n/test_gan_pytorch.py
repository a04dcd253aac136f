"""cs231n.gan_pytorch: losses against numpy formulas, network sizes and shapes, helpers."""

import numpy as np
import pytest
import torch

from cs231n import gan_pytorch as gan


def _bce(s, t):
    """Mean binary cross-entropy of logits s against labels t, written out in numpy."""
    p = 1 / (1 + np.exp(-s))
    return -np.mean(t * np.log(p) + (1 - t) * np.log(1 - p))


@pytest.fixture
def scores():
    rng = np.random.RandomState(0)
    return rng.randn(10, 1), rng.randn(10, 1)


def test_discriminator_loss_is_two_bce_terms(scores):
    real, fake = scores
    got = gan.discriminator_loss(torch.from_numpy(real), torch.from_numpy(fake)).item()
    assert got == pytest.approx(_bce(real, 1.0) + _bce(fake, 0.0), rel=1e-12)


def test_generator_loss_is_minus_log_d(scores):
    _, fake = scores
    got = gan.generator_loss(torch.from_numpy(fake)).item()
    assert got == pytest.approx(np.mean(np.log1p(np.exp(-fake))), rel=1e-12)


def test_losses_accept_flat_scores(scores):
    real, fake = scores
    flat = gan.discriminator_loss(torch.from_numpy(real[:, 0]), torch.from_numpy(fake[:, 0]))
    col = gan.discriminator_loss(torch.from_numpy(real), torch.from_numpy(fake))
    assert flat.item() == pytest.approx(col.item(), rel=1e-14)


def test_ls_losses(scores):
    real, fake = scores
    d = gan.ls_discriminator_loss(torch.from_numpy(real), torch.from_numpy(fake)).item()
    g = gan.ls_generator_loss(torch.from_numpy(fake)).item()
    assert d == pytest.approx(0.5 * np.mean((real - 1) ** 2) + 0.5 * np.mean(fake ** 2),
                              rel=1e-12)
    assert g == pytest.approx(0.5 * np.mean((fake - 1) ** 2), rel=1e-12)


def test_perfect_ls_discriminator_has_zero_loss():
    assert gan.ls_discriminator_loss(torch.ones(4), torch.zeros(4)).item() == 0.0


@pytest.mark.parametrize("fn, args", [
    (gan.discriminator_loss, (torch.zeros(3), torch.zeros(4))),
    (gan.ls_discriminator_loss, (torch.zeros(3, 1), torch.zeros(5, 1))),
    (gan.generator_loss, (np.zeros(3),)),
    (gan.sample_noise, (0, 5)),
])
def test_bad_input_is_a_value_error(fn, args):
    with pytest.raises(ValueError, match=fn.__name__):
        fn(*args)


def test_sample_noise_range_and_seed():
    z = gan.sample_noise(500, 20, seed=1)
    assert z.shape == (500, 20) and z.dtype == torch.float32
    assert z.min() >= -1 and z.max() <= 1 and (z < 0).any() and (z > 0).any()
    assert torch.equal(z, gan.sample_noise(500, 20, seed=1))
    assert not torch.equal(z, gan.sample_noise(500, 20, seed=2))


@pytest.mark.parametrize("build, arg, params, x_shape, out_shape", [
    (gan.discriminator, (), 267009, (3, 1, 28, 28), (3, 1)),
    (gan.generator, (4,), 1858320, (3, 4), (3, 784)),
    (gan.build_dc_classifier, (128,), 1102721, (3, 1, 28, 28), (3, 1)),
    (gan.build_dc_generator, (4,), 6580801, (3, 4), (3, 784)),
])
def test_network_sizes_and_shapes(build, arg, params, x_shape, out_shape):
    model = build(*arg)
    assert gan.count_params(model) == params
    out = model(torch.rand(*x_shape))
    assert out.shape == out_shape
    if out_shape[1] == 784:
        assert out.abs().max() <= 1  # tanh output


def test_seeded_networks_are_reproducible():
    a, b = gan.discriminator(seed=3), gan.discriminator(seed=3)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_get_optimizer_settings():
    opt = gan.get_optimizer(torch.nn.Linear(2, 2))
    assert isinstance(opt, torch.optim.Adam)
    assert opt.param_groups[0]["lr"] == 1e-3 and opt.param_groups[0]["betas"] == (0.5, 0.999)


def test_helpers():
    x = torch.rand(2, 3, 4, 5)
    flat = gan.Flatten()(x)
    assert flat.shape == (2, 60)
    assert torch.equal(gan.Unflatten(-1, 3, 4, 5)(flat), x)
    assert np.allclose(gan.deprocess_img(gan.preprocess_img(np.linspace(0, 1, 5))),
                       np.linspace(0, 1, 5))
    assert list(gan.ChunkSampler(3, 5)) == [5, 6, 7] and len(gan.ChunkSampler(3, 5)) == 3
    m = torch.nn.Linear(50, 40)
    m.weight.data.zero_()
    gan.initialize_weights(m)
    bound = np.sqrt(6 / 90)
    assert 0 < m.weight.abs().max() <= bound


def test_run_a_gan_takes_steps_and_skips_partial_batches():
    torch.manual_seed(0)
    x = torch.rand(10, 1, 28, 28)
    loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x), batch_size=4)
    D, G = gan.discriminator(), gan.generator(8)
    before = [p.clone() for p in G.parameters()]
    images, hist = gan.run_a_gan(D, G, gan.get_optimizer(D), gan.get_optimizer(G),
                                 gan.discriminator_loss, gan.generator_loss, loader,
                                 show_every=1, batch_size=4, noise_size=8, num_epochs=2,
                                 log=lambda *a: None)
    assert len(hist["d_loss"]) == len(hist["g_loss"]) == 4  # 2 full batches x 2 epochs
    assert len(images) == 5 and images[-1].shape == (16, 784)
    assert any(not torch.equal(p, q) for p, q in zip(before, G.parameters()))
