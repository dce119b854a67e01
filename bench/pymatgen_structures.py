"""Reference values from pymatgen for the same CSV rows matalign reads.

usage: /usr/bin/python3 bench/pymatgen_structures.py describe|time FILE.csv[.gz] START COUNT [CUTOFF]
describe: one JSON line per row: id, reduced_formula, natoms, volume, density, spacegroup
          (SpacegroupAnalyzer, symprec 0.1) and per site the sorted neighbour distances within CUTOFF.
time:     one JSON line: seconds for CIF parse + get_all_neighbors(CUTOFF) over the rows.
"""
import csv, gzip, json, sys, time, warnings

warnings.filterwarnings("ignore")
from pymatgen.core import Structure
from pymatgen.symmetry.analyzer import SpacegroupAnalyzer

csv.field_size_limit(10**9)
mode, path, start, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
cutoff = float(sys.argv[5]) if len(sys.argv) > 5 else 6.0
opener = gzip.open if path.endswith(".gz") else open
with opener(path, "rt") as f:
    rows = list(csv.DictReader(f))[start:start + count]
idcol = next(c for c in ("material_id", "id", "ID") if c in rows[0])

if mode == "time":
    t0 = time.perf_counter()
    edges = 0
    for r in rows:
        s = Structure.from_str(r["cif"], fmt="cif")
        edges += sum(len(n) for n in s.get_all_neighbors(cutoff))
    print(json.dumps({"rows": len(rows), "seconds": time.perf_counter() - t0, "edges": edges}))
    sys.exit(0)

for r in rows:
    s = Structure.from_str(r["cif"], fmt="cif")
    neighbors = [sorted(round(n.nn_distance, 6) for n in site) for site in s.get_all_neighbors(cutoff)]
    print(json.dumps({
        "id": r[idcol], "reduced_formula": s.composition.reduced_formula, "natoms": len(s),
        "volume": s.volume, "density": float(s.density),
        "spacegroup": SpacegroupAnalyzer(s, symprec=0.1).get_space_group_number(),
        "neighbors": neighbors,
    }))
