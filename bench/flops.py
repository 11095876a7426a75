"""FLOPs the Inflect-Nano graph needs, counted analytically from its hyperparameters.

Counts 2 FLOPs per multiply-accumulate of every matrix product and
convolution (docs/model.md sections 2 and 4). Element-wise work (LayerNorm,
SiLU, gates, Snake, tanh) is left out: it is a few percent of the FLOPs,
although Snake's sine is not free in time. These are the FLOPs of running
each utterance once; an engine that vocodes in overlapping chunks does more,
so GFLOP/s computed from these is useful throughput, not raw arithmetic rate.

Configs are the dataclasses of training/acoustic.py and training/vocoder.py
(or anything with the same attributes), so other sizes need no change here.
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


def vocoder_per_frame(cfg):
    """FLOPs per mel frame of the HiFi-GAN generator (conv_pre to conv_post)."""
    c = cfg.upsample_initial_channel
    total = 2 * cfg.num_mels * c * 7            # conv_pre, kernel 7
    samples = 1                                 # samples per mel frame at the current stage's input
    for rate, k_up in zip(cfg.upsample_rates, cfg.upsample_kernel_sizes):
        # A transposed conv touches every input sample with all in x out x K weights.
        total += 2 * samples * c * (c // 2) * k_up
        c //= 2
        samples *= rate
        for k, dilations in zip(cfg.resblock_kernel_sizes, cfg.resblock_dilation_sizes):
            total += samples * len(dilations) * 2 * (2 * c * c * k)  # convs1 and convs2 per dilation
    total += 2 * samples * c * 7                # conv_post, one output channel
    return total


def hop(cfg):
    h = 1
    for r in cfg.upsample_rates:
        h *= r
    return h


def vocoder_per_second(cfg):
    return vocoder_per_frame(cfg) * cfg.sample_rate / hop(cfg)


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


if __name__ == "__main__":
    main()
