"""FLOPs the Inflect graphs need, counted analytically from their hyperparameters.

Counts 2 FLOPs per multiply-accumulate of every matrix product and
convolution: of Inflect-Nano (docs/model.md sections 2 and 4) and of Inflect
v2, Nano-v2 and Micro-v2 (docs/v2.md, "The graph"). Element-wise work (LayerNorm,
SiLU, gates, Snake, tanh) is left out: it is a few percent of the FLOPs,
although Snake's sine is not free in time. These are the FLOPs of running
each utterance once; an engine that vocodes in overlapping chunks does more,
so GFLOP/s computed from these is useful throughput, not raw arithmetic rate.

Configs are the dataclasses of training/acoustic.py, training/vocoder.py
and training/v2_model.py (or anything with the same attributes), so other
sizes need no change here.
"""


def _block(h, ff_mult, kernel):
    # Gated depthwise conv (2H outputs of one input channel each), 1x1 point
    # conv, then the two feed-forward matrices.
    return 2 * (2 * h * kernel) + 2 * h * h + 2 * 2 * h * (ff_mult * h)


def acoustic_per_token(cfg):
    """FLOPs per input id (blanks included): encoder, prosody heads, token context."""
    h = cfg.hidden
    encoder = cfg.encoder_layers * _block(h, cfg.encoder_ff_mult, cfg.kernel_size)
    heads = (2 * h * h + 2 * h            # duration: H -> H -> 1
             + 2 * (2 * h * (h // 2) + 2 * (h // 2))  # energy, bright: H -> H/2 -> 1
             + 2 * h * h + 2 * h * 2)     # pitch: H -> H -> 2
    condition = 2 * (2 * h)               # energy_proj, bright_proj: 1 -> H
    context = 2 * (3 * h * 2 * h) + 2 * (2 * h * h) + 2 * (2 * h) + 2 * h * h  # local_ctx, pitch_proj
    return encoder + heads + condition + context


def acoustic_per_frame(cfg):
    """FLOPs per mel frame: frame features, decoder, bidirectional GRU, mel head, postnet."""
    h, m = cfg.hidden, cfg.n_mels
    g = h // 2
    frame_proj = 2 * 8 * h + 2 * h * h
    decoder = cfg.decoder_layers * _block(h, cfg.decoder_ff_mult, cfg.kernel_size)
    gru = 2 * (2 * h * 3 * g + 2 * g * 3 * g)   # two directions, input and recurrent matrices
    mel_head = 2 * h * h + 2 * h * m
    postnet = 2 * 5 * (m * h + h * h + h * m)
    return frame_proj + decoder + gru + mel_head + postnet


def acoustic_flops(cfg, n_tokens, n_frames, n_utterances=1):
    """FLOPs of n_utterances holding n_tokens ids and n_frames frames in all;
    speaker_proj runs once per utterance."""
    return (n_utterances * 2 * cfg.speaker_dim * cfg.hidden + n_tokens * acoustic_per_token(cfg)
            + n_frames * acoustic_per_frame(cfg))


def _hifigan_per_frame(in_channels, c, rates, up_kernels, res_kernels, res_dilations):
    """FLOPs per input frame of a HiFi-GAN generator (conv_pre to conv_post)
    with ResBlock1s: v1's vocoder reads mels, v2's decoder its latent."""
    total = 2 * in_channels * c * 7             # conv_pre, kernel 7
    samples = 1                                 # samples per input frame at the current stage's input
    for rate, k_up in zip(rates, up_kernels):
        # A transposed conv touches every input sample with all in x out x K weights.
        total += 2 * samples * c * (c // 2) * k_up
        c //= 2
        samples *= rate
        for k, dilations in zip(res_kernels, res_dilations):
            total += samples * len(dilations) * 2 * (2 * c * c * k)  # convs1 and convs2 per dilation
    total += 2 * samples * c * 7                # conv_post, one output channel
    return total


def vocoder_per_frame(cfg):
    """FLOPs per mel frame of the HiFi-GAN generator (conv_pre to conv_post)."""
    return _hifigan_per_frame(cfg.num_mels, cfg.upsample_initial_channel, cfg.upsample_rates,
                              cfg.upsample_kernel_sizes, cfg.resblock_kernel_sizes, cfg.resblock_dilation_sizes)


def hop(cfg):
    h = 1
    for r in cfg.upsample_rates:
        h *= r
    return h


def vocoder_per_second(cfg):
    return vocoder_per_frame(cfg) * cfg.sample_rate / hop(cfg)


# ---- Inflect v2 (VITS: docs/v2.md, "The graph") ------------------------------

V2_WINDOW = 4          # relative attention reaches 4 positions each way
V2_DP_KERNEL = 3
V2_COUPLINGS = 4
V2_WN_LAYERS = 4
V2_FLOW_KERNEL = 5


def _window_pairs(n):
    """(query, key) pairs at most V2_WINDOW apart in a sequence of n."""
    return sum(min(i + V2_WINDOW, n - 1) - max(i - V2_WINDOW, 0) + 1 for i in range(n))


def v2_encoder_utterance(cfg, n):
    """FLOPs of the text encoder over one utterance of n ids (blanks
    included): its attention is quadratic in n, so utterances count one by
    one. Per layer: q, k, v and o (1x1), scores and the weighted sum of
    values over all n x n pairs (all heads together: H channels), the
    relative keys and values of the pairs within the window, the two FFN
    convolutions; then proj to the prior's mean and log-scale."""
    h = cfg.hidden
    per_layer = (n * 4 * 2 * h * h + 2 * (2 * h * n * n) + 2 * (2 * h * _window_pairs(n))
                 + n * 2 * (2 * h * cfg.filter * cfg.kernel_size))
    return cfg.layers * per_layer + n * 2 * h * 2 * cfg.inter


def v2_durations_per_token(cfg):
    """The deterministic duration predictor, the one the released models
    use at inference: conv_1 (H -> D), conv_2 (D -> D), both kernel 3, and
    proj (D -> 1)."""
    h, d = cfg.hidden, cfg.dp_filter
    return 2 * h * d * V2_DP_KERNEL + 2 * d * d * V2_DP_KERNEL + 2 * d


def v2_text_flops(lengths, cfg):
    """Text encoder and durations over utterances of these id counts."""
    return sum(v2_encoder_utterance(cfg, n) + n * v2_durations_per_token(cfg) for n in lengths)


def v2_flow_per_frame(cfg):
    """The flow run backwards, per latent frame: four couplings, each pre
    (I/2 -> H), four gated layers (H -> 2H, kernel 5) with their res/skip
    1x1s (H -> 2H, the last H -> H), and post (H -> I/2)."""
    h, half = cfg.hidden, cfg.inter // 2
    wavenet = (V2_WN_LAYERS * 2 * h * 2 * h * V2_FLOW_KERNEL + (V2_WN_LAYERS - 1) * 2 * h * 2 * h
               + 2 * h * h)
    return V2_COUPLINGS * (2 * half * h + wavenet + 2 * h * half)


def v2_decoder_per_frame(cfg):
    """The decoder (a HiFi-GAN on the latent), per latent frame."""
    return _hifigan_per_frame(cfg.inter, cfg.upsample_initial, cfg.upsample_rates, cfg.upsample_kernels,
                              cfg.resblock_kernels, cfg.resblock_dilations)


def v2_frames_per_second(cfg):
    h = 1
    for r in cfg.upsample_rates:
        h *= r
    return cfg.sample_rate / h


def main():
    import os
    import sys
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the training package
    from training.acoustic import AcousticConfig
    from training.vocoder import VocoderConfig
    ac, vc = AcousticConfig(), VocoderConfig()
    frames_per_s = vc.sample_rate / hop(vc)
    print(f"upstream sizes: vocoder {vocoder_per_second(vc) / 1e9:.3f} GFLOP per second of audio; "
          f"acoustic {acoustic_per_token(ac) / 1e6:.3f} MFLOP per id + "
          f"{acoustic_per_frame(ac) / 1e6:.3f} MFLOP per frame "
          f"({acoustic_per_frame(ac) * frames_per_s / 1e9:.3f} GFLOP per second of audio from frames)")
    from bench import v2_configs
    for name, c in v2_configs().items():
        fps = v2_frames_per_second(c)
        print(f"v2 {name}: decoder {v2_decoder_per_frame(c) * fps / 1e9:.3f}, flow "
              f"{v2_flow_per_frame(c) * fps / 1e9:.3f} GFLOP per second of audio; text encoder and durations "
              f"{v2_text_flops([100], c) / 100 / 1e6:.3f} MFLOP per id in a 100-id utterance")


if __name__ == "__main__":
    main()
