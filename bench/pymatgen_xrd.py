"""Reference powder patterns from pymatgen's XRDCalculator, for bench/xrd_vs_pymatgen.ts and
bench/characterization.ts.

Reads JSON lines {"id": ..., "cif": ...} on stdin and writes one JSON line per structure:
{"id", "two_theta": [...], "intensity": [...], "seconds": time spent in get_pattern, "error"?}.
Run with Debian's /usr/bin/python3 (python3-pymatgen). Options: --wavelength CuKa|<Å>,
--two-theta 10,80, --repeat N (time get_pattern N times, report the mean).
"""
import argparse
import json
import sys
import time
import warnings

from pymatgen.analysis.diffraction.xrd import XRDCalculator
from pymatgen.core import Structure


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--wavelength", default="CuKa")
    p.add_argument("--two-theta", default="10,80")
    p.add_argument("--repeat", type=int, default=1)
    return p.parse_args()


def main():
    args = parse_args()
    try:
        wavelength = float(args.wavelength)
    except ValueError:
        wavelength = args.wavelength
    lo, hi = (float(x) for x in args.two_theta.split(","))
    calc = XRDCalculator(wavelength=wavelength)
    warnings.simplefilter("ignore")
    for line in sys.stdin:
        if not line.strip():
            continue
        item = json.loads(line)
        out = {"id": item["id"]}
        try:
            structure = Structure.from_str(item["cif"], fmt="cif")
            start = time.perf_counter()
            for _ in range(args.repeat):
                pattern = calc.get_pattern(structure, two_theta_range=(lo, hi))
            out["seconds"] = (time.perf_counter() - start) / args.repeat
            out["two_theta"] = [float(x) for x in pattern.x]
            out["intensity"] = [float(y) for y in pattern.y]
        except Exception as e:  # reported per structure, never fatal
            out["error"] = f"{type(e).__name__}: {e}"
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
