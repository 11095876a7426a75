#!/usr/bin/python3
"""Speed and memory of the C engine beside the PyTorch reference on the same weights.

  /usr/bin/python3 bench/bench.py --voice models/kathleen.gguf [--build build] [--kernels ref,avx2] [--markdown out.md]
  /usr/bin/python3 bench/bench.py --v2 nano-size [--build build]     (Inflect v2, random weights)

An inflect-v2 voice (docs/v2.md) runs through the same measurements, its
text encoder and durations in place of the acoustic model, then its flow,
and its decoder in place of the vocoder, beside training/v2_model.py. --v2
writes a random-weight v2 voice (F16) and measures it: the suite's
narrow fixtures (nano-fixture, micro-fixture) or stand-ins of about
upstream's parameter counts (nano-size, micro-size; the real widths are
not published).

Measures, on a fixed ~60-word paragraph (or --paragraph TEXT) and a 10-word sentence:
- the C engine through bench_engine (built with the project, one thread),
  once per kernel path (every path this CPU runs, or --kernels; each forced
  with INFLECT_KERNELS): real-time factor (wall time / audio duration),
  first-audio latency, time per stage, peak RSS; and the peak RSS of
  `inflect-say` itself (default path);
- this machine's FMA peak per vector instruction set (bench/fma_peak), and
  each stage's GFLOP/s as a share of it;
- the PyTorch reference (training/voice_torch.py: the voice file's own
  weights) at 1 and 2 threads: the same ids, which come from the engine's
  frontend (`inflect-say --phonemes`), through AcousticModel.infer and the
  whole Generator. It does not stream, so its first audio is the first
  utterance fully synthesised;
- GFLOP/s: the FLOPs the graph needs (bench/flops.py, from the voice's
  hyperparameters and the id and frame counts of this text; v2's attention
  from each utterance's own length) per second of the stage's time.
Every PyTorch run is a child process, so its peak RSS is its own.
Prints a markdown table (and writes it with --markdown; --json keeps the raw numbers).
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, ROOT)  # the training package
import flops  # noqa: E402

PARAGRAPH = ("The lighthouse keeper climbed the narrow stairs every evening, just before the sun went down. "
             "He trimmed the wick, polished the heavy glass, and wrote a short note in his logbook. "
             "Most nights were quiet, but during the winter storms the ships relied on his light to find "
             "the harbor. He never missed a single night in thirty years.")
SENTENCE = "Please turn left at the next corner and keep going."
TIME = "/usr/bin/time"


def child_peak_rss(cmd, env=None):
    """(stdout bytes, peak RSS in KiB) of one child process.

    Measured through GNU time: Linux carries the peak RSS across execve, so a
    child spawned straight from this Python process (which holds PyTorch and
    the voice) would report this process's peak instead of its own.
    """
    with tempfile.NamedTemporaryFile(mode="r") as rss:
        r = subprocess.run([TIME, "-f", "%M", "-o", rss.name] + cmd, capture_output=True, env=env)
        if r.returncode != 0:
            raise SystemExit(f"bench: {cmd[0]} failed ({r.returncode}): {r.stderr.decode(errors='replace')}")
        return r.stdout, int(rss.read().split()[-1])


def phonemize(say, voice, text):
    """The engine's id streams for text, one dict per utterance."""
    out = subprocess.run([say, "--voice", voice, "--phonemes", "--", text], check=True, capture_output=True)
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines() if line.strip()]


# ---- PyTorch side: runs in a child process ---------------------------------

def torch_worker(voice_path, ids_path, threads, repeats):
    import torch
    from training import band_extension
    from training.voice_torch import load_voice
    torch.set_num_threads(threads)
    v = load_voice(voice_path)
    with open(ids_path, encoding="utf-8") as f:
        texts = json.load(f)

    def utterance(u):
        """{stage: (wall, CPU)}, frames, samples; CPU of all threads."""
        phone, tone, lang = (torch.tensor(u[k]) for k in ("phone", "tone", "lang"))
        clock = Clock()
        _, mel = v.acoustic.infer(phone, tone, lang, intonation=v.intonation)
        clock.lap("acoustic")
        with torch.no_grad():
            wav = v.generator(mel[None])[0, 0]
        if v.band_extension:  # in the engine's vocoder stage too
            wav = torch.from_numpy(band_extension.reference(wav.numpy(), *v.band_extension))
        wav = wav * v.output_gain
        clock.lap("vocoder")
        return clock.laps, mel.shape[1], wav.numel()

    run_worker(utterance, texts, repeats, v.sample_rate, threads, torch.__version__)


def torch_worker_v2(voice_path, ids_path, threads, repeats):
    """torch_worker for an inflect-v2 voice: the reference graph of
    training/v2_model.py, split where the engine's stages split."""
    import torch
    from training import v2_model as v2
    torch.set_num_threads(threads)
    c, p, _ = v2.load_v2(voice_path)
    with open(ids_path, encoding="utf-8") as f:
        texts = json.load(f)

    def utterance(u):
        ids = torch.tensor(u["phone"])
        clock = Clock()
        with torch.no_grad():
            x, mean, logs = v2.text_encoder(c, p, ids)
            dur = v2.durations_from(v2.log_durations(p, x), 1.0)
            prior = torch.repeat_interleave(mean, dur, dim=1)
            clock.lap("acoustic")
            z = v2.flow_reverse(c, p, prior)[:, :v2.MAX_FRAMES]
            clock.lap("flow")
            wav = v2.decode(c, p, z)
            clock.lap("vocoder")
        return clock.laps, z.shape[1], wav.numel()

    run_worker(utterance, texts, repeats, c.sample_rate, threads, torch.__version__)


class Clock:
    """Wall and CPU (all threads) seconds of consecutive stages."""
    def __init__(self):
        self.wall, self.cpu, self.laps = time.perf_counter(), time.process_time(), {}

    def lap(self, stage):
        wall, cpu = time.perf_counter(), time.process_time()
        self.laps[stage] = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu


def run_worker(utterance, texts, repeats, sample_rate, threads, version):
    """Times utterance() ({stage: (wall, CPU)}, frames, samples) over the
    texts as torch_worker does, printing JSON."""
    for u in texts["sentence"] + texts["paragraph"]:
        utterance(u)  # warm-up: allocator, kernels, thread pool
    latency = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        utterance(texts["sentence"][0])
        latency.append(time.perf_counter() - t0)
    runs = []
    for _ in range(repeats):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        parts = [utterance(u) for u in texts["paragraph"]]
        run = {"wall_s": time.perf_counter() - wall0, "cpu_s": time.process_time() - cpu0,
               "frames": sum(p[1] for p in parts), "samples": sum(p[2] for p in parts)}
        for stage in parts[0][0]:
            run[stage + "_s"] = sum(p[0][stage][0] for p in parts)
            run[stage + "_cpu_s"] = sum(p[0][stage][1] for p in parts)
        runs.append(run)
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    med.update(first_audio_s=statistics.median(latency), sample_rate=sample_rate, threads=threads, torch=version)
    print(json.dumps(med))


# Random-weight v2 voices for --v2: the suite's fixtures, and stand-ins of
# about upstream's published parameter counts (Nano-v2 3.97 M, Micro-v2
# 9.36 M) with VITS's proportions (filter 4x hidden, 2 heads).
def v2_configs():
    from training import v2_model as v2
    return {"nano-fixture": v2.FIXTURES["nano"], "micro-fixture": v2.FIXTURES["micro"],
            "nano-size": v2.V2Config(inter=128, hidden=96, filter=384, heads=2, dp_filter=96, upsample_initial=128),
            "micro-size": v2.V2Config(inter=128, hidden=160, filter=640, heads=2, dp_filter=160,
                                      upsample_initial=192)}


def is_v2(path):
    from training import gguf
    return gguf.Reader(path).fields.get("general.architecture") == "inflect-v2"


# ---- report ------------------------------------------------------------------

def cpu_model():
    """Model name plus family/model and vector extensions: virtual machines
    often report a bare "AMD EPYC", which says nothing about the core."""
    info = {}
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                break
            key, _, value = line.partition(":")
            info[key.strip()] = value.strip()
    flags = set(info.get("flags", "").split())
    vector = " ".join(x for x in ("avx2", "fma", "avx512f") if x in flags) or "no AVX2"
    return (f"{info.get('model name', platform.processor() or 'unknown CPU')} (family {info.get('cpu family', '?')}, "
            f"model {info.get('model', '?')}, {vector})")


def graph_stages(v2cfg):
    """(key, name) of the timed model stages: the engine's and PyTorch's
    share these keys (bench_engine's "stages", torch_worker's laps)."""
    if v2cfg:
        return [("acoustic", "text encoder, durations"), ("flow", "flow"), ("vocoder", "decoder")]
    return [("acoustic", "acoustic model"), ("vocoder", "vocoder")]


def graph_flops(r, ac, vc, v2cfg, paragraph):
    """{stage: FLOPs} of one column's run of the paragraph (bench/flops.py)."""
    n_ids = sum(len(u["phone"]) for u in paragraph)
    if v2cfg:
        # The attention is quadratic in each utterance's length.
        return {"acoustic": flops.v2_text_flops([len(u["phone"]) for u in paragraph], v2cfg),
                "flow": r["frames"] * flops.v2_flow_per_frame(v2cfg),
                "vocoder": r["frames"] * flops.v2_decoder_per_frame(v2cfg)}
    return {"acoustic": flops.acoustic_flops(ac, n_ids, r["frames"], len(paragraph)),
            "vocoder": r["frames"] * flops.vocoder_per_frame(vc)}


def build_report(voice, text, engines, default, cli_rss, torch_runs, ac, vc, v2cfg, paragraph, peaks):
    """The table and its notes for text (the paragraph's ids); ac and vc (v1) or v2cfg (v2) are the
    graph's sizes."""
    c = engines[0]
    st = c["stages"]
    n_utts = len(paragraph)
    n_ids = sum(len(u["phone"]) for u in paragraph)
    for e in engines:
        if n_ids != e["stages"]["ids"]:
            raise SystemExit(f"bench: engine ({e['kernels']}) ran {e['stages']['ids']} ids, --phonemes gave {n_ids}")
    cols = [f"C engine, {e['kernels']}" for e in engines] + [
        f"PyTorch, {t['threads']} thread{'s' if t['threads'] > 1 else ''}" for t in torch_runs]
    # The peak a column's GFLOP/s is a share of: its own instruction set's,
    # or the machine's highest for plain C and PyTorch (which may use any).
    top = max(peaks, key=peaks.get) if peaks else None
    # Every column as one dict of the same keys, so each row is one expression.
    runs = []
    for e in engines:
        rss = f"{e['peak_rss_kib'] / 1024:.1f}" + (f" (inflect-say {cli_rss / 1024:.1f})" if e["kernels"] == default
                                                  else "")
        runs.append(dict(e["stages"], wall_s=e["paragraph_wall_s"], cpu_s=e["paragraph_cpu_s"],
                         audio_s=e["paragraph_audio_s"], first_audio_s=e["first_audio_s"], rss=rss,
                         isa=e["kernels"] if e["kernels"] in peaks else top))
    for t in torch_runs:
        runs.append(dict(t, audio_s=t["samples"] / t["sample_rate"], rss=f"{t['peak_rss_kib'] / 1024:.1f}", isa=top))
    stages = graph_stages(v2cfg)
    for r in runs:
        r.update({k + "_flops": v for k, v in graph_flops(r, ac, vc, v2cfg, paragraph).items()})

    def row(name, fmt):
        return f"| {name} | " + " | ".join(fmt(r) for r in runs) + " |"

    def pair(a, b, digits):
        return f"{a:.{digits}f} / {b:.{digits}f}"

    def rtf(r):
        return pair(r["wall_s"] / r["audio_s"], r["cpu_s"] / r["audio_s"], 3)

    def ms(stage, digits):
        def cell(r):
            if stage + "_s" not in r:
                return "engine's ids"
            return pair(1000 * r[stage + "_s"], 1000 * r[stage + "_cpu_s"], digits)
        return cell

    def gflops(stage):
        def cell(r):
            g = r[stage + "_flops"] / 1e9
            # A stage too quick for the clock (a tiny voice's) has no rate.
            if min(r[stage + "_s"], r[stage + "_cpu_s"]) <= 0:
                return "-"
            return pair(g / r[stage + "_s"], g / r[stage + "_cpu_s"], 1)
        return cell

    def share(stage):
        def cell(r):
            if r["isa"] is None or r[stage + "_cpu_s"] <= 0:
                return "-"
            g = r[stage + "_flops"] / 1e9 / r[stage + "_cpu_s"]
            return f"{100 * g / peaks[r['isa']]:.0f}% of {r['isa']}"
        return cell

    lines = [
        f"| {len(text.split())}-word {'paragraph' if text == PARAGRAPH else 'text'}, "
        f"{c['paragraph_audio_s']:.2f} s of audio | "
        + " | ".join(cols) + " |",
        "|---|" + "---:|" * len(cols),
        row("real-time factor, wall / CPU time", rtf),
        row(f"first audio, {len(SENTENCE.split())}-word sentence (ms, wall)",
            lambda r: f"{1000 * r['first_audio_s']:.0f}"),
        row("frontend, text to ids (ms, wall / CPU)", ms("frontend", 1)),
    ] + [row(f"{name} (ms, wall / CPU)", ms(key, 0)) for key, name in stages
         ] + [row(f"{name}: GFLOP/s per wall / CPU second", gflops(key)) for key, name in stages
              ] + [row(f"{name}: share of the FMA peak (CPU time)", share(key)) for key, name in stages] + [
        row("peak RSS (MiB)", lambda r: r["rss"]),
    ]
    frames_t = {t["frames"] for t in torch_runs}
    first = runs[0]
    total = sum(first[key + "_flops"] for key, _ in stages)
    if v2cfg:
        fps = flops.v2_frames_per_second(v2cfg)
        per_audio = (f"decoder {flops.v2_decoder_per_frame(v2cfg) * fps / 1e9:.2f} and flow "
                     f"{flops.v2_flow_per_frame(v2cfg) * fps / 1e9:.2f} GFLOP per second of audio")
    else:
        per_audio = f"vocoder {flops.vocoder_per_second(vc) / 1e9:.2f} GFLOP per second of audio"
    notes = [
        f"- Voice: `{os.path.basename(voice)}` (`general.name` {c['voice_name']}), {c['params'] / 1e6:.3f} M "
        f"parameters; the paragraph is {n_utts} utterances, {n_ids} ids, {st['frames']} frames"
        + ("" if frames_t <= {st["frames"]} else f" (PyTorch: {sorted(frames_t)} frames)") + ".",
        f"- FLOPs the graph needs (bench/flops.py): {per_audio}; this paragraph {total / 1e9:.3g} GFLOP ("
        + ", ".join(f"{name} {first[key + '_flops'] / 1e9:.3g}" for key, name in stages) + ").",
        "- FMA peak of one thread of this machine (bench/fma_peak, GFLOP per CPU second): "
        + (", ".join(f"{k} {v:.1f}" for k, v in peaks.items()) or "no vector FMA") + ". A share is of the "
        "column's own instruction set's peak; plain C and PyTorch are shown against the highest.",
        f"- Real-time factor and first audio go through the public API (streaming {stages[-1][1]}); C stage times "
        f"run each utterance in one chunk. Kernel paths forced with INFLECT_KERNELS; {default} is the default "
        f"here. Medians of {c['repeats']} runs after a warm-up. "
        f"The first call in a process (espeak-ng start-up) took {1000 * c['cold_first_audio_s']:.0f} ms to first "
        f"audio; opening the voice {1000 * c['voice_load_s']:.0f} ms.",
        "- PyTorch gets the engine's ids, so its times exclude the frontend; it does not stream, so its first "
        "audio is the whole first utterance (all stages). Its CPU time counts all threads.",
    ]
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"


def machine_line():
    load = os.getloadavg()
    return (f"{datetime.date.today().isoformat()}, {cpu_model()}, {os.cpu_count()} logical CPUs, "
            f"Linux {platform.release()}, load average {load[0]:.2f} at the start")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--voice", default=os.path.join(ROOT, "models", "kathleen.gguf"))
    p.add_argument("--build", default=os.path.join(ROOT, "build"), help="meson build directory")
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--threads", default="1,2", help="PyTorch thread counts (empty: no PyTorch)")
    p.add_argument("--kernels", help="kernel paths to time, comma-separated; 'default' is the one the engine picks "
                   "(default: every path this CPU runs)")
    p.add_argument("--paragraph", default=PARAGRAPH, help="the text to time instead of the 59-word paragraph "
                   "(tests/test_bench.py: a sentence, for speed)")
    p.add_argument("--markdown", help="also write the table here")
    p.add_argument("--json", help="write the raw measurements here")
    p.add_argument("--v2", choices=("nano-fixture", "micro-fixture", "nano-size", "micro-size"),
                   help="measure a random-weight inflect-v2 voice of this size instead of --voice")
    p.add_argument("--torch-worker", nargs=2, metavar=("IDS_JSON", "THREADS"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.torch_worker:
        worker = torch_worker_v2 if is_v2(a.voice) else torch_worker
        worker(a.voice, a.torch_worker[0], int(a.torch_worker[1]), a.repeats)
        return
    if a.v2:
        from training import v2_model as v2
        cfg = v2_configs()[a.v2]
        tmp_voice = tempfile.TemporaryDirectory(prefix="inflect-bench-v2-")
        a.voice = os.path.join(tmp_voice.name, f"{a.v2}.gguf")
        v2.write_v2(a.voice, v2.random_tensors(cfg), cfg, "f16")

    say = os.path.join(a.build, "engine", "inflect-say")
    bench_engine = os.path.join(a.build, "bench", "bench_engine")
    fma_peak = os.path.join(a.build, "bench", "fma_peak")
    for path in (a.voice, say, bench_engine, fma_peak):
        if not os.path.exists(path):
            p.error(f"{path} does not exist (build with: ninja -C {a.build})")
    if not os.path.exists(TIME):
        p.error(f"{TIME} is needed to measure peak memory (apt-get install time)")

    from training.voice_torch import configs, read_voice
    try:
        if is_v2(a.voice):
            from training import gguf
            from training.v2_model import config_from_fields
            r = gguf.Reader(a.voice)
            fields, tensors, ac, vc = r.fields, r.tensors, None, None
            v2cfg = config_from_fields(fields, tensors, a.voice)
        else:
            fields, tensors = read_voice(a.voice)
            ac, vc = configs(fields)
            v2cfg = None
    except (ValueError, KeyError, OSError) as e:
        p.error(f"{a.voice}: {e}")
    header = machine_line()

    plain = {k: v for k, v in os.environ.items() if k != "INFLECT_KERNELS"}
    fma = json.loads(subprocess.run([fma_peak], check=True, capture_output=True, env=plain).stdout)
    paths = a.kernels.replace("default", fma["default"]).split(",") if a.kernels else fma["paths"]
    for k in paths:
        if k not in fma["paths"]:
            p.error(f"--kernels: this CPU or build cannot run {k!r} (it runs {', '.join(fma['paths'])})")
    # The default path first: its column carries inflect-say's peak RSS.
    paths.sort(key=lambda k: k != fma["default"])
    # bench_engine reports its own peak, taken before its one-chunk stage runs.
    engines = []
    for k in paths:
        out, _ = child_peak_rss([bench_engine, a.voice, SENTENCE, a.paragraph, str(a.repeats)],
                                env=dict(plain, INFLECT_KERNELS=k))
        e = json.loads(out)
        if e["kernels"] != k:
            raise SystemExit(f"bench: bench_engine ran the {e['kernels']} kernels when asked for {k}")
        engines.append(e)
    c = engines[0]
    c["voice_name"] = fields.get("general.name", "?")
    # Stored values: block padding of quantized rows counts.
    c["params"] = sum(t.size for t in tensors.values())
    with tempfile.TemporaryDirectory(prefix="inflect-bench-") as tmp:
        _, cli_rss = child_peak_rss([say, "--voice", a.voice, "-o", os.path.join(tmp, "p.wav"), "--", a.paragraph],
                                    env=plain)
        ids = {"sentence": phonemize(say, a.voice, SENTENCE), "paragraph": phonemize(say, a.voice, a.paragraph)}
        ids_path = os.path.join(tmp, "ids.json")
        with open(ids_path, "w", encoding="utf-8") as f:
            json.dump(ids, f)
        torch_runs = []
        for t in (int(x) for x in a.threads.split(",") if x):
            out, rss = child_peak_rss([sys.executable, os.path.abspath(__file__), "--voice", a.voice,
                                       "--repeats", str(a.repeats), "--torch-worker", ids_path, str(t)])
            run = json.loads(out)
            run["peak_rss_kib"] = rss
            torch_runs.append(run)

    table = (f"Measured {header}; PyTorch {torch_runs[0]['torch'] if torch_runs else '-'}.\n\n"
             + build_report(a.voice, a.paragraph, engines, fma["default"], cli_rss, torch_runs, ac, vc, v2cfg,
                            ids["paragraph"], fma["peak_gflops"]))
    print(table)
    if a.markdown:
        with open(a.markdown, "w", encoding="utf-8") as f:
            f.write(table)
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"machine": header, "engine": c, "engines": engines, "fma_peak": fma,
                       "inflect_say_peak_rss_kib": cli_rss, "torch": torch_runs},
                      f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
