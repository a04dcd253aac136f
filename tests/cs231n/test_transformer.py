"""Transformer layers and CaptioningTransformer against PyTorch oracles; the solver's loss."""

import math

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from cs231n.captioning_solver_transformer import (  # noqa: E402
    CaptioningSolverTransformer,
    transformer_temporal_softmax_loss,
)
from cs231n.classifiers.transformer import CaptioningTransformer  # noqa: E402
from cs231n.transformer_layers import MultiHeadAttention, PositionalEncoding  # noqa: E402

torch.set_num_threads(1)


def test_positional_encoding_formula_and_forward():
    pe = PositionalEncoding(6, dropout=0.0, max_len=7)
    i, j = np.arange(7)[:, None], np.arange(6)[None, :]
    angle = i * 10000.0 ** (-(j - j % 2) / 6)
    expected = np.where(j % 2 == 0, np.sin(angle), np.cos(angle))
    np.testing.assert_allclose(pe.pe[0].numpy(), expected, atol=1e-6)
    x = torch.randn(2, 4, 6)
    np.testing.assert_allclose(pe(x).numpy(), (x + pe.pe[:, :4]).numpy(), atol=1e-7)


def test_positional_encoding_dropout_scales_kept_entries():
    torch.manual_seed(0)
    pe = PositionalEncoding(8, dropout=0.5)
    x = torch.randn(3, 5, 8)
    out, clean = pe(x), x + pe.pe[:, :5]
    kept = out != 0
    assert 0 < kept.float().mean() < 1
    np.testing.assert_allclose(out[kept].numpy(), 2 * clean[kept].numpy(), rtol=1e-6)


@pytest.mark.parametrize("N, S, T, E, H", [(1, 3, 3, 8, 2), (2, 4, 5, 12, 3), (3, 1, 2, 4, 1)])
@pytest.mark.parametrize("masked", [False, True])
def test_multi_head_attention_matches_torch(N, S, T, E, H, masked):
    torch.manual_seed(N * 100 + S * 10 + T)
    ours = MultiHeadAttention(E, H, dropout=0.0).double()
    ref = torch.nn.MultiheadAttention(E, H, dropout=0.0, batch_first=True).double()
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([ours.query.weight, ours.key.weight,
                                            ours.value.weight]))
        ref.in_proj_bias.copy_(torch.cat([ours.query.bias, ours.key.bias, ours.value.bias]))
        ref.out_proj.weight.copy_(ours.proj.weight)
        ref.out_proj.bias.copy_(ours.proj.bias)
    q, k, v = (torch.randn(N, L, E, dtype=torch.float64) for L in (S, T, T))
    mask = torch.rand(S, T) < 0.6 if masked else None
    if mask is not None:
        mask[:, 0] = True  # every query keeps one key, so no row is all -inf
    out = ours(q, k, v, attn_mask=mask)
    # Our mask marks the allowed pairs; torch's boolean mask marks the blocked ones.
    expected, _ = ref(q, k, v, attn_mask=None if mask is None else ~mask)
    assert out.shape == (N, S, E)
    np.testing.assert_allclose(out.detach().numpy(), expected.detach().numpy(), atol=1e-12)


def test_multi_head_attention_drops_attention_weights():
    torch.manual_seed(1)
    mha = MultiHeadAttention(8, 2, dropout=0.5)
    x = torch.randn(2, 4, 8)
    mha.eval()
    clean = mha(x, x, x)
    mha.train()
    assert not torch.allclose(mha(x, x, x), clean)
    mha.attn_drop.p = 0.0
    assert torch.allclose(mha(x, x, x), clean)


@pytest.mark.parametrize("make, message", [
    (lambda: PositionalEncoding(5), "even"),
    (lambda: MultiHeadAttention(8, 3), "divide"),
    (lambda: PositionalEncoding(4, max_len=3)(torch.zeros(1, 4, 4)), "max_len"),
    (lambda: PositionalEncoding(4)(torch.zeros(1, 4, 6)), "expects"),
    (lambda: MultiHeadAttention(4, 2)(torch.zeros(1, 2, 4), torch.zeros(1, 3, 4),
                                      torch.zeros(1, 2, 4)), "do not fit"),
    (lambda: MultiHeadAttention(4, 2)(torch.zeros(1, 2, 4), torch.zeros(1, 3, 4),
                                      torch.zeros(1, 3, 4), torch.ones(3, 2)), "attn_mask"),
])
def test_bad_inputs_raise_one_line_value_errors(make, message):
    with pytest.raises(ValueError, match=message) as info:
        make()
    assert "\n" not in str(info.value)


WORDS = {"<NULL>": 0, "<START>": 1, "<END>": 2, "cat": 3, "dog": 4}


def _model(**kw):
    torch.manual_seed(0)
    return CaptioningTransformer(WORDS, input_dim=6, wordvec_dim=8, num_heads=2, num_layers=2,
                                 max_length=12, **kw).double().eval()


def test_forward_is_causal_and_shaped():
    model = _model()
    features = torch.randn(3, 6, dtype=torch.float64)
    captions = torch.randint(0, 5, (3, 7))
    scores = model(features, captions)
    assert scores.shape == (3, 7, 5)
    changed = captions.clone()
    changed[:, 4:] = (changed[:, 4:] + 1) % 5
    later = model(features, changed)
    np.testing.assert_allclose(later[:, :4].detach().numpy(), scores[:, :4].detach().numpy(),
                               atol=1e-12)
    assert not torch.allclose(later[:, 4:], scores[:, 4:])
    # The image reaches every position.
    assert not torch.allclose(model(features + 1, captions)[:, 0], scores[:, 0])


def test_forward_matches_a_manual_decoder():
    model = _model()
    features = torch.randn(2, 6, dtype=torch.float64)
    captions = torch.randint(0, 5, (2, 4))
    x = model.embedding(captions) + model.positional_encoding.pe[:, :4]
    memory = model.visual_projection(features)[:, None]
    mask = torch.tril(torch.ones(4, 4))
    for layer in model.transformer.layers:
        x = layer(x, memory, tgt_mask=mask)
    np.testing.assert_allclose(model(features, captions).detach().numpy(),
                               model.output(x).detach().numpy(), atol=1e-12)


def test_init_and_bad_inputs():
    model = _model()
    assert model.embedding.padding_idx == 0 and model.vocab_size == 5
    assert float(model.visual_projection.bias.detach().abs().max()) == 0.0
    assert abs(float(model.visual_projection.weight.detach().std()) - 0.02) < 0.01
    with pytest.raises(ValueError, match="lacks"):
        CaptioningTransformer({"<NULL>": 0}, input_dim=2, wordvec_dim=4)
    with pytest.raises(ValueError, match="expected features"):
        model(torch.zeros(2, 6, dtype=torch.float64), torch.zeros(3, 4, dtype=torch.long))


def test_sample_is_greedy_forward():
    model = _model()
    model.train()
    features = np.random.RandomState(0).randn(3, 6)
    captions = model.sample(features, max_length=5)
    assert model.training and captions.shape == (3, 5) and captions.dtype == np.int64
    model.eval()
    prefix = torch.cat([torch.full((3, 1), 1), torch.as_tensor(captions[:, :4])], dim=1)
    scores = model(torch.as_tensor(features), prefix)
    np.testing.assert_array_equal(scores.argmax(-1).numpy(), captions)


def test_transformer_loss_is_mean_over_all_positions():
    rng = np.random.RandomState(0)
    x = torch.tensor(rng.randn(3, 4, 5))
    y = torch.tensor(rng.randint(5, size=(3, 4)))
    mask = torch.tensor(rng.rand(3, 4) > 0.4)
    logp = torch.log_softmax(x, -1).numpy()
    picked = np.take_along_axis(logp, y.numpy()[..., None], -1)[..., 0]
    expected = -(picked * mask.numpy()).sum() / 12
    assert math.isclose(float(transformer_temporal_softmax_loss(x, y, mask)), expected,
                        rel_tol=1e-12)
    assert math.isclose(float(transformer_temporal_softmax_loss(x, y, torch.ones(3, 4))),
                        -picked.mean(), rel_tol=1e-12)
    with pytest.raises(ValueError, match="expected x"):
        transformer_temporal_softmax_loss(x, y[:, :3], mask)


def _tiny_data(rng, n=8, T=6):
    captions = rng.randint(3, 5, size=(n, T)).astype(np.int32)
    captions[:, 0], captions[:, -1] = 1, 2
    captions[: n // 2, -2:] = [2, 0]
    return {"train_captions": captions, "train_image_idxs": np.arange(n),
            "train_features": rng.randn(n, 6).astype(np.float32),
            "train_urls": np.array([""] * n)}


def test_solver_lowers_the_loss_and_checks_arguments():
    np.random.seed(0)
    data = _tiny_data(np.random.RandomState(0))
    model = CaptioningTransformer(WORDS, input_dim=6, wordvec_dim=8, num_heads=2,
                                  num_layers=1, max_length=12)
    solver = CaptioningSolverTransformer(model, data, list(WORDS), num_epochs=60, batch_size=4,
                                         learning_rate=5e-3, verbose=False)
    solver.train()
    assert len(solver.loss_history) == 120
    assert isinstance(solver.loss_history[0], np.ndarray)
    assert np.mean(solver.loss_history[-10:]) < 0.5 * np.mean(solver.loss_history[:10])
    with pytest.raises(ValueError, match="Unrecognized arguments"):
        CaptioningSolverTransformer(model, data, list(WORDS), lr_decay=0.9)
    with pytest.raises(ValueError, match="missing"):
        CaptioningSolverTransformer(model, {}, list(WORDS))
