"""Generative adversarial networks in PyTorch: vanilla, least-squares and DCGAN.

Shapes: N batch, Z noise size (``noise_dim``), images are (N, 1, 28, 28) in
[0, 1] as loaded, (N, 784) flattened in [-1, 1] as the generator emits them.
Discriminator outputs are *logits* (scores), shape (N, 1): no sigmoid.

You write the noise sampler, the two fully connected networks, the vanilla
and least-squares losses, the optimizer, and the two DCGAN networks. Given
here: the data loader over MNIST-style idx files, ``ChunkSampler``,
``Flatten``/``Unflatten``, ``initialize_weights``, ``bce_loss``, the
training loop ``run_a_gan``, ``show_images`` and small helpers.
Taught in: assignment3/Generative_Adversarial_Networks.ipynb.
"""

from __future__ import annotations

import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn, optim
from torch.utils.data import DataLoader, Sampler, TensorDataset

__all__ = [
    "NOISE_DIM", "ChunkSampler", "Flatten", "Unflatten", "bce_loss", "build_dc_classifier",
    "build_dc_generator", "count_params", "deprocess_img", "discriminator",
    "discriminator_loss", "dtype", "generator", "generator_loss", "get_optimizer",
    "initialize_weights", "load_mnist_loaders", "ls_discriminator_loss", "ls_generator_loss",
    "preprocess_img", "rel_error", "run_a_gan", "sample_noise", "show_images",
]

NOISE_DIM = 96
# The course switches this to torch.cuda.FloatTensor on a GPU; here it is the
# dtype new tensors get. Labels built with *_like follow their logits' dtype.
dtype = torch.float32


# ----------------------------------------------------------------- helpers (given)


def _check_logits(name: str, *tensors) -> None:
    for t in tensors:
        if not torch.is_tensor(t):
            raise ValueError(f"{name}: expected torch tensors, got {type(t).__name__}")
    if len({t.numel() for t in tensors}) > 1:
        raise ValueError(f"{name}: real and fake scores differ in size "
                         f"({', '.join(str(tuple(t.shape)) for t in tensors)})")


def _seed(seed: int | None) -> None:
    if seed is not None:
        torch.manual_seed(seed)


class Flatten(nn.Module):
    """(N, C, H, W) -> (N, C*H*W)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(x.shape[0], -1)


class Unflatten(nn.Module):
    """(N, C*H*W) -> (N, C, H, W); ``N=-1`` keeps the batch size of the input."""

    def __init__(self, N: int = -1, C: int = 128, H: int = 7, W: int = 7):
        super().__init__()
        self.N, self.C, self.H, self.W = N, C, H, W

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.reshape(self.N, self.C, self.H, self.W)


def initialize_weights(m: nn.Module) -> None:
    """Xavier-uniform weights for Linear and ConvTranspose2d layers (use with ``model.apply``)."""
    if isinstance(m, (nn.Linear, nn.ConvTranspose2d)):
        nn.init.xavier_uniform_(m.weight)


def preprocess_img(x):
    """[0, 1] -> [-1, 1], the range of the generator's tanh."""
    return 2 * x - 1.0


def deprocess_img(x):
    """[-1, 1] -> [0, 1]."""
    return (x + 1.0) / 2.0


def rel_error(x, y) -> float:
    """Relative error max |x - y| / max(1e-8, |x| + |y|), for arrays, tensors or floats."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def count_params(model: nn.Module) -> int:
    """Number of trainable and non-trainable parameters (buffers excluded)."""
    return int(sum(p.numel() for p in model.parameters()))


class ChunkSampler(Sampler):
    """Indices ``start, ..., start + num_samples - 1`` in order (a fixed slice of a dataset)."""

    def __init__(self, num_samples: int, start: int = 0):
        self.num_samples, self.start = num_samples, start

    def __iter__(self):
        return iter(range(self.start, self.start + self.num_samples))

    def __len__(self) -> int:
        return self.num_samples


def load_mnist_loaders(batch_size: int = 128, num_train: int = 50000, num_val: int = 5000,
                       root=None) -> tuple[DataLoader, DataLoader]:
    """Training and validation loaders over the MNIST training split (idx files).

    Images come as float tensors of shape (N, 1, 28, 28) in [0, 1] with their
    labels; the first ``num_train`` images train, the next ``num_val`` validate,
    both in file order as the course's ``ChunkSampler`` slices them. With the
    offline stand-in in ``datasets/mnist`` these are Fashion-MNIST images.
    """
    from cs231n.data.idx import load_mnist

    images, labels = load_mnist(root, kind="train")
    if num_train + num_val > len(images):
        raise ValueError(f"num_train + num_val = {num_train + num_val} exceeds the "
                         f"{len(images)} training images")
    x = torch.from_numpy(images[:, None].astype(np.float32) / 255.0)
    data = TensorDataset(x, torch.from_numpy(labels))
    train = DataLoader(data, batch_size=batch_size, sampler=ChunkSampler(num_train, 0))
    val = DataLoader(data, batch_size=batch_size, sampler=ChunkSampler(num_val, num_train))
    return train, val


def bce_loss(input: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean binary cross-entropy of logits ``input`` against 0/1 ``target``.

    ``-mean(t * log(sigmoid(s)) + (1 - t) * log(1 - sigmoid(s)))``, computed
    stably by PyTorch; ``input`` of shape (N, 1) or (N,) and ``target`` of N values.
    """
    return F.binary_cross_entropy_with_logits(input.reshape(-1), target.reshape(-1))


# -------------------------------------------------------------- what you write


def sample_noise(batch_size: int, dim: int, seed: int | None = None) -> torch.Tensor:
    """Uniform noise in (-1, 1).

    Parameters
    ----------
    batch_size, dim : the output is a tensor of shape (batch_size, dim).
    seed : when given, seed torch first, so that the draw is reproducible.

    Returns
    -------
    Tensor of shape (batch_size, dim), float32, uniform on (-1, 1).
    """
    if batch_size < 1 or dim < 1:
        raise ValueError(f"sample_noise: batch_size and dim must be positive, "
                         f"got {batch_size} and {dim}")
    _seed(seed)
    noise = None
    # TODO: draw from torch.rand (uniform on [0, 1)) and map it to (-1, 1).
    ### BEGIN SOLUTION
    noise = 2 * torch.rand(batch_size, dim) - 1
    ### END SOLUTION
    return noise


def discriminator(seed: int | None = None) -> nn.Sequential:
    """Fully connected discriminator: (N, 1, 28, 28) images -> (N, 1) logits.

    Flatten, Linear(784, 256), LeakyReLU(0.01), Linear(256, 256), LeakyReLU(0.01),
    Linear(256, 1): 267,009 parameters. ``seed`` seeds torch before the layers
    are built.
    """
    _seed(seed)
    model = None
    # TODO: build the nn.Sequential described above.
    ### BEGIN SOLUTION
    model = nn.Sequential(
        Flatten(),
        nn.Linear(784, 256), nn.LeakyReLU(0.01),
        nn.Linear(256, 256), nn.LeakyReLU(0.01),
        nn.Linear(256, 1),
    )
    ### END SOLUTION
    return model


def generator(noise_dim: int = NOISE_DIM, seed: int | None = None) -> nn.Sequential:
    """Fully connected generator: (N, noise_dim) noise -> (N, 784) images in [-1, 1].

    Linear(noise_dim, 1024), ReLU, Linear(1024, 1024), ReLU, Linear(1024, 784),
    Tanh. With ``noise_dim=4`` it has 1,858,320 parameters.
    """
    _seed(seed)
    model = None
    # TODO: build the nn.Sequential described above.
    ### BEGIN SOLUTION
    model = nn.Sequential(
        nn.Linear(noise_dim, 1024), nn.ReLU(),
        nn.Linear(1024, 1024), nn.ReLU(),
        nn.Linear(1024, 784), nn.Tanh(),
    )
    ### END SOLUTION
    return model


def discriminator_loss(logits_real: torch.Tensor, logits_fake: torch.Tensor) -> torch.Tensor:
    """Vanilla GAN discriminator loss: BCE(real, 1) + BCE(fake, 0), each a batch mean.

    Parameters
    ----------
    logits_real : Tensor of shape (N, 1) or (N,), scores of real images.
    logits_fake : Tensor of the same size, scores of generated images.

    Returns
    -------
    Scalar tensor.
    """
    _check_logits("discriminator_loss", logits_real, logits_fake)
    loss = None
    # TODO: use bce_loss with targets of ones for the real scores and zeros for the fake ones.
    ### BEGIN SOLUTION
    loss = (bce_loss(logits_real, torch.ones_like(logits_real))
            + bce_loss(logits_fake, torch.zeros_like(logits_fake)))
    ### END SOLUTION
    return loss


def generator_loss(logits_fake: torch.Tensor) -> torch.Tensor:
    """Non-saturating generator loss: BCE(fake, 1), the mean of -log D(G(z)).

    logits_fake : Tensor of shape (N, 1) or (N,). Returns a scalar tensor.
    """
    _check_logits("generator_loss", logits_fake)
    loss = None
    # TODO: the generator wants its samples labelled real.
    ### BEGIN SOLUTION
    loss = bce_loss(logits_fake, torch.ones_like(logits_fake))
    ### END SOLUTION
    return loss


def get_optimizer(model: nn.Module) -> optim.Optimizer:
    """Adam over ``model``'s parameters with learning rate 1e-3, beta1 = 0.5, beta2 = 0.999."""
    optimizer = None
    # TODO: build the optimizer.
    ### BEGIN SOLUTION
    optimizer = optim.Adam(model.parameters(), lr=1e-3, betas=(0.5, 0.999))
    ### END SOLUTION
    return optimizer


def ls_discriminator_loss(scores_real: torch.Tensor, scores_fake: torch.Tensor) -> torch.Tensor:
    """Least-squares discriminator loss: 0.5 mean((real - 1)^2) + 0.5 mean(fake^2).

    scores_real, scores_fake : Tensors of N scores each. Returns a scalar tensor.
    """
    _check_logits("ls_discriminator_loss", scores_real, scores_fake)
    loss = None
    # TODO: the squared distance of real scores to 1 and of fake scores to 0, halved.
    ### BEGIN SOLUTION
    loss = 0.5 * ((scores_real - 1) ** 2).mean() + 0.5 * (scores_fake ** 2).mean()
    ### END SOLUTION
    return loss


def ls_generator_loss(scores_fake: torch.Tensor) -> torch.Tensor:
    """Least-squares generator loss: 0.5 mean((fake - 1)^2). Returns a scalar tensor."""
    _check_logits("ls_generator_loss", scores_fake)
    loss = None
    # TODO: the squared distance of the fake scores to 1, halved.
    ### BEGIN SOLUTION
    loss = 0.5 * ((scores_fake - 1) ** 2).mean()
    ### END SOLUTION
    return loss


def build_dc_classifier(batch_size: int = 128) -> nn.Sequential:
    """Convolutional discriminator: (N, 1, 28, 28) images -> (N, 1) logits.

    Conv2d(1, 32, 5), LeakyReLU(0.01), MaxPool2d(2, 2), Conv2d(32, 64, 5),
    LeakyReLU(0.01), MaxPool2d(2, 2), Flatten, Linear(4*4*64, 1024),
    LeakyReLU(0.01), Linear(1024, 1): 1,102,721 parameters. ``batch_size`` is
    the course's argument and is not needed (the layers take any batch).
    """
    model = None
    # TODO: build the nn.Sequential described above (28 -> 24 -> 12 -> 8 -> 4 pixels).
    ### BEGIN SOLUTION
    model = nn.Sequential(
        nn.Conv2d(1, 32, kernel_size=5), nn.LeakyReLU(0.01), nn.MaxPool2d(2, 2),
        nn.Conv2d(32, 64, kernel_size=5), nn.LeakyReLU(0.01), nn.MaxPool2d(2, 2),
        Flatten(),
        nn.Linear(4 * 4 * 64, 1024), nn.LeakyReLU(0.01),
        nn.Linear(1024, 1),
    )
    ### END SOLUTION
    return model


def build_dc_generator(noise_dim: int = NOISE_DIM) -> nn.Sequential:
    """Convolutional generator: (N, noise_dim) noise -> (N, 784) images in [-1, 1].

    Linear(noise_dim, 1024), ReLU, BatchNorm1d(1024), Linear(1024, 7*7*128), ReLU,
    BatchNorm1d(7*7*128), Unflatten to (N, 128, 7, 7),
    ConvTranspose2d(128, 64, 4, stride=2, padding=1), ReLU, BatchNorm2d(64),
    ConvTranspose2d(64, 1, 4, stride=2, padding=1), Tanh, Flatten.
    With ``noise_dim=4`` it has 6,580,801 parameters.
    """
    model = None
    # TODO: build the nn.Sequential described above (7 -> 14 -> 28 pixels).
    ### BEGIN SOLUTION
    model = nn.Sequential(
        nn.Linear(noise_dim, 1024), nn.ReLU(), nn.BatchNorm1d(1024),
        nn.Linear(1024, 7 * 7 * 128), nn.ReLU(), nn.BatchNorm1d(7 * 7 * 128),
        Unflatten(-1, 128, 7, 7),
        nn.ConvTranspose2d(128, 64, kernel_size=4, stride=2, padding=1), nn.ReLU(),
        nn.BatchNorm2d(64),
        nn.ConvTranspose2d(64, 1, kernel_size=4, stride=2, padding=1), nn.Tanh(),
        Flatten(),
    )
    ### END SOLUTION
    return model


# -------------------------------------------------------------- training (given)


def run_a_gan(D, G, D_solver, G_solver, discriminator_loss, generator_loss, loader_train,
              show_every: int = 250, batch_size: int = 128, noise_size: int = NOISE_DIM,
              num_epochs: int = 10, max_iters: int | None = None, log=print):
    """Train a GAN: per batch one discriminator step, then one generator step.

    Real images go to D as ``2 * (x - 0.5)`` (that is, in [-1, 1]); generated
    ones are reshaped to (N, 1, 28, 28). Each step draws fresh noise.
    Incomplete batches are skipped. ``max_iters`` (ours) stops early, for
    runs scaled to a CPU.

    Returns
    -------
    images : list of (16, 784) numpy arrays in [-1, 1], samples of G taken
        every ``show_every`` iterations and once at the end.
    history : dict with ``d_loss`` and ``g_loss`` (one float per iteration)
        and ``seconds`` (training wall time).
    """
    images, history = [], {"d_loss": [], "g_loss": []}
    it, start = 0, time.perf_counter()
    for _ in range(num_epochs):
        for x, *_ in loader_train:
            if len(x) != batch_size:
                continue
            if max_iters is not None and it >= max_iters:
                break
            D_solver.zero_grad()
            logits_real = D(2 * (x.to(dtype) - 0.5))
            with torch.no_grad():
                fake_images = G(sample_noise(batch_size, noise_size))
            logits_fake = D(fake_images.view(batch_size, 1, 28, 28))
            d_total_error = discriminator_loss(logits_real, logits_fake)
            d_total_error.backward()
            D_solver.step()

            G_solver.zero_grad()
            fake_images = G(sample_noise(batch_size, noise_size))
            g_error = generator_loss(D(fake_images.view(batch_size, 1, 28, 28)))
            g_error.backward()
            G_solver.step()

            history["d_loss"].append(d_total_error.item())
            history["g_loss"].append(g_error.item())
            if it % show_every == 0:
                log(f"Iter: {it}, D: {d_total_error.item():.4}, G: {g_error.item():.4}")
                images.append(fake_images[:16].detach().cpu().numpy())
            it += 1
    with torch.no_grad():
        images.append(G(sample_noise(16, noise_size)).cpu().numpy())
    history["seconds"] = time.perf_counter() - start
    return images, history


def show_images(images, title: str | None = None):
    """Show (N, 784) images in [-1, 1] (or [0, 1]) as a square grid; returns the figure."""
    import matplotlib.pyplot as plt

    images = np.asarray(images).reshape(len(images), -1)
    if images.min() < 0:
        images = deprocess_img(images)
    n = int(np.ceil(np.sqrt(len(images))))
    side = int(np.sqrt(images.shape[1]))
    fig, axes = plt.subplots(n, n, figsize=(n, n))
    for ax, i in zip(np.ravel(axes), range(n * n)):
        ax.axis("off")
        if i < len(images):
            ax.imshow(images[i].reshape(side, side), cmap="gray", vmin=0, vmax=1)
    fig.subplots_adjust(wspace=0.05, hspace=0.05)
    if title:
        fig.suptitle(title)
    return fig
