"""Speech recognition for the intelligibility check: pocketsphinx, en-us.

Uses the stock en-us acoustic model, the generic en-us trigram LM and CMUdict
shipped by Debian's pocketsphinx-en-us. A generic LM (rather than a grammar
built from the prompts) is deliberate: the recogniser must hear the words, not
pick the closest of a few known sentences, or every voice would score zero.
Written against the python3-pocketsphinx 0.1.15 (Decoder/Config) API.
"""
import os

import numpy as np

from .resample import resample

MODEL_DIR = "/usr/share/pocketsphinx/model/en-us"
ASR_RATE = 16000
# The recogniser reads 10 ms frames from the first sample on, and where they
# fall against the speech moves its answer about as much as a change of
# vocoder does: rms's 32 held-out prompts read 12.7% WER as spoken, 15.0%
# delayed by 2.5 ms, and from 12.7% to 15.6% over eight delays across one
# frame (2026-12-05), a white-noise floor 50 dB under the speech 14.2%.
# A measure meant to tell voices apart averages over frame phases.
FRAME_SECONDS = 0.010


class Recognizer:
    def __init__(self, model_dir=MODEL_DIR):
        import pocketsphinx
        for part in ("en-us", "en-us.lm.bin", "cmudict-en-us.dict"):
            if not os.path.exists(os.path.join(model_dir, part)):
                raise FileNotFoundError(f"pocketsphinx model missing: {model_dir}/{part} "
                                        "(apt-get install pocketsphinx-en-us)")
        config = pocketsphinx.Decoder.default_config()
        config.set_string("-hmm", os.path.join(model_dir, "en-us"))
        config.set_string("-lm", os.path.join(model_dir, "en-us.lm.bin"))
        config.set_string("-dict", os.path.join(model_dir, "cmudict-en-us.dict"))
        # The decoder logs every utterance at length to stderr otherwise.
        config.set_string("-logfn", os.devnull)
        self._new_decoder = lambda: pocketsphinx.Decoder(config)

    def transcribe(self, wav, sr):
        """Mono float waveform in -1..1 at any rate -> recognised text (lower case words)."""
        if sr != ASR_RATE:
            wav = resample(wav, sr, ASR_RATE)
        pcm = np.clip(np.round(np.asarray(wav) * 32767), -32768, 32767).astype("<i2").tobytes()
        # A decoder carries state from one utterance into the next, which made
        # the same recording decode differently depending on what preceded
        # it; a fresh one (0.5 s) makes every transcript independent of order.
        d = self._new_decoder()
        d.start_utt()
        d.process_raw(pcm, False, True)
        d.end_utt()
        hyp = d.hyp()
        return hyp.hypstr if hyp is not None else ""

    def transcribe_phases(self, wav, sr, phases):
        """Transcripts of wav delayed by 0, 1/phases, 2/phases ... of a recogniser
        frame (silence put before it), so its frames fall at as many phases."""
        wav = np.asarray(wav, dtype=np.float32)
        delays = [round(k * FRAME_SECONDS * sr / phases) for k in range(phases)]
        return [self.transcribe(np.concatenate([np.zeros(d, np.float32), wav]), sr) for d in delays]
