"""Image grids and plotting helpers: shapes, scaling, and that every plot draws.

The root conftest selects the Agg backend.
"""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np

from cs231n import vis_utils


def test_visualize_grid_shape_and_per_image_scaling():
    rng = np.random.RandomState(0)
    Xs = rng.randn(5, 4, 3, 2)
    grid = vis_utils.visualize_grid(Xs, ubound=255.0, padding=2)
    assert grid.shape == (3 * 4 + 2 * 2, 3 * 3 + 2 * 2, 2)
    first = grid[:4, :3]
    assert first.min() == 0.0 and first.max() == 255.0
    assert np.all(grid[4:6] == 0)  # padding rows stay blank


def test_vis_grid_and_vis_nn_scale_to_unit_range():
    rng = np.random.RandomState(1)
    g = vis_utils.vis_grid(rng.randn(4, 5, 5, 3))
    assert g.shape == (2 * 6 + 1, 2 * 6 + 1, 3)
    assert g.min() == 0.0 and g.max() == 1.0
    rows = [[rng.randn(5, 5, 3) for _ in range(3)] for _ in range(2)]
    n = vis_utils.vis_nn(rows)
    assert n.shape == (2 * 6 + 1, 3 * 6 + 1, 3)
    assert n.min() == 0.0 and n.max() == 1.0


def test_first_layer_images_undo_the_channels_first_flattening():
    W1 = np.arange(3 * 32 * 32 * 2, dtype=float).reshape(3 * 32 * 32, 2)
    imgs = vis_utils.first_layer_images(W1)
    assert imgs.shape == (2, 32, 32, 3)
    x = np.zeros((3, 32, 32))
    x[1, 4, 7] = 1.0  # green pixel at row 4, column 7 of a (C, H, W) image
    assert imgs[1, 4, 7, 1] == x.reshape(-1) @ W1[:, 1]


def test_plots_draw():
    class FakeSolver:
        loss_history = [2.3, 2.0, 1.8]
        train_acc_history = [0.1, 0.3]
        val_acc_history = [0.1, 0.25]

    rng = np.random.RandomState(2)
    figs = [
        vis_utils.plot_solver_history(FakeSolver()),
        vis_utils.show_net_weights(rng.randn(3 * 32 * 32, 4)),
        vis_utils.plot_search({(1e-3, 1e-2): (0.5, 0.4), (1e-2, 1e-2): (0.6, 0.45)}),
        vis_utils.plot_misclassified(rng.uniform(0, 255, (20, 32, 32, 3)),
                                     rng.randint(3, size=20), rng.randint(3, size=20),
                                     ["a", "b", "c"], examples_per_class=2),
    ]
    assert all(isinstance(f, matplotlib.figure.Figure) for f in figs)
    plt.close("all")
