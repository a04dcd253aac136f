"""Hidden checks of Transformer_Captioning: the same parts on fresh random sizes and inputs.

Left out of the student release. The grader draws each seed at grading time and
runs the reference solution with it for the reference values. Everything runs in
eval mode and float64, so the values do not depend on torch's random stream.
"""

import numpy as np

from grading.checks.transformer_captioning import _numpy, _torch, set_params
from grading.core import Close, check

Q = "Transformer_Captioning"

# One hidden check per student part: a failed hidden check withholds the public
# points of the same part only (grading.grader.gate).


@check(Q, points=1, targets=["transformer_layers.PositionalEncoding"],
       compare=[Close("out", 1e-5)], hidden=True, timeout=30)
def hidden_positional_encoding(cs, rng):
    """PositionalEncoding on a random even width and length, eval mode."""
    torch = _torch()
    E, S = 2 * int(rng.randint(1, 9)), int(rng.randint(1, 12))
    pe = cs.transformer_layers.PositionalEncoding(E, max_len=S + int(rng.randint(0, 5)))
    pe.double().eval()
    return {"out": _numpy(pe(torch.from_numpy(rng.randn(int(rng.randint(1, 4)), S, E))))}


@check(Q, points=1, targets=["transformer_layers.MultiHeadAttention.forward"],
       compare=[Close(k, 1e-8) for k in ("cross_attn", "masked_self_attn")],
       hidden=True, timeout=30)
def hidden_multi_head_attention(cs, rng):
    """MultiHeadAttention with random heads and lengths: cross and masked self-attention."""
    torch = _torch()
    N, H = (int(v) for v in rng.randint(1, 5, size=2))
    # At least two keys: a softmax over one key is 1 however its score is scaled, so a
    # missing 1/sqrt(d) would pass on about one seed in sixteen with lengths from 1.
    S, T = (int(v) for v in rng.randint(2, 6, size=2))
    E = H * 2 * int(rng.randint(1, 3))  # heads of size 2 or 4: scaling by sqrt matters
    mha = set_params(cs.transformer_layers.MultiHeadAttention(E, num_heads=H), rng).eval()
    x, other = torch.from_numpy(rng.randn(N, S, E)), torch.from_numpy(rng.randn(N, T, E))
    mask = torch.from_numpy(rng.rand(S, S) < 0.5)
    mask[np.arange(S), np.arange(S)] = True
    return {"cross_attn": _numpy(mha(x, other, other)),
            "masked_self_attn": _numpy(mha(x, x, x, attn_mask=mask))}


@check(Q, points=1, targets=["classifiers.transformer.CaptioningTransformer.forward"],
       compare=[Close("scores", 1e-7), Close("scores_prefix", 1e-7)], hidden=True,
       timeout=30)
def hidden_captioning_transformer_forward(cs, rng):
    """CaptioningTransformer with random sizes and parameters, eval mode; a prefix too."""
    torch = _torch()
    V, D, N, T = (int(v) for v in rng.randint(4, 9, size=4))
    H = int(rng.randint(1, 4))
    # Even and a multiple of H, heads of 4 or 6: with width 2 a LayerNorm outputs +-1
    # whatever it is given, and the attention's effect disappears.
    W = 2 * H * int(rng.randint(2, 4))
    words = ["<NULL>", "<START>", "<END>"] + [f"w{i}" for i in range(V - 3)]
    model = cs.classifiers.transformer.CaptioningTransformer(
        {w: i for i, w in enumerate(words)}, input_dim=D, wordvec_dim=W, num_heads=H,
        num_layers=int(rng.randint(1, 3)), max_length=T + 2)
    set_params(model, rng).eval()
    features = torch.from_numpy(rng.randn(N, D))
    captions = torch.from_numpy(rng.randint(V, size=(N, T)))
    return {"scores": _numpy(model(features, captions)),
            "scores_prefix": _numpy(model(features, captions[:, :T // 2]))}
