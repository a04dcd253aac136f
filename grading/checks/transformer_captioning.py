"""Checks of assignment3/Transformer_Captioning.ipynb: positional encoding, attention, the model.

Every check runs in float64 with dropout off (``eval()``), on parameters drawn from
the check's numpy seed, so the reference values do not depend on torch's random
stream. Where dropout belongs to the student's part, a second check runs in train
mode and judges the output against the dropout mask the module actually drew
(captured with a forward hook), again independent of the random stream.
The given decoder layers and ``sample`` have no graded check.
"""

import numpy as np

from grading.core import Agree, AtLeast, Close, check

Q = "Transformer_Captioning"


def _torch():
    import torch

    return torch


def _numpy(t):
    return None if t is None else t.detach().cpu().numpy().astype(np.float64)


def set_params(module, rng):
    """Overwrite every parameter of ``module`` from ``rng``; float64.

    Matrices get ``randn / sqrt(fan_in)`` so that no sublayer swamps the others
    (with a 2048-wide feedforward block and unscaled weights, the attention's
    share of the output, and with it the effect of a missing mask, can vanish
    in the LayerNorm); vectors get ``0.1 * randn``.
    """
    torch = _torch()
    module.double()
    with torch.no_grad():
        for _, p in sorted(module.named_parameters()):
            scale = 1 / np.sqrt(p.shape[1]) if p.dim() == 2 else 0.1
            p.copy_(torch.from_numpy(scale * rng.randn(*p.shape)))
    return module


def pe_expected(S, E):
    """The sinusoidal code, computed here in numpy: sin at even columns, cos at odd ones."""
    i, j = np.arange(S)[:, None], np.arange(E)[None, :]
    angle = i * 10000.0 ** (-(j - j % 2) / E)
    return np.where(j % 2 == 0, np.sin(angle), np.cos(angle))[None]  # (1, S, E)


@check(Q, points=2, targets=["transformer_layers.PositionalEncoding"],
       compare=[Close("pe", 1e-5), Close("out", 1e-5)])
def positional_encoding(cs, rng):
    """PositionalEncoding(6, max_len=10): the buffer pe and forward on (1, 2, 6), eval mode."""
    torch = _torch()
    pe = cs.transformer_layers.PositionalEncoding(6, max_len=10).double().eval()
    x = torch.from_numpy(rng.randn(1, 2, 6))
    return {"pe": _numpy(pe.pe), "out": _numpy(pe(x))}


@check(Q, points=1, targets=["transformer_layers.PositionalEncoding"],
       compare=[Agree("out_train", "out_train_expected", 1e-5), AtLeast("kept", 0.3),
                AtLeast("dropped", 0.2)])
def positional_encoding_dropout(cs, rng):
    """PositionalEncoding(8, dropout=0.5) in train mode: kept entries are (x + pe) / 0.5."""
    torch = _torch()
    torch.manual_seed(int(rng.randint(2**31)))
    pe = cs.transformer_layers.PositionalEncoding(8, dropout=0.5, max_len=20).double().train()
    x = rng.randn(4, 5, 8)
    out = _numpy(pe(torch.from_numpy(x)))
    if out is None:
        return {}
    kept = out != 0
    expected = np.where(kept, (x + pe_expected(5, 8)) / 0.5, 0.0)
    return {"out_train": out, "out_train_expected": expected, "kept": kept.mean(),
            "dropped": 1 - kept.mean()}


def _attention_inputs(cs, rng, N=1, S=3, T=3, E=8, H=2, dropout=0.1):
    torch = _torch()
    mha = set_params(cs.transformer_layers.MultiHeadAttention(E, num_heads=H, dropout=dropout),
                     rng)
    x = torch.from_numpy(rng.randn(N, S, E))
    other = torch.from_numpy(rng.randn(N, T, E))
    mask = torch.from_numpy(rng.rand(S, S) < 0.5)
    mask[:, 0] = True  # every query keeps a key
    return mha, x, other, mask


@check(Q, points=3, targets=["transformer_layers.MultiHeadAttention.forward"],
       compare=[Close(k, 1e-8) for k in ("self_attn", "masked_self_attn", "cross_attn")])
def multi_head_attention(cs, rng):
    """MultiHeadAttention(8, num_heads=2), eval mode: self, masked self and cross-attention."""
    mha, x, other, mask = _attention_inputs(cs, rng, N=2, S=3, T=4)
    mha.eval()
    return {"self_attn": _numpy(mha(x, x, x)),
            "masked_self_attn": _numpy(mha(x, x, x, attn_mask=mask)),
            "cross_attn": _numpy(mha(x, other, other))}


def attention_from_weights(mha, weights, value):
    """proj(merge_heads(weights @ V)) in numpy, from (N, H, S, T) weights and (N, T, E) value."""
    N, H, S, T = weights.shape
    E = value.shape[2]
    Wv, bv = _numpy(mha.value.weight), _numpy(mha.value.bias)
    v = (_numpy(value) @ Wv.T + bv).reshape(N, T, H, E // H).transpose(0, 2, 1, 3)
    heads = (weights @ v).transpose(0, 2, 1, 3).reshape(N, S, E)
    return heads @ _numpy(mha.proj.weight).T + _numpy(mha.proj.bias)


@check(Q, points=1, targets=["transformer_layers.MultiHeadAttention.forward"],
       compare=[Agree("out_train", "out_train_expected", 1e-8), AtLeast("dropped", 0.1)])
def multi_head_attention_dropout(cs, rng):
    """MultiHeadAttention in train mode, dropout 0.5: attn_drop acts on the attention weights."""
    torch = _torch()
    torch.manual_seed(int(rng.randint(2**31)))
    mha, x, other, _ = _attention_inputs(cs, rng, N=2, S=4, T=5, E=8, H=2, dropout=0.5)
    mha.train()
    seen = {}
    mha.attn_drop.register_forward_hook(lambda m, args, out: seen.update(w=_numpy(out)))
    out = _numpy(mha(x, other, other))
    w = seen.get("w")
    if w is None or w.ndim != 4:
        return {"out_train": out}  # attn_drop never ran on (N, H, S, T) weights
    return {"out_train": out, "out_train_expected": attention_from_weights(mha, w, other),
            "dropped": float(np.mean(w == 0))}


def linspace_model(cs, N=4, D=20, W=30, T=3):
    """The course's setup: every parameter linspace(-1.4, 1.3), float64; vocabulary of 3."""
    torch = _torch()
    word_to_idx = {"<NULL>": 0, "<START>": 1, "<END>": 2}
    model = cs.classifiers.transformer.CaptioningTransformer(
        word_to_idx, input_dim=D, wordvec_dim=W, num_heads=2, num_layers=2, max_length=30)
    model.double().eval()
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.linspace(-1.4, 1.3, p.numel(), dtype=torch.float64).reshape(p.shape))
    features = torch.linspace(-1.5, 0.3, N * D, dtype=torch.float64).reshape(N, D)
    captions = (torch.arange(N * T) % 3).reshape(N, T)
    return model, features, captions


@check(Q, points=3, targets=["classifiers.transformer.CaptioningTransformer.forward"],
       compare=[Close("scores", 1e-7)])
def captioning_transformer_forward(cs, rng):
    """CaptioningTransformer scores in the course's setup (N, D, W, T = 4, 20, 30, 3), eval mode.

    With every parameter the same linspace, these scores do not depend on the
    causal mask; captioning_transformer_causal checks the mask.
    """
    model, features, captions = linspace_model(cs)
    return {"scores": _numpy(model(features, captions))}


@check(Q, points=2, targets=["classifiers.transformer.CaptioningTransformer.forward"],
       compare=[Close("scores", 1e-7), Close("scores_prefix", 1e-7)])
def captioning_transformer_causal(cs, rng):
    """CaptioningTransformer on random parameters: scores, and the causal mask (prefix scores)."""
    torch = _torch()
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(5)]
    model = cs.classifiers.transformer.CaptioningTransformer(
        {w: i for i, w in enumerate(words)}, input_dim=6, wordvec_dim=8, num_heads=2,
        num_layers=2, max_length=12)
    set_params(model, rng).eval()
    features = torch.from_numpy(rng.randn(3, 6))
    captions = torch.from_numpy(rng.randint(len(words), size=(3, 7)))
    return {"scores": _numpy(model(features, captions)),
            "scores_prefix": _numpy(model(features, captions[:, :4]))}
