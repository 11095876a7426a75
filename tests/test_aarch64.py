#!/usr/bin/python3
"""The engine built for aarch64 and run under qemu-user: the NEON kernels
held to the plain-C reference (test_kernels) and, given the PyTorch goldens,
the whole acoustic model and vocoder on the NEON path held to PyTorch
(test_parity).

  test_aarch64.py CROSS_FILE SOURCE_ROOT WORK_DIR [PARITY_TXT]

The compiler, archiver and emulator are the ones CROSS_FILE (a meson cross
file) names. Every engine source except the espeak-ng binding is compiled
into a static archive, so the test programs take only what they use; they
are linked statically, so qemu needs no arm64 libraries. Exits 77 (SKIP)
with the reason when the cross compiler, its C library or qemu is missing.
"""
import ast
import concurrent.futures
import configparser
import glob
import os
import shutil
import subprocess
import sys

from skip import skip

# tests/make_parity.py's cases run under the emulator (see below).
PARITY_CASES = ("a_single", "b_base", "b_cut", "up_f16", "up_q8")


def fail(why):
    print("FAIL: " + why)
    sys.exit(1)


def cross_tools(path):
    """(compiler, archiver, exe wrapper command) from a meson cross file."""
    ini = configparser.ConfigParser()
    if not ini.read(path):
        fail(f"cannot read the cross file {path}")
    tools = {k: ast.literal_eval(v) for k, v in ini["binaries"].items()}
    wrapper = tools.get("exe_wrapper", [])
    return tools["c"], tools.get("ar", "ar"), [wrapper] if isinstance(wrapper, str) else list(wrapper)


def run(cmd, what, timeout=600):
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    if r.stdout or r.stderr:
        sys.stdout.write(r.stdout + r.stderr)
    if r.returncode != 0:
        fail(f"{what}: exit status {r.returncode}")
    return r.stdout + r.stderr


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    cross_file, root, work = sys.argv[1:4]
    parity = sys.argv[4] if len(sys.argv) == 5 else None
    cc, ar, wrapper = cross_tools(cross_file)
    packages = "apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user; ./inflect.sh test installs them"
    if not shutil.which(cc):
        skip(f"no cross compiler {cc} ({packages})")
    if not wrapper or not shutil.which(wrapper[0]):
        skip(f"no emulator {wrapper[0] if wrapper else '(the cross file names no exe_wrapper)'} ({packages})")
    os.makedirs(work, exist_ok=True)

    # The cross C library: without it nothing links, which is a missing
    # package, not a fault of the engine.
    probe = os.path.join(work, "probe.c")
    with open(probe, "w", encoding="utf-8") as f:
        f.write("#include <math.h>\nint main(void) { return (int)sqrt(0.0); }\n")
    if subprocess.run([cc, "-static", probe, "-o", probe[:-2], "-lm"], capture_output=True).returncode != 0:
        skip(f"{cc} cannot link a static program: the arm64 C library is missing ({packages})")

    src = os.path.join(root, "engine", "src")
    flags = ["-std=c11", "-O2", "-Wall", "-Wextra", "-pthread", "-D_POSIX_C_SOURCE=200809L",
             '-DINFLECT_VERSION="aarch64-test"', "-DINFLECT_BUILDING", '-DINFLECT_VOICES_DIR="/nonexistent"',
             '-DINFLECT_DEFAULT_VOICE="rms"',
             "-I", os.path.join(root, "engine", "include"), "-I", src, "-I", os.path.join(root, "tests")]
    sources = []
    for path in sorted(glob.glob(os.path.join(src, "*.c"))):
        with open(path, encoding="utf-8") as f:
            if "#include <espeak-ng/" not in f.read():
                sources.append(path)

    def compile_one(path):
        obj = os.path.join(work, os.path.basename(path)[:-2] + ".o")
        r = subprocess.run([cc] + flags + ["-c", path, "-o", obj], capture_output=True, text=True)
        return path, obj, r

    objects = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for path, obj, r in pool.map(compile_one, sources):
            sys.stdout.write(r.stdout + r.stderr)
            if r.returncode != 0:
                fail(f"{os.path.basename(path)} does not compile for aarch64")
            objects.append(obj)
    core = os.path.join(work, "libcore.a")
    if os.path.exists(core):
        os.remove(core)
    run([ar, "rcs", core] + objects, "archiving the engine")

    def program(name):
        exe = os.path.join(work, name)
        run([cc] + flags + ["-static", os.path.join(root, "tests", name + ".c"), core, "-lm", "-o", exe],
            f"linking {name}")
        return exe

    # The default path must be NEON and every NEON twin must have run.
    env = dict(os.environ)
    env.pop("INFLECT_KERNELS", None)
    out = run(wrapper + [program("test_kernels")], "test_kernels under " + wrapper[0])
    if "neon: tested against the reference" not in out or "take the neon path" not in out:
        fail("test_kernels did not test the NEON kernels or does not dispatch to them")
    print("aarch64: NEON kernels within the reference tolerance")
    if parity:
        # Emulated, the engine runs about 200 times slower than natively: the
        # small cases, and of the upstream-sized ones the F16 and Q8_0 voices
        # (the NEON half conversion and row widening), not all ten.
        golden = os.path.dirname(os.path.abspath(parity))
        with open(parity, encoding="utf-8") as f:
            lines = f.readlines()
        if lines and lines[0].startswith("skip "):
            # The kernels passed; only the parity part cannot run.
            print("aarch64: no PyTorch goldens (" + lines[0][5:].strip() + "), the engine's parity not tested")
            return
        chosen = [line for line in lines if line.split()[0] in PARITY_CASES]
        if not chosen:
            fail(f"none of the parity cases {', '.join(PARITY_CASES)} is in {parity}")
        cases = os.path.join(work, "parity")
        shutil.rmtree(cases, ignore_errors=True)
        os.makedirs(cases)
        for name in os.listdir(golden):
            os.symlink(os.path.join(golden, name), os.path.join(cases, name))
        os.remove(os.path.join(cases, os.path.basename(parity)))
        with open(os.path.join(cases, "parity.txt"), "w", encoding="utf-8") as f:
            f.writelines(chosen)
        out = subprocess.run(wrapper + [program("test_parity"), os.path.join(cases, "parity.txt")],
                             capture_output=True, text=True, timeout=900, env=env)
        sys.stdout.write(out.stdout + out.stderr)
        if out.returncode != 0:
            fail(f"test_parity under {wrapper[0]}: exit status {out.returncode}")
        if "kernels: neon" not in out.stdout:
            fail("test_parity did not run the NEON kernels")
        print(f"aarch64: {len(chosen)} parity cases within the tolerance of PyTorch on the NEON path")
    else:
        print("aarch64: no PyTorch goldens given, the engine's parity under qemu not tested")


if __name__ == "__main__":
    main()
